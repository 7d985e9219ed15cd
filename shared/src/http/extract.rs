//! Request extractors: JSON bodies (64 KiB at most, unknown fields refused, errors that name the
//! field), query strings, path parameters and the `Idempotency-Key` header, each failing as
//! problem+json.

use super::objects::ObjectsOnly;
use crate::error::AppError;
use axum::body::to_bytes;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use serde::de::DeserializeOwned;

/// Largest request body accepted.
pub const MAX_BODY_BYTES: usize = 64 * 1024;

/// Parses a JSON body into `T` (whose `Deserialize` should `deny_unknown_fields`), its structs
/// from JSON objects only ([`ObjectsOnly`]), naming the offending field on failure.
pub fn parse_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, AppError> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(AppError::field("body", "Falta el cuerpo JSON."));
    }
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let value = serde_path_to_error::deserialize(ObjectsOnly(&mut de)).map_err(|err| {
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

async fn body_bytes(req: Request) -> Result<axum::body::Bytes, AppError> {
    to_bytes(req.into_body(), MAX_BODY_BYTES).await.map_err(|_| AppError::field("body", "El cuerpo supera el máximo de 64 KiB."))
}

/// A JSON request body, at most [`MAX_BODY_BYTES`].
pub struct ApiJson<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for ApiJson<T> {
    type Rejection = AppError;

    async fn from_request(req: Request, _state: &S) -> Result<Self, Self::Rejection> {
        parse_json(&body_bytes(req).await?).map(ApiJson)
    }
}

/// An optional JSON body: an empty one reads as `T::default()`.
pub struct ApiJsonOrEmpty<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned + Default> FromRequest<S> for ApiJsonOrEmpty<T> {
    type Rejection = AppError;

    async fn from_request(req: Request, _state: &S) -> Result<Self, Self::Rejection> {
        let bytes = body_bytes(req).await?;
        if bytes.iter().all(u8::is_ascii_whitespace) {
            return Ok(ApiJsonOrEmpty(T::default()));
        }
        parse_json(&bytes).map(ApiJsonOrEmpty)
    }
}

/// Query-string parameters parsed into `T`; a bad one is `validation_failed`.
pub struct ApiQuery<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequestParts<S> for ApiQuery<T> {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        if parts.uri.query().is_some_and(|q| q.len() > 4096) {
            return Err(AppError::field("query", "Los parámetros son demasiado largos."));
        }
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

/// The `Idempotency-Key` header of a purchase: 1 to 255 visible ASCII characters, if present.
pub struct IdempotencyKey(pub Option<String>);

impl<S: Send + Sync> FromRequestParts<S> for IdempotencyKey {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let Some(raw) = parts.headers.get("idempotency-key") else { return Ok(IdempotencyKey(None)) };
        let key = raw.to_str().map(str::trim).unwrap_or_default();
        if key.is_empty() || key.len() > 255 || !key.bytes().all(|b| b.is_ascii_graphic()) {
            return Err(AppError::field("Idempotency-Key", "La Idempotency-Key lleva de 1 a 255 caracteres visibles."));
        }
        Ok(IdempotencyKey(Some(key.to_string())))
    }
}

impl IdempotencyKey {
    /// The key, where the route requires one.
    pub fn required(self) -> Result<String, AppError> {
        self.0.ok_or_else(|| AppError::field("Idempotency-Key", "Falta el encabezado Idempotency-Key (1 a 255 caracteres visibles)."))
    }
}
