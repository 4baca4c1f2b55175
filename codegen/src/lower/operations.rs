//! Operations: each path item's operations, with their method and builder names,
//! parameters (path-level merged with operation-level) and servers.

use super::bodies::is_json;
use super::schemas::{FieldMeta, join_docs};
use super::*;
use openapiv3::{Parameter, ParameterSchemaOrContent};

impl<'a> Cx<'a> {
    pub(super) fn servers(&self) -> Vec<Server> {
        self.doc
            .servers
            .iter()
            .map(|s| {
                let mut variables: Vec<ServerVariable> = s
                    .variables
                    .iter()
                    .flatten()
                    .map(|(name, v)| ServerVariable {
                        name: name.clone(),
                        default: v.default.clone(),
                        allowed: v.enumeration.clone(),
                        description: v.description.clone(),
                    })
                    .collect();
                variables.sort_by(|a, b| a.name.cmp(&b.name));
                Server {
                    url: s.url.clone(),
                    description: s.description.clone(),
                    variables,
                }
            })
            .collect()
    }

    pub(super) fn operations(&mut self) -> Result<Vec<Operation>, Error> {
        let mut ops = Vec::new();
        let mut sources: Vec<&'a openapiv3::Operation> = Vec::new();
        let mut by_id: BTreeMap<String, String> = BTreeMap::new();
        let mut method_ns = Namespace::default();
        method_ns.reserve(&["new", "builder", "with_core", "core"]);
        // Builder names come from method names, but two of those can give one name in
        // UpperCamelCase (`foo_2`, `foo2`), and a prelude name gets a suffix.
        let mut builder_ns = Namespace::default();
        let mut paths: Vec<(&String, &ReferenceOr<openapiv3::PathItem>)> =
            self.doc.paths.paths.iter().collect();
        paths.sort_by(|a, b| a.0.cmp(b.0));
        for (path, item) in paths {
            let item_ptr = ptr("/paths", &[path]);
            if let Err(problem) = check_template(path) {
                return Err(self.err(
                    ErrorKind::InvalidDocument,
                    &item_ptr,
                    format!("path template `{path}` is malformed: {problem}"),
                ));
            }
            let item = match item {
                ReferenceOr::Item(i) => i,
                ReferenceOr::Reference { reference } => {
                    return Err(self.err(
                        ErrorKind::Unsupported,
                        &item_ptr,
                        format!("path item `$ref: {reference}` is not supported"),
                    ));
                }
            };
            for (method, op) in item.iter() {
                let op_ptr = ptr(&item_ptr, &[method]);
                if let Some(id) = &op.operation_id
                    && let Some(first) = by_id.insert(id.clone(), op_ptr.clone())
                {
                    return Err(self.err(
                        ErrorKind::Conflict,
                        &op_ptr,
                        format!("duplicate operationId `{id}` (also used at #{first})"),
                    ));
                }
                let base = match &op.operation_id {
                    Some(id) => id.clone(),
                    None => format!("{method} {path}"),
                };
                let (method_name, clash) = method_ns.claim(&names::snake(&base), &op_ptr);
                if let Some(first) = clash {
                    self.warn(
                        &op_ptr,
                        format!("method name collides with #{first}; named `{method_name}`"),
                    );
                }
                let (builder_name, _) =
                    builder_ns.claim(&names::builder_name(&method_name), &op_ptr);
                ops.push(self.operation(
                    op,
                    &item.parameters,
                    path,
                    method,
                    &op_ptr,
                    method_name,
                    builder_name,
                )?);
                sources.push(op);
            }
        }
        // Error responses last: an inline error schema identical to a request or success
        // body of a later operation then shares that body's name, not the other way round,
        // and the names of request and success types do not depend on the error responses.
        for (op, source) in ops.iter_mut().zip(sources) {
            op.errors = self.errors(source, &op.pointer, &op.builder_name)?;
        }
        Ok(ops)
    }

