//! Security: the schemes each operation accepts (its own `security`, else the document's),
//! resolved in `#/components/securitySchemes`.

use super::operations::is_header_name;
use super::*;

impl<'a> Cx<'a> {
    pub(super) fn security(
        &mut self,
        op: &'a openapiv3::Operation,
        op_ptr: &str,
    ) -> Result<Vec<SecurityScheme>, Error> {
        let reqs = op.security.as_ref().or(self.doc.security.as_ref());
        let mut out = Vec::new();
        for req in reqs.into_iter().flatten() {
            for name in req.keys() {
                let scheme = self
                    .doc
                    .components
                    .as_ref()
                    .and_then(|c| c.security_schemes.get(name));
                let scheme = match scheme {
                    Some(ReferenceOr::Item(s)) => s,
                    _ => {
                        return Err(self.err(
                            ErrorKind::DanglingRef,
                            &ptr(op_ptr, &["security"]),
                            format!("security scheme `{name}` is not defined in #/components/securitySchemes"),
                        ));
                    }
                };
                let s = match scheme {
                    openapiv3::SecurityScheme::APIKey {
                        location,
                        name: key_name,
                        ..
                    } => {
                        let location = match location {
                            openapiv3::APIKeyLocation::Header => KeyLocation::Header,
                            openapiv3::APIKeyLocation::Query => KeyLocation::Query,
                            openapiv3::APIKeyLocation::Cookie => KeyLocation::Cookie,
                        };
                        // Header and cookie names are tokens (RFC 9110, RFC 6265); a query
                        // parameter name is percent-encoded like any other.
                        let token_required = location != KeyLocation::Query;
                        if key_name.is_empty() || (token_required && !is_header_name(key_name)) {
                            return Err(self.err(
                                ErrorKind::InvalidDocument,
                                &ptr("/components/securitySchemes", &[name, "name"]),
                                format!(
                                    "{key_name:?} is not a valid {} name",
                                    match location {
                                        KeyLocation::Header => "HTTP header",
                                        KeyLocation::Query => "query parameter",
                                        KeyLocation::Cookie => "cookie",
                                    }
                                ),
                            ));
                        }
                        SecurityScheme::ApiKey {
                            scheme: name.clone(),
                            location,
                            name: key_name.clone(),
                        }
                    }
                    openapiv3::SecurityScheme::HTTP { scheme, .. } => {
                        match scheme.to_ascii_lowercase().as_str() {
                            "bearer" => SecurityScheme::Bearer {
                                scheme: name.clone(),
                            },
                            "basic" => SecurityScheme::Basic {
                                scheme: name.clone(),
                            },
                            _ => SecurityScheme::OtherHttp {
                                scheme: name.clone(),
                                http_scheme: scheme.clone(),
                            },
                        }
                    }
                    openapiv3::SecurityScheme::OAuth2 { .. }
                    | openapiv3::SecurityScheme::OpenIDConnect { .. } => SecurityScheme::OAuth2 {
                        scheme: name.clone(),
                    },
                };
                if !out.contains(&s) {
                    out.push(s);
                }
            }
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use crate::model::{KeyLocation, SecurityScheme};

    fn lower(schemes: &str, security: &str) -> Result<Vec<SecurityScheme>, crate::Error> {
        let text = format!(
            "openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths:\n  /x:\n    get:\n      security: {security}\n      responses: {{'204': {{description: ok}}}}\ncomponents:\n  securitySchemes:\n{schemes}"
        );
        let loaded = crate::load::load_str("t.yaml", &text)?;
        let (api, _) = super::super::lower(&loaded)?;
        Ok(api.operations[0].security.clone())
    }

    #[test]
    fn every_kind_of_scheme_is_lowered() {
        let schemes = "    h: {type: apiKey, in: header, name: X-Key}\n    q: {type: apiKey, in: query, name: api key}\n    c: {type: apiKey, in: cookie, name: sid}\n    b: {type: http, scheme: Bearer}\n    basic: {type: http, scheme: basic}\n    d: {type: http, scheme: digest}\n    o: {type: oauth2, flows: {clientCredentials: {tokenUrl: 'https://t.example/token', scopes: {}}}}\n    oidc: {type: openIdConnect, openIdConnectUrl: 'https://t.example/.well-known'}\n";
        let got = lower(
            schemes,
            "[{h: []}, {q: []}, {c: []}, {b: []}, {basic: []}, {d: []}, {o: []}, {oidc: []}]",
        )
        .unwrap();
        let s = |n: &str| n.to_owned();
        assert_eq!(
            got,
            vec![
                SecurityScheme::ApiKey {
                    scheme: s("h"),
                    location: KeyLocation::Header,
                    name: s("X-Key")
                },
                SecurityScheme::ApiKey {
                    scheme: s("q"),
                    location: KeyLocation::Query,
                    name: s("api key")
                },
                SecurityScheme::ApiKey {
                    scheme: s("c"),
                    location: KeyLocation::Cookie,
                    name: s("sid")
                },
                SecurityScheme::Bearer { scheme: s("b") },
                SecurityScheme::Basic { scheme: s("basic") },
                SecurityScheme::OtherHttp {
                    scheme: s("d"),
                    http_scheme: s("digest")
                },
                SecurityScheme::OAuth2 { scheme: s("o") },
                SecurityScheme::OAuth2 { scheme: s("oidc") },
            ]
        );
    }

    #[test]
    fn names_that_cannot_be_sent_are_errors_at_the_scheme() {
        for (scheme, message) in [
            (
                "{type: apiKey, in: header, name: 'X Key'}",
                "not a valid HTTP header name",
            ),
            (
                "{type: apiKey, in: cookie, name: 'a;b'}",
                "not a valid cookie name",
            ),
            (
                "{type: apiKey, in: query, name: ''}",
                "not a valid query parameter name",
            ),
        ] {
            let err = lower(&format!("    k: {scheme}\n"), "[{k: []}]").unwrap_err();
            assert_eq!(err.pointer(), Some("/components/securitySchemes/k/name"));
            assert!(err.to_string().contains(message), "{err}");
        }
        let err = lower("    k: {type: http, scheme: basic}\n", "[{nope: []}]").unwrap_err();
        assert_eq!(err.pointer(), Some("/paths/~1x/get/security"));
    }
}
