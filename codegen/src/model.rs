//! The intermediate model: everything the emitters need, with names already resolved.
//!
//! Emitters read only this model, never the spec. Every list here is in a deterministic
//! order (types by name, fields in spec order, operations by path then method).

use serde_json::Value;

/// A whole API.
#[derive(Debug, Clone, PartialEq)]
pub struct Api {
    /// `info.title`.
    pub title: String,
    /// `info.version`.
    pub version: String,
    /// `info.description`.
    pub description: Option<String>,
    /// `servers`.
    pub servers: Vec<Server>,
    /// Named types, sorted by Rust name.
    pub types: Vec<TypeDef>,
    /// Operations, in path order then method order.
    pub operations: Vec<Operation>,
    /// The vendor profile the client is generated with (the spec's `x-hcgen-profile`, or
    /// [`Options::profile`](crate::Options::profile), which wins).
    pub profile: Option<Profile>,
}

/// A vendor's behaviour added to the generic client, from the runtime crate of that vendor.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Profile {
    /// Huawei Cloud (`hcgen-huaweicloud`): AK/SK signing and `X-Project-Id`, the project of
    /// the credentials for an unset `{project_id}`, the official error-body formats and
    /// endpoint override variables.
    HuaweiCloud,
}

impl Profile {
    /// Every profile.
    pub const ALL: [Profile; 1] = [Profile::HuaweiCloud];

    /// The name used by `--profile` and `x-hcgen-profile`.
    pub fn name(self) -> &'static str {
        match self {
            Profile::HuaweiCloud => "huaweicloud",
        }
    }

    /// The profile of `name`, if there is one.
    pub fn from_name(name: &str) -> Option<Profile> {
        Profile::ALL.into_iter().find(|p| p.name() == name)
    }
}

/// One entry of `servers`.
#[derive(Debug, Clone, PartialEq)]
pub struct Server {
    /// URL template, e.g. `https://cbr.{region}.myhuaweicloud.com`.
    pub url: String,
    /// Description.
    pub description: Option<String>,
    /// Template variables, in template order of first use, then the rest by name.
    pub variables: Vec<ServerVariable>,
}

/// A server URL template variable.
#[derive(Debug, Clone, PartialEq)]
pub struct ServerVariable {
    /// Name used in the template.
    pub name: String,
    /// Default value.
    pub default: String,
    /// Allowed values (empty: any).
    pub allowed: Vec<String>,
    /// Description.
    pub description: Option<String>,
}

/// A named Rust type.
#[derive(Debug, Clone, PartialEq)]
pub struct TypeDef {
    /// Rust type name (UpperCamelCase, unique).
    pub name: String,
    /// JSON pointer of the schema in the spec.
    pub pointer: String,
    /// Documentation (already in the spec's words).
    pub docs: Option<String>,
    /// What the type is.
    pub kind: TypeKind,
    /// Reachable from a request (gets validation and constructors).
    pub in_request: bool,
    /// Reachable from a response.
    pub in_response: bool,
}

/// The kinds of named types.
#[derive(Debug, Clone, PartialEq)]
pub enum TypeKind {
    /// An object with known properties.
    Struct {
        /// Fields in spec order.
        fields: Vec<Field>,
        /// `additionalProperties` with a schema: extra keys are collected in a map.
        additional: Option<TypeRef>,
    },
    /// A string or integer enum; stays open (unknown values decode into `Unknown`).
    Enum {
        /// The wire representation.
        repr: EnumRepr,
        /// Known values.
        variants: Vec<EnumVariant>,
    },
    /// `oneOf` / `anyOf`.
    Union {
        /// Alternatives in spec order.
        variants: Vec<UnionVariant>,
        /// `discriminator.propertyName`, for a tagged union.
        discriminator: Option<String>,
    },
    /// A named alias of another type (e.g. a named array or string schema).
    Alias(TypeRef),
}

/// Wire representation of an enum.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EnumRepr {
    /// JSON strings.
    String,
    /// JSON integers.
    Integer,
}

/// One known enum value.
#[derive(Debug, Clone, PartialEq)]
pub struct EnumVariant {
    /// Rust variant name.
    pub rust_name: String,
    /// The wire value.
    pub value: Value,
}

