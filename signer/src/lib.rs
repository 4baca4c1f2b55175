#![doc = include_str!("../README.md")]
//!
//! ## The algorithm
//!
//! In the order [`sign`] applies it:
//!
//! 1. A non-empty `Content-Type` that starts with neither `application/json` nor
//!    `application/bson` adds `X-Sdk-Content-Sha256: UNSIGNED-PAYLOAD`
//!    ([`is_unsigned_payload_content_type`]).
//! 2. `X-Sdk-Date` is kept if present (and must parse, [`parse_sdk_date`]), else set
//!    ([`format_sdk_date`]).
//! 3. `Host` is kept if present, else set to the URL's host and explicit port.
//! 4. Every header name without `_`, lowercased and sorted, is signed ([`signed_headers`]).
//! 5. Header values are trimmed; the trimmed values are signed *and* sent
//!    ([`trim_header_value`], [`canonical_headers`]).
//! 6. The path is decoded, split on `/`, re-encoded and given a trailing `/`
//!    ([`canonical_uri`]).
//! 7. Query pairs are sorted and encoded ([`query_pairs`], [`canonical_query`]); the request
//!    is sent with exactly that query.
//! 8. The payload hash ([`hashed_payload`]), the canonical request ([`canonical_request`]),
//!    the string to sign ([`string_to_sign`]), the HMAC ([`signature`]) and the header
//!    ([`authorization`]).
//!
//! ## Where `X-Project-Id` comes from
//!
//! Not from this crate. The official SDK adds `X-Project-Id: <project id>` (from
//! `BasicCredentials`) before signing, whenever a project id is known. The HTTP runtime
//! does the same: it inserts `X-Project-Id` into the headers *before* calling [`sign`],
//! which then signs it like any other header. Likewise `User-Agent`, `Content-Type` and any
//! caller header must be in the map before signing, or they will not be covered.
//!
//! ## Differences from the official SDK's request model
//!
//! The official signer works on a Python `dict` of headers and a list of query pairs; this
//! crate works on an [`http::HeaderMap`] and a [`url::Url`]. Where the two models differ:
//!
//! * Header names are case-insensitive here (the SDK looks `Content-Type` up with that exact
//!   spelling, which is the one its clients always use).
//! * A signed header with several values, and a header value that is not UTF-8, are errors.
//! * An existing `Authorization` header is an error ([`SignError::AlreadySigned`]); the SDK
//!   sends such requests unsigned, so a runtime that wants that must not call [`sign`].
//! * The query string is decoded with form rules (`+` is a space; see [`query_pairs`]).
//! * `Host` comes from the parsed URL, which `url` normalises (lowercase host, IDNA, default
//!   port dropped, dot segments removed from the path). What is signed is always what is
//!   sent.
#![deny(missing_docs)]
#![forbid(unsafe_code)]

mod canonical;
mod credentials;
mod date;
mod error;

use http::header::{AUTHORIZATION, CONTENT_TYPE, HOST};
use http::{HeaderMap, HeaderName, HeaderValue, Method};
use time::OffsetDateTime;
use url::Url;

pub use canonical::{
    ALGORITHM, EMPTY_PAYLOAD_SHA256, UNSIGNED_PAYLOAD, authorization, canonical_headers,
    canonical_query, canonical_request, canonical_uri, encode, hashed_payload,
    is_unsigned_payload_content_type, query_pairs, sha256_hex, signature, signed_headers,
    string_to_sign, trim_header_value,
};
pub use credentials::AkSk;
pub use date::{format_sdk_date, parse_sdk_date};
pub use error::SignError;

use canonical::value_text;

/// `X-Sdk-Date`, the signing time.
pub const X_SDK_DATE: HeaderName = HeaderName::from_static("x-sdk-date");
/// `X-Sdk-Content-Sha256`, set to [`UNSIGNED_PAYLOAD`] for non-JSON content.
pub const X_SDK_CONTENT_SHA256: HeaderName = HeaderName::from_static("x-sdk-content-sha256");
/// `X-Security-Token`, the token of temporary credentials.
pub const X_SECURITY_TOKEN: HeaderName = HeaderName::from_static("x-security-token");
/// `X-Project-Id`: added by the caller before [`sign`] when a project id is known.
pub const X_PROJECT_ID: HeaderName = HeaderName::from_static("x-project-id");

