//! What the cockpit tests share: staff accounts created by the operator and activated as a person
//! would, companies assigned to a rep, delegated orders, a look at the operator's audit trail.

use cloudstore_tests::*;
use serde_json::{json, Value};

/// A staff member (sales rep or operator), activated from the email, signed in.
#[derive(Debug, Clone)]
pub struct Staff {
    pub id: String,
    pub email: String,
    pub token: String,
}

/// The operator creates a staff account of `role`; the person activates it and signs in.
pub async fn staff(app: &TestApp, op_token: &str, role: &str, name: &str) -> Staff {
    let email = unique_email(role);
    let created = app.post_as(op_token, "/operator/users", json!({ "name": name, "email": email, "role": role })).await;
    assert_eq!(created.status, 201, "{:?}", created.body);
    assert_eq!(app.activate_from_mail(&email, PASSWORD).await.status, 200);
    let login = app.login(&email, PASSWORD).await;
    assert_eq!(login.status, 200, "{:?}", login.body);
    Staff {
        id: created.body["id"].as_str().unwrap().to_string(),
        email: email.to_lowercase(),
        token: login.body["access_token"].as_str().unwrap().to_string(),
    }
}

/// A new sales rep.
pub async fn rep(app: &TestApp, op_token: &str, name: &str) -> Staff {
    staff(app, op_token, "sales_rep", name).await
}

/// The operator assigns `rep` to `company`.
pub async fn assign(app: &TestApp, op_token: &str, company: &str, rep: &str) -> Answer {
    app.put_as(op_token, &format!("/operator/companies/{company}/sales-rep"), json!({ "user_id": rep })).await
}

/// The rep onboards a company; answers the API's answer.
pub async fn onboard(app: &TestApp, rep_token: &str, name: &str, tax_id: Option<&str>, admin_email: &str) -> Answer {
    let mut company = json!({ "name": name });
    if let Some(tax) = tax_id {
        company["tax_id"] = json!(tax);
    }
    app.post_as(rep_token, "/sales/companies", json!({ "company": company, "admin": { "name": "Dora Admin", "email": admin_email } })).await
}

/// A one-line cart of "Factura Ya".
pub fn cart(seats: u32) -> Value {
    json!({ "items": [{ "product_id": "01KMR4670BK382X69K91NY0VTH", "plan_id": "mensual", "seats": seats }] })
}

/// `POST /companies/{company}/orders` as a rep.
pub async fn delegated(app: &TestApp, token: &str, company: &str, key: &str, cart: Value) -> Answer {
    let request = http::Request::builder()
        .method("POST")
        .uri(format!("/companies/{company}/orders"))
        .header("content-type", "application/json")
        .header("authorization", format!("Bearer {token}"))
        .header("idempotency-key", key)
        .body(axum::body::Body::from(cart.to_string()))
        .unwrap();
    app.send_request(request).await
}

/// The `items` of a list answer.
pub fn items(answer: &Answer) -> Vec<Value> {
    assert_eq!(answer.status, 200, "{:?}", answer.body);
    answer.body["items"].as_array().cloned().unwrap_or_default()
}

/// Every item of a paged list, following `next_cursor`.
pub async fn every_page(app: &TestApp, token: &str, path: &str) -> Vec<Value> {
    let mut all = Vec::new();
    let mut cursor: Option<String> = None;
    for _ in 0..100 {
        let sep = if path.contains('?') { '&' } else { '?' };
        let url = match &cursor {
            Some(c) => format!("{path}{sep}cursor={c}"),
            None => path.to_string(),
        };
        let page = app.get_as(token, &url).await;
        all.extend(items(&page));
        match page.body["next_cursor"].as_str() {
            Some(c) => cursor = Some(c.to_string()),
            None => return all,
        }
    }
    panic!("{path} never ended");
}

/// The audit actions recorded in a company's partition, oldest first (the operator's own
/// company has no route that lists them).
pub async fn audit_actions(app: &TestApp, company: &str) -> Vec<Value> {
    let query = cloudstore::db::Query::table(format!("COMPANY#{company}")).prefix("AUDIT#");
    let entries: Vec<cloudstore::audit::AuditEntry> = app.state.db().query_all(query).await.unwrap();
    entries.into_iter().map(|e| serde_json::to_value(e).unwrap()).collect()
}

/// The operator's own company (the seeded operator's).
pub async fn operator_company(app: &TestApp, op_token: &str) -> String {
    app.get_as(op_token, "/me").await.body["company_id"].as_str().unwrap().to_string()
}

/// Disables a staff member as an interrupted `POST /operator/users/{id}/disable` leaves them: the
/// person disabled, none of a rep's companies handed over yet.
pub async fn disabled_before_the_handover(app: &TestApp, op_token: &str, user: &str) {
    let own = cloudstore::ids::CompanyId::parse(&operator_company(app, op_token).await).unwrap();
    let id = cloudstore::ids::UserId::parse(user).unwrap();
    cloudstore::identity::disable_without_handover(app.state.db(), &own, &id).await.unwrap();
}
