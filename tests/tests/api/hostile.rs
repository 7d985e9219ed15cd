//! No input reaches a 5xx. Every route of the local router (`Cargo.toml`, the same set as the
//! template's and the contract's) gets hostile values in each of its path parameters, in the
//! query parameters the routes read, and in every field of its body (huge, negative, fractional,
//! empty, overlong Unicode, wrong types), sent by the role that reaches deepest into it; and every
//! object of every body, nested ones included, gets a field it does not know, which must be
//! refused. Only 4xx may come back.

use axum::body::Body;
use cloudstore_tests::*;
use futures::StreamExt;
use serde_json::{json, Value};

/// The demo catalog's product with a `pro` plan (see devtools/src/catalog.rs).
const PRODUCT: &str = "01KMR5D34AHVB210RXHCMX5DQK";

/// Values that break naive parsing, arithmetic or storage.
fn hostile_values() -> Vec<Value> {
    vec![
        json!(-1),
        json!(0),
        json!(i64::MAX),
        json!(i64::MIN),
        json!(1e308),
        json!(0.5),
        json!(""),
        json!("x".repeat(20_000)),
        json!("𝕏".repeat(4_000)),
        json!("\u{0}\u{202e}\u{feff}"),
        json!("9999-12-31T23:59:59Z"),
        Value::Null,
        json!([]),
        json!({}),
    ]
}

/// Path segments that name nothing, or try to.
fn hostile_segments() -> Vec<String> {
    vec![
        "-1".into(),
        "99999999999999999999999999".into(),
        "%00%FF%FE".into(),
        "..%2F..%2Fetc%2Fpasswd".into(),
        "a".repeat(5_000),
        "%F0%9D%95%8F".repeat(1_000),
        "01ARZ3NDEKTSV4RRFFQ69G5FAV".into(),
    ]
}

/// Query strings the routes read (limit, cursor, month, terminate_account), with hostile values.
fn hostile_queries() -> Vec<String> {
    let long = "z".repeat(3_000);
    vec![
        "limit=-1".into(),
        "limit=0".into(),
        "limit=99999999999999999999".into(),
        "limit=1e9".into(),
        format!("cursor={long}"),
        "cursor=%FF%FE".into(),
        "cursor=eyJQSyI6IkNPTVBBTlkjWCIsIlNLIjoiVVNFUiMxIn0".into(),
        "month=9999-12".into(),
        "month=0000-01".into(),
        "month=-2026-01".into(),
        "month=2026-13".into(),
        "month=%F0%9D%95%8F%F0%9D%95%8F".into(),
        "terminate_account=maybe".into(),
        format!("x={}", "q".repeat(5_000)),
    ]
}

/// The world the routes act on: a company with a subscription and a user, a pending delegated
/// order, a termination request, a coupon, and a token for each role.
struct World {
    admin: String,
    operator: String,
    rep: String,
    /// A session of the admin that `POST /logout` may end.
    spare: (String, String),
    ids: Vec<(&'static str, String)>,
}

async fn world(app: &TestApp) -> World {
    app.seed().await;
    let operator = app.operator_token().await;
    let admin = app.activated_admin().await;
    let (admin_token, _) = app.tokens(&admin).await;
    let spare = app.tokens(&admin).await;
    let user = app.activated_user(&admin_token, "user").await;
    let order = app.order(&admin_token, "k", json!({ "items": [{ "product_id": PRODUCT, "plan_id": "pro", "seats": 3 }] })).await;
    assert_eq!(order.status, 201, "{:?}", order.body);
    let sub = order.body["subscription_ids"][0].as_str().unwrap().to_string();
    let rep = app.login(cloudstore_dev::seed::SALES_REP_EMAIL, LOCAL_PASSWORD).await;
    let rep_id = rep.body["user"]["id"].as_str().unwrap().to_string();
    let rep_token = rep.body["access_token"].as_str().unwrap().to_string();
    let assigned =
        app.put_as(&operator, &format!("/operator/companies/{}/sales-rep", admin.company_id), json!({ "user_id": rep_id })).await;
    assert_eq!(assigned.status, 200, "{:?}", assigned.body);
    let pending = app
        .send_request(with_body("POST", &format!("/companies/{}/orders", admin.company_id), &rep_token, Some(&cart()), Some("delegated")))
        .await;
    assert_eq!(pending.status, 201, "{:?}", pending.body);
    let ids = vec![
        ("id:users", user.user_id.clone()),
        ("id:subscriptions", sub),
        ("id:orders", order.body["id"].as_str().unwrap().to_string()),
        ("id:products", PRODUCT.to_string()),
        ("code", WELCOME_COUPON.to_string()),
        ("user_id", user.user_id),
        ("company_id", admin.company_id.clone()),
        ("order_id", pending.body["id"].as_str().unwrap().to_string()),
        ("rep", rep_id),
        ("media", app.media_url("icons/h.png")),
    ];
    World { admin: admin_token, operator, rep: rep_token, spare, ids }
}

impl World {
    fn id(&self, name: &str) -> &str {
        self.ids.iter().find(|(n, _)| *n == name).map(|(_, v)| v.as_str()).unwrap_or("01ARZ3NDEKTSV4RRFFQ69G5FAV")
    }

