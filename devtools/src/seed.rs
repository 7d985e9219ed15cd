//! Local demo data: the operator's company with an operator and a sales rep, active, with the
//! contract's local password. Seeding is idempotent: what exists is left alone.

use cloudstore::auth::passwords::hash_password;
use cloudstore::domain::{ids, Company, Password, Role, UserRecord, UserStatus};
use cloudstore::store::Store;
use cloudstore::AppError;
use time::OffsetDateTime;

/// The password of every seeded account (local runs only).
pub const LOCAL_PASSWORD: &str = "CloudStore-Local-1";
pub const OPERATOR_EMAIL: &str = "operator@cloudstore.test";
pub const SALES_REP_EMAIL: &str = "ventas@cloudstore.test";

/// Seeds the operator's company and staff unless they exist.
pub async fn seed_staff(store: &Store) -> Result<(), AppError> {
    if store.login_claim(OPERATOR_EMAIL).await?.is_some() {
        return Ok(());
    }
    let now = OffsetDateTime::now_utc();
    let company = Company::new(ids::new_id(), "Cloud Store (operador)".into(), None, 0, now);
    let password = Password::parse(LOCAL_PASSWORD, "password").map_err(|e| AppError::Validation(vec![e]))?;
    let hash = hash_password(&password).await?;
    let staff = |name: &str, email: &str, role: Role| UserRecord {
        id: ids::new_id(),
        company_id: company.id.clone(),
        email: email.into(),
        name: name.into(),
        role,
        status: UserStatus::Active,
        password_hash: Some(hash.clone()),
        session_epoch: 0,
        version: 1,
        activation_token: None,
        created_at: now,
    };
    let users =
        [staff("Operación Cloud Store", OPERATOR_EMAIL, Role::Operator), staff("Ventas Cloud Store", SALES_REP_EMAIL, Role::SalesRep)];
    store.create_company(&company, &users, &[]).await
}
