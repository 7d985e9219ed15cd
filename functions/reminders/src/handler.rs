//! `reminders`: the admins hear 3 days before a sales rep's order expires unanswered and 5 days
//! before a welcome trial turns into a charge, each once (see `cloudstore::reminders`).

use cloudstore::reminders::{self, ReminderReport};
use cloudstore::{App, AppResult};

/// The scheduled invocation: sends what is due now.
pub async fn handle(app: &App) -> AppResult<ReminderReport> {
    let report = reminders::send_due(app, app.now()).await?;
    tracing::info!(orders = report.orders, trials = report.trials, "reminders sent");
    Ok(report)
}