/// What [`sign`] computed, for logging and debugging. None of it is secret on its own,
/// but `authorization` lets anyone replay the request while the date is fresh.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignOutput {
    /// The canonical request (six lines joined with `\n`).
    pub canonical_request: String,
    /// The string to sign (`SDK-HMAC-SHA256\n<date>\n<hash>`).
    pub string_to_sign: String,
    /// The `Authorization` header value that was added.
    pub authorization: String,
    /// The signed header names, lowercase and sorted.
    pub signed_headers: Vec<String>,
}

/// Signs a request in place, as the official SDK does just before sending it.
///
/// On success the request has, in addition to what it had:
///
/// * `X-Sdk-Content-Sha256: UNSIGNED-PAYLOAD` if its `Content-Type` is non-empty and not
///   JSON or BSON;
/// * `X-Sdk-Date`, unless already present. `date` pins its value (it is converted to UTC);
///   `None` means now. A caller-supplied `X-Sdk-Date` header wins over `date` and must be
///   a valid `YYYYMMDDTHHMMSSZ`, otherwise [`SignError::InvalidSdkDate`];
/// * `Host`, unless already present: the URL's host, with `:port` when the URL has a port
///   other than the scheme's default;
/// * `X-Security-Token` for temporary credentials (replacing any value already there);
/// * `Authorization`;
/// * every header value trimmed of leading and trailing whitespace (the trimmed value is
///   what was signed, so it is what must be sent);
/// * `url`'s query replaced by the canonical query string (sorted, percent-encoded; no `?`
///   at all when there are no pairs). The path is not changed.
///
/// `body` is the exact bytes that will be sent; `None` and `Some(b"")` both sign an empty
/// payload. `X-Project-Id`, `User-Agent` and `Content-Type` must already be in `headers`
/// if they are to be sent: see the crate docs.
///
/// On error nothing is modified. `X-Security-Token` and `Authorization` are marked
/// sensitive ([`HeaderValue::set_sensitive`]), so `Debug` of the map hides them.
///
/// # Errors
///
/// [`SignError::EmptyAccessKey`], [`SignError::EmptySecretKey`],
/// [`SignError::AlreadySigned`] (an `Authorization` header is present),
/// [`SignError::InvalidSdkDate`], [`SignError::DateOutOfRange`],
/// [`SignError::NonUtf8HeaderValue`], [`SignError::RepeatedHeader`],
/// [`SignError::InvalidHeaderValue`] (a security token or AK that cannot be a header
/// value), [`SignError::MissingHost`].
pub fn sign(
    creds: &AkSk,
    method: &Method,
    url: &mut Url,
    headers: &mut HeaderMap,
    body: Option<&[u8]>,
    date: Option<OffsetDateTime>,
) -> Result<SignOutput, SignError> {
    if creds.ak().is_empty() {
        return Err(SignError::EmptyAccessKey);
    }
    if creds.sk().is_empty() {
        return Err(SignError::EmptySecretKey);
    }
    if headers.contains_key(AUTHORIZATION) {
        return Err(SignError::AlreadySigned);
    }

    // Work on a copy so that an error leaves the caller's request untouched.
    let mut h = headers.clone();

    // BasicCredentials.sign_request: the token is set before the signer runs, so it is signed.
    if let Some(token) = creds.security_token() {
        h.insert(X_SECURITY_TOKEN, sensitive_value(&X_SECURITY_TOKEN, token)?);
    }

    // Step 1: content hash header. The raw (untrimmed) value is tested.
    if let Some(content_type) = h.get(CONTENT_TYPE)
        && is_unsigned_payload_content_type(value_text(&CONTENT_TYPE, content_type)?)
    {
        h.insert(
            X_SDK_CONTENT_SHA256,
            HeaderValue::from_static(UNSIGNED_PAYLOAD),
        );
    }

    // Step 2: date. The string to sign uses the parsed and re-formatted time, like the SDK;
    // `parse_sdk_date` only accepts values for which that is the header value itself.
    let sdk_date = match h.get(X_SDK_DATE) {
        Some(value) => {
            let text =
                std::str::from_utf8(value.as_bytes()).map_err(|_| SignError::InvalidSdkDate {
                    value: String::from_utf8_lossy(value.as_bytes()).into_owned(),
                })?;
            format_sdk_date(parse_sdk_date(text)?)?
        }
        None => {
            let text = format_sdk_date(date.unwrap_or_else(OffsetDateTime::now_utc))?;
            h.insert(X_SDK_DATE, plain_value(&X_SDK_DATE, &text)?);
            text
        }
    };

    // Step 3: host.
    if !h.contains_key(HOST) {
        let host = host_of(url).ok_or(SignError::MissingHost)?;
        h.insert(HOST, plain_value(&HOST, &host)?);
    }

    // Step 5 (first half): the SDK stores the trimmed value of every header, signed or not.
    trim_all_values(&mut h)?;

    // Steps 4 to 12.
    let signed_headers = signed_headers(&h);
    let canonical_headers = canonical_headers(&h)?;
    let content_sha256 = match h.get(X_SDK_CONTENT_SHA256) {
        Some(value) => Some(value_text(&X_SDK_CONTENT_SHA256, value)?),
        None => None,
    };
    let payload_hash = hashed_payload(body, content_sha256);
    let canonical_uri = canonical_uri(url.path());
    let canonical_query = canonical_query(url.query().map(query_pairs).unwrap_or_default());
    let canonical_request = canonical_request(
        method.as_str(),
        &canonical_uri,
        &canonical_query,
        &canonical_headers,
        &signed_headers,
        &payload_hash,
    );
    let string_to_sign = string_to_sign(&sdk_date, &canonical_request);
    let signature = signature(creds, &string_to_sign);
    let authorization = authorization(creds.ak(), &signed_headers, &signature);
    h.insert(
        AUTHORIZATION,
        sensitive_value(&AUTHORIZATION, &authorization)?,
    );

    // Signer.process_request_uri: the request is sent with the canonical query string.
    url.set_query((!canonical_query.is_empty()).then_some(canonical_query.as_str()));
    *headers = h;

    Ok(SignOutput {
        canonical_request,
        string_to_sign,
        authorization,
        signed_headers,
    })
}

