//! The test harness. Every test gets its own fresh table in DynamoDB Local and the real SES
//! emulator; requests go through the functions' real routers in-process (`TestApp`) or, for the
//! end-to-end flows, over HTTP through `cargo lambda watch` (`Http`). `make test` starts the stack
//! and exports where it is.

use axum::body::Body;
use axum::Router;
use cloudstore::config::Config;
use cloudstore::{App, AppState};
use http_body_util::BodyExt;
use serde_json::Value;
use std::collections::HashMap;
use tower::ServiceExt;

pub mod meter;

pub use cloudstore_dev::catalog::{demo_products, WELCOME_COUPON};

/// The local password every seeded account has.
pub use cloudstore_dev::seed::LOCAL_PASSWORD;

pub mod receiver;
mod stack;
pub use stack::SesEmulator;

fn env(name: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| panic!("{name} is not set: run the tests with `make test`, which starts the local stack"))
}

/// The SDK configuration pointing at the local stack (endpoints from the environment).
pub async fn sdk() -> aws_config::SdkConfig {
    env("AWS_ENDPOINT_URL_DYNAMODB");
    cloudstore::aws::sdk_config().await
}

/// An answer, as a front end sees it.
#[derive(Debug)]
pub struct Answer {
    pub status: u16,
    pub headers: http::HeaderMap,
    pub body: Value,
}

impl Answer {
    /// The problem `code`, for error answers.
    pub fn code(&self) -> &str {
        self.body["code"].as_str().unwrap_or("")
    }

    pub fn content_type(&self) -> &str {
        self.headers.get("content-type").and_then(|v| v.to_str().ok()).unwrap_or("")
    }

    /// Asserts the answer is the problem+json with `status` and `code`.
    #[track_caller]
    pub fn assert_problem(&self, status: u16, code: &str) {
        assert_eq!((self.status, self.code()), (status, code), "unexpected answer: {:?}", self.body);
        assert_eq!(self.content_type(), "application/problem+json");
        assert_eq!(self.body["status"], status);
        assert!(self.body["title"].is_string() && self.body["detail"].is_string() && self.body["type"].is_string());
        assert!(self.body["request_id"].as_str().is_some_and(|id| !id.is_empty()), "a problem names its request: {:?}", self.body);
    }
}

/// A problem body without its `request_id` (which differs from request to request).
pub fn without_request_id(body: &Value) -> Value {
    let mut body = body.clone();
    if let Some(map) = body.as_object_mut() {
        map.remove("request_id");
    }
    body
}

/// A request as the tests build it.
pub struct Req<'a> {
    pub method: &'a str,
    pub path: &'a str,
    pub body: Option<Vec<u8>>,
    pub bearer: Option<&'a str>,
}

/// The functions, each behind its own router, as API Gateway would route to them.
pub struct TestApp {
    pub state: AppState,
    pub table: String,
    functions: HashMap<&'static str, Router>,
}

fn new_table_name() -> String {
    format!("test-{}", ulid::Ulid::new().to_string().to_lowercase())
}

/// The bucket the tests' product media go to (in the local S3-compatible server).
pub const MEDIA_BUCKET: &str = "cloudstore-media-tests";

