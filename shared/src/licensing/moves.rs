//! A licence moved from one person to another ("Gestionar por usuario").
//!
//! `POST /subscriptions/{id}/licences/{user_id}/reassign` moves a licence to another user in one
//! transaction (the seat stays counted): what an admin does before deleting someone.

use super::emails;
use super::table;
use super::views::Assigned;
use crate::app::App;
use crate::change::Change;
use crate::commerce::table as commerce;
use crate::error::{AppError, AppResult};
use crate::identity::user::MAX_LICENCES_PER_USER;
use crate::identity::{table as identity, Bearer, ADMIN};
use crate::ids::{SubscriptionId, UserId};
use serde::Deserialize;

/// The body of `POST /subscriptions/{id}/licences/{user_id}/reassign`: who gets the licence.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReassignRequest {
    /// The user who gets the licence.
    #[cfg_attr(feature = "openapi", schema(value_type = crate::ids::UserId))]
    pub user_id: String,
}

/// Why a reassignment's transaction was refused.
enum Move {
    /// The licence was released meanwhile.
    Gone,
    /// The new holder got one meanwhile.
    Held,
    /// The subscription closed.
    Closed,
    /// The new holder changed: read again.
    Changed,
}

/// `POST /subscriptions/{id}/licences/{user_id}/reassign`: the licence of `from` goes to the user
/// named in the body, in one transaction; the new holder is emailed.
pub async fn reassign(app: &App, bearer: &Bearer, sub: &str, from: &str, request: AppResult<ReassignRequest>) -> AppResult<Assigned> {
    let ids = request.and_then(|r| {
        let to = UserId::parse(&r.user_id).ok_or_else(|| AppError::field("user_id", "No es un usuario de tu empresa."))?;
        Ok((SubscriptionId::parse(sub), UserId::parse(from), to))
    });
    let (sub_id, from_id, to_id) = bearer.admit(app, ADMIN, ids).await?;
    let company = bearer.company_id();
    let read = || async {
        let (Some(sub_id), Some(from_id)) = (&sub_id, &from_id) else { return Ok((None, None, None)) };
        tokio::try_join!(
            commerce::get_subscription(&app.db, company, sub_id),
            table::get(&app.db, company, sub_id, from_id),
            identity::get_user(&app.db, company, &to_id)
        )
    };
    let first = async { tokio::try_join!(read(), app.catalog.snapshot(&app.db), identity::get_company(&app.db, company)) };
    let (_, ((mut sub, mut licence, mut to), snapshot, company_record)) = bearer.with(app, ADMIN, first).await?;
    let company_name = company_record.map(|c| c.name).unwrap_or_default();
    for _ in 0..4 {
        let (Some(s), Some(l)) = (&sub, &licence) else { return Err(AppError::NotFound) };
        let Some(t) = &to else { return Err(AppError::field("user_id", "No es un usuario de tu empresa.")) };
        if t.id == l.user_id || t.licences.contains_key(&s.id) {
            return Err(AppError::field("user_id", format!("{} ya tiene esta aplicación.", t.name)));
        }
        if t.licences.len() >= MAX_LICENCES_PER_USER {
            return Err(AppError::field("user_id", format!("Un usuario puede tener hasta {MAX_LICENCES_PER_USER} aplicaciones.")));
        }
        let mut change = Change::new(Move::Changed);
        table::still_live(&mut change.tx, s, Move::Closed);
        let given = table::transfer(&mut change.tx, s, l, t, app.now(), Move::Gone, Move::Held)?;
        if let Some(product) = app.catalog.products(&app.db, &snapshot, &[&s.product_id]).await?.get(&s.product_id) {
            change.send(emails::licence_assigned(t, product, &company_name)?);
        }
        match change.run(app).await? {
            Ok(()) => return Ok(Assigned::new(&given, t)),
            Err(Move::Gone) => return Err(AppError::NotFound),
            Err(Move::Held) => return Err(AppError::field("user_id", format!("{} ya tiene esta aplicación.", t.name))),
            Err(Move::Closed) => return Err(super::bulk::cancelled()),
            Err(Move::Changed) => (sub, licence, to) = read().await?,
        }
    }
    Err(AppError::Conflict)
}
