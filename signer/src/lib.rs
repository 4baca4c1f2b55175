//! AK/SK request signing (work in progress).
