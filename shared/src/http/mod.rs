//! The HTTP edge every function shares: extractors that parse requests into the use cases'
//! inputs (`extract`), problem+json for every error ([`problem`]), the bearer token, and
//! [`finish`], which gives each function's router the common behaviour: the request id in logs and
//! answers, problem+json for unknown paths and methods, no caching of authenticated answers, and a
//! problem+json 500 (never a dead instance) should anything panic.

pub(crate) mod extract;
mod objects;
pub mod problem;

pub use extract::{ApiJson, ApiJsonOrEmpty, ApiPath, ApiQuery, IdempotencyKey, MAX_BODY_BYTES};

use crate::app::AppState;
use crate::domain::ClientIp;
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

/// The address the request came from, as the edge established it ([`finish`]): API Gateway's
/// `requestContext.http.sourceIp`, or behind the store's CloudFront distribution its
/// `CloudFront-Viewer-Address`, never a header a caller writes. Requests that did not come through
/// API Gateway (in process) are one caller, `unknown`.
pub struct SourceIp(pub ClientIp);

impl<S: Send + Sync> FromRequestParts<S> for SourceIp {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let ip = match parts.extensions.get::<Caller>() {
            Some(Caller(ip)) => ip.clone(),
            None => ClientIp::from_source(gateway_source_ip(&parts.extensions)),
        };
        Ok(SourceIp(ip))
    }
}

/// The caller's address, set by [`origin`] for the handlers.
#[derive(Clone)]
struct Caller(ClientIp);

/// The header the store's CloudFront distribution adds to every request it sends the API, with
/// the value set at deploy (`ORIGIN_VERIFY_SECRET`).
pub const ORIGIN_VERIFY_HEADER: &str = "x-origin-verify";
/// The viewer's address and port, added by CloudFront (its origin request policy names it).
pub(crate) const VIEWER_ADDRESS_HEADER: &str = "cloudfront-viewer-address";

fn gateway_source_ip(extensions: &axum::http::Extensions) -> Option<&str> {
    use lambda_http::request::RequestContext;
    match extensions.get::<RequestContext>() {
        Some(RequestContext::ApiGatewayV2(ctx)) => ctx.http.source_ip.as_deref(),
        _ => None,
    }
}

/// Who is calling. With `ORIGIN_VERIFY_SECRET` set (in AWS), a request that does not carry it
/// did not come through the store's distribution and is refused (`403`); one that does is from
/// `CloudFront-Viewer-Address`, whatever else it says. Without it (`make dev`, the tests), the
/// caller is API Gateway's source address and the CloudFront headers mean nothing.
async fn origin(axum::extract::State(app): axum::extract::State<AppState>, mut req: Request, next: Next) -> Response {
    let source = ClientIp::from_source(gateway_source_ip(req.extensions()));
    let caller = match app.config().origin_verify_secret.as_deref() {
        None => source,
        Some(secret) => {
            let presented = req.headers().get(ORIGIN_VERIFY_HEADER).map(HeaderValue::as_bytes).unwrap_or_default();
            if !same_secret(presented, secret.as_bytes()) {
                tracing::warn!("refused a request that did not come through the store's CloudFront distribution");
                return AppError::Forbidden.into_response();
            }
            match req.headers().get(VIEWER_ADDRESS_HEADER).and_then(|v| v.to_str().ok()) {
                Some(viewer) => ClientIp::from_viewer_address(viewer),
                None => source,
            }
        }
    };
    req.extensions_mut().insert(Caller(caller));
    next.run(req).await
}

/// Compares digests, so how long the comparison takes says nothing about the secret.
fn same_secret(presented: &[u8], secret: &[u8]) -> bool {
    use sha2::{Digest, Sha256};
    Sha256::digest(presented) == Sha256::digest(secret)
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

/// Whether the client asked for CSV (`Accept: text/csv`).
pub fn wants_csv(headers: &axum::http::HeaderMap) -> bool {
    headers.get(header::ACCEPT).and_then(|v| v.to_str().ok()).is_some_and(|a| a.contains("text/csv"))
}

/// A CSV download (`text/csv; charset=utf-8`, saved as `filename`).
pub fn csv(body: Vec<u8>, filename: &str) -> Response {
    let mut response = body.into_response();
    response.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("text/csv; charset=utf-8"));
    if let Ok(value) = HeaderValue::from_str(&format!("attachment; filename=\"{filename}\"")) {
        response.headers_mut().insert(header::CONTENT_DISPOSITION, value);
    }
    response
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
        std::panic::AssertUnwindSafe(next.run(req)).catch_unwind().await.unwrap_or_else(|panic| panic_answer(&*panic))
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

/// Runs a matched request inside the span of its use case, named by its route
/// (`route = "POST /subscriptions/{id}/licences"`) and carrying the request id: a function crate's
/// handler calls one use case per route, so every log line and internal error written while it
/// runs says which use case and which request it came from (the logs show the innermost span).
async fn use_case(req: Request, next: Next) -> Response {
    use futures_util::FutureExt;
    use tracing::Instrument;
    let path = req.extensions().get::<axum::extract::MatchedPath>().map(|p| p.as_str().to_string()).unwrap_or_default();
    let request_id = crate::observe::request_id().unwrap_or_default();
    let span = tracing::info_span!("use_case", route = %format_args!("{} {path}", req.method()), request_id = %request_id);
    // A panic is answered inside the span, so its log line names the route too.
    let served =
        async move { std::panic::AssertUnwindSafe(next.run(req)).catch_unwind().await.unwrap_or_else(|panic| panic_answer(&*panic)) };
    served.instrument(span).await
}

/// A problem+json 500 for a panic, logged with what the panic said.
fn panic_answer(panic: &(dyn std::any::Any + Send)) -> Response {
    let what = panic.downcast_ref::<&str>().map(|s| s.to_string()).or_else(|| panic.downcast_ref::<String>().cloned());
    AppError::internal(format!("panic: {}", what.unwrap_or_default())).into_response()
}

/// Applies the edge every function shares to its router.
pub fn finish(router: axum::Router<AppState>, state: AppState) -> axum::Router {
    router
        .route_layer(axum::middleware::from_fn(use_case))
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(axum::middleware::from_fn_with_state(state.clone(), origin))
        .layer(axum::middleware::from_fn(edge))
        .with_state(state)
}

#[cfg(test)]
mod tests;
