//! What a function builds once per cold start (configuration, AWS clients, keys) and shares with
//! every request. No network call happens here: the SDK connects on first use.

use crate::auth::JwtKeys;
use crate::config::Config;
use crate::mail::Mailer;
use crate::store::Store;
use std::sync::Arc;

/// The state every handler receives.
pub type AppState = Arc<App>;

pub struct App {
    pub config: Config,
    pub store: Store,
    pub mailer: Mailer,
    pub jwt: JwtKeys,
}

impl App {
    /// Builds the state from explicit parts (tests use their own table).
    pub fn new(config: Config, sdk: &aws_config::SdkConfig) -> AppState {
        App::with_clients(config, aws_sdk_dynamodb::Client::new(sdk), aws_sdk_sesv2::Client::new(sdk))
    }

    /// Builds the state around given clients (the benchmark meters its DynamoDB client).
    pub fn with_clients(config: Config, dynamodb: aws_sdk_dynamodb::Client, ses: aws_sdk_sesv2::Client) -> AppState {
        let store = Store::new(dynamodb, config.table_name.clone());
        let mailer = Mailer::new(
            ses,
            config.mail_from.clone(),
            config.ses_configuration_set.clone(),
            config.app_base_url.clone(),
        );
        let jwt = JwtKeys::new(&config);
        Arc::new(App { config, store, mailer, jwt })
    }

    /// Reads the environment and builds the clients; panics on bad configuration, before serving.
    pub async fn from_env() -> AppState {
        let config = Config::from_env().unwrap_or_else(|e| panic!("{e}"));
        let sdk = aws_config::load_defaults(aws_config::BehaviorVersion::latest()).await;
        App::new(config, &sdk)
    }
}

/// Structured JSON logs for CloudWatch; the level comes from `RUST_LOG` (default `info`).
pub fn init_tracing() {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    tracing_subscriber::fmt()
        .json()
        .with_env_filter(filter)
        .with_current_span(false)
        .with_target(false)
        .without_time()
        .init();
}
