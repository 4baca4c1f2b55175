//! Semantic OpenAPI diff (work in progress).
