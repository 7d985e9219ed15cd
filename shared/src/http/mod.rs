//! The HTTP edge shared by every function: JSON bodies in (64 KiB limit, unknown fields refused,
//! errors that name the field), problem+json out (RFC 9457, with the contract's `code`s), and the
//! authenticated caller.

mod caller;

pub use caller::{Bearer, Caller};

use crate::app::AppState;
use crate::error::{AppError, FieldError};
use axum::body::to_bytes;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::{header, request::Parts, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::de::DeserializeOwned;
use serde::Serialize;

/// Largest request body accepted.
pub const MAX_BODY_BYTES: usize = 64 * 1024;

#[derive(Serialize)]
struct Problem<'a> {
    #[serde(rename = "type")]
    kind: String,
    title: &'a str,
    status: u16,
    detail: &'a str,
    code: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    errors: Option<&'a [FieldError]>,
}

/// A problem+json response.
pub fn problem(status: StatusCode, code: &str, title: &str, detail: &str, errors: Option<&[FieldError]>) -> Response {
    let body = Problem { kind: format!("https://cloudstore.dev/problems/{code}"), title, status: status.as_u16(), detail, code, errors };
    let json = serde_json::to_vec(&body).unwrap_or_default();
    let mut response = (status, json).into_response();
    response.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("application/problem+json"));
    response
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        use AppError::*;
        let (status, code, title, detail) = match &self {
            Validation(_) => (StatusCode::BAD_REQUEST, "validation_failed", "Datos inválidos", "Revisá los campos indicados."),
            Unauthorized => (StatusCode::UNAUTHORIZED, "unauthorized", "Sesión no válida", "Iniciá sesión de nuevo."),
            InvalidCredentials => (StatusCode::UNAUTHORIZED, "invalid_credentials", "Credenciales incorrectas", "El email o la contraseña no son correctos."),
            AccountNotActive => (StatusCode::FORBIDDEN, "account_not_active", "Cuenta no activa", "Tu cuenta espera la activación: seguí el enlace que te enviamos por email o pedí uno nuevo con \"Olvidé mi contraseña\"."),
            Forbidden => (StatusCode::FORBIDDEN, "forbidden", "Sin permiso", "Tu rol no permite esta acción."),
            NotFound => (StatusCode::NOT_FOUND, "not_found", "No encontrado", "No existe o no pertenece a tu empresa."),
            MethodNotAllowed => (StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed", "Método no permitido", "Esta dirección no admite ese método."),
            EmailTaken => (StatusCode::CONFLICT, "email_taken", "Email en uso", "Ya existe una cuenta con ese email."),
            LastAdmin => (StatusCode::CONFLICT, "last_admin", "Último administrador", "La empresa se quedaría sin administrador. Hay dos salidas: primero dale el rol de administrador a otro usuario, o pedí la baja de la cuenta de la empresa."),
            TokenInvalid => (StatusCode::BAD_REQUEST, "token_invalid", "Enlace no válido", "El enlace no es válido o ya se usó."),
            TokenExpired => (StatusCode::GONE, "token_expired", "Enlace vencido", "El enlace venció. Pedí uno nuevo."),
            TooManyAttempts { .. } => (StatusCode::TOO_MANY_REQUESTS, "too_many_attempts", "Demasiados intentos", "Esperá unos minutos antes de volver a intentar."),
            Coupon(refusal) => {
                use crate::domain::coupon::CouponRefusal::*;
                let (code, title, detail) = match refusal {
                    Invalid => ("coupon_invalid", "Cupón inválido", "Ese cupón no existe o ya no está vigente."),
                    Expired => ("coupon_expired", "Cupón fuera de fecha", "El cupón no es válido en esta fecha."),
                    Exhausted => ("coupon_exhausted", "Cupón agotado", "El cupón ya se usó todas las veces permitidas."),
                    AlreadyUsed => ("coupon_already_used", "Cupón ya usado", "Tu empresa ya usó este cupón."),
                    NotApplicable => ("coupon_not_applicable", "El cupón no aplica", "El cupón no aplica a esta compra: revisá los productos, el monto mínimo o si es solo para la primera compra."),
                };
                (StatusCode::UNPROCESSABLE_ENTITY, code, title, detail)
            }
            IdempotencyConflict => (StatusCode::UNPROCESSABLE_ENTITY, "idempotency_conflict", "Clave de idempotencia reutilizada", "Esa Idempotency-Key ya se usó con otro pedido."),
            NoSeatsAvailable => (StatusCode::CONFLICT, "no_seats_available", "Sin licencias libres", "Todas las licencias de la suscripción están asignadas."),
            SeatsInUse => (StatusCode::CONFLICT, "seats_in_use", "Licencias en uso", "Hay más licencias asignadas que las pedidas: liberá algunas primero."),
            AlreadyDecided => (StatusCode::CONFLICT, "already_decided", "Ya decidido", "El pedido ya fue aprobado o rechazado."),
            SpendLimitExceeded => (StatusCode::UNPROCESSABLE_ENTITY, "spend_limit_exceeded", "Límite de gasto superado", "El pedido supera el límite de gasto diario o de 30 días de la empresa."),
            Conflict => (StatusCode::CONFLICT, "conflict", "Cambio simultáneo", "Otro cambio se hizo al mismo tiempo; volvé a intentar."),
            Internal(err) => {
                tracing::error!(error = %err, source = ?err, "internal error");
                (StatusCode::INTERNAL_SERVER_ERROR, "internal_error", "Error interno", "Algo salió mal. Intentá de nuevo en unos minutos.")
            }
        };
        let errors = match &self {
            Validation(errors) => Some(errors.as_slice()),
            _ => None,
        };
        let mut response = problem(status, code, title, detail, errors);
        match &self {
            TooManyAttempts { retry_after_secs } => {
                response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(*retry_after_secs));
            }
            Unauthorized => {
                response.headers_mut().insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
            }
            _ => {}
        }
        response
    }
}

