//! `GET /me`: the signed-in person and their company, read with the session check in one round
//! trip.

use super::caller::{Bearer, ANYONE};
use super::table;
use super::views::Me;
use crate::app::App;
use crate::error::{AppError, AppResult};

pub async fn me(app: &App, bearer: &Bearer) -> AppResult<Me> {
    let (caller, company) = bearer.with(app, ANYONE, table::get_company(&app.db, bearer.company_id())).await?;
    let company = company.ok_or(AppError::Unauthorized)?;
    Ok(Me::new(&caller.user, &company))
}