/// The variables a test's functions run with; `overrides` win.
pub fn test_config(table: &str, overrides: &[(&str, &str)]) -> Config {
    let mut vars: HashMap<String, String> = [
        ("TABLE_NAME", table),
        ("APP_BASE_URL", "http://front.test"),
        ("MAIL_FROM", "Cloud Store <no-reply@cloudstore.test>"),
        ("JWT_SECRET", "test-signing-key-that-is-long-enough-0123456789"),
        ("OPERATOR_EMAIL", "operator@cloudstore.test"),
        // Generous ceilings per IP and company, as the local stack has (the tests share one
        // caller); the per-recipient allowance keeps its production value. Timeouts allow for
        // DynamoDB Local on a busy machine.
        ("SIGNUPS_PER_IP_PER_HOUR", "5000"),
        ("LOGINS_PER_IP_PER_HOUR", "5000"),
        ("RESETS_PER_IP_PER_HOUR", "5000"),
        ("USERS_PER_COMPANY_PER_HOUR", "1000"),
        ("CONNECT_TIMEOUT_MS", "5000"),
        ("DYNAMODB_TIMEOUT_MS", "30000"),
        ("SES_TIMEOUT_MS", "10000"),
        ("MEDIA_BUCKET", MEDIA_BUCKET),
        ("S3_FORCE_PATH_STYLE", "true"),
        // The tests' webhook receivers listen on plain http at 127.0.0.1, as the local stack allows.
        ("WEBHOOK_SECRET_KEY", "test-webhook-sealing-key-that-is-long-enough-01"),
        ("WEBHOOK_ALLOW_LOOPBACK_HTTP", "true"),
        ("WEBHOOK_TIMEOUT_MS", "3000"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    if let Ok(s3) = std::env::var("AWS_ENDPOINT_URL_S3") {
        vars.insert("MEDIA_BASE_URL".into(), format!("{}/{MEDIA_BUCKET}", s3.trim_end_matches('/')));
    }
    for (k, v) in overrides {
        vars.insert(k.to_string(), v.to_string());
    }
    Config::from_vars(vars).expect("test configuration")
}

impl TestApp {
    /// The address the store serves a media file at (`MEDIA_BASE_URL` + `media/` + `path`): the
    /// only images a product sheet takes.
    pub fn media_url(&self, path: &str) -> String {
        let base = self.state.config().media_base_url.clone().expect("MEDIA_BASE_URL in the tests' configuration");
        format!("{}/media/{path}", base.trim_end_matches('/'))
    }

    /// A fresh table and the functions over it.
    pub async fn new() -> TestApp {
        TestApp::with(&[]).await
    }

    /// The same, with some configuration overridden (e.g. short link lifetimes).
    pub async fn with(overrides: &[(&str, &str)]) -> TestApp {
        let sdk = sdk().await;
        TestApp::with_dynamodb(overrides, aws_sdk_dynamodb::Client::new(&sdk)).await
    }

    /// The same, emailing through the SES emulator at `ses` (a test's own).
    pub async fn with_ses(overrides: &[(&str, &str)], ses: &str) -> TestApp {
        let sdk = sdk().await;
        let ses = aws_sdk_sesv2::Client::from_conf(aws_sdk_sesv2::config::Builder::from(&sdk).endpoint_url(ses).build());
        TestApp::with_clients(overrides, aws_sdk_dynamodb::Client::new(&sdk), ses).await
    }

    /// The same, over a DynamoDB client of the caller's (the benchmark's metered one).
    pub async fn with_dynamodb(overrides: &[(&str, &str)], dynamodb: aws_sdk_dynamodb::Client) -> TestApp {
        let sdk = sdk().await;
        TestApp::with_clients(overrides, dynamodb, aws_sdk_sesv2::Client::new(&sdk)).await
    }

    async fn with_clients(overrides: &[(&str, &str)], dynamodb: aws_sdk_dynamodb::Client, ses: aws_sdk_sesv2::Client) -> TestApp {
        // `TEST_LOGS=warn` (or any level) shows the functions' logs on stderr (nextest prints
        // them for failing tests).
        if let Ok(level) = std::env::var("TEST_LOGS") {
            let _ = tracing::subscriber::set_global_default(cloudstore::observe::json_logs(std::io::stderr, Some(&level)));
        }
        let sdk = sdk().await;
        let table = new_table_name();
        // How the test's emails leave its outbox, always through the `send-email` function's code
        // and a DynamoDB client of the sender's own (a benchmark's meter sees only the requests'
        // calls): by default the test sends what is pending when it reads the emulator (its table
        // has no stream: see `create_table_without_stream`); `("LOCAL_SENDER", "stream")` takes
        // the deployed path, the table's stream read as it fills; `("LOCAL_SENDER", "off")` leaves
        // the outbox to the test itself.
        let delivery = match overrides.iter().find(|(name, _)| *name == "LOCAL_SENDER").map(|(_, mode)| *mode) {
            Some("off") => None,
            Some("stream") => Some(Delivery::Stream),
            _ => Some(Delivery::Pending),
        };
        let client = aws_sdk_dynamodb::Client::new(&sdk);
        let created = match delivery {
            Some(Delivery::Stream) => cloudstore_dev::table::create_table(&client, &table).await,
            _ => cloudstore_dev::table::create_table_without_stream(&client, &table).await,
        };
        created.expect("create table");
        let config = test_config(&table, overrides);
        let keys = config.local_keys().expect("the test keys");
        let state = App::with_clients(config, dynamodb, ses.clone(), keys.as_ref()).expect("the test state");
        if let Some(delivery) = delivery {
            let sender = App::with_clients(test_config(&table, overrides), aws_sdk_dynamodb::Client::new(&sdk), ses, None)
                .expect("the sender's state");
            if delivery == Delivery::Stream {
                cloudstore_dev::stream::spawn(sender.clone(), &sdk, &table).await.expect("the outbox sender");
            }
            APPS.with(|apps| apps.borrow_mut().push((sender, delivery)));
        }
        let functions = HashMap::from([
            ("signup", signup::router(state.clone())),
            ("login", login::router(state.clone())),
            ("password-reset", password_reset::router(state.clone())),
            ("users", users::router(state.clone())),
            ("catalog", catalog::router(state.clone())),
            ("checkout", checkout::router(state.clone())),
            ("licences", licences::router(state.clone())),
            ("approvals", approvals::router(state.clone())),
            ("operator", operator::router(state.clone())),
            ("help", help::router(state.clone())),
            ("vendors", vendors::router(state.clone())),
        ]);
        TestApp { state, table, functions }
    }

    /// The function API Gateway routes a path to: its declared route's (`cloudstore::routes`);
    /// a path no route has goes to `users`, which answers 404 as API Gateway would.
    fn function_for(path: &str) -> &'static str {
        let path = path.split('?').next().unwrap_or(path);
        cloudstore::routes::function_for(path).unwrap_or("users")
    }

    /// Sends an `http::Request` (e.g. one decoded from an API Gateway event) to the function its
    /// path routes to.
    pub async fn send_request(&self, request: http::Request<Body>) -> Answer {
        let router = self.functions[Self::function_for(request.uri().path())].clone();
        let response = router.oneshot(request).await.unwrap();
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        let body = if bytes.is_empty() { Value::Null } else { serde_json::from_slice(&bytes).unwrap_or(Value::Null) };
        Answer { status, headers, body }
    }

    /// Waits until every email this test's changes wrote has been handed to SES (or given up).
    pub async fn settle_mail(&self) {
        let sender = APPS.with(|apps| apps.borrow().iter().find(|(app, _)| app.db().table() == self.table).cloned());
        let (app, delivery) = sender.unwrap_or_else(|| (self.state.clone(), Delivery::Stream));
        settle(&app, delivery).await
    }

    /// Seeds the local staff accounts, the demo catalog and the help centre into this test's table.
    pub async fn seed(&self) {
        cloudstore_dev::seed::seed_staff(&self.state).await.unwrap();
        // The demo media at the address this app's catalog function serves (and so takes back
        // when an operator saves a sheet as read).
        let media_base = self.state.config().media_base_url.clone().unwrap_or_else(|| "https://media.cloudstore.test".into());
        cloudstore_dev::catalog::seed_catalog(&self.state, &media_base).await.unwrap();
        cloudstore_dev::help::seed_help(&self.state).await.unwrap();
    }

    /// Creates the tests' media bucket in the local S3-compatible server, if it is not there yet.
    pub async fn media_bucket(&self) {
        env("AWS_ENDPOINT_URL_S3");
        let s3 = cloudstore_dev::media::client(&sdk().await);
        cloudstore_dev::media::create_bucket(&s3, MEDIA_BUCKET, "*").await.expect("the media bucket");
    }

    /// An access token of the seeded operator (seed first).
    pub async fn operator_token(&self) -> String {
        let login = self.login(cloudstore_dev::seed::OPERATOR_EMAIL, LOCAL_PASSWORD).await;
        assert_eq!(login.status, 200, "{:?}", login.body);
        login.body["access_token"].as_str().unwrap().to_string()
    }

    /// An access token of the seeded demo vendor's person (seed first).
    pub async fn vendor_token(&self) -> String {
        let login = self.login(cloudstore_dev::seed::VENDOR_EMAIL, LOCAL_PASSWORD).await;
        assert_eq!(login.status, 200, "{:?}", login.body);
        login.body["access_token"].as_str().unwrap().to_string()
    }

    pub async fn put_as(&self, token: &str, path: &str, body: Value) -> Answer {
        self.send(Req { method: "PUT", path, body: Some(body.to_string().into_bytes()), bearer: Some(token) }).await
    }

    /// `POST /orders` with an `Idempotency-Key`.
    pub async fn order(&self, token: &str, key: &str, cart: Value) -> Answer {
        let request = http::Request::builder()
            .method("POST")
            .uri("/orders")
            .header("content-type", "application/json")
            .header("authorization", format!("Bearer {token}"))
            .header("idempotency-key", key)
            .body(Body::from(cart.to_string()))
            .unwrap();
        self.send_request(request).await
    }

    /// Fixes the store's clock (sessions, links, orders, seat changes and billing all read it);
    /// access tokens still expire by the system clock.
    pub fn set_clock(&self, at: time::OffsetDateTime) {
        self.state.set_now(Some(at));
    }

    /// A request with a JSON body and, if given, an `Idempotency-Key`.
    pub async fn send_keyed(&self, method: &str, token: &str, path: &str, key: Option<&str>, body: Value) -> Answer {
        let mut request = http::Request::builder()
            .method(method)
            .uri(path)
            .header("content-type", "application/json")
            .header("authorization", format!("Bearer {token}"));
        if let Some(key) = key {
            request = request.header("idempotency-key", key);
        }
        self.send_request(request.body(Body::from(body.to_string())).unwrap()).await
    }

    /// The operator changes the monthly price of a product's plan (the catalog moves).
    pub async fn reprice(&self, operator_token: &str, product: &str, plan: &str, amount: i64) {
        let sheet = self.send(Req { method: "GET", path: &format!("/products/{product}"), body: None, bearer: None }).await;
        assert_eq!(sheet.status, 200, "{:?}", sheet.body);
        let mut body = sheet.body.clone();
        let map = body.as_object_mut().unwrap();
        map.remove("id");
        map.remove("active");
        for p in map["plans"].as_array_mut().unwrap() {
            if p["id"] == plan {
                p["price"]["amount"] = Value::from(amount);
            }
        }
        let put = self.put_as(operator_token, &format!("/products/{product}"), body).await;
        assert_eq!(put.status, 200, "{:?}", put.body);
    }

    /// A GET's raw body as text (for non-JSON answers such as CSV).
    pub async fn raw_body(&self, path: &str, token: &str, accept: &str) -> String {
        let request = http::Request::builder()
            .uri(path)
            .header("authorization", format!("Bearer {token}"))
            .header("accept", accept)
            .body(Body::empty())
            .unwrap();
        let router = self.functions[Self::function_for(path)].clone();
        let response = router.oneshot(request).await.unwrap();
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        String::from_utf8(bytes.to_vec()).unwrap()
    }

    /// Sends a raw request.
    pub async fn send(&self, req: Req<'_>) -> Answer {
        let mut builder = http::Request::builder().method(req.method).uri(req.path);
        // As the store's CloudFront distribution would, where the app requires it (tests/tests/api/origin.rs).
        if let Some(secret) = &self.state.config().origin_verify_secret {
            builder = builder.header(cloudstore::http::ORIGIN_VERIFY_HEADER, secret.as_str());
        }
        if req.body.is_some() {
            builder = builder.header("content-type", "application/json");
        }
        if let Some(token) = req.bearer {
            builder = builder.header("authorization", format!("Bearer {token}"));
        }
        self.send_request(builder.body(Body::from(req.body.unwrap_or_default())).unwrap()).await
    }

    pub async fn post(&self, path: &str, body: Value) -> Answer {
        self.send(Req { method: "POST", path, body: Some(body.to_string().into_bytes()), bearer: None }).await
    }

    pub async fn post_as(&self, token: &str, path: &str, body: Value) -> Answer {
        self.send(Req { method: "POST", path, body: Some(body.to_string().into_bytes()), bearer: Some(token) }).await
    }

    pub async fn get_as(&self, token: &str, path: &str) -> Answer {
        self.send(Req { method: "GET", path, body: None, bearer: Some(token) }).await
    }

    pub async fn patch_as(&self, token: &str, path: &str, body: Value) -> Answer {
        self.send(Req { method: "PATCH", path, body: Some(body.to_string().into_bytes()), bearer: Some(token) }).await
    }

    pub async fn delete_as(&self, token: &str, path: &str) -> Answer {
        self.send(Req { method: "DELETE", path, body: None, bearer: Some(token) }).await
    }
}

/// The contract's Money in pesos' centavos.
pub fn money(amount: i64) -> Value {
    serde_json::json!({ "amount": amount, "currency": "ARS" })
}

/// A unique email for this test run.
pub fn unique_email(tag: &str) -> String {
    format!("{tag}.{}@example.com", ulid::Ulid::new().to_string().to_lowercase())
}

/// One email as the SES emulator stored it.
#[derive(Debug, Clone)]
pub struct Mail {
    pub to: Vec<String>,
    pub subject: String,
    pub text: String,
    pub html: String,
}

impl Mail {
    /// The token of the first link in the email (`…?token=…`).
    pub fn token(&self) -> String {
        let start = self.text.find("token=").expect("a link with a token") + "token=".len();
        self.text[start..].chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_').collect()
    }

    /// The first link in the text body.
    pub fn link(&self) -> String {
        let start = self.text.find("http").expect("a link");
        self.text[start..].split_whitespace().next().unwrap().to_string()
    }
}

/// A test's table goes with it, so a run does not leave some three hundred tables in DynamoDB
/// Local's one in-memory database (a deleted table's stream records stay: why test tables have no
/// stream, see `create_table_without_stream`). The deletion runs on a thread and runtime of its
/// own, since `drop` cannot await and the test's runtime may be shutting down.
impl Drop for TestApp {
    fn drop(&mut self) {
        let table = std::mem::take(&mut self.table);
        APPS.with(|apps| apps.borrow_mut().retain(|(app, _)| app.db().table() != table));
        let deleted = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().ok()?;
            runtime.block_on(async {
                let client = aws_sdk_dynamodb::Client::new(&sdk().await);
                client.delete_table().table_name(table).send().await.ok()
            })
        });
        let _ = deleted.join();
    }
}

