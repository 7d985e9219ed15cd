//! Local demo data: the operator's company with an operator and a sales rep, active, with the
//! contract's local password. Seeding is idempotent: what exists is left alone.

use cloudstore::identity::{seed_staff as seed, Role};
use cloudstore::{App, AppError};

/// The password of every seeded account (local runs only).
pub const LOCAL_PASSWORD: &str = "CloudStore-Local-1";
pub const OPERATOR_EMAIL: &str = "operator@cloudstore.test";
pub const SALES_REP_EMAIL: &str = "ventas@cloudstore.test";

/// Seeds the operator's company and staff unless they exist.
pub async fn seed_staff(app: &App) -> Result<(), AppError> {
    let staff = [("Operación Cloud Store", OPERATOR_EMAIL, Role::Operator), ("Ventas Cloud Store", SALES_REP_EMAIL, Role::SalesRep)];
    seed(app, "Cloud Store (operador)", &staff, LOCAL_PASSWORD).await.map(|_| ())
}
