//! The one error type of the domain and the store. Each client-facing variant carries the stable
//! `code` of the contract; [`crate::http`] turns it into a problem+json response in one place.

use std::error::Error as StdError;

/// One rejected field of a request, as listed in a `validation_failed` problem.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

impl FieldError {
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self { field: field.into(), message: message.into() }
    }
}

/// Everything a request can fail with.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("validation failed")]
    Validation(Vec<FieldError>),
    #[error("unauthorized")]
    Unauthorized,
    #[error("invalid credentials")]
    InvalidCredentials,
    #[error("account not active")]
    AccountNotActive,
    #[error("forbidden")]
    Forbidden,
    #[error("not found")]
    NotFound,
    #[error("method not allowed")]
    MethodNotAllowed,
    #[error("email taken")]
    EmailTaken,
    #[error("last admin")]
    LastAdmin,
    #[error("token invalid")]
    TokenInvalid,
    #[error("token expired")]
    TokenExpired,
    #[error("too many attempts")]
    TooManyAttempts { retry_after_secs: u64 },
    #[error("coupon refused: {0:?}")]
    Coupon(crate::domain::coupon::CouponRefusal),
    #[error("idempotency key reused with another body")]
    IdempotencyConflict,
    #[error("no seats available")]
    NoSeatsAvailable,
    #[error("seats in use")]
    SeatsInUse,
    #[error("already decided")]
    AlreadyDecided,
    #[error("spend limit exceeded")]
    SpendLimitExceeded,
    /// Two requests changed the same thing at once and this one lost; the client may retry.
    #[error("conflict")]
    Conflict,
    /// Anything unexpected: logged with its source chain, answered with a bare 500.
    #[error("internal error: {0}")]
    Internal(#[source] Box<dyn StdError + Send + Sync>),
}

impl AppError {
    /// Wraps an unexpected failure (SDK, serialisation, ...).
    pub fn internal(err: impl Into<Box<dyn StdError + Send + Sync>>) -> Self {
        AppError::Internal(err.into())
    }

    /// A `validation_failed` for a single field.
    pub fn field(field: impl Into<String>, message: impl Into<String>) -> Self {
        AppError::Validation(vec![FieldError::new(field, message)])
    }
}

pub type AppResult<T> = Result<T, AppError>;
