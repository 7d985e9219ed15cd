//! `GET /operator/billing?month=YYYY-MM`: each company's charges for the month, per subscription,
//! as JSON or (with `Accept: text/csv`) as CSV for the telecom invoice. The prorating rule is in
//! `cloudstore::domain::billing`.

use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use cloudstore::domain::billing::{self, Charge};
use cloudstore::domain::money::sum;
use cloudstore::domain::Role;
use cloudstore::http::{json, ApiQuery, Caller};
use cloudstore::{AppError, AppState};
use serde::Deserialize;
use serde_json::json as j;
use std::collections::BTreeMap;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BillingQuery {
    month: String,
}

pub async fn export(
    State(app): State<AppState>,
    caller: Caller,
    headers: HeaderMap,
    ApiQuery(q): ApiQuery<BillingQuery>,
) -> Result<Response, AppError> {
    caller.require(Role::Operator)?;
    let month = billing::parse_month(&q.month).ok_or_else(|| AppError::field("month", "Usá el formato AAAA-MM."))?;
    let mut by_company: BTreeMap<String, Vec<Charge>> = BTreeMap::new();
    for sub in app.store.every_subscription().await? {
        if let Some(charge) = billing::charge(&sub, month) {
            by_company.entry(sub.company_id.clone()).or_default().push(charge);
        }
    }
    let ids: Vec<&str> = by_company.keys().map(String::as_str).collect();
    let companies = app.store.companies_by_id(&ids).await?;
    let name = |id: &str| companies.get(id).map(|c| c.name.clone()).unwrap_or_default();
    let wants_csv = headers.get(header::ACCEPT).and_then(|v| v.to_str().ok()).is_some_and(|a| a.contains("text/csv"));
    if wants_csv {
        return csv(&q.month, &by_company, name);
    }
    let total = sum(by_company.values().flatten().map(|c| c.amount));
    let companies: Vec<serde_json::Value> = by_company
        .iter()
        .map(|(id, charges)| j!({ "company_id": id, "company_name": name(id), "total": sum(charges.iter().map(|c| c.amount)), "subscriptions": charges }))
        .collect();
    Ok(json(StatusCode::OK, &j!({ "month": q.month, "currency": "ARS", "companies": companies, "total": total })))
}

fn pesos(amount: cloudstore::domain::Money) -> String {
    format!("{}.{:02}", amount.amount / 100, amount.amount.rem_euclid(100))
}

fn csv(month: &str, by_company: &BTreeMap<String, Vec<Charge>>, name: impl Fn(&str) -> String) -> Result<Response, AppError> {
    let mut out = csv::Writer::from_writer(Vec::new());
    out.write_record([
        "month",
        "company_id",
        "company_name",
        "subscription_id",
        "product_id",
        "product_name",
        "plan_id",
        "seats",
        "unit_price",
        "price",
        "discount",
        "trial_days_free",
        "billable_days",
        "days_in_month",
        "amount",
        "currency",
    ])
    .map_err(AppError::internal)?;
    for (company, charges) in by_company {
        for c in charges {
            out.write_record([
                month.to_string(),
                company.clone(),
                name(company),
                c.subscription_id.clone(),
                c.product_id.clone(),
                c.product_name.clone(),
                c.plan_id.clone(),
                c.seats.to_string(),
                pesos(c.unit_price),
                pesos(c.price),
                pesos(c.discount),
                c.trial_days_free.to_string(),
                c.billable_days.to_string(),
                c.days_in_month.to_string(),
                pesos(c.amount),
                "ARS".into(),
            ])
            .map_err(AppError::internal)?;
        }
    }
    let body = out.into_inner().map_err(|e| AppError::internal(e.to_string()))?;
    let mut response = (StatusCode::OK, body).into_response();
    response.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("text/csv; charset=utf-8"));
    let disposition = format!("attachment; filename=\"cloudstore-billing-{month}.csv\"");
    if let Ok(value) = HeaderValue::from_str(&disposition) {
        response.headers_mut().insert(header::CONTENT_DISPOSITION, value);
    }
    Ok(response)
}
