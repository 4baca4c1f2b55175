//! Bodies: the request body of an operation (media type picked by preference), the type
//! of its success responses and those of its error responses.

use super::*;
use openapiv3::MediaType;

impl<'a> Cx<'a> {
    pub(super) fn request_body(
        &mut self,
        rb: &'a ReferenceOr<openapiv3::RequestBody>,
        at: &str,
        builder_name: &str,
    ) -> Result<Option<RequestBody>, Error> {
        let (rb, rp) = self.resolve_request_body(rb, at)?;
        let Some((media_type, kind, media)) = pick_media(&rb.content) else {
            if rb.content.is_empty() {
                return Ok(None);
            }
            let types: Vec<&str> = rb.content.keys().map(String::as_str).collect();
            return Err(self.err(
                ErrorKind::Unsupported,
                &ptr(&rp, &["content"]),
                format!("request body media type(s) {types:?} are not supported"),
            ));
        };
        for other in rb.content.keys().filter(|k| *k != media_type) {
            self.warn(
                &ptr(&rp, &["content", other]),
                format!(
                    "request body media type `{other}` is not generated; `{media_type}` is used"
                ),
            );
        }
        let mp = ptr(&rp, &["content", media_type]);
        let ty = match (&media.schema, kind) {
            (_, BodyKind::Binary | BodyKind::Multipart) => TypeRef::Bytes,
            (_, BodyKind::Text) => TypeRef::String,
            (Some(s), _) => self.schema_ref_type(
                view(s),
                &format!("{builder_name}Body"),
                &ptr(&mp, &["schema"]),
            )?,
            (None, _) => TypeRef::Json,
        };
        let example = media
            .examples
            .values()
            .find_map(|e| match e {
                ReferenceOr::Item(ex) => ex.value.clone(),
                ReferenceOr::Reference { .. } => None,
            })
            .or_else(|| media.example.clone());
        Ok(Some(RequestBody {
            media_type: media_type.to_owned(),
            kind,
            ty,
            required: rb.required,
            example,
        }))
    }

    pub(super) fn success(
        &mut self,
        op: &'a openapiv3::Operation,
        op_ptr: &str,
        builder_name: &str,
    ) -> Result<SuccessResponse, Error> {
        let mut statuses = Vec::new();
        let mut ty: Option<TypeRef> = None;
        for (code, resp) in &op.responses.responses {
            let code_str = code.to_string();
            if !code_str.starts_with('2') {
                continue;
            }
            statuses.push(code_str.clone());
            let rp = ptr(op_ptr, &["responses", &code_str]);
            let (resp, rp) = self.resolve_response(resp, &rp)?;
            let json = resp
                .content
                .iter()
                .find(|(k, _)| is_json(k))
                .map(|(k, m)| (k.clone(), m));
            let Some((mt, media)) = json else { continue };
            let this = match &media.schema {
                Some(s) => self.schema_ref_type(
                    view(s),
                    &format!("{builder_name}Response"),
                    &ptr(&rp, &["content", &mt, "schema"]),
                )?,
                None => TypeRef::Json,
            };
            match &ty {
                None => ty = Some(this),
                Some(prev) if *prev == this => {}
                Some(_) => {
                    self.warn(&rp, "success responses have different body types; the body is decoded as a JSON value");
                    ty = Some(TypeRef::Json);
                }
            }
        }
        Ok(SuccessResponse { statuses, ty })
    }
}

impl<'a> Cx<'a> {
    /// The non-success responses of `op` (see [`Operation::errors`]): every declared status
    /// that is not 2xx, and `default`. The body type is that of the first JSON media type;
    /// an inline schema is named `{builder}Error{status}` (`…Error4xx`, `…ErrorDefault`).
    pub(super) fn errors(
        &mut self,
        op: &'a openapiv3::Operation,
        op_ptr: &str,
        builder_name: &str,
    ) -> Result<Vec<ErrorResponse>, Error> {
        let declared = op.responses.responses.iter().filter_map(|(code, resp)| {
            let key = match *code {
                openapiv3::StatusCode::Code(c) if !(200..300).contains(&c) => StatusKey::Code(c),
                openapiv3::StatusCode::Range(d) if d != 2 => StatusKey::Range(d),
                _ => return None,
            };
            Some((key, resp))
        });
        let default = op.responses.default.iter().map(|r| (StatusKey::Default, r));
        let mut out = Vec::new();
        for (status, resp) in declared.chain(default) {
            let at = ptr(op_ptr, &["responses", &status.to_string()]);
            let (resp, rp) = self.resolve_response(resp, &at)?;
            let json = resp.content.iter().find(|(k, _)| is_json(k));
            let ty = match json {
                None => None,
                Some((mt, media)) => Some(match &media.schema {
                    None => TypeRef::Json,
                    Some(schema) => {
                        let suffix = match status {
                            StatusKey::Code(c) => c.to_string(),
                            StatusKey::Range(d) => format!("{d}xx"),
                            StatusKey::Default => "Default".to_owned(),
                        };
                        self.schema_ref_type(
                            view(schema),
                            &format!("{builder_name}Error{suffix}"),
                            &ptr(&rp, &["content", mt, "schema"]),
                        )?
                    }
                }),
            };
            out.push(ErrorResponse {
                status,
                pointer: rp,
                ty,
            });
        }
        out.sort_by_key(|e| e.status);
        Ok(out)
    }
}

pub(super) fn is_json(media_type: &str) -> bool {
    let base = media_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    base == "application/json" || base.ends_with("+json") || base == "*/*"
}

fn pick_media(
    content: &indexmap::IndexMap<String, MediaType>,
) -> Option<(&str, BodyKind, &MediaType)> {
    let classify = |k: &str| -> Option<BodyKind> {
        let base = k
            .split(';')
            .next()
            .unwrap_or("")
            .trim()
            .to_ascii_lowercase();
        if is_json(k) {
            Some(BodyKind::Json)
        } else if base == "application/x-www-form-urlencoded" {
            Some(BodyKind::Form)
        } else if base.starts_with("text/") {
            Some(BodyKind::Text)
        } else if base == "multipart/form-data" {
            Some(BodyKind::Multipart)
        } else {
            // Any other media type is sent as raw bytes with its content type.
            Some(BodyKind::Binary)
        }
    };
    for want in [
        BodyKind::Json,
        BodyKind::Form,
        BodyKind::Multipart,
        BodyKind::Text,
        BodyKind::Binary,
    ] {
        if let Some((k, m)) = content.iter().find(|(k, _)| classify(k) == Some(want)) {
            return Some((k.as_str(), want, m));
        }
    }
    None
}
