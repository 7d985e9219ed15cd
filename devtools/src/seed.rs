//! Local demo data: the operator's company with an operator and a sales rep, and the demo vendor
//! with its first person, all active, with the contract's local password. Seeding is idempotent:
//! what exists is left alone.

use cloudstore::identity::{seed_staff as seed, Role};
use cloudstore::ids::CompanyId;
use cloudstore::{App, AppError};

/// The password of every seeded account (local runs only).
pub const LOCAL_PASSWORD: &str = "CloudStore-Local-1";
pub const OPERATOR_EMAIL: &str = "operator@cloudstore.test";
pub const SALES_REP_EMAIL: &str = "ventas@cloudstore.test";
pub const VENDOR_EMAIL: &str = "proveedor@cloudstore.test";
/// The demo vendor's id: fixed, as the demo products' are, so the local catalog can name it.
pub const DEMO_VENDOR_ID: &str = "01KMR0000000000000000VENDR";

/// Seeds the operator's company and staff, and the demo vendor, unless they exist.
pub async fn seed_staff(app: &App) -> Result<(), AppError> {
    let staff = [("Operación Cloud Store", OPERATOR_EMAIL, Role::Operator), ("Ventas Cloud Store", SALES_REP_EMAIL, Role::SalesRep)];
    seed(app, "Cloud Store (operador)", &staff, LOCAL_PASSWORD).await?;
    let person = ("Equipo de Proveedor Demo", VENDOR_EMAIL);
    cloudstore::vendors::seed(app, &demo_vendor_id(), "Proveedor Demo", person, LOCAL_PASSWORD).await
}

/// [`DEMO_VENDOR_ID`] as an id.
pub fn demo_vendor_id() -> CompanyId {
    CompanyId::parse(DEMO_VENDOR_ID).expect("a ULID")
}
