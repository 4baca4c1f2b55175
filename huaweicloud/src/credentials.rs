//! Huawei Cloud credentials: IAM tokens scoped to a project, AK/SK request signing, and the
//! official SDKs' environment variables.

use hcgen_runtime::{Authenticator, Error, OperationInfo, OutgoingRequest};
use http::HeaderValue;
use std::fmt;

/// The project a call is scoped to: attached by generated operations that have a
/// `{project_id}` path parameter (see [`scope`](crate::scope)), and sent as `X-Project-Id`
/// by AK/SK credentials, as the official SDK sends it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProjectScope(pub String);

/// Credentials for a Huawei Cloud client. Pass one to the generated client's
/// `.credentials(..)`; it becomes the runtime's [`hcgen_runtime::Credentials`].
#[derive(Clone, Debug)]
pub struct Credentials(hcgen_runtime::Credentials);

impl Credentials {
    /// A user token (IAM `X-Subject-Token`), sent in the header of the spec's API-key
    /// security scheme (e.g. `X-Auth-Token`) or as a bearer token.
    pub fn token(token: impl Into<String>) -> TokenCredentials {
        TokenCredentials {
            token: hcgen_runtime::Credentials::token(token),
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
        Credentials(hcgen_runtime::Credentials::custom(authenticator))
    }

    /// The project ID these credentials carry, if any.
    pub fn project_id(&self) -> Option<&str> {
        project_id_of(&self.0)
    }
}

impl From<Credentials> for hcgen_runtime::Credentials {
    fn from(c: Credentials) -> Self {
        c.0
    }
}

/// The project ID that Huawei Cloud credentials carry, if `credentials` are such.
pub(crate) fn project_id_of(credentials: &hcgen_runtime::Credentials) -> Option<&str> {
    if let Some(c) = credentials.downcast_ref::<AkSkCredentials>() {
        return c.project_id.as_deref();
    }
    credentials
        .downcast_ref::<TokenCredentials>()?
        .project_id
        .as_deref()
}

/// A token scoped to a project. Build with [`Credentials::token`].
#[derive(Clone, Debug)]
pub struct TokenCredentials {
    token: hcgen_runtime::TokenCredentials,
    project_id: Option<String>,
}

impl TokenCredentials {
    /// The project this token is scoped to; fills `{project_id}` when a call leaves it unset.
    pub fn with_project_id(mut self, project_id: impl Into<String>) -> Self {
        self.project_id = Some(project_id.into());
        self
    }
}

impl Authenticator for TokenCredentials {
    fn authenticate(
        &self,
        request: &mut OutgoingRequest,
        operation: &OperationInfo,
    ) -> Result<(), Error> {
        self.token.authenticate(request, operation)
    }
}

impl From<TokenCredentials> for hcgen_runtime::Credentials {
    fn from(t: TokenCredentials) -> Self {
        hcgen_runtime::Credentials::custom(t)
    }
}

impl From<TokenCredentials> for Credentials {
    fn from(t: TokenCredentials) -> Self {
        Credentials(t.into())
    }
}

/// AK/SK credentials. Build with [`Credentials::ak_sk`] or [`Credentials::from_env`].
#[derive(Clone)]
pub struct AkSkCredentials {
    keys: hcgen_signer::AkSk,
    project_id: Option<String>,
}

impl AkSkCredentials {
    /// The project: sent as `X-Project-Id` when a call names none, and used for
    /// `{project_id}` when a call leaves it unset.
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
    /// Sends `X-Project-Id` with the project the call is scoped to (its `{project_id}`), or
    /// else the credentials' own, and signs the request with it, as the official SDK does.
    fn authenticate(
        &self,
        request: &mut OutgoingRequest,
        _operation: &OperationInfo,
    ) -> Result<(), Error> {
        // As the official SDK: a request that already carries Authorization is sent as it is.
        if request.headers.contains_key(http::header::AUTHORIZATION) {
            return Ok(());
        }
        let scoped = request
            .extensions
            .get::<ProjectScope>()
            .map(|p| p.0.as_str());
        if let Some(p) = scoped.or(self.project_id.as_deref()) {
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
}

impl From<AkSkCredentials> for hcgen_runtime::Credentials {
    fn from(c: AkSkCredentials) -> Self {
        hcgen_runtime::Credentials::custom(c)
    }
}

impl From<AkSkCredentials> for Credentials {
    fn from(c: AkSkCredentials) -> Self {
        Credentials(c.into())
    }
}
