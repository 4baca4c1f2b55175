//! Credentials and the authentication hook.
//!
//! The runtime builds the complete request (method, URL, headers, exact body bytes), then
//! hands it to the client's [`Authenticator`] as the very last step before sending. A
//! token credential adds its header there; a signing credential (AK/SK) signs exactly the
//! bytes that go on the wire.

use crate::client::{OperationInfo, SecurityInfo};
use crate::error::Error;
use bytes::Bytes;
use http::{HeaderMap, HeaderValue, Method};
use secrecy::{ExposeSecret, SecretString};
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
pub trait Authenticator: Send + Sync + fmt::Debug {
    /// Adds whatever the request needs (headers, signature). It sees the final request.
    fn authenticate(
        &self,
        request: &mut OutgoingRequest,
        operation: &OperationInfo,
    ) -> Result<(), Error>;

    /// The project ID these credentials belong to, used for `{project_id}` path parameters
    /// that the caller leaves unset.
    fn project_id(&self) -> Option<&str> {
        None
    }
}

/// Credentials for a client: cheap to clone, never printed.
#[derive(Clone)]
pub struct Credentials {
    inner: Arc<dyn Authenticator>,
}

impl Credentials {
    /// A user token (IAM `X-Subject-Token`), sent in the header of the spec's API-key
    /// security scheme (e.g. `X-Auth-Token`) or as a bearer token.
    pub fn token(token: impl Into<String>) -> TokenCredentials {
        TokenCredentials {
            token: SecretString::from(token.into()),
            project_id: None,
        }
    }

    /// AK/SK credentials: every request is signed with `SDK-HMAC-SHA256`, as Huawei's
    /// official SDKs sign it, over the exact bytes that are sent.
    pub fn ak_sk(ak: impl Into<String>, sk: impl Into<String>) -> AkSkCredentials {
        AkSkCredentials {
            keys: hcgen_signer::AkSk::new(ak, sk),
            project_id: None,
        }
    }

    /// Credentials from the environment, as the official SDKs and their samples read them:
    /// AK/SK from `CLOUD_SDK_AK`/`CLOUD_SDK_SK` or `HUAWEICLOUD_SDK_AK`/`HUAWEICLOUD_SDK_SK`,
    /// with `HUAWEICLOUD_SDK_PROJECT_ID` and `HUAWEICLOUD_SDK_SECURITY_TOKEN` when set.
    pub fn from_env() -> Result<Credentials, Error> {
        let var = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
        let pair = match (var("CLOUD_SDK_AK"), var("CLOUD_SDK_SK")) {
            (Some(ak), Some(sk)) => Some((ak, sk)),
            _ => match (var("HUAWEICLOUD_SDK_AK"), var("HUAWEICLOUD_SDK_SK")) {
                (Some(ak), Some(sk)) => Some((ak, sk)),
                _ => None,
            },
        };
        let Some((ak, sk)) = pair else {
            return Err(Error::Config(
                "no AK/SK in the environment: set CLOUD_SDK_AK and CLOUD_SDK_SK (or HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK)".to_owned(),
            ));
        };
        let mut creds = Credentials::ak_sk(ak, sk);
        if let Some(p) = var("HUAWEICLOUD_SDK_PROJECT_ID") {
            creds = creds.with_project_id(p);
        }
        if let Some(t) = var("HUAWEICLOUD_SDK_SECURITY_TOKEN") {
            creds = creds.with_security_token(t);
        }
        Ok(creds.into())
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

    /// The project ID these credentials carry, if any.
    pub fn project_id(&self) -> Option<&str> {
        self.inner.project_id()
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
    project_id: Option<String>,
}

impl TokenCredentials {
    /// The project this token is scoped to; fills `{project_id}` when a call leaves it unset.
    pub fn with_project_id(mut self, project_id: impl Into<String>) -> Self {
        self.project_id = Some(project_id.into());
        self
    }
}

impl fmt::Debug for TokenCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TokenCredentials")
            .field("token", &"*** redacted ***")
            .field("project_id", &self.project_id)
            .finish()
    }
}

impl Authenticator for TokenCredentials {
    fn authenticate(
        &self,
        request: &mut OutgoingRequest,
        operation: &OperationInfo,
    ) -> Result<(), Error> {
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

    fn project_id(&self) -> Option<&str> {
        self.project_id.as_deref()
    }
}

impl From<TokenCredentials> for Credentials {
    fn from(t: TokenCredentials) -> Self {
        Credentials::custom(t)
    }
}

/// AK/SK credentials. Build with [`Credentials::ak_sk`] or [`Credentials::from_env`].
#[derive(Clone)]
pub struct AkSkCredentials {
    keys: hcgen_signer::AkSk,
    project_id: Option<String>,
}

impl AkSkCredentials {
    /// The project: sent as `X-Project-Id` and used for `{project_id}` when a call leaves it unset.
    pub fn with_project_id(mut self, project_id: impl Into<String>) -> Self {
        self.project_id = Some(project_id.into());
        self
    }

    /// A security token of temporary credentials (sent as `X-Security-Token`, signed).
    pub fn with_security_token(mut self, token: impl Into<String>) -> Self {
        self.keys = self.keys.with_security_token(token);
        self
    }
}

impl fmt::Debug for AkSkCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AkSkCredentials")
            .field("keys", &self.keys)
            .field("project_id", &self.project_id)
            .finish()
    }
}

impl Authenticator for AkSkCredentials {
    fn authenticate(
        &self,
        request: &mut OutgoingRequest,
        _operation: &OperationInfo,
    ) -> Result<(), Error> {
        // As the official SDK: a request that already carries Authorization is sent as it is.
        if request.headers.contains_key(http::header::AUTHORIZATION) {
            return Ok(());
        }
        if let Some(p) = &self.project_id {
            let value = HeaderValue::from_str(p).map_err(|_| {
                Error::Auth("the project ID is not a valid header value".to_owned())
            })?;
            request.headers.insert(hcgen_signer::X_PROJECT_ID, value);
        }
        hcgen_signer::sign(
            &self.keys,
            &request.method,
            &mut request.url,
            &mut request.headers,
            request.body.as_deref(),
            None,
        )
        .map(|_| ())
        .map_err(|e| Error::Auth(format!("AK/SK signing failed: {e}")))
    }

    fn project_id(&self) -> Option<&str> {
        self.project_id.as_deref()
    }
}

impl From<AkSkCredentials> for Credentials {
    fn from(c: AkSkCredentials) -> Self {
        Credentials::custom(c)
    }
}
