//! The `expire-orders` Lambda, run daily by an EventBridge schedule: delegated orders nobody
//! decided within 30 days expire, and their sales reps are told.

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), lambda_runtime::Error> {
    cloudstore::app::run_scheduled(|app| async move {
        let expired = cloudstore::delegation::expire_stale(&app, app.now()).await?;
        tracing::info!(expired, "stale delegated orders expired");
        Ok(cloudstore::delegation::ExpiryReport { expired })
    })
    .await
}
