//! The generic credentials: a token (API key, bearer, OAuth 2 / OpenID Connect), a user
//! name and password (HTTP basic), or a token provider. Each is placed where the operation's
//! security scheme says (`securitySchemes` of the spec).

use crate::api::{KeyLocation, OperationInfo, SecurityInfo};
use crate::auth::{Authenticator, Credentials, OutgoingRequest, ProvidedToken, TokenProvider};
use crate::error::Error;
use http::{HeaderName, HeaderValue};
use secrecy::{ExposeSecret, SecretString};
use std::fmt;
use std::sync::Arc;

impl Credentials {
    /// A token, sent the way each operation's security scheme asks: an API key in its
    /// header, query parameter or cookie (e.g. `X-Auth-Token`), or `Authorization: Bearer`
    /// for HTTP bearer, OAuth 2 and OpenID Connect schemes.
    pub fn token(token: impl Into<String>) -> TokenCredentials {
        TokenCredentials {
            token: SecretString::from(token.into()),
        }
    }

    /// A user name and password for HTTP basic schemes (`Authorization: Basic ...`).
    pub fn basic(user: impl Into<String>, password: impl Into<String>) -> Credentials {
        Credentials::custom(BasicCredentials {
            user: user.into(),
            password: SecretString::from(password.into()),
        })
    }

    /// A token obtained from `provider` before every attempt (OAuth 2, OpenID Connect, or
    /// any token that expires), then sent as [`Credentials::token`] sends one.
    pub fn token_provider(provider: impl TokenProvider) -> Credentials {
        Credentials::custom(ProviderCredentials {
            provider: Arc::new(provider),
        })
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
        place_token(self.token.expose_secret(), request, operation)
    }
}

impl From<TokenCredentials> for Credentials {
    fn from(t: TokenCredentials) -> Self {
        Credentials::custom(t)
    }
}

/// Puts `token` where the first of the operation's schemes that takes a token says.
fn place_token(
    token: &str,
    request: &mut OutgoingRequest,
    operation: &OperationInfo,
) -> Result<(), Error> {
    if token.trim().is_empty() {
        return Err(Error::Auth(
            "the token is empty; nothing was sent".to_owned(),
        ));
    }
    for scheme in operation.security {
        match *scheme {
            SecurityInfo::ApiKey { location, name, .. } => {
                return place_key(token, location, name, request);
            }
            SecurityInfo::Bearer { .. } | SecurityInfo::OAuth2 { .. } => {
                let value = sensitive_value(&format!("Bearer {token}"))?;
                request.headers.insert(http::header::AUTHORIZATION, value);
                return Ok(());
            }
            SecurityInfo::Basic { .. } | SecurityInfo::OtherHttp { .. } => {}
        }
    }
    no_scheme_for("a token", operation)
}

/// An API key in a header, the query or a cookie.
fn place_key(
    key: &str,
    location: KeyLocation,
    name: &str,
    request: &mut OutgoingRequest,
) -> Result<(), Error> {
    match location {
        KeyLocation::Header => {
            let name = HeaderName::from_bytes(name.as_bytes())
                .map_err(|_| Error::Auth(format!("invalid security header name {name:?}")))?;
            request.headers.insert(name, sensitive_value(key)?);
        }
        KeyLocation::Query => {
            request.url.query_pairs_mut().append_pair(name, key);
        }
        KeyLocation::Cookie => {
            if key.contains([';', ',', ' ', '"', '\\']) {
                return Err(Error::Auth(
                    "the key contains characters not allowed in a cookie".to_owned(),
                ));
            }
            let pair = format!("{name}={key}");
            let cookie = match request.headers.get(http::header::COOKIE) {
                Some(existing) => {
                    format!("{}; {pair}", String::from_utf8_lossy(existing.as_bytes()))
                }
                None => pair,
            };
            request
                .headers
                .insert(http::header::COOKIE, sensitive_value(&cookie)?);
        }
    }
    Ok(())
}

