//! `expire-activations`: activation links past their expiry leave the expiry index and their users
//! become `activation_expired` (see `cloudstore::identity::expire_activations`).

use cloudstore::identity::{self, SweepReport};
use cloudstore::{App, AppResult};

/// The scheduled invocation: sweeps what is due now.
pub async fn handle(app: &App) -> AppResult<SweepReport> {
    let report = identity::expire_activations(app, app.now().unix_timestamp()).await?;
    tracing::info!(links = report.links, users_expired = report.users_expired, "activation links expired");
    Ok(report)
}
