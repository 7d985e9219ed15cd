//! The `setup` Lambda, invoked by CloudFormation for the stack's `FirstContent` custom resource.

use lambda_runtime::{service_fn, LambdaEvent};

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), lambda_runtime::Error> {
    cloudstore::observe::init_tracing();
    // The store's state is built on the first request, inside the run that always answers.
    let resource = cloudstore::setup::CustomResource::from_env();
    lambda_runtime::run(service_fn(|event: LambdaEvent<serde_json::Value>| {
        let resource = resource.clone();
        async move { setup::handle(&resource, event).await.map_err(lambda_runtime::Error::from) }
    }))
    .await
}