/// A header value marked sensitive (never printed by `http`'s Debug).
fn sensitive_value(text: &str) -> Result<HeaderValue, Error> {
    let mut value = HeaderValue::from_str(text).map_err(|_| {
        Error::Auth("the credential contains characters not allowed in an HTTP header".to_owned())
    })?;
    value.set_sensitive(true);
    Ok(value)
}

/// `Ok` for an operation that needs no authentication; otherwise an error naming the
/// schemes the credentials cannot serve.
fn no_scheme_for(what: &str, operation: &OperationInfo) -> Result<(), Error> {
    if operation.security.is_empty() {
        return Ok(());
    }
    let schemes: Vec<String> = operation
        .security
        .iter()
        .map(|s| match s {
            SecurityInfo::ApiKey { scheme, .. } => format!("{scheme} (apiKey)"),
            SecurityInfo::Bearer { scheme } => format!("{scheme} (http bearer)"),
            SecurityInfo::Basic { scheme } => format!("{scheme} (http basic)"),
            SecurityInfo::OAuth2 { scheme } => format!("{scheme} (oauth2)"),
            SecurityInfo::OtherHttp {
                scheme,
                http_scheme,
            } => format!("{scheme} (http {http_scheme})"),
        })
        .collect();
    Err(Error::Auth(format!(
        "{} accepts {}; {what} fits none of them (use Credentials::custom); nothing was sent",
        operation.name,
        schemes.join(", ")
    )))
}

/// HTTP basic credentials. Build with [`Credentials::basic`].
struct BasicCredentials {
    user: String,
    password: SecretString,
}

impl fmt::Debug for BasicCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("BasicCredentials")
            .field("user", &self.user)
            .field("password", &"*** redacted ***")
            .finish()
    }
}

impl Authenticator for BasicCredentials {
    fn authenticate(
        &self,
        request: &mut OutgoingRequest,
        operation: &OperationInfo,
    ) -> Result<(), Error> {
        if operation
            .security
            .iter()
            .any(|s| matches!(s, SecurityInfo::Basic { .. }))
        {
            use base64::Engine as _;
            let pair = format!("{}:{}", self.user, self.password.expose_secret());
            let encoded = base64::engine::general_purpose::STANDARD.encode(pair);
            let value = sensitive_value(&format!("Basic {encoded}"))?;
            request.headers.insert(http::header::AUTHORIZATION, value);
            return Ok(());
        }
        no_scheme_for("a user name and password", operation)
    }
}

/// Credentials whose token a [`TokenProvider`] gives. Build with
/// [`Credentials::token_provider`].
struct ProviderCredentials {
    provider: Arc<dyn TokenProvider>,
}

impl fmt::Debug for ProviderCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ProviderCredentials")
            .field("provider", &self.provider)
            .finish()
    }
}

impl Authenticator for ProviderCredentials {
    fn authenticate(
        &self,
        request: &mut OutgoingRequest,
        operation: &OperationInfo,
    ) -> Result<(), Error> {
        let Some(ProvidedToken(token)) = request.extensions.remove::<ProvidedToken>() else {
            return Err(Error::Auth(
                "the token provider gave no token; nothing was sent".to_owned(),
            ));
        };
        place_token(token.expose_secret(), request, operation)
    }

