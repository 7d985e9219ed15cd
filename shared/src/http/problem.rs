//! Errors as RFC 9457 problem documents (`application/problem+json`) with the contract's `code`,
//! mapped from [`AppError`] in this one place, each carrying the request id a customer can quote
//! to support.

use crate::error::{AppError, CouponRefusal, FieldError};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

/// The problem document.
#[derive(Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Problem<'a> {
    /// `https://cloudstore.dev/problems/{code}`.
    #[serde(rename = "type")]
    #[cfg_attr(feature = "openapi", schema(format = "uri"))]
    pub kind: String,
    pub title: &'a str,
    #[cfg_attr(feature = "openapi", schema(minimum = 400, maximum = 599))]
    pub status: u16,
    pub detail: &'a str,
    /// The stable, machine-readable reason.
    pub code: &'a str,
    /// The rejected fields of a `validation_failed`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub errors: Option<&'a [FieldError]>,
    /// The request's id (API Gateway's `requestId`), to quote to support; also in the
    /// `x-request-id` header.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
}

/// A problem+json response.
pub fn problem(status: StatusCode, code: &str, title: &str, detail: &str, errors: Option<&[FieldError]>) -> Response {
    let body = Problem {
        kind: format!("https://cloudstore.dev/problems/{code}"),
        title,
        status: status.as_u16(),
        detail,
        code,
        errors,
        request_id: crate::observe::request_id(),
    };
    let json = serde_json::to_vec(&body).unwrap_or_default();
    let mut response = (status, json).into_response();
    response.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("application/problem+json"));
    response
}

/// Status, code, title and detail of each error.
fn describe(err: &AppError) -> (StatusCode, &'static str, &'static str, &'static str) {
    use AppError::*;
    match err {
        Validation(_) => (StatusCode::BAD_REQUEST, "validation_failed", "Datos inválidos", "Revisá los campos indicados."),
        Unauthorized => (StatusCode::UNAUTHORIZED, "unauthorized", "Sesión no válida", "Iniciá sesión de nuevo."),
        InvalidCredentials => (StatusCode::UNAUTHORIZED, "invalid_credentials", "Credenciales incorrectas", "El email o la contraseña no son correctos."),
        AccountNotActive => (StatusCode::FORBIDDEN, "account_not_active", "Cuenta no activa", "Tu cuenta espera la activación: seguí el enlace que te enviamos por email o pedí uno nuevo con \"Restablecer contraseña\"."),
        Forbidden => (StatusCode::FORBIDDEN, "forbidden", "Sin permiso", "Tu rol no permite esta acción."),
        NotFound => (StatusCode::NOT_FOUND, "not_found", "No encontrado", "No existe o no pertenece a tu empresa."),
        MethodNotAllowed => (StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed", "Método no permitido", "Esta dirección no admite ese método."),
        EmailTaken => (StatusCode::CONFLICT, "email_taken", "Email en uso", "Ya existe una cuenta con ese email."),
        LastAdmin => (StatusCode::CONFLICT, "last_admin", "Último administrador", "La empresa se quedaría sin administrador. Hay dos salidas: primero dale el rol de administrador a otro usuario, o pedí la baja de la cuenta de la empresa."),
        TokenInvalid => (StatusCode::BAD_REQUEST, "token_invalid", "Enlace no válido", "El enlace no es válido o ya se usó."),
        TokenExpired => (StatusCode::GONE, "token_expired", "Enlace vencido", "El enlace venció. Pedí uno nuevo."),
        TooManyAttempts { .. } => (StatusCode::TOO_MANY_REQUESTS, "too_many_attempts", "Demasiados intentos", "Esperá unos minutos antes de volver a intentar."),
        Coupon(refusal) => {
            let (code, title, detail) = match refusal {
                CouponRefusal::Invalid => ("coupon_invalid", "Cupón inválido", "Ese cupón no existe o ya no está vigente."),
                CouponRefusal::Expired => ("coupon_expired", "Cupón fuera de fecha", "El cupón no es válido en esta fecha."),
                CouponRefusal::Exhausted => ("coupon_exhausted", "Cupón agotado", "El cupón ya se usó todas las veces permitidas."),
                CouponRefusal::AlreadyUsed => ("coupon_already_used", "Cupón ya usado", "Tu empresa ya usó este cupón."),
                CouponRefusal::NotApplicable => ("coupon_not_applicable", "El cupón no aplica", "El cupón no aplica a esta compra: revisá los productos, el monto mínimo o si es solo para la primera compra."),
            };
            (StatusCode::UNPROCESSABLE_ENTITY, code, title, detail)
        }
        IdempotencyConflict => (StatusCode::UNPROCESSABLE_ENTITY, "idempotency_conflict", "Clave de idempotencia reutilizada", "Esa Idempotency-Key ya se usó con otro pedido."),
        NoSeatsAvailable => (StatusCode::CONFLICT, "no_seats_available", "Sin licencias libres", "Todas las licencias de la suscripción están asignadas."),
        SeatsInUse => (StatusCode::CONFLICT, "seats_in_use", "Licencias en uso", "Hay más licencias asignadas que las pedidas: liberá algunas primero."),
        AlreadyDecided => (StatusCode::CONFLICT, "already_decided", "Ya decidido", "El pedido ya fue aprobado o rechazado."),
        SpendLimitExceeded => (StatusCode::UNPROCESSABLE_ENTITY, "spend_limit_exceeded", "Límite de gasto superado", "El pedido supera el límite de gasto diario o de 30 días de la empresa."),
        Conflict => (StatusCode::CONFLICT, "conflict", "Cambio simultáneo", "Otro cambio se hizo al mismo tiempo; volvé a intentar."),
        Internal(_) => (StatusCode::INTERNAL_SERVER_ERROR, "internal_error", "Error interno", "Algo salió mal. Intentá de nuevo en unos minutos."),
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        if let AppError::Internal(err) = &self {
            tracing::error!(error = %err, source = ?err, "internal error");
        }
        let (status, code, title, detail) = describe(&self);
        let errors = match &self {
            AppError::Validation(errors) => Some(errors.as_slice()),
            _ => None,
        };
        let mut response = problem(status, code, title, detail, errors);
        match &self {
            AppError::TooManyAttempts { retry_after_secs } => {
                response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(*retry_after_secs));
            }
            AppError::Unauthorized => {
                response.headers_mut().insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
            }
            _ => {}
        }
        response
    }
}

/// Every problem `code` with its status (the OpenAPI document lists them).
pub fn codes() -> Vec<(u16, &'static str)> {
    use AppError::*;
    let all = [
        Validation(vec![]),
        Unauthorized,
        InvalidCredentials,
        AccountNotActive,
        Forbidden,
        NotFound,
        MethodNotAllowed,
        EmailTaken,
        LastAdmin,
        TokenInvalid,
        TokenExpired,
        TooManyAttempts { retry_after_secs: 0 },
        Coupon(CouponRefusal::Invalid),
        Coupon(CouponRefusal::Expired),
        Coupon(CouponRefusal::Exhausted),
        Coupon(CouponRefusal::AlreadyUsed),
        Coupon(CouponRefusal::NotApplicable),
        IdempotencyConflict,
        NoSeatsAvailable,
        SeatsInUse,
        AlreadyDecided,
        SpendLimitExceeded,
        Conflict,
        AppError::internal("x"),
    ];
    all.iter()
        .map(|e| {
            let (status, code, _, _) = describe(e);
            (status.as_u16(), code)
        })
        .collect()
}
