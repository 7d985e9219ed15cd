//! The `reminders` Lambda, run daily by an EventBridge schedule.

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), lambda_runtime::Error> {
    cloudstore::app::run_scheduled(|app| async move { reminders::handle(&app).await }).await
}
