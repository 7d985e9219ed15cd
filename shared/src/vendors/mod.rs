//! The vendors whose applications the store sells. The operator opens a vendor's account (its
//! company, of kind `vendor`, and its first person, who activates by email and signs in with role
//! `vendor`) and lists the vendors with who to talk to. Products name their vendor (`vendor_id`,
//! checked in the product's own transaction by `catalog`).

mod accounts;
#[cfg(feature = "webhooks")]
pub mod endpoints;
mod keys;
mod records;
pub mod requests;
mod table;
pub mod views;

pub use accounts::{create, list};

/// Seeds a vendor with a fixed id and its first person active with `password`, unless that
/// person's email has an account (local runs and tests).
#[cfg(feature = "tooling")]
pub async fn seed(
    app: &crate::App,
    id: &crate::ids::CompanyId,
    name: &str,
    (person, email): (&str, &str),
    password: &str,
) -> crate::AppResult<()> {
    use crate::error::AppError;
    use crate::identity::{table as identity, Company, Role, UserRecord};
    if identity::claim(&app.db, email).await?.is_some() {
        return Ok(());
    }
    let password = crate::domain::Password::parse(password, "password")?;
    let hash = crate::auth::passwords::hash_password(&password).await?;
    let now = app.now();
    let company = Company { id: id.clone(), ..Company::vendor(name.into(), now) };
    let user = UserRecord::active(&company.id, email, person, Role::Vendor, hash, now);
    let profile = records::VendorProfile::new(&company, &user);
    let mut tx = crate::db::Tx::new(AppError::Conflict);
    crate::identity::vendor_company::insert_vendor_company(&mut tx, &company, AppError::Conflict)?;
    identity::insert_user(&mut tx, &user, AppError::EmailTaken, identity::ItsCompany::AlsoNew)?;
    table::insert_profile(&mut tx, &profile, AppError::Conflict)?;
    tx.commit(&app.db).await
}
