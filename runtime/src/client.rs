//! The client core: configuration, endpoint selection and the transport.

use crate::auth::Credentials;
use crate::error::Error;
use crate::request::RequestBuilder;
use http::{HeaderMap, HeaderValue, StatusCode};
use std::fmt;
use std::marker::PhantomData;
use std::sync::Arc;
use std::time::Duration;
use url::Url;

/// What a generated crate tells the runtime about its API.
#[derive(Debug)]
pub struct ApiInfo {
    /// Crate name, for the User-Agent.
    pub crate_name: &'static str,
    /// Crate version, for the User-Agent.
    pub crate_version: &'static str,
    /// Service ID used in Huawei's endpoint override variables
    /// (`HUAWEICLOUD_SDK_REGION_<SERVICE>_<REGION>`), e.g. `CBR`.
    pub service: &'static str,
    /// The spec's `servers`.
    pub servers: &'static [ServerInfo],
}

/// One server URL template.
#[derive(Debug)]
pub struct ServerInfo {
    /// URL template, e.g. `https://cbr.{region}.myhuaweicloud.com`.
    pub url: &'static str,
    /// Its variables.
    pub variables: &'static [VariableInfo],
}

/// A server template variable.
#[derive(Debug)]
pub struct VariableInfo {
    /// Name.
    pub name: &'static str,
    /// Default value.
    pub default: &'static str,
    /// Allowed values (empty: any).
    pub allowed: &'static [&'static str],
}

/// A security scheme an operation accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SecurityInfo {
    /// API key in the named header.
    ApiKeyHeader(&'static str),
    /// HTTP bearer.
    Bearer,
    /// Another scheme, by name; the credentials decide.
    Other(&'static str),
}

/// Static facts about one operation.
#[derive(Debug)]
pub struct OperationInfo {
    /// `operationId` (or the generated name).
    pub name: &'static str,
    /// HTTP method.
    pub method: &'static str,
    /// Path template as in the spec.
    pub path_template: &'static str,
    /// Accepted security schemes.
    pub security: &'static [SecurityInfo],
}

/// Implemented by generated clients, so [`ClientBuilder::build`] returns them.
pub trait FromCore {
    /// Wraps a configured core.
    fn from_core(core: ClientCore) -> Self;
}

/// Default time-out to establish a connection.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// Default time-out for a whole call (connect, send, and read the full response).
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(120);

/// Builds a client. Obtain one from the generated `Client::builder()`.
#[must_use = "a builder does nothing until `.build()`"]
pub struct ClientBuilder<C> {
    api: &'static ApiInfo,
    endpoint: Option<String>,
    region: Option<String>,
    variables: Vec<(String, String)>,
    credentials: Option<Credentials>,
    connect_timeout: Duration,
    timeout: Duration,
    user_agent: Option<String>,
    http: Option<reqwest::Client>,
    _client: PhantomData<fn() -> C>,
}

impl<C> fmt::Debug for ClientBuilder<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("endpoint", &self.endpoint)
            .field("region", &self.region)
            .field("variables", &self.variables)
            .field("credentials", &self.credentials)
            .field("connect_timeout", &self.connect_timeout)
            .field("timeout", &self.timeout)
            .finish_non_exhaustive()
    }
}

impl<C: FromCore> ClientBuilder<C> {
    /// A builder for the API described by `api`.
    pub fn new(api: &'static ApiInfo) -> Self {
        ClientBuilder {
            api,
            endpoint: None,
            region: None,
            variables: Vec::new(),
            credentials: None,
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            timeout: DEFAULT_TIMEOUT,
            user_agent: None,
            http: None,
            _client: PhantomData,
        }
    }

    /// An explicit endpoint (`https://host[:port][/prefix]`); wins over region and servers.
    /// Without a scheme, `https://` is assumed.
    pub fn endpoint(mut self, url: impl Into<String>) -> Self {
        self.endpoint = Some(url.into());
        self
    }

    /// A region ID (e.g. `cn-north-4`): sets the `region` server variable, after checking the
    /// environment override `HUAWEICLOUD_SDK_REGION_<SERVICE>_<REGION>` (upper-case, `-` as `_`).
    pub fn region(mut self, region: impl Into<String>) -> Self {
        self.region = Some(region.into());
        self
    }

    /// Sets a server URL template variable.
    pub fn server_variable(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.variables.push((name.into(), value.into()));
        self
    }

    /// Credentials, applied to every request just before it is sent.
    pub fn credentials(mut self, credentials: impl Into<Credentials>) -> Self {
        self.credentials = Some(credentials.into());
        self
    }

    /// Time-out to establish a connection (default 10 s).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// Time-out for a whole call, including reading the response (default 120 s).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// Appends an application identifier to the User-Agent.
    pub fn user_agent_suffix(mut self, suffix: impl Into<String>) -> Self {
        self.user_agent = Some(suffix.into());
        self
    }

