//! Typed configuration, read once from the environment at cold start. A missing or malformed
//! variable stops the function before it serves anything, so a misdeployed stack fails loudly.

use serde::Deserialize;

/// The variables `Config` reads (deployed functions get only these and `RUST_LOG`: devtools/tests/
/// check the template). In AWS: JWT_KEYS_SECRET_ARN and APP_BASE_URL_PARAMETER, not the values.
pub const VARIABLES: &[&str] = &[
    "TABLE_NAME",
    "APP_BASE_URL",
    "APP_BASE_URL_PARAMETER",
    "MAIL_FROM",
    "SES_CONFIGURATION_SET",
    "OPERATOR_EMAIL",
    "JWT_SECRET",
    "JWT_KEYS",
    "JWT_KEYS_SECRET_ARN",
    "JWT_ISSUER",
    "JWT_AUDIENCE",
    "ACCESS_TTL_SECONDS",
    "REFRESH_TTL_SECONDS",
    "ACTIVATION_TTL_SECONDS",
    "RESET_TTL_SECONDS",
    "WARM_UP",
    "EMAILS_PER_RECIPIENT_PER_HOUR",
    "SIGNUPS_PER_IP_PER_HOUR",
    "LOGINS_PER_IP_PER_HOUR",
    "RESETS_PER_IP_PER_HOUR",
    "USERS_PER_COMPANY_PER_HOUR",
    "CONNECT_TIMEOUT_MS",
    "DYNAMODB_TIMEOUT_MS",
    "SES_TIMEOUT_MS",
    "MEDIA_BUCKET",
    "MEDIA_BASE_URL",
    "S3_FORCE_PATH_STYLE",
    "ORIGIN_VERIFY_SECRET",
    "WEBHOOK_SECRET_KEY",
    "WEBHOOK_KEYS_SECRET_ARN",
    "WEBHOOK_ALLOW_LOOPBACK_HTTP",
    "WEBHOOK_TIMEOUT_MS",
];

