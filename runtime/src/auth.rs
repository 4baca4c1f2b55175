//! Credentials and the authentication hook.
//!
//! The runtime builds the complete request (method, URL, headers, exact body bytes), then
//! hands it to the client's [`Authenticator`] as the very last step before sending. A
//! token credential adds its header there; a signing credential signs exactly the bytes that
//! go on the wire.

use crate::api::{OperationInfo, SecurityInfo};
use crate::error::Error;
use bytes::Bytes;
use http::{HeaderMap, HeaderValue, Method};
use secrecy::{ExposeSecret, SecretString};
use std::any::Any;
use std::fmt;
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
            .field("url", &self.url.as_str())
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

/// The hook that authenticates a request just before it is sent.
pub trait Authenticator: Any + Send + Sync + fmt::Debug {
    /// Adds whatever the request needs (headers, signature). It sees the final request.
    fn authenticate(
        &self,
        request: &mut OutgoingRequest,
        operation: &OperationInfo,
    ) -> Result<(), Error>;
}

/// Credentials for a client: cheap to clone, never printed.
#[derive(Clone)]
pub struct Credentials {
    inner: Arc<dyn Authenticator>,
}

impl Credentials {
    /// A token sent the way each operation's security scheme asks: in the header of an
    /// API-key scheme (e.g. `X-Auth-Token`) or as a bearer token.
    pub fn token(token: impl Into<String>) -> TokenCredentials {
        TokenCredentials {
            token: SecretString::from(token.into()),
        }
    }

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

/// Token credentials. Build with [`Credentials::token`].
#[derive(Clone)]
pub struct TokenCredentials {
    token: SecretString,
}

impl fmt::Debug for TokenCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TokenCredentials")
            .field("token", &"*** redacted ***")
            .finish()
    }
}

impl Authenticator for TokenCredentials {
    fn authenticate(
        &self,
        request: &mut OutgoingRequest,
        operation: &OperationInfo,
    ) -> Result<(), Error> {
        if self.token.expose_secret().trim().is_empty() {
            return Err(Error::Auth(
                "the token is empty; nothing was sent".to_owned(),
            ));
        }
        for scheme in operation.security {
            let (name, value) = match scheme {
                SecurityInfo::ApiKeyHeader(name) => (*name, self.token.expose_secret().to_owned()),
                SecurityInfo::Bearer => (
                    "authorization",
                    format!("Bearer {}", self.token.expose_secret()),
                ),
                SecurityInfo::Other(_) => continue,
            };
            let mut value = HeaderValue::from_str(&value).map_err(|_| {
                Error::Auth(
                    "the token contains characters not allowed in an HTTP header".to_owned(),
                )
            })?;
            value.set_sensitive(true);
            let name = http::HeaderName::from_bytes(name.as_bytes())
                .map_err(|_| Error::Auth(format!("invalid security header name {name:?}")))?;
            request.headers.insert(name, value);
            return Ok(());
        }
        Ok(())
    }
}

impl From<TokenCredentials> for Credentials {
    fn from(t: TokenCredentials) -> Self {
        Credentials::custom(t)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_token_is_refused_before_sending() {
        static OP: OperationInfo = OperationInfo {
            name: "op",
            method: "GET",
            path_template: "/",
            security: &[SecurityInfo::ApiKeyHeader("X-Auth-Token")],
        };
        for token in ["", "  "] {
            let mut request = OutgoingRequest {
                method: Method::GET,
                url: Url::parse("http://127.0.0.1/").unwrap(),
                headers: HeaderMap::new(),
                body: None,
                extensions: http::Extensions::new(),
            };
            let err = Credentials::token(token)
                .authenticate(&mut request, &OP)
                .unwrap_err();
            assert!(matches!(err, Error::Auth(_)), "{err:?}");
            assert!(request.headers.is_empty());
        }
    }
}
