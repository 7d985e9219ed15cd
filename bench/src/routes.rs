//! Every route of the contract, called once against DynamoDB Local through a metered client: its
//! DynamoDB calls and round trips (calls in flight together count once), against the budget the
//! design gives it. `make bench` reports the table; `tests/round_trips.rs` fails when a route goes
//! over its budget.

use crate::meter::{round_trips, Call};
use crate::ops::Bench;
use cloudstore::routes::ROUTES;
use cloudstore_tests::{last_mail_to, unique_email, Answer, Req, PASSWORD};
use serde_json::{json, Value};

/// What one route cost.
pub struct RouteTrips {
    pub route: &'static str,
    pub calls: Vec<Call>,
    /// The most round trips the design allows it.
    pub budget: usize,
    /// Why its budget is above the rule (authenticated reads 1, writes 2), if it is.
    pub why: Option<&'static str>,
    pub status: u16,
}

impl RouteTrips {
    pub fn round_trips(&self) -> usize {
        round_trips(&self.calls)
    }
}

const PRODUCT: &str = "01KMR301Z6D7S9DX7VW94EDFBF";

fn cart(seats: u32) -> Value {
    json!({ "items": [{ "product_id": PRODUCT, "plan_id": "equipo", "seats": seats }] })
}

struct Walk<'a> {
    bench: &'a Bench,
    found: Vec<RouteTrips>,
}

/// Calls of a declared route whose query makes it do something else, with their own budget.
const VARIANTS: &[(&str, usize, &str)] =
    &[("DELETE /users/{id}?terminate_account=true", 8, "rare: records the request, then marks each live subscription, one write each")];

/// The budget of `route` (a declared route, or one of the [`VARIANTS`]) and why it is above the
/// rule.
fn budget(route: &str) -> (usize, Option<&'static str>) {
    if let Some((_, trips, why)) = VARIANTS.iter().find(|(variant, _, _)| *variant == route) {
        return (*trips, Some(why));
    }
    let declared = ROUTES.iter().find(|r| r.key() == route).unwrap_or_else(|| panic!("{route} is not a declared route"));
    (declared.round_trips, declared.why)
}

impl Walk<'_> {
    /// Sends `req` with the meter cleared before, records its calls against the route's budget.
    async fn call(&mut self, route: &'static str, req: Req<'_>) -> Answer {
        self.bench.meter.take();
        let answer = self.bench.app.send(req).await;
        self.record(route, answer)
    }

    async fn request(&mut self, route: &'static str, request: axum::http::Request<axum::body::Body>) -> Answer {
        self.bench.meter.take();
        let answer = self.bench.app.send_request(request).await;
        self.record(route, answer)
    }

    fn record(&mut self, route: &'static str, answer: Answer) -> Answer {
        let calls = self.bench.meter.take();
        assert!(answer.status < 300, "{route}: {} {:?}", answer.status, answer.body);
        let (budget, why) = budget(route);
        self.found.push(RouteTrips { route, calls, budget, why, status: answer.status });
        answer
    }
}

fn req<'a>(method: &'a str, path: &'a str, body: Option<Value>, bearer: Option<&'a str>) -> Req<'a> {
    Req { method, path, body: body.map(|b| b.to_string().into_bytes()), bearer }
}

fn keyed(path: &str, token: &str, key: &str, body: Value) -> axum::http::Request<axum::body::Body> {
    axum::http::Request::builder()
        .method("POST")
        .uri(path)
        .header("content-type", "application/json")
        .header("authorization", format!("Bearer {token}"))
        .header("idempotency-key", key)
        .body(axum::body::Body::from(body.to_string()))
        .unwrap()
}