/// One alternative of a union.
#[derive(Debug, Clone, PartialEq)]
pub struct UnionVariant {
    /// Rust variant name.
    pub rust_name: String,
    /// Discriminator values that select it (empty when untagged).
    pub tags: Vec<String>,
    /// The payload type.
    pub ty: TypeRef,
}

/// A struct field.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// Name on the wire, exactly as in the spec.
    pub wire_name: String,
    /// Rust field name (snake_case, unique in the struct).
    pub rust_name: String,
    /// JSON pointer of the property schema.
    pub pointer: String,
    /// Value type (without the `Option` for optional fields).
    pub ty: TypeRef,
    /// In the schema's `required` list.
    pub required: bool,
    /// `nullable: true`.
    pub nullable: bool,
    /// Documentation.
    pub docs: Option<String>,
    /// `default`, if any (documented; not injected).
    pub default: Option<Value>,
    /// Request-side constraints.
    pub constraints: Constraints,
    /// `#[serde(flatten)]`: an `allOf` part that is not an object (e.g. a `oneOf`).
    pub flatten: bool,
}

/// Constraints checked before a request is sent (never on responses).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Constraints {
    /// `minLength` (characters).
    pub min_length: Option<usize>,
    /// `maxLength` (characters).
    pub max_length: Option<usize>,
    /// `pattern` (ECMA-262 regex, checked with the `regex` crate).
    pub pattern: Option<String>,
    /// `format: uuid`.
    pub uuid: bool,
    /// `minimum` (inclusive unless `exclusive_minimum`).
    pub minimum: Option<f64>,
    /// `exclusiveMinimum`.
    pub exclusive_minimum: bool,
    /// `maximum`.
    pub maximum: Option<f64>,
    /// `exclusiveMaximum`.
    pub exclusive_maximum: bool,
    /// `minItems`.
    pub min_items: Option<usize>,
    /// `maxItems`.
    pub max_items: Option<usize>,
}

impl Constraints {
    /// True when nothing is to be checked.
    pub fn is_empty(&self) -> bool {
        *self == Constraints::default()
    }
}

/// A reference to a type, as used by fields, parameters and bodies.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TypeRef {
    /// `String`.
    String,
    /// `bool`.
    Bool,
    /// `i32`.
    I32,
    /// `i64`.
    I64,
    /// `f64`.
    F64,
    /// Any JSON value.
    Json,
    /// `format: date-time` (kept as text, parsed on demand: never fails a response).
    DateTime,
    /// `format: date`.
    Date,
    /// Raw bytes (`format: binary` bodies).
    Bytes,
    /// A named type.
    Named(String),
    /// `Vec<T>`.
    Array(Box<TypeRef>),
    /// `BTreeMap<String, T>`.
    Map(Box<TypeRef>),
    /// `Box<T>` (breaks a recursive cycle).
    Boxed(Box<TypeRef>),
    /// `Option<T>`: an array item or map value whose schema is `nullable`.
    Nullable(Box<TypeRef>),
}

/// An HTTP operation.
#[derive(Debug, Clone, PartialEq)]
pub struct Operation {
    /// `operationId` as in the spec, if any.
    pub operation_id: Option<String>,
    /// Rust method name (snake_case).
    pub method_name: String,
    /// Rust builder type name (UpperCamelCase).
    pub builder_name: String,
    /// JSON pointer of the operation.
    pub pointer: String,
    /// Upper-case HTTP method.
    pub http_method: String,
    /// Path template as in the spec.
    pub path: String,
    /// Summary and description.
    pub docs: Option<String>,
    /// `deprecated: true`.
    pub deprecated: bool,
    /// Parameters: path (template order), then query, then header (each by name).
    pub params: Vec<Param>,
    /// The request body.
    pub body: Option<RequestBody>,
    /// Success responses.
    pub success: SuccessResponse,
    /// The other responses declared (error statuses, ranges and `default`), exact codes
    /// first (by code), then ranges (by digit), then `default`: the order in which a status
    /// picks its response.
    pub errors: Vec<ErrorResponse>,
    /// Security requirements: alternatives, each a list of header API keys.
    pub security: Vec<SecurityScheme>,
}

/// Where a parameter goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ParamLocation {
    /// In the path template.
    Path,
    /// In the query string.
    Query,
    /// In a header.
    Header,
}

