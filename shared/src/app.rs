//! What a function builds once per cold start (configuration, AWS clients, keys) and shares with
//! every request. The network calls of init are the signing keys' read from Secrets Manager (only
//! in functions that sign or verify tokens) and the optional warm-up (`WARM_UP=true`, set by the
//! template): one small read that opens the TLS connection to DynamoDB while init still has the
//! whole CPU, so the first request does not pay for the handshake.
//!
//! The fields are the crate's own: function crates reach the table and the mailer only through the
//! slices' use cases.

use crate::catalog::cache::CatalogCache;
use crate::config::{Config, ConfigError};
use crate::db::Db;
use crate::error::{AppError, AppResult};
use crate::identity::jwt::{JwtKeys, KeySet, TokenSettings};
use crate::mail::{Mailer, SesClient};
use std::sync::{Arc, Mutex};
use time::OffsetDateTime;

/// The state every handler receives.
pub type AppState = Arc<App>;

/// A scheduled function's whole `main`: tracing, its clients built once (no signing keys), then
/// `job` on every EventBridge invocation (the event itself carries nothing the jobs need), its
/// report answered as the invocation's result and a failure as the invocation's error.
pub async fn run_scheduled<F, Fut, R>(job: F) -> Result<(), lambda_http::Error>
where
    F: Fn(AppState) -> Fut,
    Fut: std::future::Future<Output = AppResult<R>>,
    R: serde::Serialize,
{
    crate::observe::init_tracing();
    let state = App::from_env(Needs::NoTokens).await;
    let job = &job;
    lambda_http::lambda_runtime::run(lambda_http::service_fn(|_event: lambda_http::LambdaEvent<serde_json::Value>| {
        use tracing::Instrument;
        // The use case's span, as a request's (`http::finish`): named by the job's crate.
        let job_name = std::any::type_name::<F>().split("::").next().unwrap_or_default();
        let span = tracing::info_span!("use_case", route = job_name);
        let run = job(state.clone()).instrument(span);
        async move { run.await.map_err(lambda_http::Error::from) }
    }))
    .await
}

/// Whether a function signs or verifies access tokens (and so needs the signing keys).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Needs {
    Tokens,
    NoTokens,
}

pub struct App {
    pub(crate) config: Config,
    pub(crate) db: Db,
    pub(crate) mailer: Mailer,
    jwt: Option<JwtKeys>,
    clock: Clock,
    pub(crate) catalog: CatalogCache,
    /// The media bucket (`MEDIA_BUCKET`), where the function has one.
    #[cfg(feature = "media")]
    pub(crate) media: Option<crate::media::MediaStore>,
    /// The key the webhook endpoints' secrets are sealed with, where the function has it.
    #[cfg(feature = "webhooks")]
    webhook_secrets: Option<crate::webhooks::secrets::SecretBox>,
}

/// The time the store runs at: the system's, or (tests) a time they set.
#[derive(Default)]
struct Clock(Mutex<Option<OffsetDateTime>>);

impl App {
    /// Builds the state around given clients (tests use their own table; the benchmark meters its
    /// DynamoDB client). `keys` are the signing keys, if the function needs them.
    pub fn with_clients(
        config: Config,
        dynamodb: aws_sdk_dynamodb::Client,
        ses: aws_sdk_sesv2::Client,
        keys: Option<&KeySet>,
    ) -> Result<AppState, ConfigError> {
        App::assemble(config, dynamodb, SesClient::Built(ses), keys, None)
    }

