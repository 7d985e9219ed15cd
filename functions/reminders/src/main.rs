//! The `reminders` Lambda, run daily by an EventBridge schedule.

use lambda_runtime::{service_fn, LambdaEvent};

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), lambda_runtime::Error> {
    cloudstore::observe::init_tracing();
    let state = cloudstore::App::from_env(cloudstore::Needs::NoTokens).await;
    lambda_runtime::run(service_fn(|_event: LambdaEvent<serde_json::Value>| {
        let state = state.clone();
        async move { reminders::handle(&state).await.map_err(lambda_runtime::Error::from) }
    }))
    .await
}