    #[allow(clippy::too_many_arguments)]
    pub(super) fn operation(
        &mut self,
        op: &'a openapiv3::Operation,
        path_params: &'a [ReferenceOr<Parameter>],
        path: &str,
        method: &str,
        op_ptr: &str,
        method_name: String,
        builder_name: String,
    ) -> Result<Operation, Error> {
        // Operation-level parameters override path-level ones with the same name and location.
        let mut merged: Vec<(&Parameter, String)> = Vec::new();
        for (list, base) in [
            (path_params, ptr("/paths", &[path, "parameters"])),
            (&op.parameters[..], ptr(op_ptr, &["parameters"])),
        ] {
            for (i, p) in list.iter().enumerate() {
                let pp = ptr(&base, &[&i.to_string()]);
                let (param, pp) = self.resolve_param(p, &pp)?;
                let key = (param.parameter_data_ref().name.clone(), location_of(param));
                merged
                    .retain(|(q, _)| (q.parameter_data_ref().name.clone(), location_of(q)) != key);
                merged.push((param, pp));
            }
        }
        let mut params = Vec::new();
        let mut ns = Namespace::default();
        ns.reserve(&[
            "body",
            "client",
            "send",
            "new",
            "core",
            "invalid",
            "request",
            "raw",
            "value",
            "path",
            "error_body",
        ]);
        for (param, pp) in merged {
            let data = param.parameter_data_ref();
            let mut query_style = QueryStyle::Form;
            let (location, explode) = match param {
                Parameter::Path { .. } => (ParamLocation::Path, false),
                Parameter::Query { style, .. } => {
                    query_style = match style {
                        openapiv3::QueryStyle::Form => QueryStyle::Form,
                        openapiv3::QueryStyle::SpaceDelimited => QueryStyle::SpaceDelimited,
                        openapiv3::QueryStyle::PipeDelimited => QueryStyle::PipeDelimited,
                        openapiv3::QueryStyle::DeepObject => QueryStyle::DeepObject,
                    };
                    (ParamLocation::Query, data.explode.unwrap_or(true))
                }
                Parameter::Header { .. } => (ParamLocation::Header, false),
                Parameter::Cookie { .. } => {
                    return Err(self.err(
                        ErrorKind::Unsupported,
                        &pp,
                        "cookie parameters are not supported",
                    ));
                }
            };
            if location == ParamLocation::Header && !is_header_name(&data.name) {
                return Err(self.err(
                    ErrorKind::InvalidDocument,
                    &pp,
                    format!(
                        "header parameter name {:?} is not a valid HTTP header name (a token of letters, digits and !#$%&'*+-.^_`|~)",
                        data.name
                    ),
                ));
            }
            if location == ParamLocation::Path && !path.contains(&format!("{{{}}}", data.name)) {
                return Err(self.err(
                    ErrorKind::InvalidDocument,
                    &pp,
                    format!(
                        "path parameter `{}` does not appear in the path template `{path}`",
                        data.name
                    ),
                ));
            }
            let (schema, sp, json) = self.param_schema(&data.format, &pp)?;
            let context = format!("{builder_name}{}", names::camel(&data.name));
            let (ty, meta) = match schema {
                Some(schema) => {
                    let ty = self.schema_ref_type(view(schema), &context, &sp)?;
                    let (resolved, _) = self.deref_schema(view(schema), &sp)?;
                    (ty, FieldMeta::from_schema(resolved, true))
                }
                // `content` without a schema: any JSON value.
                None => (
                    TypeRef::Json,
                    FieldMeta {
                        nullable: false,
                        docs: None,
                        default: None,
                        constraints: Constraints::default(),
                    },
                ),
            };
            let (rust_name, _) = ns.claim(&names::snake(&data.name), &pp);
            params.push(Param {
                wire_name: data.name.clone(),
                rust_name,
                location,
                required: data.required || location == ParamLocation::Path,
                ty,
                docs: data.description.clone().or(meta.docs),
                constraints: meta.constraints,
                explode,
                style: query_style,
                example: data.example.clone(),
                json,
            });
        }
        for name in template_params(path) {
            if !params
                .iter()
                .any(|p| p.location == ParamLocation::Path && p.wire_name == name)
            {
                self.warn(
                    op_ptr,
                    format!(
                        "path template `{path}` uses `{{{name}}}` but no path parameter declares it; it is generated as a required string parameter"
                    ),
                );
                let (rust_name, _) = ns.claim(&names::snake(&name), op_ptr);
                params.push(Param {
                    wire_name: name,
                    rust_name,
                    location: ParamLocation::Path,
                    required: true,
                    ty: TypeRef::String,
                    docs: None,
                    constraints: Constraints::default(),
                    explode: false,
                    style: QueryStyle::Form,
                    example: None,
                    json: false,
                });
            }
        }
        let order = template_params(path);
        params.sort_by_key(|p| {
            let pos = order
                .iter()
                .position(|n| *n == p.wire_name)
                .unwrap_or(usize::MAX);
            (p.location, pos, p.wire_name.clone())
        });

        let body = match &op.request_body {
            None => None,
            Some(rb) => self.request_body(rb, &ptr(op_ptr, &["requestBody"]), &builder_name)?,
        };
        let success = self.success(op, op_ptr, &builder_name)?;
        let security = self.security(op, op_ptr)?;
        let docs = join_docs(op.summary.as_deref(), op.description.as_deref());
        Ok(Operation {
            operation_id: op.operation_id.clone(),
            method_name,
            builder_name,
            pointer: op_ptr.to_owned(),
            http_method: method.to_ascii_uppercase(),
            path: path.to_owned(),
            docs,
            deprecated: op.deprecated,
            params,
            body,
            success,
            errors: Vec::new(),
            security,
        })
    }