    /// `sdk` is the configuration the clients were made from, when there is one (the media store
    /// signs with its credentials; without it, it loads its own on the first upload).
    fn assemble(
        config: Config,
        dynamodb: aws_sdk_dynamodb::Client,
        ses: SesClient,
        keys: Option<&KeySet>,
        sdk: Option<&aws_config::SdkConfig>,
    ) -> Result<AppState, ConfigError> {
        #[cfg(not(feature = "media"))]
        let _ = sdk;
        let dynamodb_timeouts = timeouts(config.connect_timeout_ms, config.dynamodb_timeout_ms);
        let dynamodb = aws_sdk_dynamodb::Client::from_conf(dynamodb.config().to_builder().timeout_config(dynamodb_timeouts).build());
        let db = Db::new(dynamodb, config.table_name.clone());
        let ses_timeouts = timeouts(config.connect_timeout_ms, config.ses_timeout_ms);
        let mailer =
            Mailer::new(ses, ses_timeouts, config.mail_from.clone(), config.ses_configuration_set.clone(), config.app_base_url.clone());
        let settings =
            || TokenSettings { issuer: &config.jwt_issuer, audience: &config.jwt_audience, ttl_seconds: config.access_ttl_seconds };
        let jwt = keys.map(|k| JwtKeys::new(k, settings())).transpose().map_err(ConfigError::Keys)?;
        #[cfg(feature = "webhooks")]
        let webhook_secrets = config.webhook_secret_key.as_deref().map(webhook_box).transpose()?;
        Ok(Arc::new(App {
            #[cfg(feature = "webhooks")]
            webhook_secrets,
            #[cfg(feature = "media")]
            media: crate::media::MediaStore::from_config(&config, sdk),
            config,
            db,
            mailer,
            jwt,
            clock: Clock::default(),
            catalog: CatalogCache::default(),
        }))
    }

    /// Reads the environment and builds the clients; panics on bad configuration, before serving.
    /// With `WARM_UP=true`, opens the connection to DynamoDB before the first request.
    pub async fn from_env(needs: Needs) -> AppState {
        let mut config = Config::from_env().unwrap_or_else(|e| panic!("{e}"));
        let sdk = crate::aws::sdk_config().await;
        if config.app_base_url.is_empty() {
            if let Some(name) = config.app_base_url_parameter.clone() {
                let url = base_url_parameter(&name, &sdk).await.unwrap_or_else(|e| panic!("{e}"));
                config.set_base_url(url).unwrap_or_else(|e| panic!("{e}"));
            }
        }
        let keys = match needs {
            Needs::Tokens => Some(signing_keys(&config, &sdk).await.unwrap_or_else(|e| panic!("{e}"))),
            Needs::NoTokens => None,
        };
        #[cfg(feature = "webhooks")]
        webhook_key(&mut config, &sdk).await.unwrap_or_else(|e| panic!("{e}"));
        let dynamodb = aws_sdk_dynamodb::Client::new(&sdk);
        let app =
            App::assemble(config, dynamodb, SesClient::on_first_email(&sdk), keys.as_ref(), Some(&sdk)).unwrap_or_else(|e| panic!("{e}"));
        if app.config.warm_up {
            app.db.warm_up().await;
        }
        crate::observe::count(crate::observe::Metric::ColdStarts, 1);
        app
    }

    pub fn config(&self) -> &Config {
        &self.config
    }

    /// The access-token keys; a function built without them can't authenticate anyone.
    pub(crate) fn jwt(&self) -> AppResult<&JwtKeys> {
        self.jwt.as_ref().ok_or_else(|| AppError::internal("this function was built without the signing keys (Needs::Tokens)"))
    }

    /// The key the webhook endpoints' secrets are sealed with.
    #[cfg(feature = "webhooks")]
    pub(crate) fn webhook_secrets(&self) -> AppResult<&crate::webhooks::secrets::SecretBox> {
        self.webhook_secrets
            .as_ref()
            .ok_or_else(|| AppError::internal("no key for webhook secrets: set WEBHOOK_KEYS_SECRET_ARN (AWS) or WEBHOOK_SECRET_KEY"))
    }

    /// Which endpoint URLs this store may call (plain http to loopback only in local runs).
    #[cfg(feature = "webhooks")]
    pub(crate) fn webhook_policy(&self) -> crate::webhooks::guard::Policy {
        crate::webhooks::guard::Policy { loopback_http: self.config.webhook_allow_loopback_http }
    }

    /// The current time.
    pub fn now(&self) -> OffsetDateTime {
        self.clock.0.lock().ok().and_then(|c| *c).unwrap_or_else(OffsetDateTime::now_utc)
    }

    /// A state over `table` for local tools (seeding): no signing keys, placeholder mail settings.
    #[cfg(feature = "tooling")]
    pub fn for_tools(sdk: &aws_config::SdkConfig, table: &str) -> AppState {
        let vars = [("TABLE_NAME", table), ("APP_BASE_URL", "http://127.0.0.1"), ("MAIL_FROM", "tools@cloudstore.test")];
        let config = Config::from_vars(vars.map(|(k, v)| (k.to_string(), v.to_string()))).expect("the tools' configuration");
        App::assemble(config, aws_sdk_dynamodb::Client::new(sdk), SesClient::on_first_email(sdk), None, Some(sdk))
            .expect("the tools' state")
    }

