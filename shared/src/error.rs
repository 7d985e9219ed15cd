//! The one error type of every slice. Each client-facing variant carries the stable `code` of the
//! contract; [`crate::http::problem`] turns it into a problem+json response in one place. This
//! module depends on nothing else of the crate, so every layer can use it.

use std::error::Error as StdError;

/// One rejected field of a request, as listed in a `validation_failed` problem.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

impl FieldError {
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self { field: field.into(), message: message.into() }
    }
}

/// Why a coupon does not apply; each has its own contract code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CouponRefusal {
    Invalid,
    Expired,
    Exhausted,
    AlreadyUsed,
    NotApplicable,
}

/// What a rate limit counts by (see `crate::limits`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LimitScope {
    /// Requests from one source IP.
    Ip,
    /// Emails to one address.
    Recipient,
    /// Users a company creates.
    Company,
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
    /// Disabling this operator would leave the store without one.
    #[error("last operator")]
    LastOperator,
    #[error("token invalid")]
    TokenInvalid,
    #[error("token expired")]
    TokenExpired,
    #[error("too many attempts")]
    TooManyAttempts { retry_after_secs: u64 },
    /// A rate limit's ceiling was reached for this hour.
    #[error("rate limited ({scope:?})")]
    RateLimited { retry_after_secs: u64, scope: LimitScope },
    #[error("coupon refused: {0:?}")]
    Coupon(CouponRefusal),
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
    /// The catalog moved since the person saw the total: both totals, in centavos.
    #[error("price changed: expected {expected}, now {current}")]
    PriceChanged { expected: i64, current: i64 },
    /// A webhook endpoint's URL that the store won't call: not https, or not to a public address
    /// (why, in the vendor's words).
    #[error("endpoint not allowed: {0}")]
    EndpointNotAllowed(&'static str),
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

    /// An internal error that says which step failed (`"DynamoDB Query: …"`), so the log line of
    /// a 500 points at its cause; the failure itself stays its source (the SDK's whole chain is in
    /// the log line's `source`).
    pub fn internal_at(step: &'static str, err: impl Into<Box<dyn StdError + Send + Sync>>) -> Self {
        AppError::Internal(Box::new(AtStep { step, source: err.into() }))
    }

    /// A `validation_failed` for a single field.
    pub fn field(field: impl Into<String>, message: impl Into<String>) -> Self {
        AppError::Validation(vec![FieldError::new(field, message)])
    }
}

/// A failure and the step it happened in.
#[derive(Debug)]
struct AtStep {
    step: &'static str,
    source: Box<dyn StdError + Send + Sync>,
}

impl std::fmt::Display for AtStep {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.step, self.source)
    }
}

impl StdError for AtStep {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        Some(&*self.source)
    }
}

impl From<FieldError> for AppError {
    fn from(err: FieldError) -> Self {
        AppError::Validation(vec![err])
    }
}

impl From<Vec<FieldError>> for AppError {
    fn from(errors: Vec<FieldError>) -> Self {
        AppError::Validation(errors)
    }
}

pub type AppResult<T> = Result<T, AppError>;

/// Collects the field errors of a request so that every bad field is reported at once.
#[derive(Default)]
pub struct Fields(Vec<FieldError>);

impl Fields {
    pub fn new() -> Self {
        Fields::default()
    }

    /// The parsed value, or `None` with its error kept.
    pub fn take<T>(&mut self, parsed: Result<T, FieldError>) -> Option<T> {
        parsed.map_err(|e| self.0.push(e)).ok()
    }

    /// Records an error when `bad` holds.
    pub fn check(&mut self, bad: bool, field: impl Into<String>, message: impl Into<String>) {
        if bad {
            self.0.push(FieldError::new(field, message));
        }
    }

    pub fn push(&mut self, err: FieldError) {
        self.0.push(err);
    }

    /// `Ok(value)` when nothing was wrong, else every error at once.
    pub fn finish<T>(self, value: impl FnOnce() -> Option<T>) -> AppResult<T> {
        if self.0.is_empty() {
            value().ok_or_else(|| AppError::internal("a parsed field went missing"))
        } else {
            Err(AppError::Validation(self.0))
        }
    }
}
