//! Credentials and the authentication hook.
//!
//! The runtime builds the complete request (method, URL, headers, exact body bytes), then
//! hands it to the client's [`Authenticator`] as the very last step before sending. A
//! token credential adds its header there; a signing credential signs exactly the bytes that
//! go on the wire.

use crate::api::OperationInfo;
use crate::error::Error;
use bytes::Bytes;
use http::{HeaderMap, Method};
use secrecy::SecretString;
use std::any::Any;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use url::Url;

/// The final request, as it will be sent.
pub struct OutgoingRequest {
    /// HTTP method.
    pub method: Method,
    /// Full URL, with the encoded path and query.
    pub url: Url,
    /// Every header that will be sent (the transport adds only `Content-Length` and, when
    /// absent, `Host`).
    pub headers: HeaderMap,
    /// The exact body bytes, if any.
    pub body: Option<Bytes>,
    /// Values the generated operation attached for the authenticator (for example the
    /// project a Huawei Cloud call is scoped to); never sent.
    pub extensions: http::Extensions,
}

impl fmt::Debug for OutgoingRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let headers: Vec<(String, String)> = self
            .headers
            .iter()
            .map(|(k, v)| {
                let shown = if v.is_sensitive() || is_secret_header(k.as_str()) {
                    "*** redacted ***".to_owned()
                } else {
                    String::from_utf8_lossy(v.as_bytes()).into_owned()
                };
                (k.as_str().to_owned(), shown)
            })
            .collect();
        f.debug_struct("OutgoingRequest")
            .field("method", &self.method)
            .field("url", &redacted_url(&self.url))
            .field("headers", &headers)
            .field("body_len", &self.body.as_ref().map(Bytes::len))
            .finish()
    }
}

/// Header names whose values are never printed.
pub fn is_secret_header(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    n == "authorization"
        || n == "x-auth-token"
        || n == "x-security-token"
        || n == "cookie"
        || n.contains("token")
        || n.contains("secret")
}

/// Query parameter names whose values are never printed: those an API key or a signature
/// usually travels under.
pub fn is_secret_query(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    [
        "key",
        "token",
        "secret",
        "sig",
        "auth",
        "pass",
        "credential",
    ]
    .iter()
    .any(|w| n.contains(w))
}

/// The URL with the values of secret query parameters ([`is_secret_query`]) and any user
/// name or password replaced.
fn redacted_url(url: &Url) -> String {
    let mut shown = url.clone();
    if shown.password().is_some() || !shown.username().is_empty() {
        let _ = shown.set_username("***");
        let _ = shown.set_password(None);
    }
    if url.query().is_some() {
        let pairs: Vec<(String, String)> = url
            .query_pairs()
            .map(|(k, v)| {
                let v = if is_secret_query(&k) {
                    "***".to_owned()
                } else {
                    v.into_owned()
                };
                (k.into_owned(), v)
            })
            .collect();
        shown.query_pairs_mut().clear().extend_pairs(pairs);
    }
    shown.into()
}

/// The hook that authenticates a request just before it is sent (on every attempt, so a
/// signature's time stamp is always fresh).
pub trait Authenticator: Any + Send + Sync + fmt::Debug {
    /// Adds whatever the request needs (headers, query parameters, signature). It sees the
    /// final request.
    fn authenticate(
        &self,
        request: &mut OutgoingRequest,
        operation: &OperationInfo,
    ) -> Result<(), Error>;

    /// A provider whose token the runtime obtains (awaiting it) before each
    /// [`authenticate`](Self::authenticate), and puts in the request's extensions as a
    /// [`ProvidedToken`]. None by default.
    fn token_provider(&self) -> Option<&dyn TokenProvider> {
        None
    }
}

/// The future of [`TokenProvider::token`].
pub type TokenFuture<'a> = Pin<Box<dyn Future<Output = Result<SecretString, Error>> + Send + 'a>>;

/// Obtains a token when a request needs one: the hook for OAuth 2 and OpenID Connect (or any
/// token that expires). It fetches, caches and refreshes as it sees fit; the runtime asks it
/// before every attempt. Use it with [`Credentials::token_provider`].
///
/// ```
/// use hcgen_runtime::{Credentials, Error, TokenFuture, TokenProvider};
/// use hcgen_runtime::secrecy::SecretString;
///
/// #[derive(Debug)]
/// struct FromEnvironment;
///
/// impl TokenProvider for FromEnvironment {
///     fn token(&self) -> TokenFuture<'_> {
///         Box::pin(async {
///             let token = std::env::var("MY_API_TOKEN")
///                 .map_err(|_| Error::Auth("MY_API_TOKEN is not set".to_owned()))?;
///             Ok(SecretString::from(token))
///         })
///     }
/// }
///
/// let credentials = Credentials::token_provider(FromEnvironment);
/// # let _ = credentials;
/// ```
pub trait TokenProvider: Send + Sync + fmt::Debug + 'static {
    /// The token to send now.
    fn token(&self) -> TokenFuture<'_>;
}

/// The token a [`TokenProvider`] gave for this request (in [`OutgoingRequest::extensions`]).
#[derive(Clone)]
pub struct ProvidedToken(pub SecretString);

impl fmt::Debug for ProvidedToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ProvidedToken(*** redacted ***)")
    }
}

/// Credentials for a client: cheap to clone, never printed.
#[derive(Clone)]
pub struct Credentials {
    inner: Arc<dyn Authenticator>,
}

impl Credentials {
    /// Any authenticator.
    pub fn custom(authenticator: impl Authenticator + 'static) -> Self {
        Credentials {
            inner: Arc::new(authenticator),
        }
    }

    /// The authenticator.
    pub fn authenticator(&self) -> &dyn Authenticator {
        &*self.inner
    }

    /// The authenticator as its concrete type, when it is a `T` (a vendor layer uses this to
    /// read what its own credentials carry, such as a project ID).
    pub fn downcast_ref<T: Authenticator>(&self) -> Option<&T> {
        let any: &dyn Any = &*self.inner;
        any.downcast_ref::<T>()
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&*self.inner, f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_output_hides_keys_in_the_query_and_the_user_info() {
        let request = OutgoingRequest {
            method: Method::GET,
            url: Url::parse("https://user:pw@h.example/p?api_key=k3y&limit=5&X-Signature=s1g")
                .unwrap(),
            headers: HeaderMap::new(),
            body: None,
            extensions: http::Extensions::new(),
        };
        let shown = format!("{request:?}");
        for secret in ["k3y", "s1g", "pw", "user"] {
            assert!(!shown.contains(secret), "{shown}");
        }
        assert!(shown.contains("limit=5"), "{shown}");
    }
}
