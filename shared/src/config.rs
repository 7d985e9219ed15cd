//! Typed configuration, read once from the environment at cold start. A missing or malformed
//! variable stops the function before it serves anything, so a misdeployed stack fails loudly.

use serde::Deserialize;

/// The environment variables `Config` reads; a deployed function is given only these (and
/// `RUST_LOG`), as devtools/tests/ check against infra/template.yaml. In AWS the key and the link
/// base come as JWT_KEYS_SECRET_ARN and APP_BASE_URL_PARAMETER instead of JWT_SECRET and APP_BASE_URL.
pub const VARIABLES: &[&str] = &[
    "TABLE_NAME",
    "APP_BASE_URL",
    "APP_BASE_URL_PARAMETER",
    "MAIL_FROM",
    "SES_CONFIGURATION_SET",
    "OPERATOR_EMAIL",
    "JWT_SECRET",
    "JWT_KEYS_SECRET_ARN",
    "JWT_ISSUER",
    "JWT_AUDIENCE",
    "ACCESS_TTL_SECONDS",
    "REFRESH_TTL_SECONDS",
    "ACTIVATION_TTL_SECONDS",
    "RESET_TTL_SECONDS",
    "WARM_UP",
];

/// Every setting a function reads. Names are the environment variables in upper case.
#[derive(Clone, Deserialize)]
pub struct Config {
    /// The single DynamoDB table.
    pub table_name: String,
    /// Front-end origin the emailed links point at (never taken from request headers).
    pub app_base_url: String,
    /// The verified SES sender, e.g. `Cloud Store <no-reply@example.com>`.
    pub mail_from: String,
    /// Optional SES configuration set (bounces, complaints, metrics).
    #[serde(default)]
    pub ses_configuration_set: Option<String>,
    /// Where termination requests go when a company has no sales rep (the operator's mailbox).
    #[serde(default)]
    pub operator_email: Option<String>,
    /// HMAC key for the access JWTs; in AWS it comes from Secrets Manager via the template.
    pub jwt_secret: String,
    #[serde(default = "default_issuer")]
    pub jwt_issuer: String,
    #[serde(default = "default_audience")]
    pub jwt_audience: String,
    #[serde(default = "default_access_ttl")]
    pub access_ttl_seconds: u64,
    #[serde(default = "default_refresh_ttl")]
    pub refresh_ttl_seconds: u64,
    #[serde(default = "default_activation_ttl")]
    pub activation_ttl_seconds: u64,
    #[serde(default = "default_reset_ttl")]
    pub reset_ttl_seconds: u64,
    /// Open the DynamoDB connection during init (the template sets it; off locally).
    #[serde(default)]
    pub warm_up: bool,
}

fn default_issuer() -> String {
    "cloudstore".into()
}
fn default_audience() -> String {
    "cloudstore-api".into()
}
fn default_access_ttl() -> u64 {
    15 * 60
}
fn default_refresh_ttl() -> u64 {
    30 * 24 * 3600
}
fn default_activation_ttl() -> u64 {
    72 * 3600
}
fn default_reset_ttl() -> u64 {
    3600
}

/// Why the configuration could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("configuration: {0}")]
    Env(#[from] envy::Error),
    #[error("configuration: JWT_SECRET must be at least 32 bytes")]
    WeakSecret,
    #[error("configuration: APP_BASE_URL must start with http:// or https://")]
    BadBaseUrl,
}

impl Config {
    /// Reads and checks the environment.
    pub fn from_env() -> Result<Self, ConfigError> {
        Self::from_vars(std::env::vars())
    }

    /// Reads and checks the given variables (the environment, or a test's own).
    pub fn from_vars(vars: impl IntoIterator<Item = (String, String)>) -> Result<Self, ConfigError> {
        let mut config: Config = envy::from_iter(vars)?;
        if config.jwt_secret.len() < 32 {
            return Err(ConfigError::WeakSecret);
        }
        if !(config.app_base_url.starts_with("http://") || config.app_base_url.starts_with("https://")) {
            return Err(ConfigError::BadBaseUrl);
        }
        config.app_base_url = config.app_base_url.trim_end_matches('/').to_string();
        Ok(config)
    }
}

impl std::fmt::Debug for Config {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Config")
            .field("table_name", &self.table_name)
            .field("app_base_url", &self.app_base_url)
            .field("mail_from", &self.mail_from)
            .field("jwt_secret", &"<redacted>")
            .finish_non_exhaustive()
    }
}