    /// The table, for local tools and tests.
    #[cfg(feature = "tooling")]
    pub fn db(&self) -> &Db {
        &self.db
    }

    /// Fixes the time the store runs at (tests); `None` goes back to the system clock.
    #[cfg(feature = "tooling")]
    pub fn set_now(&self, at: Option<OffsetDateTime>) {
        if let Ok(mut clock) = self.clock.0.lock() {
            *clock = at;
        }
    }
}

/// The bounds of every call to one AWS service: `connect_ms` to open a connection, `call_ms` for
/// the whole call with its retries, half of it for each attempt (so one retry fits). A function's
/// sequential calls fit inside its own timeout (the template's `Timeout`), so a stalled endpoint
/// ends the request with an error instead of a Lambda timeout; every change being one transaction,
/// what it leaves behind is all of the change or none of it.
fn timeouts(connect_ms: u64, call_ms: u64) -> aws_config::timeout::TimeoutConfig {
    use std::time::Duration;
    aws_config::timeout::TimeoutConfig::builder()
        .connect_timeout(Duration::from_millis(connect_ms))
        .operation_attempt_timeout(Duration::from_millis(call_ms / 2))
        .operation_timeout(Duration::from_millis(call_ms))
        .build()
}

/// The panel's URL from its SSM parameter (deployed functions that send links).
async fn base_url_parameter(name: &str, sdk: &aws_config::SdkConfig) -> Result<String, ConfigError> {
    let client = aws_sdk_ssm::Client::new(sdk);
    let out = client
        .get_parameter()
        .name(name)
        .send()
        .await
        .map_err(|e| ConfigError::Parameter(format!("reading {name}: {}", aws_sdk_ssm::error::DisplayErrorContext(&e))))?;
    out.parameter().and_then(|p| p.value()).map(str::to_string).ok_or_else(|| ConfigError::Parameter(format!("{name} has no value")))
}

/// The signing keys: from Secrets Manager (`JWT_KEYS_SECRET_ARN`, in AWS), else from the
/// environment (`JWT_KEYS` or `JWT_SECRET`).
#[cfg(feature = "webhooks")]
fn webhook_box(material: &str) -> Result<crate::webhooks::secrets::SecretBox, ConfigError> {
    crate::webhooks::secrets::SecretBox::new(material).map_err(|e| ConfigError::Keys(e.into()))
}

/// In AWS, the webhook secrets' key from its Secrets Manager secret (once, at init).
#[cfg(feature = "webhooks")]
async fn webhook_key(config: &mut Config, sdk: &aws_config::SdkConfig) -> Result<(), ConfigError> {
    let Some(arn) = config.webhook_keys_secret_arn.clone() else { return Ok(()) };
    let secret = aws_sdk_secretsmanager::Client::new(sdk)
        .get_secret_value()
        .secret_id(&arn)
        .send()
        .await
        .map_err(|e| ConfigError::Keys(format!("reading {arn}: {}", aws_sdk_secretsmanager::error::DisplayErrorContext(&e))))?;
    config.webhook_secret_key =
        Some(secret.secret_string().ok_or_else(|| ConfigError::Keys(format!("{arn} has no secret string")))?.into());
    Ok(())
}

async fn signing_keys(config: &Config, sdk: &aws_config::SdkConfig) -> Result<KeySet, ConfigError> {
    if let Some(arn) = &config.jwt_keys_secret_arn {
        let client = aws_sdk_secretsmanager::Client::new(sdk);
        let secret = client
            .get_secret_value()
            .secret_id(arn)
            .send()
            .await
            .map_err(|e| ConfigError::Keys(format!("reading {arn}: {}", aws_sdk_secretsmanager::error::DisplayErrorContext(&e))))?;
        let json = secret.secret_string().ok_or_else(|| ConfigError::Keys(format!("{arn} has no secret string")))?;
        return KeySet::parse(json).map_err(ConfigError::Keys);
    }
    config.local_keys()?.ok_or(ConfigError::NoKeys)
}
