//! The company's orders, each read with the session check in one round trip.

use super::order::OrderView;
use super::table;
use crate::app::App;
use crate::db::read_if;
use crate::error::{AppError, AppResult};
use crate::identity::{Bearer, ADMIN};
use crate::ids::OrderId;
use crate::views::{List, PageRequest};

/// `GET /orders`: newest first.
pub async fn list(app: &App, bearer: &Bearer, page: AppResult<PageRequest>) -> AppResult<List<OrderView>> {
    let page = bearer.admit(app, ADMIN, page).await?;
    let (_, orders) = bearer.with(app, ADMIN, table::list_orders(&app.db, bearer.company_id(), &page)).await?;
    Ok(List::page(orders, |o| OrderView::from(&o)))
}

/// `GET /orders/{id}`: another company's id answers `not_found` like an unknown one.
pub async fn read(app: &App, bearer: &Bearer, id: &str) -> AppResult<OrderView> {
    let id = OrderId::parse(id);
    let (_, order) = bearer.with(app, ADMIN, read_if(id.as_ref().map(|id| table::get_order(&app.db, bearer.company_id(), id)))).await?;
    order.map(|o| OrderView::from(&o)).ok_or(AppError::NotFound)
}
