//! `operator`: the store operator's back office. Staff accounts (sales reps and operators), which
//! sales rep serves which company, spend limits, account terminations, and the monthly billing
//! export for the telecom invoice (JSON, or CSV with `Accept: text/csv`).

use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, put};
use axum::Router;
use cloudstore::http::{self, ApiJson, ApiPath, ApiQuery};
use cloudstore::identity::Bearer;
use cloudstore::operator::billing::{self, BillingQuery};
use cloudstore::operator::{self, SalesRepRequest, SpendLimitsRequest, StaffRequest};
use cloudstore::{terminations, AppError, AppResult, AppState};

pub fn router(state: AppState) -> Router {
    let routes = Router::new()
        .route("/operator/users", post(create_staff))
        .route("/operator/companies/{company_id}/sales-rep", put(assign_sales_rep))
        .route("/operator/companies/{company_id}/spend-limits", put(spend_limits))
        .route("/operator/terminations", get(list_terminations))
        .route("/operator/terminations/{id}/complete", post(complete_termination))
        .route("/operator/billing", get(billing_export));
    http::finish(routes, state)
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
    let wants_csv = headers.get(header::ACCEPT).and_then(|v| v.to_str().ok()).is_some_and(|a| a.contains("text/csv"));
    if !wants_csv {
        return Ok(http::ok(export));
    }
    let mut response = billing::csv(&export)?.into_response();
    response.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("text/csv; charset=utf-8"));
    if let Ok(value) = HeaderValue::from_str(&format!("attachment; filename=\"cloudstore-billing-{}.csv\"", export.month)) {
        response.headers_mut().insert(header::CONTENT_DISPOSITION, value);
    }
    Ok(response)
}
