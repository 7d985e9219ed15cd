//! The cold-start floor: a `lambda_runtime` function that does nothing, built with the same profile.

use lambda_runtime::{service_fn, LambdaEvent};

#[tokio::main]
async fn main() -> Result<(), lambda_runtime::Error> {
    lambda_runtime::run(service_fn(|_: LambdaEvent<serde_json::Value>| async { Ok::<_, lambda_runtime::Error>(serde_json::json!({})) }))
        .await
}
