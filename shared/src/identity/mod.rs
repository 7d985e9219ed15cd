//! Identity: who has an account and how they get in. Companies and users (and the transitions of a
//! user's life cycle), email claims, activation and reset links, sessions and refresh tokens, the
//! brute-force throttle, and the bearer check every other slice starts from.
//!
//! Use cases: [`signup`], [`follow_link`] (activation and reset confirmation), [`login`],
//! [`refresh`], [`logout`], [`request_reset`], [`change_own_password`], [`me`],
//! [`expire_activations`]. Other slices build on `accounts` (a new pending user, a new
//! activation link) and on `table` (the user's writes in their own transactions).

pub(crate) mod accounts;
mod activation;
mod caller;
pub(crate) mod company_profile;
pub(crate) mod emails;
pub(crate) mod jwt;
pub(crate) mod keys;
pub(crate) mod links;
mod login;
mod me;
mod password;
pub mod records;
pub mod requests;
pub(crate) mod sessions;
mod signup;
mod sweep;
pub(crate) mod table;
pub(crate) mod throttle;
pub(crate) mod user;
pub(crate) mod vendor_company;
pub mod views;

pub use activation::follow_link;
pub use caller::{Bearer, Caller, Roles, ADMIN, ANYONE, OPERATOR, SALES_REP, VENDOR};
pub use emails::ActivationReason;
pub use links::LinkKind;
pub use login::{login, logout, refresh};
pub use me::me;
pub use password::{change_own_password, request_reset};
pub use records::{Company, CompanyKind, CompanyStatus, Role, UserStatus};
pub use signup::signup;
pub use sweep::{expire_activations, SweepReport};
pub use user::{ProfileEdit, UserRecord, UserUpdate};
pub use views::User;

/// The claim an email address holds, read straight from the table (tests).
#[cfg(feature = "tooling")]
pub async fn email_claim(db: &crate::db::Db, email: &str) -> crate::AppResult<Option<records::EmailClaim>> {
    table::claim(db, email).await
}

/// Disables a staff member the way an interrupted `POST /operator/users/{id}/disable` leaves
/// them: the person disabled, none of a rep's companies handed over yet (tests).
#[cfg(feature = "tooling")]
pub async fn disable_without_handover(
    db: &crate::db::Db,
    company: &crate::ids::CompanyId,
    user: &crate::ids::UserId,
) -> crate::AppResult<()> {
    use crate::error::AppError;
    let record = table::get_user(db, company, user).await?.ok_or(AppError::NotFound)?;
    let mut tx = crate::db::Tx::new(AppError::Conflict);
    table::save_user(&mut tx, &record.disable(), table::UserRefusals { email_taken: AppError::Conflict, last_admin: AppError::Conflict })?;
    tx.commit(db).await
}

/// Seeds a company of active staff with a known password (local runs only); nothing when its
/// first account exists. Answers the company's id.
#[cfg(feature = "tooling")]
pub async fn seed_staff(
    app: &crate::App,
    company_name: &str,
    staff: &[(&str, &str, Role)],
    password: &str,
) -> crate::AppResult<crate::ids::CompanyId> {
    use crate::error::AppError;
    if let Some(first) = staff.first() {
        if let Some(claim) = table::claim(&app.db, first.1).await? {
            return Ok(claim.company_id);
        }
    }
    let password = crate::domain::Password::parse(password, "password")?;
    let hash = crate::auth::passwords::hash_password(&password).await?;
    let now = app.now();
    let mut company = Company::new(company_name.into(), None, 0, now);
    company.operator_count = staff.iter().filter(|(_, _, role)| *role == Role::Operator).count() as u32;
    let mut tx = crate::db::Tx::new(AppError::Conflict);
    table::insert_company(&mut tx, &company, AppError::Conflict)?;
    for (name, email, role) in staff {
        table::insert_user(
            &mut tx,
            &UserRecord::active(&company.id, email, name, *role, hash.clone(), now),
            AppError::EmailTaken,
            table::ItsCompany::AlsoNew,
        )?;
    }
    tx.commit(&app.db).await?;
    Ok(company.id)
}
