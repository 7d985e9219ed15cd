//! The sales rep's cockpit: the companies I serve (search by name or CUIT, each with its admins,
//! subscriptions and my pending orders), my delegated orders and their state, onboarding a new
//! customer ([`onboard`]), and the terminations of my companies. Every use case is for the
//! `sales_rep` role only, and reads only what the rep's own partition names: a rep sees their
//! companies and orders, never anyone else's.

pub(crate) mod emails;
mod onboarding;
pub mod requests;
pub mod views;

pub use onboarding::onboard;

use crate::app::App;
use crate::commerce::table as commerce;
use crate::delegation::copies::{self, SalesOrder};
use crate::directory;
use crate::error::AppResult;
use crate::identity::{table as identity, Bearer, SALES_REP};
use crate::terminations::{self, TerminationRequest};
use crate::views::{List, PageRequest, Search, SearchParams};
use views::SalesCompany;

/// `GET /sales/companies?query=&limit=&cursor=` (20 a page, at most 50): the page of the rep's
/// company copies comes with the session check; each company's admins, subscriptions and pending
/// orders are then read, all companies at once (two round trips).
pub async fn companies(app: &App, bearer: &Bearer, params: AppResult<SearchParams>) -> AppResult<List<SalesCompany>> {
    let Search { text, page } = bearer.admit(app, SALES_REP, params.and_then(|p| p.bounded(20, 50))).await?;
    let (_, mine) = bearer.with(app, SALES_REP, directory::rep_companies(&app.db, bearer.user_id(), &text, &page)).await?;
    let details = futures_util::future::try_join_all(mine.items.iter().map(|c| async move {
        tokio::try_join!(
            identity::company_admins(&app.db, &c.company_id),
            commerce::all_subscriptions(&app.db, &c.company_id),
            commerce::pending_orders(&app.db, &c.company_id)
        )
    }))
    .await?;
    let items =
        mine.items.into_iter().zip(details).map(|(c, (admins, subs, pending))| SalesCompany::new(c, &admins, &subs, &pending)).collect();
    Ok(List { items, next_cursor: mine.next })
}

/// `GET /sales/orders?limit=&cursor=`: the rep's delegated orders, newest first, each as it
/// stands (pending, approved, rejected, expired), from the rep's own copies in one round trip.
pub async fn orders(app: &App, bearer: &Bearer, page: AppResult<PageRequest>) -> AppResult<List<SalesOrder>> {
    let page = bearer.admit(app, SALES_REP, page).await?;
    let (_, orders) = bearer.with(app, SALES_REP, copies::page(&app.db, bearer.user_id(), &page)).await?;
    Ok(List::page(orders, SalesOrder::from))
}

/// `GET /sales/terminations`: the termination requests of the rep's companies.
pub async fn terminations(app: &App, bearer: &Bearer) -> AppResult<List<TerminationRequest>> {
    terminations::list_for_rep(app, bearer).await
}

/// `POST /sales/terminations/{id}/complete`: the rep finishes one of their companies'.
pub async fn complete_termination(app: &App, bearer: &Bearer, id: &str) -> AppResult<TerminationRequest> {
    terminations::complete_for_rep(app, bearer, id).await
}