    /// Uses a preconfigured `reqwest::Client` (proxies, TLS roots). The per-call time-out
    /// still applies; the connect time-out is then the given client's.
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http = Some(client);
        self
    }

    /// Resolves the endpoint and builds the client. Nothing is sent.
    pub fn build(self) -> Result<C, Error> {
        let base_url = self.resolve_endpoint()?;
        let http = match self.http {
            Some(h) => h,
            None => reqwest::Client::builder()
                .connect_timeout(self.connect_timeout)
                .timeout(self.timeout)
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .map_err(|e| Error::Config(format!("cannot build the HTTP client: {e}")))?,
        };
        let mut ua = format!(
            "{}/{} hcgen-runtime/{}",
            self.api.crate_name,
            self.api.crate_version,
            env!("CARGO_PKG_VERSION")
        );
        if let Some(s) = &self.user_agent {
            ua.push(' ');
            ua.push_str(s);
        }
        let user_agent = HeaderValue::from_str(&ua)
            .map_err(|_| Error::Config(format!("invalid User-Agent {ua:?}")))?;
        Ok(C::from_core(ClientCore {
            inner: Arc::new(Inner {
                api: self.api,
                http,
                endpoint: base_url.origin().ascii_serialization(),
                base_url,
                credentials: self.credentials,
                user_agent,
                connect_timeout: self.connect_timeout,
                timeout: self.timeout,
            }),
        }))
    }

    fn resolve_endpoint(&self) -> Result<Url, Error> {
        if let Some(e) = &self.endpoint {
            return parse_endpoint(e);
        }
        if let Some(region) = &self.region {
            let var = format!(
                "HUAWEICLOUD_SDK_REGION_{}_{}",
                self.api.service.to_ascii_uppercase(),
                region.to_ascii_uppercase().replace('-', "_")
            );
            if let Ok(value) = std::env::var(&var) {
                let first = value.split(',').map(str::trim).find(|s| !s.is_empty());
                return match first {
                    Some(url) => parse_endpoint(url),
                    None => Err(Error::Config(format!("{var} is set but holds no endpoint"))),
                };
            }
        }
        let Some(server) = self.api.servers.first() else {
            return Err(Error::Config(
                "the spec declares no servers: set an endpoint with `.endpoint(url)`".to_owned(),
            ));
        };
        let mut url = server.url.to_owned();
        for var in server.variables {
            let explicit = self
                .variables
                .iter()
                .rev()
                .find(|(n, _)| n == var.name)
                .map(|(_, v)| v.as_str());
            let value = match (explicit, var.name, &self.region) {
                (Some(v), _, _) => v,
                (None, "region", Some(r)) => r.as_str(),
                _ => var.default,
            };
            if !var.allowed.is_empty() && !var.allowed.contains(&value) {
                return Err(Error::Config(format!(
                    "unknown {} {value:?}; known values: {}",
                    var.name,
                    var.allowed.join(", ")
                )));
            }
            url = url.replace(&format!("{{{}}}", var.name), value);
        }
        if self.region.is_some() && !server.variables.iter().any(|v| v.name == "region") {
            return Err(Error::Config(
                "this API's servers have no `region` variable: set an endpoint instead".to_owned(),
            ));
        }
        parse_endpoint(&url)
    }
}

fn parse_endpoint(raw: &str) -> Result<Url, Error> {
    let with_scheme = if raw.contains("://") {
        raw.to_owned()
    } else {
        format!("https://{raw}")
    };
    let url = Url::parse(&with_scheme)
        .map_err(|e| Error::Config(format!("invalid endpoint {raw:?}: {e}")))?;
    if url.scheme() != "http" && url.scheme() != "https" {
        return Err(Error::Config(format!(
            "endpoint {raw:?} must be http or https"
        )));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(Error::Config(format!(
            "endpoint {raw:?} must not have a query or fragment"
        )));
    }
    Ok(url)
}

/// The shared state of a generated client. Cheap to clone.
#[derive(Clone)]
pub struct ClientCore {
    pub(crate) inner: Arc<Inner>,
}

pub(crate) struct Inner {
    pub(crate) api: &'static ApiInfo,
    pub(crate) http: reqwest::Client,
    pub(crate) base_url: Url,
    /// Scheme, host and port of `base_url`, for error messages.
    pub(crate) endpoint: String,
    pub(crate) credentials: Option<Credentials>,
    pub(crate) user_agent: HeaderValue,
    pub(crate) connect_timeout: Duration,
    pub(crate) timeout: Duration,
}

impl fmt::Debug for ClientCore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientCore")
            .field("api", &self.inner.api.crate_name)
            .field("base_url", &self.inner.base_url.as_str())
            .field("credentials", &self.inner.credentials)
            .field("connect_timeout", &self.inner.connect_timeout)
            .field("timeout", &self.inner.timeout)
            .finish()
    }
}

impl ClientCore {
    /// The endpoint every request goes to.
    pub fn base_url(&self) -> &Url {
        &self.inner.base_url
    }

    /// The project ID of the credentials, if any.
    pub fn project_id(&self) -> Option<&str> {
        self.inner.credentials.as_ref()?.project_id()
    }

    /// Starts a request for `operation` at `path` (already percent-encoded).
    pub fn request(&self, operation: &'static OperationInfo, path: String) -> RequestBuilder<'_> {
        RequestBuilder::new(self, operation, path)
    }
}

/// A successful response: the decoded body with the status, headers and request ID.
#[derive(Debug, Clone, PartialEq)]
pub struct ApiResponse<T> {
    /// HTTP status.
    pub status: StatusCode,
    /// Response headers.
    pub headers: HeaderMap,
    /// `X-Request-Id`, if the service sent one.
    pub request_id: Option<String>,
    /// The decoded body.
    pub body: T,
}

impl<T> ApiResponse<T> {
    /// The decoded body.
    pub fn into_body(self) -> T {
        self.body
    }

    /// The request ID, for support tickets.
    pub fn request_id(&self) -> Option<&str> {
        self.request_id.as_deref()
    }
}

impl<T> std::ops::Deref for ApiResponse<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.body
    }
}
