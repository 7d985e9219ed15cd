//! What a function builds once per cold start (configuration, AWS clients, keys) and shares with
//! every request. The only network call of init is the optional warm-up (`WARM_UP=true`, set by
//! the template): one small read that opens the TLS connection to DynamoDB while init still has
//! the whole CPU, so the first request does not pay for the handshake.

use crate::auth::JwtKeys;
use crate::config::Config;
use crate::mail::{Mailer, SesClient};
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
        App::assemble(config, aws_sdk_dynamodb::Client::new(sdk), SesClient::on_first_email(sdk))
    }

    /// Builds the state around given clients (the benchmark meters its DynamoDB client).
    pub fn with_clients(config: Config, dynamodb: aws_sdk_dynamodb::Client, ses: aws_sdk_sesv2::Client) -> AppState {
        App::assemble(config, dynamodb, SesClient::Built(ses))
    }

    fn assemble(config: Config, dynamodb: aws_sdk_dynamodb::Client, ses: SesClient) -> AppState {
        let store = Store::new(dynamodb, config.table_name.clone());
        let mailer = Mailer::new(ses, config.mail_from.clone(), config.ses_configuration_set.clone(), config.app_base_url.clone());
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

/// The roots the HTTPS client trusts: Amazon Trust Services', which sign every AWS endpoint the
/// functions call. Loading the operating system's store instead reads and parses some 150
/// certificates on every cold start, most of the init time of a function.
pub const AWS_TRUST_ROOTS_PEM: &[u8] = include_bytes!("../certs/amazon-trust-services.pem");

/// The AWS SDK configuration of every function, tool and test: the default chain for region and
/// credentials (in Lambda, the environment), and one HTTPS client on rustls with ring that trusts
/// only [`AWS_TRUST_ROOTS_PEM`].
pub async fn sdk_config() -> aws_config::SdkConfig {
    use aws_smithy_http_client::tls::{rustls_provider::CryptoMode, Provider, TlsContext, TrustStore};
    let roots = TrustStore::empty().with_native_roots(false).with_pem_certificate(AWS_TRUST_ROOTS_PEM);
    let tls = TlsContext::builder().with_trust_store(roots).build().expect("a TLS context from static roots");
    let https = aws_smithy_http_client::Builder::new().tls_provider(Provider::Rustls(CryptoMode::Ring)).tls_context(tls).build_https();
    // Region and credentials from the environment, as Lambda (and the local stack) set them: the
    // default chains would also build an STS client and read profile files at every cold start.
    aws_config::defaults(aws_config::BehaviorVersion::latest())
        .region(aws_config::environment::EnvironmentVariableRegionProvider::new())
        .credentials_provider(aws_config::environment::EnvironmentVariableCredentialsProvider::new())
        .http_client(https)
        .load()
        .await
}

/// Structured JSON logs for CloudWatch. `RUST_LOG` sets the levels as `level` or
/// `target=level,…` directives (default `info`); an unreadable value falls back to `info`.
pub fn init_tracing() {
    use tracing_subscriber::layer::SubscriberExt;
    use tracing_subscriber::util::SubscriberInitExt;
    use tracing_subscriber::Layer;
    let filter = log_filter(std::env::var("RUST_LOG").ok().as_deref());
    let logs = tracing_subscriber::fmt::layer().json().with_current_span(false).with_target(false).without_time();
    tracing_subscriber::registry().with(logs.with_filter(filter)).init();
}

/// The log levels `RUST_LOG` asks for; `info` when unset or unreadable.
fn log_filter(rust_log: Option<&str>) -> tracing_subscriber::filter::Targets {
    use tracing_subscriber::filter::{LevelFilter, Targets};
    rust_log.and_then(|v| v.parse::<Targets>().ok()).unwrap_or_else(|| Targets::new().with_default(LevelFilter::INFO))
}

#[cfg(test)]
mod tests {
    use super::{log_filter, AWS_TRUST_ROOTS_PEM};
    use tracing::Level;

    #[test]
    fn rust_log_sets_the_levels_and_anything_unreadable_means_info() {
        let debug = log_filter(Some("cloudstore=debug,warn"));
        assert!(debug.would_enable("cloudstore::store", &Level::DEBUG));
        assert!(!debug.would_enable("hyper", &Level::INFO));
        for unset in [None, Some("=%!")] {
            let filter = log_filter(unset);
            assert!(filter.would_enable("anything", &Level::INFO), "{unset:?}");
            assert!(!filter.would_enable("anything", &Level::DEBUG), "{unset:?}");
        }
    }
    use rustls_pki_types::{pem::PemObject, CertificateDer};

    #[test]
    fn the_bundled_roots_are_the_five_amazon_trust_services_certificates() {
        let certs: Vec<_> = CertificateDer::pem_slice_iter(AWS_TRUST_ROOTS_PEM).collect::<Result<_, _>>().unwrap();
        assert_eq!(certs.len(), 5);
        // Each certificate's DER carries its subject's common name as plain ASCII.
        let names = ["Amazon Root CA 1", "Amazon Root CA 2", "Amazon Root CA 3", "Amazon Root CA 4", "Starfield Services Root"];
        for (cert, name) in certs.iter().zip(names) {
            assert!(cert.as_ref().windows(name.len()).any(|w| w == name.as_bytes()), "{name}");
        }
    }
}