/// Parses a JSON body into `T` (whose `Deserialize` should `deny_unknown_fields`), naming the
/// offending field on failure.
pub fn parse_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, AppError> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(AppError::field("body", "Falta el cuerpo JSON."));
    }
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let value = serde_path_to_error::deserialize(&mut de).map_err(|err| {
        let path = err.path().to_string();
        let field = if path == "." { "body".to_string() } else { path };
        AppError::field(field, json_message(err.inner()))
    })?;
    de.end().map_err(|e| AppError::field("body", json_message(&e)))?;
    Ok(value)
}

fn json_message(err: &serde_json::Error) -> String {
    use serde_json::error::Category;
    match err.classify() {
        Category::Syntax | Category::Eof => format!("JSON mal formado: {err}"),
        Category::Data | Category::Io => err.to_string(),
    }
}

/// A JSON request body, at most [`MAX_BODY_BYTES`].
pub struct ApiJson<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for ApiJson<T> {
    type Rejection = AppError;

    async fn from_request(req: Request, _state: &S) -> Result<Self, Self::Rejection> {
        let bytes = to_bytes(req.into_body(), MAX_BODY_BYTES)
            .await
            .map_err(|_| AppError::field("body", "El cuerpo supera el máximo de 64 KiB."))?;
        parse_json(&bytes).map(ApiJson)
    }
}

/// Query-string parameters parsed into `T`; a bad one is `validation_failed`.
pub struct ApiQuery<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequestParts<S> for ApiQuery<T> {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        axum::extract::Query::<T>::try_from_uri(&parts.uri).map(|q| ApiQuery(q.0)).map_err(|e| AppError::field("query", e.body_text()))
    }
}

/// Path parameters parsed into `T`. A segment that is not valid UTF-8 (`/users/%FF`) names nothing
/// the store could hold, so it answers `not_found` like any unknown id, as problem+json.
pub struct ApiPath<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned + Send> FromRequestParts<S> for ApiPath<T> {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        axum::extract::Path::<T>::from_request_parts(parts, state).await.map(|p| ApiPath(p.0)).map_err(|_| AppError::NotFound)
    }
}