    fn token_provider(&self) -> Option<&dyn TokenProvider> {
        Some(&*self.provider)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use http::{HeaderMap, Method};
    use url::Url;

    fn request() -> OutgoingRequest {
        OutgoingRequest {
            method: Method::GET,
            url: Url::parse("http://127.0.0.1/x?a=1").unwrap(),
            headers: HeaderMap::new(),
            body: None,
            extensions: http::Extensions::new(),
        }
    }

    fn op(security: &'static [SecurityInfo]) -> OperationInfo {
        OperationInfo {
            name: "op",
            method: "GET",
            path_template: "/x",
            security,
        }
    }

    #[test]
    fn a_token_goes_where_the_first_fitting_scheme_says() {
        let cases: [(&'static [SecurityInfo], &str, &str); 5] = [
            (
                &[SecurityInfo::ApiKey {
                    scheme: "k",
                    location: KeyLocation::Header,
                    name: "X-Api-Key",
                }],
                "x-api-key",
                "t0k",
            ),
            (
                &[SecurityInfo::Bearer { scheme: "b" }],
                "authorization",
                "Bearer t0k",
            ),
            (
                &[
                    SecurityInfo::Basic { scheme: "basic" },
                    SecurityInfo::OAuth2 { scheme: "o" },
                ],
                "authorization",
                "Bearer t0k",
            ),
            (
                &[SecurityInfo::ApiKey {
                    scheme: "c",
                    location: KeyLocation::Cookie,
                    name: "session",
                }],
                "cookie",
                "session=t0k",
            ),
            (
                &[SecurityInfo::ApiKey {
                    scheme: "q",
                    location: KeyLocation::Query,
                    name: "api_key",
                }],
                "",
                "",
            ),
        ];
        for (security, header, value) in cases {
            let mut r = request();
            Credentials::token("t0k")
                .authenticate(&mut r, &op(security))
                .unwrap();
            if header.is_empty() {
                assert_eq!(r.url.query(), Some("a=1&api_key=t0k"));
                assert!(r.headers.is_empty());
            } else {
                assert_eq!(r.headers[header], value, "{security:?}");
                assert!(r.headers[header].is_sensitive());
            }
            assert!(!format!("{r:?}").contains("t0k"), "{r:?}");
        }
    }

    #[test]
    fn basic_credentials_encode_user_and_password() {
        let mut r = request();
        let creds = Credentials::basic("Aladdin", "open sesame");
        creds
            .authenticator()
            .authenticate(&mut r, &op(&[SecurityInfo::Basic { scheme: "b" }]))
            .unwrap();
        // RFC 7617's example.
        assert_eq!(
            r.headers["authorization"],
            "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ=="
        );
        assert!(!format!("{creds:?}").contains("sesame"));
    }

    #[test]
    fn credentials_that_fit_no_scheme_are_an_error_and_public_operations_take_none() {
        let err = Credentials::basic("u", "p")
            .authenticator()
            .authenticate(
                &mut request(),
                &op(&[SecurityInfo::Bearer { scheme: "jwt" }]),
            )
            .unwrap_err();
        assert!(
            err.to_string()
                .contains("op accepts jwt (http bearer); a user name and password fits none"),
            "{err}"
        );
        let digest: &'static [SecurityInfo] = &[SecurityInfo::OtherHttp {
            scheme: "d",
            http_scheme: "digest",
        }];
        assert!(
            Credentials::token("t")
                .authenticate(&mut request(), &op(digest))
                .is_err()
        );
        let mut r = request();
        Credentials::token("t")
            .authenticate(&mut r, &op(&[]))
            .unwrap();
        assert!(r.headers.is_empty());
        for empty in ["", "  "] {
            let err = Credentials::token(empty)
                .authenticate(&mut r, &op(&[]))
                .unwrap_err();
            assert!(err.to_string().contains("the token is empty"), "{err}");
        }
    }

    #[test]
    fn a_provider_token_is_required_in_the_extensions() {
        #[derive(Debug)]
        struct Fixed;
        impl TokenProvider for Fixed {
            fn token(&self) -> crate::auth::TokenFuture<'_> {
                Box::pin(async { Ok(SecretString::from("fr3sh")) })
            }
        }
        let creds = Credentials::token_provider(Fixed);
        let security: &'static [SecurityInfo] = &[SecurityInfo::OAuth2 { scheme: "o" }];
        assert!(creds.authenticator().token_provider().is_some());
        assert!(
            creds
                .authenticator()
                .authenticate(&mut request(), &op(security))
                .is_err()
        );
        let mut r = request();
        r.extensions
            .insert(ProvidedToken(SecretString::from("fr3sh")));
        creds
            .authenticator()
            .authenticate(&mut r, &op(security))
            .unwrap();
        assert_eq!(r.headers["authorization"], "Bearer fr3sh");
    }
}
