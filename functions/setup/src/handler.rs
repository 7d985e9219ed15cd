//! `setup`: the CloudFormation custom resource that gives a new stack its first content (the
//! first operator, the help articles, the demo catalog if asked); see `cloudstore::setup`. Every
//! request is answered at its `ResponseURL`, failures and panics included.

use cloudstore::setup::{Answered, CustomResource};
use cloudstore::AppResult;
use lambda_runtime::LambdaEvent;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

/// One request of CloudFormation (`Create`, `Update` or `Delete`), answered before the deadline.
/// The work is boxed: its future nests every use case of the first content, and the runtime's
/// own future around it would otherwise pass the compiler's query depth when the workspace is
/// built with every feature at once.
pub async fn handle(resource: &Arc<CustomResource>, event: LambdaEvent<serde_json::Value>) -> AppResult<Answered> {
    let deadline = event.context.deadline();
    let work: Pin<Box<dyn Future<Output = AppResult<Answered>> + Send + '_>> = Box::pin(resource.handle(event.payload, Some(deadline)));
    work.await
}