    /// The token that reaches deepest into a route.
    fn token_for(&self, method: &str, path: &str) -> &str {
        let operator = path.starts_with("/operator") || (path.starts_with("/products") || path.starts_with("/coupons")) && method != "GET";
        if operator || path == "/coupons" {
            &self.operator
        } else if path.starts_with("/companies/") {
            &self.rep
        } else if path == "/logout" {
            &self.spare.0
        } else {
            &self.admin
        }
    }

    /// The route's path with real ids where it names some.
    fn real_path(&self, template: &str) -> String {
        let mut path = template.to_string();
        let resource = template.split('/').nth(1).unwrap_or_default();
        for (param, id) in [
            ("{id}", self.id(&format!("id:{resource}")).to_string()),
            ("{code}", self.id("code").to_string()),
            ("{user_id}", self.id("user_id").to_string()),
            ("{company_id}", self.id("company_id").to_string()),
            ("{order_id}", self.id("order_id").to_string()),
        ] {
            path = path.replace(param, &id);
        }
        path
    }

    /// A body the route would take, for those that take one.
    fn body_for(&self, method: &str, path: &str) -> Option<Value> {
        let money = json!({ "amount": 150000, "currency": "ARS" });
        Some(match (method, path) {
            ("POST", "/signup") => {
                json!({ "company": { "name": "Acme", "tax_id": "30-71234567-9" }, "admin": { "name": "Ana", "email": unique_email("h") } })
            }
            ("POST", "/activation") | ("POST", "/password-reset/confirm") => {
                json!({ "token": "abc", "password": "correct horse battery", "password_confirmation": "correct horse battery" })
            }
            ("POST", "/login") => json!({ "email": unique_email("h"), "password": "whatever it is" }),
            ("POST", "/token/refresh") => json!({ "refresh_token": "abc" }),
            ("POST", "/logout") => json!({ "refresh_token": self.spare.1 }),
            ("POST", "/password-reset") => json!({ "email": unique_email("h") }),
            ("POST", "/me/password") => {
                json!({ "current_password": "wrong one", "password": "a new passphrase", "password_confirmation": "a new passphrase" })
            }
            ("POST", "/users") => json!({ "name": "Ana", "email": unique_email("h"), "role": "user" }),
            ("PATCH", "/users/{id}") => json!({ "name": "Ana", "email": unique_email("h"), "role": "user" }),
            ("POST", "/products") | ("PUT", "/products/{id}") => json!({ "name": "P", "vendor": "V", "category": "C", "summary": "s",
                "description": "d", "features": ["f"], "screenshots": [self.id("media")], "manual_url": "https://x.test/m",
                "help_url": "https://x.test/h", "launch_url": "https://x.test/", "icon_url": self.id("media"),
                "plans": [{ "id": "p", "name": "P", "price": money, "trial_days": 7 }] }),
            ("POST", "/coupons") | ("PATCH", "/coupons/{code}") => json!({ "code": "HOSTIL", "description": "d", "percent_off": 10.5,
                "amount_off": money, "duration": "repeating", "duration_in_months": 3, "valid_from": "2026-01-01T00:00:00Z",
                "valid_until": "2027-01-01T00:00:00Z", "max_redemptions": 5, "product_ids": [PRODUCT], "min_order_amount": money,
                "first_purchase_only": false, "active": true }),
            ("POST", "/checkout/quote") | ("POST", "/orders") | ("POST", "/companies/{company_id}/orders") => {
                let mut c = cart();
                c["coupon_code"] = json!(WELCOME_COUPON);
                c
            }
            ("PATCH", "/subscriptions/{id}") => json!({ "seats": 4 }),
            ("POST", "/subscriptions/{id}/licences") => json!({ "user_id": self.id("user_id") }),
            ("POST", "/approvals/{order_id}/reject") => json!({ "reason": "no" }),
            ("POST", "/operator/users") => json!({ "name": "Rita", "email": unique_email("h"), "role": "sales_rep" }),
            ("PUT", "/operator/companies/{company_id}/sales-rep") => json!({ "user_id": self.id("rep") }),
            ("PUT", "/operator/companies/{company_id}/spend-limits") => json!({ "daily": money, "rolling_30_days": money }),
            _ => return None,
        })
    }
}

fn cart() -> Value {
    json!({ "items": [{ "product_id": PRODUCT, "plan_id": "pro", "seats": 2 }] })
}

fn with_body(method: &str, path: &str, token: &str, body: Option<&Value>, key: Option<&str>) -> http::Request<Body> {
    raw(method, path, token, body.map(Value::to_string), key)
}

fn raw(method: &str, path: &str, token: &str, body: Option<String>, key: Option<&str>) -> http::Request<Body> {
    let mut builder = http::Request::builder().method(method).uri(path).header("authorization", format!("Bearer {token}"));
    if body.is_some() {
        builder = builder.header("content-type", "application/json");
    }
    builder = builder.header("idempotency-key", key.map_or_else(|| ulid::Ulid::new().to_string(), str::to_string));
    builder.body(Body::from(body.unwrap_or_default())).unwrap()
}

/// Every route of the local router: (method, path template).
fn routes() -> Vec<(String, String)> {
    let manifest: toml::Table = toml::from_str(include_str!("../../../Cargo.toml")).unwrap();
    let router = manifest["workspace"]["metadata"]["lambda"]["watch"]["router"].as_table().unwrap().clone();
    let mut routes = Vec::new();
    for (path, targets) in router {
        for target in targets.as_array().unwrap() {
            routes.push((target["method"].as_str().unwrap().to_string(), path.clone()));
        }
    }
    assert!(routes.len() >= 40, "the router lists {} routes", routes.len());
    routes
}

/// Every variant of `body` with one leaf replaced by a hostile value, and (`true`) every variant
/// with an unknown field added to one of its objects.
fn mutations(body: &Value) -> Vec<(Value, bool)> {
    let mut out = Vec::new();
    let mut at = |pointer: &str, value: &Value| match value {
        Value::Object(_) => {
            let mut extra = body.clone();
            extra.pointer_mut(pointer).unwrap().as_object_mut().unwrap().insert("zz_unknown".into(), json!(1));
            out.push((extra, true));
        }
        _ if !pointer.is_empty() => {
            for hostile in hostile_values() {
                let mut changed = body.clone();
                *changed.pointer_mut(pointer).unwrap() = hostile;
                out.push((changed, false));
            }
        }
        _ => {}
    };
    fn walk(pointer: String, value: &Value, visit: &mut dyn FnMut(&str, &Value)) {
        visit(&pointer, value);
        match value {
            Value::Object(map) => map.iter().for_each(|(k, v)| walk(format!("{pointer}/{k}"), v, visit)),
            Value::Array(items) => items.iter().enumerate().for_each(|(i, v)| walk(format!("{pointer}/{i}"), v, visit)),
            _ => {}
        }
    }
    walk(String::new(), body, &mut at);
    out
}

/// Sends every request at most sixteen at a time; answers each one that came back 5xx, or that
/// kept an unknown field.
async fn offences(app: &TestApp, requests: Vec<(String, http::Request<Body>, bool)>) -> Vec<String> {
    futures::stream::iter(requests)
        .map(|(what, request, unknown_field)| async move {
            let answer = app.send_request(request).await;
            if answer.status >= 500 || (unknown_field && answer.status != 400) {
                Some(format!("{what} → {} {:?}", answer.status, answer.body))
            } else {
                None
            }
        })
        .buffer_unordered(16)
        .filter_map(|x| async move { x })
        .collect()
        .await
}

#[tokio::test]
async fn hostile_path_and_query_parameters_get_4xx() {
    let app = TestApp::new().await;
    let world = world(&app).await;
    let mut requests = Vec::new();
    for (method, template) in routes() {
        let token = world.token_for(&method, &template).to_string();
        let body = world.body_for(&method, &template).map(|b| b.to_string());
        if template.contains('{') {
            for segment in hostile_segments() {
                let path = template
                    .split('/')
                    .map(|part| if part.starts_with('{') { segment.as_str() } else { part })
                    .collect::<Vec<_>>()
                    .join("/");
                requests.push((format!("{method} {path:.80}"), raw(&method, &path, &token, body.clone(), None), false));
            }
        }
        // Only lists, the billing export and a user's deletion read their query strings.
        let reads_query = method == "GET" || template == "/users/{id}";
        for query in hostile_queries().into_iter().filter(|_| reads_query) {
            let path = format!("{}?{query}", world.real_path(&template));
            requests.push((format!("{method} {path:.120}"), raw(&method, &path, &token, body.clone(), None), false));
        }
    }
    let found = offences(&app, requests).await;
    assert!(found.is_empty(), "{} requests answered 5xx:\n{}", found.len(), found.join("\n"));
}

#[tokio::test]
async fn hostile_bodies_get_4xx_and_unknown_fields_are_refused_at_every_depth() {
    let app = TestApp::new().await;
    let world = world(&app).await;
    let mut requests = Vec::new();
    for (method, template) in routes() {
        let Some(body) = world.body_for(&method, &template) else { continue };
        let path = world.real_path(&template);
        let token = world.token_for(&method, &template).to_string();
        for (i, (changed, unknown_field)) in mutations(&body).into_iter().enumerate() {
            let what = format!("{method} {template} #{i} {:.160}", changed.to_string());
            requests.push((what, with_body(&method, &path, &token, Some(&changed), None), unknown_field));
        }
        let deep = format!("{}1{}", "[".repeat(5_000), "]".repeat(5_000));
        for junk in ["", "null", "[]", "{", "1e999999", "\"\\ud800\"", deep.as_str()] {
            requests.push((
                format!("{method} {template} body {junk:.20}"),
                raw(&method, &path, &token, Some(junk.to_string()), None),
                false,
            ));
        }
    }
    let found = offences(&app, requests).await;
    assert!(found.is_empty(), "{} requests went wrong:\n{}", found.len(), found.join("\n"));
}
