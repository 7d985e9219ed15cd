//! The store's first operator: a new stack has nobody who could create staff, so its deploy does
//! (`FirstOperatorEmail`). The operator's own company is created once and recorded in a marker item
//! (`SETUP / OPERATOR_COMPANY`), so a later first-operator address joins that same company; the
//! account is a pending operator with an activation link, created by the same pieces as
//! `POST /operator/users` (`identity::accounts::add_pending_user`), whose email is the invitation.

use crate::app::App;
use crate::audit::{self, Action, AuditEntry};
use crate::change::Change;
use crate::db::{to_item, Entity, Key, Record, Tx};
use crate::domain::{Email, PersonName};
use crate::error::{AppError, AppResult};
use crate::identity::accounts::add_pending_user;
use crate::identity::table as identity;
use crate::identity::table::ItsCompany;
use crate::identity::{Company, Role, UserStatus};
use crate::ids::{CompanyId, UserId};
use serde::{Deserialize, Serialize};
use serde_json::json;

/// The operator's company, as a new stack names it.
pub const OPERATOR_COMPANY_NAME: &str = "Cloud Store (operador)";
/// The first operator's name until they change it.
pub const FIRST_OPERATOR_NAME: &str = "Operación Cloud Store";

/// Which company is the operator's own (written with that company, never moved).
fn marker() -> Key {
    Key::new("SETUP", "OPERATOR_COMPANY")
}

#[derive(Serialize, Deserialize)]
struct OperatorCompany {
    company_id: CompanyId,
}

impl Record for OperatorCompany {
    const ENTITY: Entity = Entity::OperatorCompany;
}

/// What became of the first operator's address.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "outcome")]
pub enum FirstOperator {
    /// A new operator, pending activation; the activation email is in the outbox.
    Created { user_id: UserId },
    /// The address already has an account (whatever its role or status): left as it is.
    Existing { user_id: UserId, role: Role, status: UserStatus },
}

/// Creates the first operator of `email` unless the address has an account.
pub async fn first_operator(app: &App, email: &str) -> AppResult<FirstOperator> {
    let email = Email::parse(email, "FirstOperatorEmail")?;
    if let Some(claim) = identity::claim(&app.db, email.as_str()).await? {
        return Ok(FirstOperator::Existing { user_id: claim.id, role: claim.role, status: claim.status });
    }
    let company = operator_company(app).await?;
    let name = PersonName::parse(FIRST_OPERATOR_NAME, "name")?;
    let mut change = Change::new(AppError::Conflict);
    let user = add_pending_user(app, &mut change, (&company, ItsCompany::Exists), name, email, Role::Operator)?;
    let detail = json!({ "email": user.email, "role": user.role, "by": "deploy" });
    // Nobody acted: the deploy did. The entry names the new operator as its own actor.
    let entry = AuditEntry::new(app.now(), &user.id, Action::StaffCreated, &user.id, detail);
    audit::record(&mut change.tx, &company.id, &entry)?;
    change.commit(app).await?;
    Ok(FirstOperator::Created { user_id: user.id })
}

/// The operator's company: the one the marker names, else a new one with its marker (its own
/// transaction, so the user's transaction can move its counts; a run stopped in between finds
/// the company on the next).
async fn operator_company(app: &App) -> AppResult<Company> {
    if let Some(marker) = app.db.get::<OperatorCompany>(&marker()).await? {
        return identity::get_company(&app.db, &marker.company_id)
            .await?
            .ok_or_else(|| AppError::internal(format!("the operator's company {} is missing", marker.company_id)));
    }
    let company = Company::new(OPERATOR_COMPANY_NAME.into(), None, 0, app.now());
    let mut tx = Tx::new(AppError::Conflict);
    identity::insert_company(&mut tx, &company, AppError::Conflict)?;
    tx.put(to_item(&marker(), &OperatorCompany { company_id: company.id.clone() })?).unless_exists(AppError::Conflict);
    tx.commit(&app.db).await?;
    Ok(company)
}
