//! Finishing a termination: every subscription cancelled with its licences released, every user
//! disabled, then the company closed. Each step skips what is already done, so a retry completes
//! an interrupted run. The closing itself is one transaction: the company's status, its CUIT's
//! count of active companies, its rep's copy (their list shows it closed) and the audit entry.

use crate::app::App;
use crate::audit::{self, Action, AuditEntry};
use crate::db::Tx;
use crate::directory::{self, RepCompany};
use crate::error::{AppError, AppResult};
use crate::identity::table::{self as identity, UserRefusals};
use crate::identity::{CompanyStatus, UserStatus};
use crate::ids::{CompanyId, UserId};

pub(super) async fn shut_down(app: &App, company: &CompanyId, actor: &UserId) -> AppResult<()> {
    for sub in crate::commerce::table::all_subscriptions(&app.db, company).await? {
        crate::licensing::cancel(app, sub, None, None).await?;
    }
    for user in identity::all_users(&app.db, company).await? {
        if user.status == UserStatus::Disabled {
            continue;
        }
        let update = user.disable();
        let mut tx = Tx::new(AppError::Conflict);
        crate::identity::links::void_current(&mut tx, &user);
        identity::save_user(&mut tx, &update, UserRefusals { email_taken: AppError::Conflict, last_admin: AppError::Conflict })?;
        tx.commit(&app.db).await?;
    }
    close(app, company, actor).await
}

/// Closes the company, unless it is closed already; read again if its rep changed meanwhile.
async fn close(app: &App, id: &CompanyId, actor: &UserId) -> AppResult<()> {
    for _ in 0..4 {
        let company = identity::get_company(&app.db, id).await?.ok_or(AppError::NotFound)?;
        if company.status == CompanyStatus::Closed {
            return Ok(());
        }
        let mut tx = Tx::new(());
        identity::close_company(&mut tx, &company, ());
        identity::count_tax_id(&mut tx, company.tax_id.as_deref(), -1);
        if let Some(rep) = &company.sales_rep_id {
            let copy = RepCompany { status: CompanyStatus::Closed, ..RepCompany::from(&company) };
            directory::put_copy(&mut tx, rep, &copy)?;
        }
        let entry = AuditEntry::new(app.now(), actor, Action::AccountTerminated, id, serde_json::json!({ "company": company.name }));
        audit::record(&mut tx, id, &entry)?;
        if tx.run(&app.db).await?.is_ok() {
            return Ok(());
        }
    }
    Err(AppError::Conflict)
}
