//! The error type of this crate.

/// Why a request could not be signed.
///
/// [`sign`](crate::sign) leaves the request untouched when it returns an error. No variant
/// ever carries the secret key, the security token or a signature.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum SignError {
    /// The access key (AK) is empty. The official SDK raises `ValueError` here too.
    #[error("the access key (AK) is empty")]
    EmptyAccessKey,

    /// The secret key (SK) is empty. The official SDK raises `ValueError` here too.
    #[error("the secret key (SK) is empty")]
    EmptySecretKey,

    /// A caller-supplied `X-Sdk-Date` header is not `YYYYMMDDTHHMMSSZ` or is not a real
    /// date and time. The official SDK raises `ValueError` from `strptime` here.
    #[error(
        "invalid X-Sdk-Date {value:?}: expected YYYYMMDDTHHMMSSZ in UTC, e.g. 20240101T000000Z"
    )]
    InvalidSdkDate {
        /// The rejected header value (lossily decoded if it was not UTF-8).
        value: String,
    },

    /// The signing time cannot be written as `YYYYMMDDTHHMMSSZ`: in UTC its year is
    /// outside `1..=9999`.
    #[error(
        "the signing time cannot be written as YYYYMMDDTHHMMSSZ (its UTC year must be 1..=9999)"
    )]
    DateOutOfRange,

    /// A header value is not valid UTF-8. The official SDK only knows text header values,
    /// so there is no compatible way to trim or sign raw bytes.
    #[error("the value of header `{name}` is not valid UTF-8")]
    NonUtf8HeaderValue {
        /// The (lowercase) header name.
        name: String,
    },

    /// A header that would be signed (its name has no `_`) has several values. The
    /// official SDK keeps headers in a dictionary, one value per name, so it has no
    /// canonical form for this; join the values yourself if that is what you mean.
    #[error("header `{name}` has {count} values; a signed header must have exactly one")]
    RepeatedHeader {
        /// The (lowercase) header name.
        name: String,
        /// How many values it has.
        count: usize,
    },

    /// A header that the signer must add cannot be represented as an HTTP header value
    /// (for instance a security token or an access key containing a line break).
    #[error(
        "cannot build the `{name}` header: the value contains bytes not allowed in an HTTP header"
    )]
    InvalidHeaderValue {
        /// The (lowercase) name of the header that could not be built.
        name: String,
    },

    /// No `Host` header was given and the URL has no host to derive it from.
    #[error("the request has no Host header and its URL has no host")]
    MissingHost,

    /// The request already carries an `Authorization` header. The official SDK sends such a
    /// request unsigned; a caller that wants that behaviour must skip [`sign`](crate::sign).
    #[error("the request already has an Authorization header")]
    AlreadySigned,
}
