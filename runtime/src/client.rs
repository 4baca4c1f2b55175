//! The client core: configuration, endpoint selection and the transport.

use crate::api::ApiInfo;
use crate::auth::Credentials;
use crate::error::Error;
use crate::hooks::Hook;
use crate::retry::RetryPolicy;
use http::{HeaderMap, HeaderValue, StatusCode};
use std::fmt;
use std::marker::PhantomData;
use std::sync::Arc;
use std::time::Duration;
use url::Url;

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
    #[cfg(feature = "test-util")]
    mock: Option<crate::mock::Mock>,
    retry: RetryPolicy,
    hooks: Vec<Arc<dyn Hook>>,
    max_response_bytes: u64,
    _client: PhantomData<fn() -> C>,
}

impl<C> fmt::Debug for ClientBuilder<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("endpoint", &self.endpoint.as_deref().map(redact_userinfo))
            .field("region", &self.region)
            .field("variables", &self.variables)
            .field("credentials", &self.credentials)
            .field("connect_timeout", &self.connect_timeout)
            .field("timeout", &self.timeout)
            .field("retry", &self.retry)
            .field("hooks", &self.hooks.len())
            .field("max_response_bytes", &self.max_response_bytes)
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
            #[cfg(feature = "test-util")]
            mock: None,
            retry: RetryPolicy::default(),
            hooks: Vec::new(),
            max_response_bytes: crate::body::DEFAULT_MAX_RESPONSE_BYTES,
            _client: PhantomData,
        }
    }

    /// An explicit endpoint (`https://host[:port][/prefix]`); wins over region and servers.
    /// Without a scheme, `https://` is assumed.
    pub fn endpoint(mut self, url: impl Into<String>) -> Self {
        self.endpoint = Some(url.into());
        self
    }

    /// A region ID: sets the `region` server variable, unless the API's profile maps the
    /// region to an endpoint of its own (see [`Profile::region_endpoint`](crate::Profile::region_endpoint)).
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

    /// Uses a preconfigured `reqwest::Client` (proxies, TLS roots), built with the
    /// [`reqwest`](crate::reqwest) this crate re-exports. The per-call time-out still applies;
    /// the connect time-out is then the given client's.
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http = Some(client);
        self
    }

    /// Answers every request from `mock`'s rules instead of the network (feature
    /// `test-util`): no socket, no port. Hooks, credentials, retries, the response size
    /// limit and error decoding run as with the real transport; see [`crate::mock`].
    #[cfg(feature = "test-util")]
    pub fn mock(mut self, mock: crate::mock::Mock) -> Self {
        self.mock = Some(mock);
        self
    }

    /// When failed calls are tried again (default [`RetryPolicy::new`]: idempotent methods,
    /// 3 attempts). A generated client's `with_retry_policy` changes it for some calls.
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// Adds a [`Hook`] that sees every attempt's request and response; hooks run in the order
    /// they were added.
    pub fn hook(mut self, hook: impl Hook) -> Self {
        self.hooks.push(Arc::new(hook));
        self
    }

    /// The largest response body read, in bytes (default 32 MiB); a larger one fails with
    /// [`Error::ResponseTooLarge`] as soon as `Content-Length` or the bytes received exceed it.
    pub fn max_response_bytes(mut self, limit: u64) -> Self {
        self.max_response_bytes = limit;
        self
    }

    /// Resolves the endpoint and builds the client. Nothing is sent.
    pub fn build(self) -> Result<C, Error> {
        let base_url = self.resolve_endpoint()?;
        let backend = match self.http {
            #[cfg(feature = "test-util")]
            _ if self.mock.is_some() => Backend::Mock(self.mock.unwrap_or_default()),
            Some(h) => Backend::Http(h),
            None => Backend::Http(crate::tls::default_http_client(
                self.connect_timeout,
                self.timeout,
            )?),
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
                backend,
                endpoint: base_url.origin().ascii_serialization(),
                base_url,
                credentials: self.credentials,
                user_agent,
                connect_timeout: self.connect_timeout,
                timeout: self.timeout,
                hooks: self.hooks,
                max_response_bytes: self.max_response_bytes,
            }),
            retry: self.retry,
        }))
    }

    fn resolve_endpoint(&self) -> Result<Url, Error> {
        if let Some(e) = &self.endpoint {
            return parse_endpoint(e);
        }
        if let (Some(region), Some(profile)) = (&self.region, self.api.profile)
            && let Some(url) = profile.region_endpoint(region)?
        {
            return parse_endpoint(&url);
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

/// `raw` with the user name and password of a URL (`https://user:pw@host`) replaced by
/// `***`, for Debug output and error messages.
pub(crate) fn redact_userinfo(raw: &str) -> String {
    let Some(start) = raw.find("://").map(|i| i + 3) else {
        return match raw.split('/').next().and_then(|a| a.rfind('@')) {
            Some(at) => format!("***{}", &raw[at..]),
            None => raw.to_owned(),
        };
    };
    let authority_end = raw[start..]
        .find(['/', '?', '#'])
        .map_or(raw.len(), |i| start + i);
    match raw[start..authority_end].rfind('@') {
        Some(at) => format!("{}***{}", &raw[..start], &raw[start + at..]),
        None => raw.to_owned(),
    }
}

fn parse_endpoint(raw: &str) -> Result<Url, Error> {
    let shown = redact_userinfo(raw);
    let with_scheme = if raw.contains("://") {
        raw.to_owned()
    } else {
        format!("https://{raw}")
    };
    let url = Url::parse(&with_scheme)
        .map_err(|e| Error::Config(format!("invalid endpoint {shown:?}: {e}")))?;
    if url.scheme() != "http" && url.scheme() != "https" {
        return Err(Error::Config(format!(
            "endpoint {shown:?} must be http or https"
        )));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(Error::Config(format!(
            "endpoint {shown:?} must not have a query or fragment"
        )));
    }
    Ok(url)
}

/// The shared state of a generated client. Cheap to clone.
#[derive(Clone)]
pub struct ClientCore {
    pub(crate) inner: Arc<Inner>,
    /// Per client, or per call through [`ClientCore::with_retry_policy`].
    pub(crate) retry: RetryPolicy,
}

pub(crate) struct Inner {
    pub(crate) api: &'static ApiInfo,
    pub(crate) backend: Backend,
    pub(crate) base_url: Url,
    /// Scheme, host and port of `base_url`, for error messages.
    pub(crate) endpoint: String,
    pub(crate) credentials: Option<Credentials>,
    pub(crate) user_agent: HeaderValue,
    pub(crate) connect_timeout: Duration,
    pub(crate) timeout: Duration,
    pub(crate) hooks: Vec<Arc<dyn Hook>>,
    pub(crate) max_response_bytes: u64,
}

/// Where requests go: the network, or (feature `test-util`) a mock's rules.
pub(crate) enum Backend {
    Http(reqwest::Client),
    #[cfg(feature = "test-util")]
    Mock(crate::mock::Mock),
}

impl fmt::Debug for ClientCore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientCore")
            .field("api", &self.inner.api.crate_name)
            .field("base_url", &redact_userinfo(self.inner.base_url.as_str()))
            .field("credentials", &self.inner.credentials)
            .field("connect_timeout", &self.inner.connect_timeout)
            .field("timeout", &self.inner.timeout)
            .field("retry", &self.retry)
            .field("hooks", &self.inner.hooks.len())
            .field("max_response_bytes", &self.inner.max_response_bytes)
            .finish()
    }
}

