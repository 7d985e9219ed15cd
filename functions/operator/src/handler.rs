//! `operator`: the store operator's back office. Staff accounts (sales reps and operators), which
//! sales rep serves which company, spend limits, account terminations, and the monthly billing
//! export for the telecom invoice. Every route is for the `operator` role only.

mod billing;
mod companies;
mod terminations;

use axum::routing::{get, post, put};
use axum::Router;
use cloudstore::AppState;

pub fn router(state: AppState) -> Router {
    let routes = Router::new()
        .route("/operator/users", post(companies::create_staff))
        .route("/operator/companies/{company_id}/sales-rep", put(companies::assign_sales_rep))
        .route("/operator/companies/{company_id}/spend-limits", put(companies::spend_limits))
        .route("/operator/terminations", get(terminations::list))
        .route("/operator/terminations/{id}/complete", post(terminations::complete))
        .route("/operator/billing", get(billing::export));
    cloudstore::http::finish(routes, state)
}