/// Every setting a function reads. Names are the environment variables in upper case.
#[derive(Clone, Deserialize)]
pub struct Config {
    /// The single DynamoDB table.
    pub table_name: String,
    /// Front-end origin the emailed links point at (never taken from request headers). Empty in a
    /// deployed function that sends no email; one that does reads it from the SSM parameter below.
    #[serde(default)]
    pub app_base_url: String,
    /// In AWS: the SSM parameter holding the panel's URL, read once at init when `APP_BASE_URL` is
    /// not set (the template can't name the distribution without a dependency cycle).
    #[serde(default)]
    pub app_base_url_parameter: Option<String>,
    /// The verified SES sender, e.g. `Cloud Store <no-reply@example.com>`.
    pub mail_from: String,
    /// Optional SES configuration set (bounces, complaints, metrics).
    #[serde(default)]
    pub ses_configuration_set: Option<String>,
    /// Where termination requests go when a company has no sales rep (the operator's mailbox).
    #[serde(default)]
    pub operator_email: Option<String>,
    /// One HMAC key for the access tokens (local runs; key id `local`).
    #[serde(default)]
    pub jwt_secret: Option<String>,
    /// The key set as JSON (`{"current": kid, "keys": {kid: key}}`), instead of `JWT_SECRET`.
    #[serde(default)]
    pub jwt_keys: Option<String>,
    /// In AWS: the Secrets Manager secret holding the key set, read once at init.
    #[serde(default)]
    pub jwt_keys_secret_arn: Option<String>,
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
    /// Emails that may reach one address per hour from what public routes and admins do
    /// (activation and reset links, invitations, "ya tenés una cuenta"); the same everywhere.
    #[serde(default = "default_per_recipient")]
    pub emails_per_recipient_per_hour: u32,
    /// Ceilings per source IP and hour. The defaults are production's; the local stack raises them.
    #[serde(default = "default_signups_per_ip")]
    pub signups_per_ip_per_hour: u32,
    #[serde(default = "default_logins_per_ip")]
    pub logins_per_ip_per_hour: u32,
    #[serde(default = "default_resets_per_ip")]
    pub resets_per_ip_per_hour: u32,
    /// Users (and staff accounts) one company may create per hour.
    #[serde(default = "default_users_per_company")]
    pub users_per_company_per_hour: u32,
    /// Opening a connection to an AWS endpoint, at most.
    #[serde(default = "default_connect_timeout")]
    pub connect_timeout_ms: u64,
    /// One DynamoDB call, its retries included, at most (each attempt gets half): a function's
    /// sequential calls must fit inside its own timeout.
    #[serde(default = "default_dynamodb_timeout")]
    pub dynamodb_timeout_ms: u64,
    /// One SES call (only the email sender makes them), its retries included, at most.
    #[serde(default = "default_ses_timeout")]
    pub ses_timeout_ms: u64,
    /// The S3 bucket product media are uploaded to (the catalog function only).
    #[serde(default)]
    pub media_bucket: Option<String>,
    /// Where the media bucket's objects are served (its CloudFront distribution in AWS).
    #[serde(default)]
    pub media_base_url: Option<String>,
    /// Path-style S3 addresses (`http://host/bucket/key`), for a local S3-compatible server.
    #[serde(default)]
    pub s3_force_path_style: bool,
    /// In AWS: the value CloudFront's origin sends in `x-origin-verify` (set at deploy). When set,
    /// a request without it is refused, and only with it is `CloudFront-Viewer-Address` the
    /// caller's address. Unset locally.
    #[serde(default)]
    pub origin_verify_secret: Option<String>,
    /// Local runs: the key the webhook endpoints' secrets are sealed with (at least 32
    /// characters). In AWS the vendor console reads it from `WEBHOOK_KEYS_SECRET_ARN` instead.
    #[serde(default)]
    pub webhook_secret_key: Option<String>,
    /// In AWS: the Secrets Manager secret holding that key, read once at init by the functions
    /// that seal or open endpoint secrets, and by no other.
    #[serde(default)]
    pub webhook_keys_secret_arn: Option<String>,
    /// Local runs only (the template never sets it): endpoints may be plain http to a loopback
    /// address, for the demo vendor app and the tests' receivers.
    #[serde(default)]
    pub webhook_allow_loopback_http: bool,
    /// One webhook attempt, at most.
    #[serde(default = "default_webhook_timeout")]
    pub webhook_timeout_ms: u64,
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
fn default_per_recipient() -> u32 {
    5
}
fn default_signups_per_ip() -> u32 {
    20
}
fn default_logins_per_ip() -> u32 {
    300
}
fn default_resets_per_ip() -> u32 {
    30
}
fn default_users_per_company() -> u32 {
    50
}
fn default_connect_timeout() -> u64 {
    1_000
}
fn default_dynamodb_timeout() -> u64 {
    3_000
}
fn default_ses_timeout() -> u64 {
    5_000
}
fn default_webhook_timeout() -> u64 {
    10_000
}

/// Why the configuration could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("configuration: {0}")]
    Env(#[from] envy::Error),
    #[error("configuration: APP_BASE_URL must start with http:// or https://")]
    BadBaseUrl,
    #[error("configuration: {0}")]
    Limits(&'static str),
    #[error("configuration: {0}")]
    Keys(String),
    #[error("configuration: APP_BASE_URL_PARAMETER: {0}")]
    Parameter(String),
    #[error("configuration: this function signs or verifies tokens; set JWT_KEYS_SECRET_ARN (AWS), JWT_KEYS or JWT_SECRET")]
    NoKeys,
}

impl Config {
    /// Reads and checks the environment.
    pub fn from_env() -> Result<Self, ConfigError> {
        Self::from_vars(std::env::vars())
    }

    /// Reads and checks the given variables (the environment, or a test's own).
    pub fn from_vars(vars: impl IntoIterator<Item = (String, String)>) -> Result<Self, ConfigError> {
        let mut config: Config = envy::from_iter(vars)?;
        let url = std::mem::take(&mut config.app_base_url);
        config.set_base_url(url)?;
        let ceilings = [
            config.emails_per_recipient_per_hour,
            config.signups_per_ip_per_hour,
            config.logins_per_ip_per_hour,
            config.resets_per_ip_per_hour,
            config.users_per_company_per_hour,
        ];
        if ceilings.contains(&0) {
            return Err(ConfigError::Limits("a rate limit of 0 would refuse everything: use at least 1"));
        }
        if [config.connect_timeout_ms, config.dynamodb_timeout_ms, config.ses_timeout_ms].iter().any(|ms| *ms < 100) {
            return Err(ConfigError::Limits("AWS timeouts are at least 100 ms"));
        }
        if config.origin_verify_secret.as_ref().is_some_and(|secret| secret.len() < 32) {
            return Err(ConfigError::Limits("ORIGIN_VERIFY_SECRET is at least 32 characters"));
        }
        Ok(config)
    }

    /// Sets the links' origin (from the environment or the SSM parameter), checked; empty means
    /// this function sends no links.
    pub fn set_base_url(&mut self, url: String) -> Result<(), ConfigError> {
        if !(url.is_empty() || url.starts_with("http://") || url.starts_with("https://")) {
            return Err(ConfigError::BadBaseUrl);
        }
        self.app_base_url = url.trim_end_matches('/').to_string();
        Ok(())
    }

    /// The key set given in the environment itself (`JWT_KEYS`, else `JWT_SECRET`), checked.
    pub fn local_keys(&self) -> Result<Option<crate::identity::jwt::KeySet>, ConfigError> {
        use crate::identity::jwt::KeySet;
        match (&self.jwt_keys, &self.jwt_secret) {
            (Some(json), _) => KeySet::parse(json).map(Some).map_err(ConfigError::Keys),
            (None, Some(secret)) if secret.len() < 32 => Err(ConfigError::Keys("JWT_SECRET must be at least 32 bytes".into())),
            (None, Some(secret)) => Ok(Some(KeySet::single(secret))),
            (None, None) => Ok(None),
        }
    }
}

impl std::fmt::Debug for Config {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Config")
            .field("table_name", &self.table_name)
            .field("app_base_url", &self.app_base_url)
            .field("mail_from", &self.mail_from)
            .field("jwt_keys_secret_arn", &self.jwt_keys_secret_arn)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests;