/// An operation parameter.
#[derive(Debug, Clone, PartialEq)]
pub struct Param {
    /// Wire name.
    pub wire_name: String,
    /// Rust name (unique per operation).
    pub rust_name: String,
    /// Location.
    pub location: ParamLocation,
    /// Required.
    pub required: bool,
    /// Type.
    pub ty: TypeRef,
    /// Documentation.
    pub docs: Option<String>,
    /// Constraints.
    pub constraints: Constraints,
    /// For arrays in the query: `explode` (true: `a=1&a=2`; false: `a=1,2`).
    pub explode: bool,
    /// Query serialisation style.
    pub style: QueryStyle,
    /// The documented example, if any.
    pub example: Option<Value>,
    /// Sent as JSON text (the parameter has `content: application/json` instead of a
    /// `schema`), then encoded as its location requires; `explode` and `style` do not apply.
    pub json: bool,
}

/// How a query parameter is serialised (OpenAPI `style`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QueryStyle {
    /// `form` (the default).
    Form,
    /// `spaceDelimited` arrays.
    SpaceDelimited,
    /// `pipeDelimited` arrays.
    PipeDelimited,
    /// `deepObject`: `name[key]=value`.
    DeepObject,
}

/// Media kinds of request bodies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyKind {
    /// `application/json` (and `+json`).
    Json,
    /// `application/x-www-form-urlencoded`.
    Form,
    /// `text/*`.
    Text,
    /// `application/octet-stream` and other binary media.
    Binary,
    /// `multipart/form-data`: parts built with `hcgen_runtime::Multipart`.
    Multipart,
}

/// A request body.
#[derive(Debug, Clone, PartialEq)]
pub struct RequestBody {
    /// The media type as in the spec.
    pub media_type: String,
    /// How it is encoded.
    pub kind: BodyKind,
    /// The Rust type.
    pub ty: TypeRef,
    /// `required: true`.
    pub required: bool,
    /// The first documented example, if any.
    pub example: Option<Value>,
}

/// What a successful call returns.
#[derive(Debug, Clone, PartialEq)]
pub struct SuccessResponse {
    /// The success status codes declared (2xx, `2XX`), in order.
    pub statuses: Vec<String>,
    /// The decoded body type; `None` when no success response has a JSON body.
    pub ty: Option<TypeRef>,
}

/// Which statuses a declared non-success response covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum StatusKey {
    /// One status code, e.g. `404`.
    Code(u16),
    /// A range by its first digit, e.g. `4` for `4XX` (400 to 499).
    Range(u16),
    /// `default`: every status no other response declares.
    Default,
}

impl std::fmt::Display for StatusKey {
    /// As the spec writes it: `404`, `4XX`, `default`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            StatusKey::Code(c) => write!(f, "{c}"),
            StatusKey::Range(d) => write!(f, "{d}XX"),
            StatusKey::Default => f.write_str("default"),
        }
    }
}

/// A declared response that is not a success: its body, when JSON, is decoded into `ty`
/// and kept in the [`ServiceError`](https://docs.rs/hcgen-runtime) next to the raw bytes.
#[derive(Debug, Clone, PartialEq)]
pub struct ErrorResponse {
    /// The statuses it covers.
    pub status: StatusKey,
    /// The JSON pointer of the response (after following `$ref`s to `#/components/responses`).
    pub pointer: String,
    /// The body type; `None` when the response has no JSON content (the raw bytes stay).
    pub ty: Option<TypeRef>,
}

/// A security scheme the operation accepts. Each names its key in
/// `#/components/securitySchemes` (`scheme`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SecurityScheme {
    /// `type: apiKey`: a key in a header, the query or a cookie, under `name`.
    ApiKey {
        /// The scheme's key.
        scheme: String,
        /// Where the key goes.
        location: KeyLocation,
        /// The header, query parameter or cookie name.
        name: String,
    },
    /// `type: http, scheme: bearer`.
    Bearer {
        /// The scheme's key.
        scheme: String,
    },
    /// `type: http, scheme: basic`.
    Basic {
        /// The scheme's key.
        scheme: String,
    },
    /// `type: oauth2` or `type: openIdConnect`: a bearer token that a token provider obtains.
    OAuth2 {
        /// The scheme's key.
        scheme: String,
    },
    /// Another HTTP authentication scheme (e.g. `digest`): the client's own authenticator
    /// decides.
    OtherHttp {
        /// The scheme's key.
        scheme: String,
        /// The HTTP scheme name, as in the spec.
        http_scheme: String,
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
