//! The HTTP edge every function shares: extractors that parse requests into the use cases'
//! inputs ([`extract`]), problem+json for every error ([`problem`]), the bearer token, and
//! [`finish`], which gives each function's router the common behaviour: the request id in logs and
//! answers, problem+json for unknown paths and methods, no caching of authenticated answers, and a
//! problem+json 500 (never a dead instance) should anything panic.

pub mod extract;
mod objects;
pub mod problem;

pub use extract::{ApiJson, ApiJsonOrEmpty, ApiPath, ApiQuery, IdempotencyKey, MAX_BODY_BYTES};

use crate::app::AppState;
use crate::error::AppError;
use crate::identity::Bearer;
use axum::extract::{FromRequestParts, Request};
use axum::http::{header, request::Parts, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Serialize;

impl FromRequestParts<AppState> for Bearer {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let token = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer ").or_else(|| v.strip_prefix("bearer ")))
            .ok_or(AppError::Unauthorized)?;
        Bearer::verify(state, token.trim())
    }
}

/// A body as its use case takes it: parsed, or the error that goes only to a caller who may ask.
pub fn body<T>(parsed: Result<ApiJson<T>, AppError>) -> Result<T, AppError> {
    parsed.map(|ApiJson(body)| body)
}

/// An optional body as its use case takes it.
pub fn optional_body<T>(parsed: Result<ApiJsonOrEmpty<T>, AppError>) -> Result<T, AppError> {
    parsed.map(|ApiJsonOrEmpty(body)| body)
}

/// Query parameters as their use case takes them.
pub fn query<T>(parsed: Result<ApiQuery<T>, AppError>) -> Result<T, AppError> {
    parsed.map(|ApiQuery(query)| query)
}

/// A list's `?limit=&cursor=`, checked.
pub fn page(parsed: Result<ApiQuery<crate::views::PageParams>, AppError>) -> Result<crate::views::PageRequest, AppError> {
    query(parsed).and_then(crate::views::PageParams::parse)
}

/// A searchable list's `?query=&limit=&cursor=`, checked.
pub fn search(parsed: Result<ApiQuery<crate::views::SearchParams>, AppError>) -> Result<crate::views::SearchRequest, AppError> {
    query(parsed).and_then(crate::views::SearchParams::parse)
}

/// A JSON answer with its status.
pub fn json<T: Serialize>(status: StatusCode, value: T) -> Response {
    (status, Json(value)).into_response()
}

/// `200 OK` with a JSON body.
pub fn ok<T: Serialize>(value: T) -> Response {
    json(StatusCode::OK, value)
}

/// `201 Created` with a JSON body.
pub fn created<T: Serialize>(value: T) -> Response {
    json(StatusCode::CREATED, value)
}

/// `202 Accepted` with a JSON body.
pub fn accepted<T: Serialize>(value: T) -> Response {
    json(StatusCode::ACCEPTED, value)
}

/// An empty `204`.
pub fn no_content() -> Response {
    StatusCode::NO_CONTENT.into_response()
}

/// Public answers may be cached briefly by browsers and CDNs.
pub fn cacheable(mut response: Response) -> Response {
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=60"));
    response
}

/// Answers routes no function serves.
pub async fn not_found() -> AppError {
    AppError::NotFound
}

/// Answers a known path with a method it does not take.
pub async fn method_not_allowed() -> AppError {
    AppError::MethodNotAllowed
}

/// The request's id: API Gateway's `requestId` when the request came through it, else a new one.
fn request_id(req: &Request) -> String {
    use lambda_http::request::RequestContext;
    let from_gateway = match req.extensions().get::<RequestContext>() {
        Some(RequestContext::ApiGatewayV2(ctx)) => ctx.request_id.clone(),
        _ => None,
    };
    from_gateway.filter(|id| !id.is_empty() && id.len() <= 128).unwrap_or_else(|| ulid::Ulid::new().to_string())
}

/// The edge around every request: runs it as its request id, answers a panic with a problem+json
/// 500 and a log line, marks answers that chose no caching `no-store` (most carry a company's
/// data behind a bearer token), and names the request id in `x-request-id`.
async fn edge(req: Request, next: Next) -> Response {
    use futures_util::FutureExt;
    let id = request_id(&req);
    let served = crate::observe::with_request_id(id.clone(), async move {
        match std::panic::AssertUnwindSafe(next.run(req)).catch_unwind().await {
            Ok(response) => response,
            Err(panic) => {
                let what = panic.downcast_ref::<&str>().map(|s| s.to_string()).or_else(|| panic.downcast_ref::<String>().cloned());
                AppError::internal(format!("panic: {}", what.unwrap_or_default())).into_response()
            }
        }
    });
    let mut response = served.await;
    let headers = response.headers_mut();
    if !headers.contains_key(header::CACHE_CONTROL) {
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    if let Ok(value) = HeaderValue::from_str(&id) {
        headers.insert("x-request-id", value);
    }
    response
}

/// Applies the edge every function shares to its router.
pub fn finish(router: axum::Router<AppState>, state: AppState) -> axum::Router {
    router.fallback(not_found).method_not_allowed_fallback(method_not_allowed).layer(axum::middleware::from_fn(edge)).with_state(state)
}
