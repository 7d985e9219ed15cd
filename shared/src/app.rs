//! What a function builds once per cold start (configuration, AWS clients, keys) and shares with
//! every request. The only network call of init is the optional warm-up (`WARM_UP=true`, set by
//! the template): one small read that opens the TLS connection to DynamoDB while init still has
//! the whole CPU, so the first request does not pay for the handshake.

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
    /// With `WARM_UP=true`, opens the connection to DynamoDB before the first request.
    pub async fn from_env() -> AppState {
        let config = Config::from_env().unwrap_or_else(|e| panic!("{e}"));
        let sdk = sdk_config().await;
        let app = App::new(config, &sdk);
        if app.config.warm_up {
            app.store.warm_up().await;
        }
        app
    }
}

/// The AWS SDK configuration of every function, tool and test: the default chain for region and
/// credentials (in Lambda, the environment), and one HTTPS client on rustls with ring.
pub async fn sdk_config() -> aws_config::SdkConfig {
    use aws_smithy_http_client::tls::{rustls_provider::CryptoMode, Provider};
    let https = aws_smithy_http_client::Builder::new().tls_provider(Provider::Rustls(CryptoMode::Ring)).build_https();
    aws_config::defaults(aws_config::BehaviorVersion::latest()).http_client(https).load().await
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