/// `?limit=&cursor=` of the contract's lists: limit 1 to 100 (default 50), an opaque cursor.
#[derive(Debug, Default, serde::Deserialize)]
pub struct PageParams {
    #[serde(default)]
    limit: Option<u32>,
    #[serde(default)]
    cursor: Option<String>,
}

impl PageParams {
    /// The checked limit and the decoded cursor (a sort key).
    pub fn parse(&self) -> Result<(u32, Option<String>), AppError> {
        let limit = self.limit.unwrap_or(50);
        if !(1..=100).contains(&limit) {
            return Err(AppError::field("limit", "El límite va de 1 a 100."));
        }
        let cursor = match &self.cursor {
            None => None,
            Some(raw) => Some(decode_cursor(raw).ok_or_else(|| AppError::field("cursor", "El cursor no es válido."))?),
        };
        Ok((limit, cursor))
    }
}

fn decode_cursor(raw: &str) -> Option<String> {
    use base64::Engine;
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(raw).ok()?;
    String::from_utf8(bytes).ok().filter(|sk| !sk.is_empty() && sk.len() <= 1024)
}

/// The contract's list answer: `{"items": [...], "next_cursor": string|null}`.
pub fn page<T: Serialize>(items: &[T], next: Option<&str>) -> Response {
    use base64::Engine;
    let next_cursor = next.map(|sk| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(sk));
    json(StatusCode::OK, &serde_json::json!({ "items": items, "next_cursor": next_cursor }))
}

/// An optional JSON body: an empty one reads as `T::default()`.
pub struct ApiJsonOrEmpty<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned + Default> FromRequest<S> for ApiJsonOrEmpty<T> {
    type Rejection = AppError;

    async fn from_request(req: Request, _state: &S) -> Result<Self, Self::Rejection> {
        let bytes = to_bytes(req.into_body(), MAX_BODY_BYTES)
            .await
            .map_err(|_| AppError::field("body", "El cuerpo supera el máximo de 64 KiB."))?;
        if bytes.iter().all(u8::is_ascii_whitespace) {
            return Ok(ApiJsonOrEmpty(T::default()));
        }
        parse_json(&bytes).map(ApiJsonOrEmpty)
    }
}

/// The `Idempotency-Key` header of a purchase: required, 1 to 255 visible ASCII characters.
pub fn idempotency_key(headers: &axum::http::HeaderMap) -> Result<String, AppError> {
    let key = headers.get("idempotency-key").and_then(|v| v.to_str().ok()).map(str::trim).unwrap_or_default();
    if key.is_empty() || key.len() > 255 || !key.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(AppError::field("Idempotency-Key", "Falta el encabezado Idempotency-Key (1 a 255 caracteres visibles)."));
    }
    Ok(key.to_string())
}

/// A JSON response with a status.
pub fn json<T: Serialize>(status: StatusCode, value: &T) -> Response {
    (status, axum::Json(value)).into_response()
}

/// Answers routes no function serves.
pub async fn not_found() -> AppError {
    AppError::NotFound
}

/// Answers a known path with a method it does not take.
pub async fn method_not_allowed() -> AppError {
    AppError::MethodNotAllowed
}

/// An empty 204.
pub fn no_content() -> Response {
    StatusCode::NO_CONTENT.into_response()
}

/// Marks an answer that did not choose its own caching `no-store`: most carry a company's data
/// behind a bearer token, which no browser or proxy cache may keep.
async fn no_store_by_default(mut response: Response) -> Response {
    if !response.headers().contains_key(header::CACHE_CONTROL) {
        response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    response
}

/// Applies the edge every function shares to its router: problem+json for unknown paths and
/// methods, and no caching of authenticated answers.
pub fn finish(router: axum::Router<AppState>, state: AppState) -> axum::Router {
    router
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(axum::middleware::map_response(no_store_by_default))
        .with_state(state)
}
