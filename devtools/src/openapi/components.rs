//! What operations share: the bearer scheme, the list and purchase parameters, and one response
//! per problem status, each listing the problem `code`s of that status as `AppError` maps them
//! (`cloudstore::http::problem::codes()`), so a new code shows up here by itself.

use super::op::Schemas;
use cloudstore::http::problem::{codes, Problem};
use serde_json::json;
use utoipa::openapi::header::HeaderBuilder;
use utoipa::openapi::path::{Parameter, ParameterBuilder, ParameterIn};
use utoipa::openapi::response::{Response, ResponseBuilder};
use utoipa::openapi::schema::{KnownFormat, ObjectBuilder, Schema, SchemaFormat, Type};
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::openapi::{Content, Ref, RefOr, Required};
use utoipa::{PartialSchema, ToSchema};

/// The problem statuses, each with its `components/responses` name and what it means.
const PROBLEMS: [(u16, &str, &str); 10] = [
    (400, "BadRequest", "Malformed: the body or a parameter (`errors` lists the fields), unknown fields, a body over 64 KiB; or an activation or reset token that is unknown or already used."),
    (401, "Unauthorized", "No token, or a bad, expired or revoked one."),
    (403, "Forbidden", "Authenticated, but the role may not do this."),
    (404, "NotFound", "No such thing in the caller's company (also for another company's ids)."),
    (405, "MethodNotAllowed", "The path exists but does not take that method (behind API Gateway or `cargo lambda watch` the router answers such requests itself)."),
    (409, "Conflict", "A concurrent change won a race (`conflict`: retry), or the operation's own conflict."),
    (410, "TokenExpired", "An activation or reset token past its expiry."),
    (422, "Unprocessable", "Well formed, but refused by a rule: of the purchase (the coupon, the idempotency key, the spend limits), or a webhook URL the store will not call."),
    (429, "TooManyAttempts", "Brute-force protection, or an hourly limit per source IP, email recipient or company."),
    (500, "InternalError", "Something unexpected; logged with its cause."),
];

/// The name of the shared response of a problem status.
pub fn problem_response_name(status: u16) -> &'static str {
    PROBLEMS.iter().find(|(s, ..)| *s == status).map(|(_, name, _)| *name).unwrap_or_else(|| panic!("no problem response for {status}"))
}

/// A problem+json response described by the operation itself.
pub fn problem_response(description: &str) -> Response {
    ResponseBuilder::new().description(description).content("application/problem+json", problem_content()).build()
}

fn problem_content() -> Content {
    Content::new(Some(Ref::from_schema_name("Problem")))
}

/// `components/responses`: one per problem status, with the codes of that status.
pub fn responses() -> Vec<(String, Response)> {
    let all = codes();
    if let Some((status, code)) = all.iter().find(|(status, _)| !PROBLEMS.iter().any(|(s, ..)| s == status)) {
        panic!("the problem code `{code}` answers {status}, which devtools/src/openapi/components.rs does not describe");
    }
    PROBLEMS
        .iter()
        .map(|(status, name, meaning)| {
            let own: Vec<String> = all.iter().filter(|(s, _)| s == status).map(|(_, code)| format!("`{code}`")).collect();
            let mut response = ResponseBuilder::new()
                .description(format!("{meaning} Codes: {}.", own.join(", ")))
                .content("application/problem+json", problem_content());
            if *status == 401 {
                let bearer = ObjectBuilder::new().schema_type(Type::String).enum_values(Some(["Bearer"]));
                response = response.header("WWW-Authenticate", HeaderBuilder::new().schema(Some(bearer)).build());
            }
            if *status == 429 {
                let seconds = ObjectBuilder::new().schema_type(Type::Integer).minimum(Some(0));
                let header = HeaderBuilder::new().schema(Some(seconds)).description(Some("Seconds to wait before trying again."));
                response = response.header("Retry-After", header.build());
            }
            (name.to_string(), response.build())
        })
        .collect()
}

/// The `Problem` schema from `cloudstore::http::problem::Problem`, its `code` the closed list of
/// codes, and what it names.
pub fn problem_schemas() -> Schemas {
    let mut schemas = Schemas::new();
    <Problem<'static> as ToSchema>::schemas(&mut schemas);
    let RefOr::T(Schema::Object(mut problem)) = <Problem<'static> as PartialSchema>::schema() else { panic!("Problem is an object") };
    let all: Vec<&str> = codes().into_iter().map(|(_, code)| code).collect();
    let code = ObjectBuilder::new()
        .schema_type(Type::String)
        .enum_values(Some(all))
        .description(Some("The stable, machine-readable reason; clients key on it."));
    problem.properties.insert("code".to_string(), code.into());
    schemas.push(("Problem".to_string(), Schema::Object(problem).into()));
    schemas
}

/// `Authorization: Bearer <access_token>`.
pub fn bearer() -> SecurityScheme {
    let mut http = HttpBuilder::new().scheme(HttpAuthScheme::Bearer).bearer_format("JWT").build();
    http.description = Some("The `access_token` of `POST /login` or `POST /token/refresh`.".to_string());
    SecurityScheme::Http(http)
}

/// A parameter of an operation, with the schemas it names.
pub struct Param {
    pub parameter: RefOr<Parameter>,
    pub schemas: Schemas,
}