/// Calls every route once, in an order that gives each what it needs.
pub async fn walk(bench: &Bench) -> Vec<RouteTrips> {
    let mut w = Walk { bench, found: Vec::new() };
    let app = &bench.app;
    let op = bench.operator_token.clone();

    // Identity (public).
    let email = unique_email("walk");
    let signup = json!({ "company": { "name": "Ruta SA" }, "admin": { "name": "Ana", "email": email } });
    w.call("POST /signup", req("POST", "/signup", Some(signup), None)).await;
    let token = last_mail_to(&email).await.token();
    let activate = json!({ "token": token, "password": PASSWORD, "password_confirmation": PASSWORD });
    w.call("POST /activation", req("POST", "/activation", Some(activate), None)).await;
    let login = w.call("POST /login", req("POST", "/login", Some(json!({ "email": email, "password": PASSWORD })), None)).await;
    let refresh = login.body["refresh_token"].as_str().unwrap().to_string();
    let tokens = w.call("POST /token/refresh", req("POST", "/token/refresh", Some(json!({ "refresh_token": refresh })), None)).await;

    let company = tokens.body["user"]["company_id"].as_str().unwrap().to_string();
    w.call("POST /password-reset", req("POST", "/password-reset", Some(json!({ "email": email })), None)).await;
    let reset = last_mail_to(&email).await.token();
    let confirm = json!({ "token": reset, "password": PASSWORD, "password_confirmation": PASSWORD });
    w.call("POST /password-reset/confirm", req("POST", "/password-reset/confirm", Some(confirm), None)).await;
    let admin = app.login(&email, PASSWORD).await.body["access_token"].as_str().unwrap().to_string();
    let other = app.login(&email, PASSWORD).await.body;
    let (other_access, other_refresh) = (other["access_token"].as_str().unwrap(), other["refresh_token"].as_str().unwrap());
    w.call("POST /logout", req("POST", "/logout", Some(json!({ "refresh_token": other_refresh })), Some(other_access))).await;
    let a = admin.as_str();

    // Me and users.
    w.call("GET /me", req("GET", "/me", None, Some(a))).await;
    w.call("GET /company", req("GET", "/company", None, Some(a))).await;
    let profile = json!({ "tax_id": "30-71234567-1", "billing_account": "0800-1234567" });
    w.call("PATCH /company", req("PATCH", "/company", Some(profile), Some(a))).await;
    let user_email = unique_email("walk-user");
    let created =
        w.call("POST /users", req("POST", "/users", Some(json!({ "name": "Beto", "email": user_email, "role": "user" })), Some(a))).await;
    let user = created.body["id"].as_str().unwrap().to_string();
    app.activate_from_mail(&user_email, PASSWORD).await;
    w.call("GET /users", req("GET", "/users", None, Some(a))).await;
    let user_path = format!("/users/{user}");
    w.call("GET /users/{id}", req("GET", &user_path, None, Some(a))).await;
    w.call("PATCH /users/{id}", req("PATCH", &user_path, Some(json!({ "name": "Beto Díaz" })), Some(a))).await;
    w.call("GET /audit", req("GET", "/audit", None, Some(a))).await;

    // Catalog and coupons.
    w.call("GET /products", req("GET", "/products", None, None)).await;
    w.call("GET /products/{id}", req("GET", &format!("/products/{PRODUCT}"), None, None)).await;
    let sheet = app.send(req("GET", &format!("/products/{PRODUCT}"), None, None)).await.body;
    let mut product = sheet.clone();
    for field in ["id", "active"] {
        product.as_object_mut().unwrap().remove(field);
    }
    let new = w.call("POST /products", req("POST", "/products", Some(product.clone()), Some(&op))).await;
    let new_path = format!("/products/{}", new.body["id"].as_str().unwrap());
    w.call("PUT /products/{id}", req("PUT", &new_path, Some(product), Some(&op))).await;
    w.call("DELETE /products/{id}", req("DELETE", &new_path, None, Some(&op))).await;
    w.call("GET /coupons", req("GET", "/coupons", None, Some(&op))).await;
    let code = format!("RUTA{}", &ulid::Ulid::new().to_string()[20..]);
    w.call("POST /coupons", req("POST", "/coupons", Some(json!({ "code": code, "percent_off": 10, "duration": "once" })), Some(&op))).await;
    w.call("PATCH /coupons/{code}", req("PATCH", &format!("/coupons/{code}"), Some(json!({ "description": "Ruta" })), Some(&op))).await;

    // The help centre, and an upload for a product sheet.
    w.call("GET /help", req("GET", "/help", None, None)).await;
    let article = json!({ "group": "Compras", "question": "¿Cómo compro una aplicación?", "answer": "Desde el catálogo." });
    let written = w.call("POST /help", req("POST", "/help", Some(article.clone()), Some(&op))).await;
    let article_path = format!("/help/{}", written.body["id"].as_str().unwrap());
    w.call("PUT /help/{id}", req("PUT", &article_path, Some(article), Some(&op))).await;
    w.call("DELETE /help/{id}", req("DELETE", &article_path, None, Some(&op))).await;
    let upload = json!({ "kind": "icon", "content_type": "image/png", "size": 2048 });
    w.call("POST /media", req("POST", "/media", Some(upload), Some(&op))).await;

    // Checkout, subscriptions and licences.
    w.call("POST /checkout/quote", req("POST", "/checkout/quote", Some(cart(3)), Some(a))).await;
    let order = w.request("POST /orders", keyed("/orders", a, "walk-1", cart(3))).await;
    let order_id = order.body["id"].as_str().unwrap().to_string();
    let sub = order.body["subscription_ids"][0].as_str().unwrap().to_string();
    w.call("GET /orders", req("GET", "/orders", None, Some(a))).await;
    w.call("GET /orders/{id}", req("GET", &format!("/orders/{order_id}"), None, Some(a))).await;
    w.call("GET /subscriptions", req("GET", "/subscriptions", None, Some(a))).await;
    let sub_path = format!("/subscriptions/{sub}");
    let more = json!({ "seats": 4, "expected_total": { "amount": 1_250_000, "currency": "ARS" } });
    w.call("PATCH /subscriptions/{id}", req("PATCH", &sub_path, Some(more), Some(a))).await;
    let now = time::OffsetDateTime::now_utc();
    let statement = format!("/billing/statements/{}-{:02}", now.year(), now.month() as u8);
    w.call("GET /billing/statements/{month}", req("GET", &statement, None, Some(a))).await;
    let licences = format!("{sub_path}/licences");
    w.call("POST /subscriptions/{id}/licences", req("POST", &licences, Some(json!({ "user_id": user })), Some(a))).await;
    w.call("GET /subscriptions/{id}/licences", req("GET", &licences, None, Some(a))).await;
    let user_token = app.login(&user_email, PASSWORD).await.body["access_token"].as_str().unwrap().to_string();
    w.call("GET /me/apps", req("GET", "/me/apps", None, Some(&user_token))).await;
    w.call("DELETE /subscriptions/{id}/licences/{user_id}", req("DELETE", &format!("{licences}/{user}"), None, Some(a))).await;
    // The admin takes the seat back for themself, then moves it to Beto.
    let own_id = tokens.body["user"]["id"].as_str().unwrap().to_string();
    w.call(
        "POST /subscriptions/{id}/licences/bulk",
        req("POST", &format!("{licences}/bulk"), Some(json!({ "user_ids": [own_id] })), Some(a)),
    )
    .await;
    let reassign = format!("{licences}/{own_id}/reassign");
    w.call("POST /subscriptions/{id}/licences/{user_id}/reassign", req("POST", &reassign, Some(json!({ "user_id": user })), Some(a))).await;
    let other =
        app.order(a, "walk-2", json!({ "items": [{ "product_id": "01KMR8QZ2038FTQBXYCX62A53Y", "plan_id": "agente", "seats": 2 }] })).await;
    let other_sub = other.body["subscription_ids"][0].as_str().unwrap().to_string();
    app.post_as(a, &format!("/subscriptions/{other_sub}/licences"), json!({ "user_id": user })).await;
    w.call("DELETE /subscriptions/{id}", req("DELETE", &format!("/subscriptions/{other_sub}"), None, Some(a))).await;

    // Delegated purchases.
    let rep = bench.sales_rep_for(&company).await;
    let placed =
        w.request("POST /companies/{company_id}/orders", keyed(&format!("/companies/{company}/orders"), &rep, "walk-rep-1", cart(1))).await;
    let pending = placed.body["id"].as_str().unwrap().to_string();
    w.call("GET /approvals", req("GET", "/approvals", None, Some(a))).await;
    w.call("GET /approvals/{order_id}", req("GET", &format!("/approvals/{pending}"), None, Some(a))).await;
    w.call("POST /approvals/{order_id}/approve", req("POST", &format!("/approvals/{pending}/approve"), None, Some(a))).await;
    let second = app.send_request(keyed(&format!("/companies/{company}/orders"), &rep, "walk-rep-2", cart(1))).await;
    let second = second.body["id"].as_str().unwrap().to_string();
    w.call(
        "POST /approvals/{order_id}/reject",
        req("POST", &format!("/approvals/{second}/reject"), Some(json!({ "reason": "Ahora no" })), Some(a)),
    )
    .await;

    // The sales rep's cockpit.
    w.call("GET /sales/companies", req("GET", "/sales/companies", None, Some(&rep))).await;
    w.call("GET /sales/orders", req("GET", "/sales/orders", None, Some(&rep))).await;
    let customer = unique_email("walk-customer");
    let onboard = json!({ "company": { "name": "Cliente SA", "tax_id": "30-71234567-1" }, "admin": { "name": "Dora", "email": customer } });
    w.call("POST /sales/companies", req("POST", "/sales/companies", Some(onboard), Some(&rep))).await;

    // The operator's back office.
    let staff = json!({ "name": "Vera", "email": unique_email("walk-rep"), "role": "sales_rep" });
    let staff = w.call("POST /operator/users", req("POST", "/operator/users", Some(staff), Some(&op))).await;
    let company_path = format!("/operator/companies/{company}");
    let assign = json!({ "user_id": staff.body["id"] });
    w.call("PUT /operator/companies/{company_id}/sales-rep", req("PUT", &format!("{company_path}/sales-rep"), Some(assign), Some(&op)))
        .await;
    let limits = json!({ "daily": { "amount": 100_000_000, "currency": "ARS" } });
    w.call(
        "PUT /operator/companies/{company_id}/spend-limits",
        req("PUT", &format!("{company_path}/spend-limits"), Some(limits), Some(&op)),
    )
    .await;
    w.call("GET /operator/terminations", req("GET", "/operator/terminations", None, Some(&op))).await;
    w.call("GET /operator/companies", req("GET", "/operator/companies", None, Some(&op))).await;
    w.call("GET /operator/users", req("GET", "/operator/users", None, Some(&op))).await;
    let vendor = json!({ "name": "Andes Software", "admin": { "name": "Paula", "email": unique_email("walk-vendor") } });
    w.call("POST /operator/vendors", req("POST", "/operator/vendors", Some(vendor), Some(&op))).await;
    w.call("GET /operator/vendors", req("GET", "/operator/vendors", None, Some(&op))).await;
    // The demo vendor's console: an endpoint at a local receiver, edited, its secret rotated,
    // pinged (the call out is not a table round trip), removed.
    let vendor = app.vendor_token().await;
    let hooks = cloudstore_tests::receiver::Receiver::start().await;
    let endpoint = json!({ "url": hooks.url("/hooks"), "events": ["*"] });
    let endpoint = w.call("POST /vendor/endpoints", req("POST", "/vendor/endpoints", Some(endpoint), Some(&vendor))).await;
    let endpoint = format!("/vendor/endpoints/{}", endpoint.body["id"].as_str().unwrap());
    w.call("GET /vendor/endpoints", req("GET", "/vendor/endpoints", None, Some(&vendor))).await;
    let events = json!({ "events": ["subscription.created"] });
    w.call("PATCH /vendor/endpoints/{id}", req("PATCH", &endpoint, Some(events), Some(&vendor))).await;
    w.call("POST /vendor/endpoints/{id}/secret", req("POST", &format!("{endpoint}/secret"), None, Some(&vendor))).await;
    w.call("POST /vendor/endpoints/{id}/ping", req("POST", &format!("{endpoint}/ping"), None, Some(&vendor))).await;
    w.call("DELETE /vendor/endpoints/{id}", req("DELETE", &endpoint, None, Some(&vendor))).await;
    // Vera, who serves the company now, leaves: her company goes to the rep (one chunk).
    let rep_id = app.get_as(&rep, "/me").await.body["id"].clone();
    let vera = format!("/operator/users/{}", staff.body["id"].as_str().unwrap());
    let handover = json!({ "reassign_to": rep_id });
    w.call("POST /operator/users/{id}/disable", req("POST", &format!("{vera}/disable"), Some(handover), Some(&op))).await;
    w.call("POST /operator/users/{id}/enable", req("POST", &format!("{vera}/enable"), None, Some(&op))).await;

    // Password changes, deletions and the account's termination, last.
    w.call("POST /users/{id}/password-reset", req("POST", &format!("{user_path}/password-reset"), None, Some(a))).await;
    let change = json!({ "current_password": PASSWORD, "password": "otra clave larga 2", "password_confirmation": "otra clave larga 2" });
    w.call("POST /me/password", req("POST", "/me/password", Some(change), Some(a))).await;
    let admin = app.login(&email, "otra clave larga 2").await.body["access_token"].as_str().unwrap().to_string();
    let a = admin.as_str();
    w.call("DELETE /users/{id}", req("DELETE", &user_path, None, Some(a))).await;
    let own = tokens.body["user"]["id"].as_str().unwrap().to_string();
    let terminated = w
        .call("DELETE /users/{id}?terminate_account=true", req("DELETE", &format!("/users/{own}?terminate_account=true"), None, Some(a)))
        .await;
    let termination = terminated.body["termination_request_id"].as_str().unwrap().to_string();
    w.call(
        "POST /operator/terminations/{id}/complete",
        req("POST", &format!("/operator/terminations/{termination}/complete"), None, Some(&op)),
    )
    .await;
    // The onboarded customer leaves too; their rep finishes it.
    app.activate_from_mail(&customer, PASSWORD).await;
    let dora = app.login(&customer, PASSWORD).await.body;
    let (dora_token, dora_id) = (dora["access_token"].as_str().unwrap(), dora["user"]["id"].as_str().unwrap());
    let asked = app.delete_as(dora_token, &format!("/users/{dora_id}?terminate_account=true")).await;
    let theirs = asked.body["termination_request_id"].as_str().unwrap().to_string();
    w.call("GET /sales/terminations", req("GET", "/sales/terminations", None, Some(&rep))).await;
    w.call("POST /sales/terminations/{id}/complete", req("POST", &format!("/sales/terminations/{theirs}/complete"), None, Some(&rep)))
        .await;
    let month = time::OffsetDateTime::now_utc();
    let month = format!("{}-{:02}", month.year(), month.month() as u8);
    w.call("GET /operator/billing", req("GET", &format!("/operator/billing?month={month}"), None, Some(&op))).await;
    w.call("GET /operator/audit", req("GET", "/operator/audit", None, Some(&op))).await;
    w.found
}
