//! The `expire-activations` Lambda, run by an EventBridge schedule every 15 minutes.

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), lambda_runtime::Error> {
    cloudstore::app::run_scheduled(|app| async move { expire_activations::handle(&app).await }).await
}