impl ClientCore {
    /// The endpoint every request goes to.
    pub fn base_url(&self) -> &Url {
        &self.inner.base_url
    }

    /// The client's credentials, if any.
    pub fn credentials(&self) -> Option<&Credentials> {
        self.inner.credentials.as_ref()
    }

    /// The same client (transport, credentials, hooks shared) with another retry policy, for
    /// the calls made through the copy.
    pub fn with_retry_policy(&self, policy: RetryPolicy) -> ClientCore {
        ClientCore {
            inner: Arc::clone(&self.inner),
            retry: policy,
        }
    }

    /// The retry policy of the calls made through this core.
    pub fn retry_policy(&self) -> &RetryPolicy {
        &self.retry
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_in_endpoints_are_never_shown() {
        for (raw, shown) in [
            ("https://user:pw@host:8443/p", "https://***@host:8443/p"),
            ("http://pw@host", "http://***@host"),
            ("user:pw@host/x", "***@host/x"),
            ("https://host/a@b", "https://host/a@b"),
            ("https://host", "https://host"),
            ("https://u:p@h?x=a@b", "https://***@h?x=a@b"),
        ] {
            assert_eq!(redact_userinfo(raw), shown, "{raw}");
        }
        static API: ApiInfo = ApiInfo {
            crate_name: "t",
            crate_version: "0",
            servers: &[],
            profile: None,
        };
        struct C(ClientCore);
        impl FromCore for C {
            fn from_core(core: ClientCore) -> Self {
                C(core)
            }
        }
        let builder = ClientBuilder::<C>::new(&API).endpoint("https://user:s3cret@example.com");
        assert!(!format!("{builder:?}").contains("s3cret"));
        let client = builder.build().unwrap();
        assert!(
            !format!("{:?}", client.0).contains("s3cret"),
            "{:?}",
            client.0
        );
        let err = ClientBuilder::<C>::new(&API)
            .endpoint("ftp://user:s3cret@example.com")
            .build()
            .err()
            .unwrap();
        assert!(!err.to_string().contains("s3cret"), "{err}");
        assert!(!format!("{err:?}").contains("s3cret"), "{err:?}");
    }
}
