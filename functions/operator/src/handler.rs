//! `operator`: the staff's back office. The operator's: every company (search, which sales rep
//! serves it, spend limits), the staff (created, listed, disabled with the handover of a rep's
//! companies, enabled), account terminations, and the monthly billing export for the telecom
//! invoice (JSON, or CSV with `Accept: text/csv`), the platform-wide audit trail, and the vendors
//! whose applications the store sells. The sales rep's cockpit (`/sales/…`): the
//! companies they serve, their delegated orders, onboarding a customer, their companies'
//! terminations.

use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::Response;
use axum::routing::{get, post, put};
use axum::Router;
use cloudstore::http::{self, ApiJson, ApiJsonOrEmpty, ApiPath, ApiQuery};
use cloudstore::identity::Bearer;
use cloudstore::operator::billing::{self, BillingQuery};
use cloudstore::operator::{self, DisableRequest, SalesRepRequest, SpendLimitsRequest, StaffParams, StaffRequest};
use cloudstore::sales::{self, requests::OnboardRequest};
use cloudstore::vendors::{self, requests::VendorRequest};
use cloudstore::views::{PageParams, SearchParams};
use cloudstore::{audit, terminations, AppError, AppResult, AppState};

pub fn router(state: AppState) -> Router {
    let routes = Router::new()
        .route("/operator/users", post(create_staff).get(list_staff))
        .route("/operator/users/{id}/disable", post(disable_staff))
        .route("/operator/users/{id}/enable", post(enable_staff))
        .route("/operator/companies", get(list_companies))
        .route("/operator/vendors", post(create_vendor).get(list_vendors))
        .route("/operator/companies/{company_id}/sales-rep", put(assign_sales_rep))
        .route("/operator/companies/{company_id}/spend-limits", put(spend_limits))
        .route("/operator/terminations", get(list_terminations))
        .route("/operator/terminations/{id}/complete", post(complete_termination))
        .route("/operator/billing", get(billing_export))
        .route("/operator/audit", get(platform_audit))
        .route("/sales/companies", get(sales_companies).post(onboard))
        .route("/sales/orders", get(sales_orders))
        .route("/sales/terminations", get(sales_terminations))
        .route("/sales/terminations/{id}/complete", post(sales_complete_termination));
    http::finish(routes, state)
}

async fn list_staff(State(app): State<AppState>, bearer: Bearer, query: Result<ApiQuery<StaffParams>, AppError>) -> AppResult<Response> {
    operator::list_staff(&app, &bearer, http::query(query)).await.map(http::ok)
}

async fn disable_staff(
    State(app): State<AppState>,
    bearer: Bearer,
    ApiPath(id): ApiPath<String>,
    body: Result<ApiJsonOrEmpty<DisableRequest>, AppError>,
) -> AppResult<Response> {
    operator::disable_staff(&app, &bearer, &id, http::optional_body(body)).await.map(http::ok)
}

async fn enable_staff(State(app): State<AppState>, bearer: Bearer, ApiPath(id): ApiPath<String>) -> AppResult<Response> {
    operator::enable_staff(&app, &bearer, &id).await.map(http::ok)
}

async fn create_vendor(State(app): State<AppState>, bearer: Bearer, body: Result<ApiJson<VendorRequest>, AppError>) -> AppResult<Response> {
    vendors::create(&app, &bearer, http::body(body)).await.map(http::created)
}

async fn list_vendors(State(app): State<AppState>, bearer: Bearer, query: Result<ApiQuery<PageParams>, AppError>) -> AppResult<Response> {
    vendors::list(&app, &bearer, http::page(query)).await.map(http::ok)
}

async fn list_companies(
    State(app): State<AppState>,
    bearer: Bearer,
    query: Result<ApiQuery<SearchParams>, AppError>,
) -> AppResult<Response> {
    operator::list_companies(&app, &bearer, http::query(query)).await.map(http::ok)
}

async fn sales_companies(
    State(app): State<AppState>,
    bearer: Bearer,
    query: Result<ApiQuery<SearchParams>, AppError>,
) -> AppResult<Response> {
    sales::companies(&app, &bearer, http::query(query)).await.map(http::ok)
}

async fn onboard(State(app): State<AppState>, bearer: Bearer, body: Result<ApiJson<OnboardRequest>, AppError>) -> AppResult<Response> {
    sales::onboard(&app, &bearer, http::body(body)).await.map(http::created)
}

async fn sales_orders(State(app): State<AppState>, bearer: Bearer, query: Result<ApiQuery<PageParams>, AppError>) -> AppResult<Response> {
    sales::orders(&app, &bearer, http::page(query)).await.map(http::ok)
}

async fn sales_terminations(State(app): State<AppState>, bearer: Bearer) -> AppResult<Response> {
    sales::terminations(&app, &bearer).await.map(http::ok)
}

async fn sales_complete_termination(State(app): State<AppState>, bearer: Bearer, ApiPath(id): ApiPath<String>) -> AppResult<Response> {
    sales::complete_termination(&app, &bearer, &id).await.map(http::ok)
}

async fn create_staff(State(app): State<AppState>, bearer: Bearer, body: Result<ApiJson<StaffRequest>, AppError>) -> AppResult<Response> {
    operator::create_staff(&app, &bearer, http::body(body)).await.map(http::created)
}

async fn assign_sales_rep(
    State(app): State<AppState>,
    bearer: Bearer,
    ApiPath(company_id): ApiPath<String>,
    body: Result<ApiJson<SalesRepRequest>, AppError>,
) -> AppResult<Response> {
    operator::assign_sales_rep(&app, &bearer, &company_id, http::body(body)).await.map(http::ok)
}

async fn spend_limits(
    State(app): State<AppState>,
    bearer: Bearer,
    ApiPath(company_id): ApiPath<String>,
    body: Result<ApiJson<SpendLimitsRequest>, AppError>,
) -> AppResult<Response> {
    operator::set_spend_limits(&app, &bearer, &company_id, http::body(body)).await.map(http::ok)
}

async fn list_terminations(State(app): State<AppState>, bearer: Bearer) -> AppResult<Response> {
    terminations::list(&app, &bearer).await.map(http::ok)
}

async fn complete_termination(State(app): State<AppState>, bearer: Bearer, ApiPath(id): ApiPath<String>) -> AppResult<Response> {
    terminations::complete(&app, &bearer, &id).await.map(http::ok)
}

async fn billing_export(
    State(app): State<AppState>,
    bearer: Bearer,
    headers: HeaderMap,
    query: Result<ApiQuery<BillingQuery>, AppError>,
) -> AppResult<Response> {
    let export = billing::export(&app, &bearer, http::query(query)).await?;
    if !http::wants_csv(&headers) {
        return Ok(http::ok(export));
    }
    Ok(http::csv(billing::csv(&export)?, &format!("cloudstore-billing-{}.csv", export.month)))
}

async fn platform_audit(
    State(app): State<AppState>,
    bearer: Bearer,
    query: Result<ApiQuery<audit::OperatorAuditQuery>, AppError>,
) -> AppResult<Response> {
    audit::list_platform(&app, &bearer, http::query(query)).await.map(http::ok)
}
