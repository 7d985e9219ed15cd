//! Errors as RFC 9457 problem documents (`application/problem+json`) with the contract's `code`,
//! mapped from [`AppError`] in this one place, each carrying the request id a customer can quote
//! to support.

use crate::domain::Money;
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
    /// `price_changed` only: the total the request expected (what the person saw).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expected_total: Option<Money>,
    /// `price_changed` only: the total at today's catalog prices.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub current_total: Option<Money>,
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
        expected_total: None,
        current_total: None,
    };
    respond(status, &body)
}

fn respond(status: StatusCode, body: &Problem<'_>) -> Response {
    let json = serde_json::to_vec(body).unwrap_or_default();
    let mut response = (status, json).into_response();
    response.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("application/problem+json"));
    response
}

/// Declares every problem the API can answer, once: the [`ProblemKind`] enum, its
/// [`ProblemKind::ALL`] list (what the OpenAPI document and `docs/api.md` list) and each kind's
/// status, code, title and detail. A kind can't exist without being listed.
macro_rules! problem_kinds {
    ($($kind:ident => ($status:ident, $code:literal, $title:literal, $detail:literal),)*) => {
        /// What kind of problem an [`AppError`] is answered as: one per contract `code`.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum ProblemKind {
            $($kind,)*
        }

        impl ProblemKind {
            /// Every kind, in the order the document lists them.
            pub const ALL: &'static [ProblemKind] = &[$(ProblemKind::$kind,)*];

            /// Status, code, title and detail.
            fn describe(self) -> (StatusCode, &'static str, &'static str, &'static str) {
                match self {
                    $(ProblemKind::$kind => (StatusCode::$status, $code, $title, $detail),)*
                }
            }
        }
    };
}

problem_kinds! {
    Validation => (BAD_REQUEST, "validation_failed", "Datos inválidos", "Revisá los campos indicados."),
    Unauthorized => (UNAUTHORIZED, "unauthorized", "Sesión no válida", "Iniciá sesión de nuevo."),
    InvalidCredentials => (UNAUTHORIZED, "invalid_credentials", "Credenciales incorrectas", "El email o la contraseña no son correctos."),
    AccountNotActive => (FORBIDDEN, "account_not_active", "Cuenta no activa", "Tu cuenta espera la activación: seguí el enlace que te enviamos por email o pedí uno nuevo con \"Restablecer contraseña\"."),
    Forbidden => (FORBIDDEN, "forbidden", "Sin permiso", "Tu rol no permite esta acción."),
    NotFound => (NOT_FOUND, "not_found", "No encontrado", "No existe o no pertenece a tu empresa."),
    MethodNotAllowed => (METHOD_NOT_ALLOWED, "method_not_allowed", "Método no permitido", "Esta dirección no admite ese método."),
    EmailTaken => (CONFLICT, "email_taken", "Email en uso", "Ya existe una cuenta con ese email."),
    LastAdmin => (CONFLICT, "last_admin", "Último administrador", "La empresa se quedaría sin administrador. Hay dos salidas: primero dale el rol de administrador a otro usuario, o pedí la baja de la cuenta de la empresa."),
    LastOperator => (CONFLICT, "last_operator", "Último operador", "Cloud Store se quedaría sin operadores: habilitá o creá otro operador antes."),
    TokenInvalid => (BAD_REQUEST, "token_invalid", "Enlace no válido", "El enlace no es válido o ya se usó."),
    TokenExpired => (GONE, "token_expired", "Enlace vencido", "El enlace venció. Pedí uno nuevo."),
    TooManyAttempts => (TOO_MANY_REQUESTS, "too_many_attempts", "Demasiados intentos", "Esperá unos minutos antes de volver a intentar."),
    RateLimited => (TOO_MANY_REQUESTS, "rate_limited", "Demasiados pedidos", "Se alcanzó el máximo por hora de esta acción. Volvé a intentar más tarde."),
    CouponInvalid => (UNPROCESSABLE_ENTITY, "coupon_invalid", "Cupón inválido", "Ese cupón no existe o ya no está vigente."),
    CouponExpired => (UNPROCESSABLE_ENTITY, "coupon_expired", "Cupón fuera de fecha", "El cupón no es válido en esta fecha."),
    CouponExhausted => (UNPROCESSABLE_ENTITY, "coupon_exhausted", "Cupón agotado", "El cupón ya se usó todas las veces permitidas."),
    CouponAlreadyUsed => (UNPROCESSABLE_ENTITY, "coupon_already_used", "Cupón ya usado", "Tu empresa ya usó este cupón."),
    CouponNotApplicable => (UNPROCESSABLE_ENTITY, "coupon_not_applicable", "El cupón no aplica", "El cupón no aplica a esta compra: revisá los productos, el monto mínimo o si es solo para la primera compra."),
    IdempotencyConflict => (UNPROCESSABLE_ENTITY, "idempotency_conflict", "Clave de idempotencia reutilizada", "Esa Idempotency-Key ya se usó con otro pedido."),
    NoSeatsAvailable => (CONFLICT, "no_seats_available", "Sin licencias libres", "Todas las licencias de la suscripción están asignadas."),
    SeatsInUse => (CONFLICT, "seats_in_use", "Licencias en uso", "Hay más licencias asignadas que las pedidas: liberá algunas primero."),
    AlreadyDecided => (CONFLICT, "already_decided", "Ya decidido", "El pedido ya fue aprobado o rechazado."),
    SpendLimitExceeded => (UNPROCESSABLE_ENTITY, "spend_limit_exceeded", "Límite de gasto superado", "El pedido supera el límite de gasto diario o de 30 días de la empresa."),
    PriceChanged => (CONFLICT, "price_changed", "El precio cambió", "El catálogo cambió desde que viste el total: revisá el total nuevo y confirmá de nuevo."),
    EndpointNotAllowed => (UNPROCESSABLE_ENTITY, "endpoint_not_allowed", "Dirección no permitida", "La URL debe ser https y apuntar a una dirección pública, fuera de cualquier red interna."),
    Conflict => (CONFLICT, "conflict", "Cambio simultáneo", "Otro cambio se hizo al mismo tiempo; volvé a intentar."),
    Internal => (INTERNAL_SERVER_ERROR, "internal_error", "Error interno", "Algo salió mal. Intentá de nuevo en unos minutos."),
}

