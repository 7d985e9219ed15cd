//! Per operation, warm, in-process against DynamoDB Local: latency, DynamoDB round trips and
//! consumed capacity (measured by [`Meter`]), and the share of the latency that is argon2.

use cloudstore_tests::meter::{Call, Meter};
use cloudstore_tests::{last_mail_to, unique_email, Answer, TestApp, PASSWORD};
use serde_json::{json, Value};
use std::time::Instant;

/// What an operation costs, from its median run.
pub struct OpResult {
    pub name: &'static str,
    pub latency_ms: f64,
    /// CPU time of the process during that run (the handler, the SDK and the in-process client).
    pub cpu_ms: f64,
    pub calls: Vec<Call>,
    /// Which password hashing the operation does.
    pub hashing: Hashing,
}

#[derive(Clone, Copy, PartialEq)]
pub enum Hashing {
    None,
    Hash,
    Verify,
}

pub struct Bench {
    pub app: TestApp,
    pub(crate) meter: Meter,
    pub operator_token: String,
}

const PRODUCT: &str = "01KMR301Z6D7S9DX7VW94EDFBF";

fn cart(seats: u32) -> Value {
    json!({ "items": [{ "product_id": PRODUCT, "plan_id": "equipo", "seats": seats }], "coupon_code": "BIENVENIDA20" })
}

impl Bench {
    /// A fresh, seeded table behind a metered DynamoDB client.
    pub async fn new() -> Bench {
        let sdk = cloudstore_tests::sdk().await;
        let meter = Meter::default();
        let conf = aws_sdk_dynamodb::config::Builder::from(&sdk).interceptor(meter.clone()).build();
        let app = TestApp::with_dynamodb(&[], aws_sdk_dynamodb::Client::from_conf(conf)).await;
        app.seed().await;
        let operator_token = app.operator_token().await;
        Bench { app, meter, operator_token }
    }

    /// The environment the function binaries run with, over the same table and keys.
    pub fn function_env(&self) -> Vec<(String, String)> {
        let c = self.app.state.config();
        let mut env: Vec<(String, String)> = std::env::vars().filter(|(k, _)| k.starts_with("AWS_")).collect();
        env.extend([
            ("TABLE_NAME".to_string(), c.table_name.clone()),
            ("APP_BASE_URL".into(), c.app_base_url.clone()),
            ("MAIL_FROM".into(), c.mail_from.clone()),
            ("JWT_SECRET".into(), c.jwt_secret.clone().unwrap_or_default()),
        ]);
        env
    }

