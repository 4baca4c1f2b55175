//! What a generated crate tells the runtime about its API and its operations: plain static
//! data, written by the generator.

use crate::profile::Profile;

/// What a generated crate tells the runtime about its API.
#[derive(Debug)]
pub struct ApiInfo {
    /// Crate name, for the User-Agent.
    pub crate_name: &'static str,
    /// Crate version, for the User-Agent.
    pub crate_version: &'static str,
    /// The spec's `servers`.
    pub servers: &'static [ServerInfo],
    /// A vendor's behaviour added on top of the generic client (endpoint overrides, error-body
    /// formats), when the crate was generated with one; see [`Profile`].
    pub profile: Option<&'static dyn Profile>,
}

/// One server URL template.
#[derive(Debug)]
pub struct ServerInfo {
    /// URL template, e.g. `https://api.{region}.example.com`.
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

/// A security scheme an operation accepts, from the spec's `securitySchemes`; `scheme` is
/// its key there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SecurityInfo {
    /// `type: apiKey`: a key in a header, the query or a cookie.
    ApiKey {
        /// The scheme's key in `securitySchemes`.
        scheme: &'static str,
        /// Where the key goes.
        location: KeyLocation,
        /// The header, query parameter or cookie name.
        name: &'static str,
    },
    /// `type: http, scheme: bearer`: `Authorization: Bearer <token>`.
    Bearer {
        /// The scheme's key in `securitySchemes`.
        scheme: &'static str,
    },
    /// `type: http, scheme: basic`: `Authorization: Basic <user:password in base64>`.
    Basic {
        /// The scheme's key in `securitySchemes`.
        scheme: &'static str,
    },
    /// `type: oauth2` or `openIdConnect`: a bearer token, typically from a
    /// [`TokenProvider`](crate::TokenProvider).
    OAuth2 {
        /// The scheme's key in `securitySchemes`.
        scheme: &'static str,
    },
    /// Another HTTP authentication scheme: a [custom](crate::Credentials::custom)
    /// authenticator decides.
    OtherHttp {
        /// The scheme's key in `securitySchemes`.
        scheme: &'static str,
        /// The HTTP scheme name, e.g. `digest`.
        http_scheme: &'static str,
    },
}

/// Where an API key goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyLocation {
    /// A request header.
    Header,
    /// A query parameter.
    Query,
    /// A cookie.
    Cookie,
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