impl AppError {
    /// The kind of problem this error is answered as (a new variant can't be left unanswered:
    /// the match is exhaustive).
    pub fn kind(&self) -> ProblemKind {
        use AppError::*;
        match self {
            Validation(_) => ProblemKind::Validation,
            Unauthorized => ProblemKind::Unauthorized,
            InvalidCredentials => ProblemKind::InvalidCredentials,
            AccountNotActive => ProblemKind::AccountNotActive,
            Forbidden => ProblemKind::Forbidden,
            NotFound => ProblemKind::NotFound,
            MethodNotAllowed => ProblemKind::MethodNotAllowed,
            EmailTaken => ProblemKind::EmailTaken,
            LastAdmin => ProblemKind::LastAdmin,
            LastOperator => ProblemKind::LastOperator,
            TokenInvalid => ProblemKind::TokenInvalid,
            TokenExpired => ProblemKind::TokenExpired,
            TooManyAttempts { .. } => ProblemKind::TooManyAttempts,
            RateLimited { .. } => ProblemKind::RateLimited,
            Coupon(CouponRefusal::Invalid) => ProblemKind::CouponInvalid,
            Coupon(CouponRefusal::Expired) => ProblemKind::CouponExpired,
            Coupon(CouponRefusal::Exhausted) => ProblemKind::CouponExhausted,
            Coupon(CouponRefusal::AlreadyUsed) => ProblemKind::CouponAlreadyUsed,
            Coupon(CouponRefusal::NotApplicable) => ProblemKind::CouponNotApplicable,
            IdempotencyConflict => ProblemKind::IdempotencyConflict,
            NoSeatsAvailable => ProblemKind::NoSeatsAvailable,
            SeatsInUse => ProblemKind::SeatsInUse,
            AlreadyDecided => ProblemKind::AlreadyDecided,
            SpendLimitExceeded => ProblemKind::SpendLimitExceeded,
            PriceChanged { .. } => ProblemKind::PriceChanged,
            EndpointNotAllowed(_) => ProblemKind::EndpointNotAllowed,
            Conflict => ProblemKind::Conflict,
            Internal(_) => ProblemKind::Internal,
        }
    }
}

/// Status, code, title and detail of each error.
fn describe(err: &AppError) -> (StatusCode, &'static str, &'static str, &'static str) {
    err.kind().describe()
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        if let AppError::Internal(err) = &self {
            tracing::error!(error = %err, source = ?err, "internal error");
        }
        let (status, code, title, detail) = describe(&self);
        let refused_url;
        let errors = match &self {
            AppError::Validation(errors) => Some(errors.as_slice()),
            AppError::EndpointNotAllowed(why) => {
                refused_url = [FieldError::new("url", *why)];
                Some(refused_url.as_slice())
            }
            _ => None,
        };
        let mut response = match &self {
            AppError::PriceChanged { expected, current } => {
                let body = Problem {
                    kind: format!("https://cloudstore.dev/problems/{code}"),
                    title,
                    status: status.as_u16(),
                    detail,
                    code,
                    errors: None,
                    request_id: crate::observe::request_id(),
                    expected_total: Some(Money::ars(*expected)),
                    current_total: Some(Money::ars(*current)),
                };
                respond(status, &body)
            }
            _ => problem(status, code, title, detail, errors),
        };
        match &self {
            AppError::TooManyAttempts { retry_after_secs } | AppError::RateLimited { retry_after_secs, .. } => {
                response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from((*retry_after_secs).max(1)));
            }
            AppError::Unauthorized => {
                response.headers_mut().insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
            }
            _ => {}
        }
        response
    }
}

/// Every problem `code` with its status (the OpenAPI document lists them), from [`ProblemKind::ALL`].
pub fn codes() -> Vec<(u16, &'static str)> {
    ProblemKind::ALL
        .iter()
        .map(|kind| {
            let (status, code, _, _) = kind.describe();
            (status.as_u16(), code)
        })
        .collect()
}