    /// Runs `op` `runs` times after `setup`, keeping the median latency and the calls of that run.
    async fn time<S, SF, O, OF>(&self, runs: usize, name: &'static str, hashing: Hashing, mut setup: S, mut op: O) -> OpResult
    where
        S: FnMut() -> SF,
        SF: std::future::Future<Output = Value>,
        O: FnMut(Value) -> OF,
        OF: std::future::Future<Output = Answer>,
    {
        let mut samples: Vec<(f64, f64, Vec<Call>)> = Vec::new();
        for _ in 0..runs {
            let input = setup().await;
            self.meter.take();
            let (started, cpu_started) = (Instant::now(), process_cpu_ms());
            let answer = op(input).await;
            let elapsed = started.elapsed().as_secs_f64() * 1e3;
            let cpu = process_cpu_ms() - cpu_started;
            assert!(answer.status < 300, "{name}: {} {:?}", answer.status, answer.body);
            samples.push((elapsed, cpu, self.meter.take()));
        }
        samples.sort_by(|a, b| a.0.total_cmp(&b.0));
        let (latency_ms, cpu_ms, calls) = samples.swap_remove(samples.len() / 2);
        OpResult { name, latency_ms, cpu_ms, calls, hashing }
    }

    pub async fn measure(&self, runs: usize) -> Vec<OpResult> {
        let app = &self.app;
        let admin = app.activated_admin().await;
        let (admin_token, _) = app.tokens(&admin).await;
        let mut results = Vec::new();

        results.push(
            self.time(
                runs,
                "signup",
                Hashing::None,
                || async { json!(unique_email("bench")) },
                |email| async move { app.signup(email.as_str().unwrap()).await },
            )
            .await,
        );
        results.push(
            self.time(
                runs,
                "activation",
                Hashing::Hash,
                || async {
                    let email = unique_email("bench");
                    app.signup(&email).await;
                    json!(last_mail_to(&email).await.token())
                },
                |token| async move {
                    app.post("/activation", json!({ "token": token, "password": PASSWORD, "password_confirmation": PASSWORD })).await
                },
            )
            .await,
        );
        results.push(
            self.time(
                runs,
                "reset password",
                Hashing::Hash,
                || async {
                    // A new account each time: reset requests are rate-limited per address.
                    let account = app.activated_admin().await;
                    app.post("/password-reset", json!({ "email": account.email })).await;
                    json!(last_mail_to(&account.email).await.token())
                },
                |token| async move {
                    app.post("/password-reset/confirm", json!({ "token": token, "password": PASSWORD, "password_confirmation": PASSWORD }))
                        .await
                },
            )
            .await,
        );
        let email = admin.email.clone();
        results.push(
            self.time(
                runs,
                "login",
                Hashing::Verify,
                || async { Value::Null },
                |_| {
                    let email = email.clone();
                    async move { app.login(&email, PASSWORD).await }
                },
            )
            .await,
        );
        results.push(
            self.time(
                runs,
                "refresh",
                Hashing::None,
                || async { json!(app.tokens(&admin).await.1) },
                |refresh| async move { app.post("/token/refresh", json!({ "refresh_token": refresh })).await },
            )
            .await,
        );
        let token = admin_token.clone();
        results.push(
            self.time(
                runs,
                "me",
                Hashing::None,
                || async { Value::Null },
                |_| {
                    let token = token.clone();
                    async move { app.get_as(&token, "/me").await }
                },
            )
            .await,
        );
        results.push(
            self.time(
                runs,
                "my apps",
                Hashing::None,
                || async { Value::Null },
                |_| {
                    let token = token.clone();
                    async move { app.get_as(&token, "/me/apps").await }
                },
            )
            .await,
        );
        results.push(
            self.time(
                runs,
                "list users",
                Hashing::None,
                || async { Value::Null },
                |_| {
                    let token = token.clone();
                    async move { app.get_as(&token, "/users").await }
                },
            )
            .await,
        );
        results.push(
            self.time(
                runs,
                "create user",
                Hashing::None,
                || async { json!(unique_email("bench")) },
                |email| {
                    let token = admin_token.clone();
                    async move { app.post_as(&token, "/users", json!({ "name": "Bench", "email": email, "role": "user" })).await }
                },
            )
            .await,
        );
        results.push(
            self.time(
                runs,
                "list products",
                Hashing::None,
                || async { Value::Null },
                |_| async move { app.send(cloudstore_tests::Req { method: "GET", path: "/products", body: None, bearer: None }).await },
            )
            .await,
        );
        results.push(
            self.time(
                runs,
                "quote",
                Hashing::None,
                || async { Value::Null },
                |_| {
                    let token = admin_token.clone();
                    async move { app.post_as(&token, "/checkout/quote", cart(2)).await }
                },
            )
            .await,
        );
        results.push(
            self.time(
                runs,
                "order",
                Hashing::None,
                || async {
                    // A new company each time, so the welcome coupon applies on every run.
                    let buyer = app.activated_admin().await;
                    json!(app.tokens(&buyer).await.0)
                },
                |token| async move { app.order(token.as_str().unwrap(), "bench", cart(2)).await },
            )
            .await,
        );
        let big = app.order(&admin_token, "big", json!({ "items": [{ "product_id": PRODUCT, "plan_id": "equipo", "seats": 1000 }] })).await;
        let sub = big.body["subscription_ids"][0].as_str().unwrap().to_string();
        results.push(
            self.time(
                runs,
                "assign licence",
                Hashing::None,
                || {
                    let token = admin_token.clone();
                    async move {
                        app.post_as(&token, "/users", json!({ "name": "Seat", "email": unique_email("seat"), "role": "user" })).await.body
                            ["id"]
                            .clone()
                    }
                },
                |user| {
                    let (token, path) = (admin_token.clone(), format!("/subscriptions/{sub}/licences"));
                    async move { app.post_as(&token, &path, json!({ "user_id": user })).await }
                },
            )
            .await,
        );
        results.push(
            self.time(
                runs,
                "release licence",
                Hashing::None,
                || {
                    let (token, path) = (admin_token.clone(), format!("/subscriptions/{sub}/licences"));
                    async move {
                        let user = app
                            .post_as(&token, "/users", json!({ "name": "Seat", "email": unique_email("seat"), "role": "user" }))
                            .await
                            .body["id"]
                            .clone();
                        app.post_as(&token, &path, json!({ "user_id": user })).await;
                        user
                    }
                },
                |user| {
                    let (token, path) =
                        (admin_token.clone(), format!("/subscriptions/{sub}/licences/{}", user.as_str().unwrap_or_default()));
                    async move { app.delete_as(&token, &path).await }
                },
            )
            .await,
        );
        results.push(
            self.time(
                runs,
                "send email",
                Hashing::None,
                || async {
                    // A new company's activation email, left pending in the outbox for the sender below.
                    let email = unique_email("mail");
                    app.signup(&email).await;
                    let items = cloudstore::outbox::sender::items_to(&app.state, &email).await.expect("the outbox");
                    json!(items.last().map(|i| i.id.clone()))
                },
                |id| async move {
                    // What `send-email` does with one stream record: lease, suppression check, SES, done.
                    let outcome = cloudstore::outbox::sender::deliver(&app.state, id.as_str().unwrap_or_default()).await;
                    let status = if matches!(outcome, Ok(cloudstore::outbox::sender::Outcome::Sent)) { 200 } else { 500 };
                    cloudstore_tests::Answer { status, headers: Default::default(), body: Value::Null }
                },
            )
            .await,
        );
        let rep_token = self.sales_rep_for(&admin.company_id).await;
        results.push(
            self.time(
                runs,
                "approve",
                Hashing::None,
                || {
                    let (rep, company) = (rep_token.clone(), admin.company_id.clone());
                    async move {
                        let request = axum::http::Request::builder()
                            .method("POST")
                            .uri(format!("/companies/{company}/orders"))
                            .header("content-type", "application/json")
                            .header("authorization", format!("Bearer {rep}"))
                            .header("idempotency-key", unique_email("key"))
                            .body(axum::body::Body::from(
                                json!({ "items": [{ "product_id": PRODUCT, "plan_id": "equipo", "seats": 1 }] }).to_string(),
                            ))
                            .unwrap();
                        app.send_request(request).await.body["id"].clone()
                    }
                },
                |order| {
                    let token = admin_token.clone();
                    async move { app.post_as(&token, &format!("/approvals/{}/approve", order.as_str().unwrap()), json!({})).await }
                },
            )
            .await,
        );
        results
    }

    /// A sales rep (created, activated) serving `company_id`; answers their access token.
    pub async fn sales_rep_for(&self, company_id: &str) -> String {
        let app = &self.app;
        let email = unique_email("rep");
        let staff =
            app.post_as(&self.operator_token, "/operator/users", json!({ "name": "Rep", "email": email, "role": "sales_rep" })).await;
        app.activate_from_mail(&email, PASSWORD).await;
        app.put_as(&self.operator_token, &format!("/operator/companies/{company_id}/sales-rep"), json!({ "user_id": staff.body["id"] }))
            .await;
        app.login(&email, PASSWORD).await.body["access_token"].as_str().unwrap().to_string()
    }
}

/// CPU time this process has used, in milliseconds (every thread).
fn process_cpu_ms() -> f64 {
    let mut t = libc::timespec { tv_sec: 0, tv_nsec: 0 };
    // SAFETY: `t` is a valid, writable timespec; the clock id is a constant the kernel knows.
    unsafe { libc::clock_gettime(libc::CLOCK_PROCESS_CPUTIME_ID, &mut t) };
    t.tv_sec as f64 * 1e3 + t.tv_nsec as f64 / 1e6
}