impl Param {
    /// A path segment naming a `T` (an id type).
    pub fn path<T: ToSchema>(name: &str, description: &str) -> Param {
        let mut schemas = Schemas::new();
        T::schemas(&mut schemas);
        schemas.push((T::name().into_owned(), T::schema()));
        Param { parameter: RefOr::T(Self::built(name, ParameterIn::Path, true, description, Ref::from_schema_name(T::name()))), schemas }
    }

    /// A path segment that is not an id.
    pub fn path_text(name: &str, description: &str, schema: impl Into<RefOr<Schema>>) -> Param {
        Param { parameter: RefOr::T(Self::built(name, ParameterIn::Path, true, description, schema)), schemas: Schemas::new() }
    }

    /// A query parameter.
    pub fn query(name: &str, required: bool, description: &str, schema: impl Into<RefOr<Schema>>) -> Param {
        Param { parameter: RefOr::T(Self::built(name, ParameterIn::Query, required, description, schema)), schemas: Schemas::new() }
    }

    /// `?limit=`: 1 to 100, 50 when left out (`cloudstore::views::PageParams`).
    pub fn limit() -> Param {
        Self::shared("Limit")
    }

    /// `?query=`: words to search for (`cloudstore::domain::search::SearchTerms`).
    pub fn search() -> Param {
        Self::shared("Query")
    }

    /// `?cursor=`: the `next_cursor` of the previous page.
    pub fn cursor() -> Param {
        Self::shared("Cursor")
    }

    /// The `Idempotency-Key` header of a purchase (`cloudstore::http::IdempotencyKey`).
    pub fn idempotency_key() -> Param {
        Self::shared("IdempotencyKey")
    }

    /// The `Idempotency-Key` header of a change where it may be left out (a seat change).
    pub fn optional_idempotency_key() -> Param {
        Self::shared("OptionalIdempotencyKey")
    }

    /// `?kind=&from=&to=` of an audit trail.
    pub fn audit_filters() -> [Param; 3] {
        [Self::shared("AuditKind"), Self::shared("AuditFrom"), Self::shared("AuditTo")]
    }

    fn shared(name: &str) -> Param {
        Param { parameter: RefOr::Ref(Ref::new(format!("#/components/parameters/{name}"))), schemas: Schemas::new() }
    }

    fn built(name: &str, place: ParameterIn, required: bool, description: &str, schema: impl Into<RefOr<Schema>>) -> Parameter {
        let required = if required { Required::True } else { Required::False };
        ParameterBuilder::new()
            .name(name)
            .parameter_in(place)
            .required(required)
            .description(Some(description))
            .schema(Some(schema))
            .build()
    }
}

/// `components/parameters`: the ones [`Param::limit`], [`Param::search`], [`Param::cursor`] and
/// [`Param::idempotency_key`] refer to.
pub fn parameters() -> Vec<(&'static str, Parameter)> {
    let limit = ObjectBuilder::new().schema_type(Type::Integer).minimum(Some(1)).maximum(Some(100)).default(Some(json!(50)));
    let cursor = ObjectBuilder::new().schema_type(Type::String).max_length(Some(2048)).pattern(Some("^[A-Za-z0-9_-]+$"));
    let time = || ObjectBuilder::new().schema_type(Type::String).format(Some(SchemaFormat::KnownFormat(KnownFormat::DateTime)));
    let key = || ObjectBuilder::new().schema_type(Type::String).min_length(Some(1)).max_length(Some(255)).pattern(Some("^[!-~]+$"));
    let query = ObjectBuilder::new().schema_type(Type::String).max_length(Some(200));
    vec![
        ("Limit", Param::built("limit", ParameterIn::Query, false, "Page size.", limit)),
        (
            "Query",
            Param::built(
                "query",
                ParameterIn::Query,
                false,
                "Words to look for, accents and case aside; a record matches when it holds every one.",
                query,
            ),
        ),
        (
            "Cursor",
            Param::built("cursor", ParameterIn::Query, false, "The `next_cursor` of the previous page (opaque, URL-safe base64).", cursor),
        ),
        (
            "IdempotencyKey",
            Param::built(
                "Idempotency-Key",
                ParameterIn::Header,
                true,
                "1 to 255 visible ASCII characters; a retry with the same key and body answers the same order.",
                key(),
            ),
        ),
        (
            "OptionalIdempotencyKey",
            Param::built(
                "Idempotency-Key",
                ParameterIn::Header,
                false,
                "1 to 255 visible ASCII characters; a retry with the same key and body answers the same.",
                key(),
            ),
        ),
        (
            "AuditKind",
            Param::built(
                "kind",
                ParameterIn::Query,
                false,
                "An action's family (`user`, `account`, `staff`, `order`, `subscription`, `licence`, `company`, \
                 `product`, `coupon`) or one action (`order.placed`).",
                ObjectBuilder::new().schema_type(Type::String).max_length(Some(64)),
            ),
        ),
        ("AuditFrom", Param::built("from", ParameterIn::Query, false, "The earliest time, RFC 3339.", time())),
        ("AuditTo", Param::built("to", ParameterIn::Query, false, "The latest time, RFC 3339 (not before `from`).", time())),
    ]
}
