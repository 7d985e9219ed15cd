//! The `expire-activations` Lambda, run by an EventBridge schedule every 15 minutes.

use lambda_runtime::{service_fn, LambdaEvent};

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), lambda_runtime::Error> {
    cloudstore::observe::init_tracing();
    let state = cloudstore::App::from_env(cloudstore::Needs::NoTokens).await;
    lambda_runtime::run(service_fn(|_event: LambdaEvent<serde_json::Value>| {
        let state = state.clone();
        async move { expire_activations::handle(&state).await.map_err(lambda_runtime::Error::from) }
    }))
    .await
}