/// The `Host` header a request to `url` gets when it has none: the host as `url` stores
/// it (lowercase, IDNA-encoded, IPv6 in brackets) followed by `:port` if the URL names a
/// port other than its scheme's default. `None` for URLs without a host.
///
/// ```
/// let url = url::Url::parse("http://127.0.0.1:18080/v3").unwrap();
/// assert_eq!(hcgen_signer::host_of(&url).as_deref(), Some("127.0.0.1:18080"));
/// let url = url::Url::parse("https://cbr.cn-north-4.myhuaweicloud.com:443/").unwrap();
/// assert_eq!(hcgen_signer::host_of(&url).as_deref(), Some("cbr.cn-north-4.myhuaweicloud.com"));
/// ```
pub fn host_of(url: &Url) -> Option<String> {
    let host = url.host_str().filter(|h| !h.is_empty())?;
    Some(match url.port() {
        Some(port) => format!("{host}:{port}"),
        None => host.to_owned(),
    })
}

/// A header value built by the signer from text it chose (date, host): ASCII in practice.
fn plain_value(name: &HeaderName, text: &str) -> Result<HeaderValue, SignError> {
    HeaderValue::from_bytes(text.as_bytes()).map_err(|_| SignError::InvalidHeaderValue {
        name: name.as_str().to_owned(),
    })
}

/// A header value that is a credential: hidden from `Debug` of the header map.
fn sensitive_value(name: &HeaderName, text: &str) -> Result<HeaderValue, SignError> {
    let mut value = plain_value(name, text)?;
    value.set_sensitive(true);
    Ok(value)
}

/// Replaces every header value by its trimmed form (keeping the sensitive flag), or fails
/// on a value that is not UTF-8.
fn trim_all_values(headers: &mut HeaderMap) -> Result<(), SignError> {
    let names: Vec<HeaderName> = headers.keys().cloned().collect();
    for name in names {
        let mut trimmed = Vec::new();
        let mut changed = false;
        for value in headers.get_all(&name) {
            let text = value_text(&name, value)?;
            let text_trimmed = trim_header_value(text);
            if text_trimmed.len() == text.len() {
                trimmed.push(value.clone());
            } else {
                let mut new_value = plain_value(&name, text_trimmed)?;
                new_value.set_sensitive(value.is_sensitive());
                trimmed.push(new_value);
                changed = true;
            }
        }
        if changed {
            headers.remove(&name);
            for value in trimmed {
                headers.append(name.clone(), value);
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests;
