//! Every route of the contract, called once against DynamoDB Local through a metered client: its
//! DynamoDB calls and round trips (calls in flight together count once), against the budget the
//! design gives it. `make bench` reports the table; `tests/round_trips.rs` fails when a route goes
//! over its budget.

use crate::meter::{round_trips, Call};
use crate::ops::Bench;
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

impl Walk<'_> {
    /// Sends `req` with the meter cleared before, records its calls against `budget`.
    async fn call(&mut self, route: &'static str, budget: usize, why: Option<&'static str>, req: Req<'_>) -> Answer {
        self.bench.meter.take();
        let answer = self.bench.app.send(req).await;
        let calls = self.bench.meter.take();
        assert!(answer.status < 300, "{route}: {} {:?}", answer.status, answer.body);
        self.found.push(RouteTrips { route, calls, budget, why, status: answer.status });
        answer
    }

    async fn request(&mut self, route: &'static str, budget: usize, request: axum::http::Request<axum::body::Body>) -> Answer {
        self.bench.meter.take();
        let answer = self.bench.app.send_request(request).await;
        let calls = self.bench.meter.take();
        assert!(answer.status < 300, "{route}: {} {:?}", answer.status, answer.body);
        self.found.push(RouteTrips { route, calls, budget, why: None, status: answer.status });
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
    w.call("POST /signup", 1, None, req("POST", "/signup", Some(signup), None)).await;
    let token = last_mail_to(&email).await.token();
    let activate = json!({ "token": token, "password": PASSWORD, "password_confirmation": PASSWORD });
    w.call("POST /activation", 2, None, req("POST", "/activation", Some(activate), None)).await;
    let login = w.call("POST /login", 2, None, req("POST", "/login", Some(json!({ "email": email, "password": PASSWORD })), None)).await;
    let refresh = login.body["refresh_token"].as_str().unwrap().to_string();
    let tokens =
        w.call("POST /token/refresh", 2, None, req("POST", "/token/refresh", Some(json!({ "refresh_token": refresh })), None)).await;

    let company = tokens.body["user"]["company_id"].as_str().unwrap().to_string();
    w.call("POST /password-reset", 2, None, req("POST", "/password-reset", Some(json!({ "email": email })), None)).await;
    let reset = last_mail_to(&email).await.token();
    let confirm = json!({ "token": reset, "password": PASSWORD, "password_confirmation": PASSWORD });
    w.call("POST /password-reset/confirm", 2, None, req("POST", "/password-reset/confirm", Some(confirm), None)).await;
    let admin = app.login(&email, PASSWORD).await.body["access_token"].as_str().unwrap().to_string();
    let other = app.login(&email, PASSWORD).await.body;
    let (other_access, other_refresh) = (other["access_token"].as_str().unwrap(), other["refresh_token"].as_str().unwrap());
    w.call("POST /logout", 2, None, req("POST", "/logout", Some(json!({ "refresh_token": other_refresh })), Some(other_access))).await;
    let a = admin.as_str();

    // Me and users.
    w.call("GET /me", 1, None, req("GET", "/me", None, Some(a))).await;
    let user_email = unique_email("walk-user");
    let created = w
        .call("POST /users", 2, None, req("POST", "/users", Some(json!({ "name": "Beto", "email": user_email, "role": "user" })), Some(a)))
        .await;
    let user = created.body["id"].as_str().unwrap().to_string();
    app.activate_from_mail(&user_email, PASSWORD).await;
    w.call("GET /users", 1, None, req("GET", "/users", None, Some(a))).await;
    let user_path = format!("/users/{user}");
    w.call("GET /users/{id}", 1, None, req("GET", &user_path, None, Some(a))).await;
    w.call("PATCH /users/{id}", 2, None, req("PATCH", &user_path, Some(json!({ "name": "Beto Díaz" })), Some(a))).await;
    w.call("GET /audit", 1, None, req("GET", "/audit", None, Some(a))).await;

    // Catalog and coupons.
    w.call("GET /products", 1, None, req("GET", "/products", None, None)).await;
    w.call("GET /products/{id}", 1, None, req("GET", &format!("/products/{PRODUCT}"), None, None)).await;
    let sheet = app.send(req("GET", &format!("/products/{PRODUCT}"), None, None)).await.body;
    let mut product = sheet.clone();
    for field in ["id", "active"] {
        product.as_object_mut().unwrap().remove(field);
    }
    let new = w.call("POST /products", 2, None, req("POST", "/products", Some(product.clone()), Some(&op))).await;
    let new_path = format!("/products/{}", new.body["id"].as_str().unwrap());
    w.call("PUT /products/{id}", 2, None, req("PUT", &new_path, Some(product), Some(&op))).await;
    w.call("DELETE /products/{id}", 2, None, req("DELETE", &new_path, None, Some(&op))).await;
    w.call("GET /coupons", 1, None, req("GET", "/coupons", None, Some(&op))).await;
    let code = format!("RUTA{}", &ulid::Ulid::new().to_string()[20..]);
    w.call(
        "POST /coupons",
        2,
        None,
        req("POST", "/coupons", Some(json!({ "code": code, "percent_off": 10, "duration": "once" })), Some(&op)),
    )
    .await;
    w.call("PATCH /coupons/{code}", 2, None, req("PATCH", &format!("/coupons/{code}"), Some(json!({ "description": "Ruta" })), Some(&op)))
        .await;

    // Checkout, subscriptions and licences.
    w.call("POST /checkout/quote", 1, None, req("POST", "/checkout/quote", Some(cart(3)), Some(a))).await;
    let order = w.request("POST /orders", 2, keyed("/orders", a, "walk-1", cart(3))).await;
    let order_id = order.body["id"].as_str().unwrap().to_string();
    let sub = order.body["subscription_ids"][0].as_str().unwrap().to_string();
    w.call("GET /orders", 1, None, req("GET", "/orders", None, Some(a))).await;
    w.call("GET /orders/{id}", 1, None, req("GET", &format!("/orders/{order_id}"), None, Some(a))).await;
    w.call("GET /subscriptions", 1, None, req("GET", "/subscriptions", None, Some(a))).await;
    let sub_path = format!("/subscriptions/{sub}");
    w.call("PATCH /subscriptions/{id}", 2, None, req("PATCH", &sub_path, Some(json!({ "seats": 4 })), Some(a))).await;
    let licences = format!("{sub_path}/licences");
    w.call("POST /subscriptions/{id}/licences", 2, None, req("POST", &licences, Some(json!({ "user_id": user })), Some(a))).await;
    w.call("GET /subscriptions/{id}/licences", 1, None, req("GET", &licences, None, Some(a))).await;
    let user_token = app.login(&user_email, PASSWORD).await.body["access_token"].as_str().unwrap().to_string();
    w.call("GET /me/apps", 1, None, req("GET", "/me/apps", None, Some(&user_token))).await;
    w.call("DELETE /subscriptions/{id}/licences/{user_id}", 2, None, req("DELETE", &format!("{licences}/{user}"), None, Some(a))).await;
    let other =
        app.order(a, "walk-2", json!({ "items": [{ "product_id": "01KMR8QZ2038FTQBXYCX62A53Y", "plan_id": "agente", "seats": 2 }] })).await;
    let other_sub = other.body["subscription_ids"][0].as_str().unwrap().to_string();
    app.post_as(a, &format!("/subscriptions/{other_sub}/licences"), json!({ "user_id": user })).await;
    w.call("DELETE /subscriptions/{id}", 2, None, req("DELETE", &format!("/subscriptions/{other_sub}"), None, Some(a))).await;

    // Delegated purchases.
    let rep = bench.sales_rep_for(&company).await;
    let placed = w
        .request("POST /companies/{company_id}/orders", 2, keyed(&format!("/companies/{company}/orders"), &rep, "walk-rep-1", cart(1)))
        .await;
    let pending = placed.body["id"].as_str().unwrap().to_string();
    w.call("GET /approvals", 1, None, req("GET", "/approvals", None, Some(a))).await;
    w.call("GET /approvals/{order_id}", 1, None, req("GET", &format!("/approvals/{pending}"), None, Some(a))).await;
    let why_approve = Some("the order's products are read again to price it as of now, after the order itself is read");
    w.call("POST /approvals/{order_id}/approve", 3, why_approve, req("POST", &format!("/approvals/{pending}/approve"), None, Some(a)))
        .await;
    let second = app.send_request(keyed(&format!("/companies/{company}/orders"), &rep, "walk-rep-2", cart(1))).await;
    let second = second.body["id"].as_str().unwrap().to_string();
    w.call(
        "POST /approvals/{order_id}/reject",
        2,
        None,
        req("POST", &format!("/approvals/{second}/reject"), Some(json!({ "reason": "Ahora no" })), Some(a)),
    )
    .await;

    // The operator's back office.
    let staff = json!({ "name": "Vera", "email": unique_email("walk-rep"), "role": "sales_rep" });
    let staff = w.call("POST /operator/users", 2, None, req("POST", "/operator/users", Some(staff), Some(&op))).await;
    let company_path = format!("/operator/companies/{company}");
    let assign = json!({ "user_id": staff.body["id"] });
    w.call(
        "PUT /operator/companies/{company_id}/sales-rep",
        2,
        None,
        req("PUT", &format!("{company_path}/sales-rep"), Some(assign), Some(&op)),
    )
    .await;
    let limits = json!({ "daily": { "amount": 100_000_000, "currency": "ARS" } });
    w.call(
        "PUT /operator/companies/{company_id}/spend-limits",
        2,
        None,
        req("PUT", &format!("{company_path}/spend-limits"), Some(limits), Some(&op)),
    )
    .await;
    w.call("GET /operator/terminations", 1, None, req("GET", "/operator/terminations", None, Some(&op))).await;

    // Password changes, deletions and the account's termination, last.
    w.call("POST /users/{id}/password-reset", 2, None, req("POST", &format!("{user_path}/password-reset"), None, Some(a))).await;
    let change = json!({ "current_password": PASSWORD, "password": "otra clave larga 2", "password_confirmation": "otra clave larga 2" });
    let why_password = Some("the attempt is counted against the caller's email, known only once the session is read");
    w.call("POST /me/password", 3, why_password, req("POST", "/me/password", Some(change), Some(a))).await;
    let admin = app.login(&email, "otra clave larga 2").await.body["access_token"].as_str().unwrap().to_string();
    let a = admin.as_str();
    w.call("DELETE /users/{id}", 2, None, req("DELETE", &user_path, None, Some(a))).await;
    let own = tokens.body["user"]["id"].as_str().unwrap().to_string();
    let why_terminate = Some("rare: records the request, then marks each live subscription, one write each");
    let terminated = w
        .call(
            "DELETE /users/{id}?terminate_account=true",
            8,
            why_terminate,
            req("DELETE", &format!("/users/{own}?terminate_account=true"), None, Some(a)),
        )
        .await;
    let termination = terminated.body["termination_request_id"].as_str().unwrap().to_string();
    let why_complete = Some("rare and bulk: every subscription cancelled and every user disabled, chunk by chunk");
    w.call(
        "POST /operator/terminations/{id}/complete",
        40,
        why_complete,
        req("POST", &format!("/operator/terminations/{termination}/complete"), None, Some(&op)),
    )
    .await;
    let month = time::OffsetDateTime::now_utc();
    let billing = format!("/operator/billing?month={}-{:02}", month.year(), month.month() as u8);
    w.call("GET /operator/billing", 40, Some("monthly export over every billed subscription"), req("GET", &billing, None, Some(&op))).await;
    w.found
}
