//! The `send-email` Lambda: the outbox's sender (see `handler.rs`).

use lambda_runtime::{service_fn, LambdaEvent};

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), lambda_runtime::Error> {
    cloudstore::observe::init_tracing();
    let state = cloudstore::App::from_env(cloudstore::Needs::NoTokens).await;
    lambda_runtime::run(service_fn(|event: LambdaEvent<serde_json::Value>| {
        let state = state.clone();
        async move { send_email::handle(&state, event).await }
    }))
    .await
}
