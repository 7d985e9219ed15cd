//! The `expire-orders` Lambda, run daily by an EventBridge schedule: delegated orders nobody
//! decided within 30 days expire, and their sales reps are told.

use lambda_runtime::{service_fn, LambdaEvent};

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), lambda_runtime::Error> {
    cloudstore::observe::init_tracing();
    let state = cloudstore::App::from_env(cloudstore::Needs::NoTokens).await;
    lambda_runtime::run(service_fn(|_event: LambdaEvent<serde_json::Value>| {
        let state = state.clone();
        async move {
            let expired = cloudstore::delegation::expire_stale(&state, state.now()).await?;
            tracing::info!(expired, "stale delegated orders expired");
            Ok::<_, lambda_runtime::Error>(cloudstore::delegation::ExpiryReport { expired })
        }
    }))
    .await
}