    /// The schema of a parameter, its pointer, and whether the value is sent as JSON text:
    /// `schema`, or `content` with one JSON media type (its schema may be absent: any
    /// value). Any other `content` is an error naming it.
    fn param_schema(
        &self,
        format: &'a ParameterSchemaOrContent,
        pp: &str,
    ) -> Result<(Option<&'a ReferenceOr<Schema>>, String, bool), Error> {
        let content = match format {
            ParameterSchemaOrContent::Schema(s) => {
                return Ok((Some(s), ptr(pp, &["schema"]), false));
            }
            ParameterSchemaOrContent::Content(content) => content,
        };
        let mut entries = content.iter();
        match (entries.next(), entries.next()) {
            (Some((media_type, media)), None) if is_json(media_type) => Ok((
                media.schema.as_ref(),
                ptr(pp, &["content", media_type, "schema"]),
                true,
            )),
            _ => {
                let types: Vec<&str> = content.keys().map(String::as_str).collect();
                Err(self.err(
                    ErrorKind::Unsupported,
                    &ptr(pp, &["content"]),
                    format!(
                        "parameter `content` must hold exactly one media type, application/json (or another JSON type); it has {types:?}"
                    ),
                ))
            }
        }
    }
}

fn location_of(p: &Parameter) -> u8 {
    match p {
        Parameter::Path { .. } => 0,
        Parameter::Query { .. } => 1,
        Parameter::Header { .. } => 2,
        Parameter::Cookie { .. } => 3,
    }
}

/// Whether `name` is an HTTP header name: a token (RFC 9110, section 5.6.2).
pub(super) fn is_header_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

/// Checks that every `{` of a path template is closed by a `}` before the next `{`, that
/// no `}` stands alone and that no placeholder is empty; the problem otherwise.
pub(super) fn check_template(path: &str) -> Result<(), String> {
    let mut open: Option<usize> = None;
    for (i, c) in path.char_indices() {
        match (c, open) {
            ('{', None) => open = Some(i),
            ('{', Some(_)) => return Err(format!("a `{{` inside a placeholder at byte {i}")),
            ('}', None) => return Err(format!("a `}}` that closes nothing at byte {i}")),
            ('}', Some(start)) if start + 1 == i => {
                return Err(format!("an empty placeholder `{{}}` at byte {start}"));
            }
            ('}', Some(_)) => open = None,
            _ => {}
        }
    }
    match open {
        Some(start) => Err(format!("the `{{` at byte {start} is never closed")),
        None => Ok(()),
    }
}

/// The `{name}` placeholders of a path template, in order.
pub fn template_params(path: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = path;
    while let Some(start) = rest.find('{') {
        let after = &rest[start + 1..];
        let Some(end) = after.find('}') else { break };
        out.push(after[..end].to_owned());
        rest = &after[end + 1..];
    }
    out
}