/// A client per call: each test has its own runtime, and a pooled connection must not outlive it.
fn http_client() -> reqwest::Client {
    reqwest::Client::new()
}

/// How a test's outbox is emptied (see `TestApp::with_clients`).
#[derive(Clone, Copy, PartialEq, Debug)]
enum Delivery {
    /// The test sends what is pending before reading the emulator.
    Pending,
    /// A sender reads the table's stream (the test's own, or the stack's for its table).
    Stream,
}

thread_local! {
    /// The senders of the test running on this thread, whose outboxes `mails_to` empties.
    static APPS: std::cell::RefCell<Vec<(AppState, Delivery)>> = const { std::cell::RefCell::new(Vec::new()) };
    /// Whether the test talks to the stack over HTTP (whose table's outbox `mails_to` waits for).
    static E2E: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Waits until `app`'s outbox has nothing pending, sending it when that is the test's job.
async fn settle(app: &AppState, delivery: Delivery) {
    for _ in 0..600 {
        if !cloudstore::outbox::sender::any_pending(app).await.expect("reading the outbox") {
            return;
        }
        match delivery {
            Delivery::Pending => {
                let sent = cloudstore::outbox::sender::deliver_pending(app).await.expect("sending the outbox");
                if sent.sent > 0 && sent.failed == 0 {
                    continue;
                }
            }
            // The test's own stream reader may be in an idle pause: it reads now.
            Delivery::Stream => cloudstore_dev::stream::wake(),
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("emails still pending in the outbox after 30 s");
}

/// Every email the emulator holds for `to`, oldest first, once this test's outboxes are empty
/// (emails leave through the outbox: sent here, or by a sender reading the table's stream).
pub async fn mails_to(to: &str) -> Vec<Mail> {
    let mut apps = APPS.with(|apps| apps.borrow().clone());
    if E2E.with(|e2e| e2e.get()) {
        apps.push((App::for_tools(&sdk().await, &env("TABLE_NAME")), Delivery::Stream));
    }
    for (app, delivery) in &apps {
        settle(app, *delivery).await;
    }
    mails_at(&env("AWS_ENDPOINT_URL_SESV2"), to).await
}

/// Every email the emulator at `emulator` holds for `to`, oldest first.
pub async fn mails_at(emulator: &str, to: &str) -> Vec<Mail> {
    let url = format!("{emulator}/store");
    let store: Value = http_client().get(url).send().await.unwrap().json().await.unwrap();
    store["emails"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .into_iter()
        .filter_map(|m| {
            let recipients: Vec<String> =
                m["destination"]["to"].as_array()?.iter().filter_map(|v| v.as_str().map(str::to_lowercase)).collect();
            recipients.iter().any(|r| r.contains(&to.to_lowercase())).then(|| Mail {
                to: recipients,
                subject: m["subject"].as_str().unwrap_or_default().to_string(),
                text: m["body"]["text"].as_str().unwrap_or_default().to_string(),
                html: m["body"]["html"].as_str().unwrap_or_default().to_string(),
            })
        })
        .collect()
}

/// The newest email to `to`, waiting for it to arrive.
pub async fn last_mail_to(to: &str) -> Mail {
    for _ in 0..200 {
        if let Some(mail) = mails_to(to).await.pop() {
            return mail;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("no email reached {to}");
}

/// The deployed-like API served by `cargo lambda watch`, for end-to-end flows.
pub struct Http {
    pub base: String,
}

impl Http {
    pub fn new() -> Http {
        E2E.with(|e2e| e2e.set(true));
        Http { base: env("CLOUDSTORE_API_URL") }
    }

    pub async fn send(&self, method: &str, path: &str, body: Option<Value>, bearer: Option<&str>) -> Answer {
        let mut req = http_client().request(method.parse().unwrap(), format!("{}{path}", self.base));
        if let Some(body) = body {
            req = req.json(&body);
        }
        if let Some(token) = bearer {
            req = req.bearer_auth(token);
        }
        let response = req.send().await.unwrap();
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let bytes = response.bytes().await.unwrap();
        let body = if bytes.is_empty() { Value::Null } else { serde_json::from_slice(&bytes).unwrap_or(Value::Null) };
        Answer { status, headers, body }
    }
}

impl Default for Http {
    fn default() -> Self {
        Http::new()
    }
}

/// A company admin who signed up and activated, as a person would.
#[derive(Debug, Clone)]
pub struct Account {
    pub email: String,
    pub password: String,
    pub company_id: String,
    pub user_id: String,
}

/// The password the tests choose on activation.
pub const PASSWORD: &str = "correct horse battery";

impl TestApp {
    /// `POST /signup` for a new company whose admin has `email`.
    pub async fn signup(&self, email: &str) -> Answer {
        self.post(
            "/signup",
            serde_json::json!({ "company": { "name": "Acme SA", "tax_id": "30-71234567-1" }, "admin": { "name": "Ana Pérez", "email": email } }),
        )
        .await
    }

    /// Signs a company up, follows the emailed activation link and chooses [`PASSWORD`].
    pub async fn activated_admin(&self) -> Account {
        let email = unique_email("admin");
        let signed = self.signup(&email).await;
        assert_eq!(signed.status, 202, "{:?}", signed.body);
        let token = last_mail_to(&email).await.token();
        let activated =
            self.post("/activation", serde_json::json!({ "token": token, "password": PASSWORD, "password_confirmation": PASSWORD })).await;
        assert_eq!(activated.status, 200, "{:?}", activated.body);
        // The signup answer names nothing (it is the same for taken addresses): the ids come
        // from the account itself, as the web panel reads them from `GET /me`.
        let login = self.login(&email, PASSWORD).await;
        assert_eq!(login.status, 200, "{:?}", login.body);
        let me = self.get_as(login.body["access_token"].as_str().unwrap(), "/me").await;
        Account {
            email,
            password: PASSWORD.into(),
            company_id: me.body["company_id"].as_str().unwrap().into(),
            user_id: me.body["id"].as_str().unwrap().into(),
        }
    }

    /// Follows the newest activation link sent to `email`, choosing `password`.
    pub async fn activate_from_mail(&self, email: &str, password: &str) -> Answer {
        let token = last_mail_to(email).await.token();
        self.post("/activation", serde_json::json!({ "token": token, "password": password, "password_confirmation": password })).await
    }

    /// An admin creates a user, who activates from the email with [`PASSWORD`].
    pub async fn activated_user(&self, admin_token: &str, role: &str) -> Account {
        let email = unique_email(role);
        let created = self.post_as(admin_token, "/users", serde_json::json!({ "name": "Bruno Díaz", "email": email, "role": role })).await;
        assert_eq!(created.status, 201, "{:?}", created.body);
        assert_eq!(self.activate_from_mail(&email, PASSWORD).await.status, 200);
        Account {
            email,
            password: PASSWORD.into(),
            company_id: created.body["company_id"].as_str().unwrap().into(),
            user_id: created.body["id"].as_str().unwrap().into(),
        }
    }

    pub async fn login(&self, email: &str, password: &str) -> Answer {
        self.post("/login", serde_json::json!({ "email": email, "password": password })).await
    }

    /// Logs in and answers the access and refresh tokens.
    pub async fn tokens(&self, account: &Account) -> (String, String) {
        let answer = self.login(&account.email, &account.password).await;
        assert_eq!(answer.status, 200, "{:?}", answer.body);
        (answer.body["access_token"].as_str().unwrap().to_string(), answer.body["refresh_token"].as_str().unwrap().to_string())
    }
}
