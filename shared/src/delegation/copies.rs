//! The rep's copy of each delegated order they placed (`SALESREP#<rep>` / `ORDER#<order>`), so
//! "my orders" is one query of the rep's own partition, newest first (order ids are ULIDs). The
//! copy is written in the very transaction that places, approves, rejects or expires the order,
//! so it always says what the order says.

use crate::commerce::{Order, OrderView};
use crate::db::{to_item, Db, Entity, Key, Page, Query, Record, Tx};
use crate::directory::rep_partition;
use crate::error::AppResult;
use crate::ids::UserId;
use crate::views::PageRequest;
use serde::{Deserialize, Serialize};

const PREFIX: &str = "ORDER#";

/// A delegated order as its rep keeps it: the order and the company's name.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RepOrder {
    pub order: Order,
    pub company_name: String,
}

impl Record for RepOrder {
    const ENTITY: Entity = Entity::RepOrder;
}

/// `GET /sales/orders`: one of my delegated orders, with the company it was for.
#[derive(Debug, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SalesOrder {
    #[serde(flatten)]
    pub order: OrderView,
    pub company_name: String,
}

impl From<RepOrder> for SalesOrder {
    fn from(copy: RepOrder) -> Self {
        SalesOrder { order: OrderView::from(&copy.order), company_name: copy.company_name }
    }
}

/// Puts (or rewrites) the copy of `order` in the partition of the rep who placed it.
pub fn put<R>(tx: &mut Tx<R>, order: &Order, company_name: &str) -> AppResult<()> {
    let key = Key::new(rep_partition(&order.created_by), format!("{PREFIX}{}", order.id));
    let copy = RepOrder { order: order.clone(), company_name: company_name.to_string() };
    tx.put(to_item(&key, &copy)?).always();
    Ok(())
}

/// One page of the orders `rep` placed, newest first.
pub async fn page(db: &Db, rep: &UserId, page: &PageRequest) -> AppResult<Page<RepOrder>> {
    db.query(&Query::table(rep_partition(rep)).prefix(PREFIX).newest_first().page(page)?).await
}
