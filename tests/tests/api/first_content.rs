//! A new stack's first content (the `setup` function behind the `FirstContent` custom resource):
//! CloudFormation's Create, Update and Delete requests from events/, each answered with a PUT of
//! the response document to its ResponseURL, here a server of the test's own on 127.0.0.1.

use cloudstore::identity::{Role, UserStatus};
use cloudstore::setup::CustomResource;
use cloudstore_tests::*;
use serde_json::{json, Value};
use std::sync::{Arc, Mutex};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// What CloudFormation's side receives: every PUT to the ResponseURL, its body as JSON.
#[derive(Clone, Default)]
struct ResponseUrl {
    bodies: Arc<Mutex<Vec<Value>>>,
    base: String,
}

impl ResponseUrl {
    /// A plain HTTP/1.1 server that records each PUT's body and answers 200.
    async fn start() -> ResponseUrl {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let bodies = Arc::new(Mutex::new(Vec::new()));
        let base = format!("http://{}", listener.local_addr().unwrap());
        let recorded = bodies.clone();
        tokio::spawn(async move {
            while let Ok((mut socket, _)) = listener.accept().await {
                let recorded = recorded.clone();
                tokio::spawn(async move {
                    let mut data = Vec::new();
                    let mut buf = [0u8; 4096];
                    let (head_end, length) = loop {
                        let n = socket.read(&mut buf).await.unwrap();
                        assert!(n > 0, "the request ended early");
                        data.extend_from_slice(&buf[..n]);
                        if let Some(at) = data.windows(4).position(|w| w == b"\r\n\r\n") {
                            let head = String::from_utf8_lossy(&data[..at]).to_lowercase();
                            assert!(head.starts_with("put "), "CloudFormation's answer is a PUT: {head}");
                            assert!(!head.contains("content-type: application/json"), "the URL is signed without a type: {head}");
                            let length: Option<usize> =
                                head.lines().find_map(|l| l.strip_prefix("content-length:")).map(|v| v.trim().parse().unwrap());
                            break (at + 4, length.expect("a content-length"));
                        }
                    };
                    while data.len() < head_end + length {
                        let n = socket.read(&mut buf).await.unwrap();
                        data.extend_from_slice(&buf[..n]);
                    }
                    recorded.lock().unwrap().push(serde_json::from_slice(&data[head_end..head_end + length]).unwrap());
                    socket.write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 0\r\nconnection: close\r\n\r\n").await.unwrap();
                });
            }
        });
        ResponseUrl { bodies, base }
    }

    fn last(&self) -> Value {
        self.bodies.lock().unwrap().last().cloned().expect("an answer was PUT")
    }

    fn count(&self) -> usize {
        self.bodies.lock().unwrap().len()
    }
}

/// events/setup-<kind>.json, answering at `url`, for `email` (and SeedDemoCatalog `seed`).
fn event(kind: &str, url: &ResponseUrl, email: &str, seed: Option<&str>) -> Value {
    let path = format!("{}/../events/setup-{kind}.json", env!("CARGO_MANIFEST_DIR"));
    let mut event: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    event["ResponseURL"] = json!(format!("{}/cloudformation/{kind}", url.base));
    for props in ["ResourceProperties", "OldResourceProperties"] {
        if event[props].is_object() {
            event[props]["FirstOperatorEmail"] = json!(email);
        }
    }
    if let Some(seed) = seed {
        event["ResourceProperties"]["SeedDemoCatalog"] = json!(seed);
    }
    event
}

async fn run(resource: &Arc<CustomResource>, url: &ResponseUrl, event: &Value) -> Value {
    let before = url.count();
    resource.handle(event.clone(), None).await.expect("the answer was delivered");
    assert_eq!(url.count(), before + 1, "one answer per request");
    let answer = url.last();
    for field in ["StackId", "RequestId", "LogicalResourceId"] {
        assert_eq!(answer[field], event[field], "{field}");
    }
    // A fixed id for the stack, on every request: CloudFormation never replaces the resource.
    assert_eq!(answer["PhysicalResourceId"], "cloudstore-dev-first-content");
    answer
}

async fn list(app: &TestApp, path: &str) -> Vec<Value> {
    let answer = app.send(Req { method: "GET", path, body: None, bearer: None }).await;
    assert_eq!(answer.status, 200, "{:?}", answer.body);
    answer.body["items"].as_array().unwrap().clone()
}

async fn claim(app: &TestApp, email: &str) -> Option<cloudstore::identity::records::EmailClaim> {
    cloudstore::identity::email_claim(app.state.db(), email).await.unwrap()
}

#[tokio::test]
async fn create_makes_the_first_operator_and_the_help_update_and_delete_keep_what_exists() {
    let app = TestApp::new().await;
    app.media_bucket().await;
    let url = ResponseUrl::start().await;
    let resource = CustomResource::with_app(app.state.clone());
    let email = unique_email("primer.operador");
    let articles = cloudstore_dev::help::articles().len();

    // Create: the operator, pending, emailed; the help centre; no catalog (SeedDemoCatalog false).
    let created = run(&resource, &url, &event("create", &url, &email, None)).await;
    assert_eq!(created["Status"], "SUCCESS", "{created}");
    assert_eq!(created["Data"]["FirstOperator"], "created");
    let account = claim(&app, &email).await.expect("the first operator exists");
    assert_eq!((account.role, account.status), (Role::Operator, UserStatus::PendingActivation));
    assert_eq!(list(&app, "/help?limit=100").await.len(), articles, "every article of shared/data/help-articles.yaml");
    assert!(list(&app, "/products?limit=100").await.is_empty(), "no demo catalog unless asked");

    let mail = last_mail_to(&email).await;
    assert_eq!(mail.subject, "Activá tu cuenta de Cloud Store");
    assert!(mail.link().starts_with("http://front.test/activate?token="), "{}", mail.link());
    assert_eq!(app.activate_from_mail(&email, PASSWORD).await.status, 200);
    let operator = Account {
        email: email.clone(),
        password: PASSWORD.into(),
        company_id: account.company_id.to_string(),
        user_id: account.id.to_string(),
    };
    let (token, _) = app.tokens(&operator).await;
    let staff = app.get_as(&token, "/operator/users").await;
    assert_eq!(staff.status, 200, "an operator: {:?}", staff.body);

    // The operator edits an article.
    let first = list(&app, "/help?limit=1").await[0].clone();
    let id = first["id"].as_str().unwrap();
    let edit = json!({ "group": first["group"], "question": first["question"], "answer": "Nuestra propia respuesta." });
    assert_eq!(app.put_as(&token, &format!("/help/{id}"), edit).await.status, 200);

    // Update (SeedDemoCatalog turned "true"): the catalog comes; the rest stays as it is.
    let updated = run(&resource, &url, &event("update", &url, &email, None)).await;
    assert_eq!(updated["Status"], "SUCCESS", "{updated}");
    assert_eq!(updated["Data"]["FirstOperator"], "existing");
    let help = list(&app, "/help?limit=100").await;
    assert_eq!(help.len(), articles);
    assert_eq!(help.iter().find(|a| a["id"] == id).unwrap()["answer"], "Nuestra propia respuesta.");
    assert_eq!(claim(&app, &email).await.unwrap().status, UserStatus::Active);
    assert_eq!(mails_to(&email).await.len(), 1, "no second activation email");
    let products = list(&app, "/products?limit=100").await;
    assert_eq!(products.len(), demo_products("https://unused.test").len());
    let icon = products[0]["icon_url"].as_str().unwrap();
    let served = reqwest::get(icon).await.unwrap();
    assert_eq!((served.status().as_u16(), served.headers()["content-type"].to_str().unwrap()), (200, "image/png"), "{icon}");

    // Delete: nothing goes.
    let deleted = run(&resource, &url, &event("delete", &url, &email, None)).await;
    assert_eq!(deleted["Status"], "SUCCESS", "{deleted}");
    assert_eq!(list(&app, "/help?limit=100").await.len(), articles);
    assert_eq!(list(&app, "/products?limit=100").await.len(), products.len());
    assert_eq!(app.login(&email, PASSWORD).await.status, 200);
}

#[tokio::test]
async fn with_the_demo_catalog_asked_create_loads_the_products_and_their_media() {
    let app = TestApp::new().await;
    app.media_bucket().await;
    let url = ResponseUrl::start().await;
    let resource = CustomResource::with_app(app.state.clone());
    let email = unique_email("operadora");

    let created = run(&resource, &url, &event("create", &url, &email, Some("true"))).await;
    assert_eq!(created["Status"], "SUCCESS", "{created}");
    let demo = demo_products("https://unused.test");
    assert_eq!(created["Data"]["DemoProductsWritten"], demo.len().to_string());
    assert_eq!(created["Data"]["MediaFilesUploaded"], (demo.len() * 4).to_string());
    let products = list(&app, "/products?limit=100").await;
    let names = |items: Vec<String>| items.into_iter().collect::<std::collections::BTreeSet<_>>();
    assert_eq!(
        names(products.iter().map(|p| p["name"].as_str().unwrap().to_string()).collect()),
        names(demo.iter().map(|p| p.name.clone()).collect())
    );
    for product in &products {
        for media in [&product["icon_url"], &product["screenshots"][0], &product["manual_url"]] {
            let served = reqwest::get(media.as_str().unwrap()).await.unwrap();
            assert_eq!(served.status().as_u16(), 200, "{media}");
        }
    }
    assert_eq!(claim(&app, &email).await.map(|c| c.role), Some(Role::Operator));

    // CloudFormation sends Create again (the stack created anew over the retained table): the
    // operator, the articles and the products exist, so nothing is written and nobody is emailed.
    let again = run(&resource, &url, &event("create", &url, &email, Some("true"))).await;
    assert_eq!(again["Status"], "SUCCESS", "{again}");
    assert_eq!(again["Data"]["FirstOperator"], "existing");
    assert_eq!((again["Data"]["HelpArticlesWritten"].as_str(), again["Data"]["DemoProductsWritten"].as_str()), (Some("0"), Some("0")));
    assert_eq!(mails_to(&email).await.len(), 1);
}

#[tokio::test]
async fn a_new_first_operator_email_adds_that_operator_to_the_same_company_and_keeps_the_first() {
    let app = TestApp::new().await;
    let url = ResponseUrl::start().await;
    let resource = CustomResource::with_app(app.state.clone());
    let (first, second) = (unique_email("uno"), unique_email("dos"));
    assert_eq!(run(&resource, &url, &event("create", &url, &first, None)).await["Status"], "SUCCESS");

    let mut update = event("update", &url, &second, Some("false"));
    update["OldResourceProperties"]["FirstOperatorEmail"] = json!(first);
    let updated = run(&resource, &url, &update).await;
    assert_eq!(updated["Status"], "SUCCESS", "{updated}");
    assert_eq!(updated["Data"]["FirstOperator"], "created");
    let (one, two) = (claim(&app, &first).await.unwrap(), claim(&app, &second).await.unwrap());
    assert_eq!(one.company_id, two.company_id, "one operator's company");
    assert_eq!((two.role, two.status), (Role::Operator, UserStatus::PendingActivation));
    assert_eq!(app.activate_from_mail(&second, PASSWORD).await.status, 200);
    let operator =
        Account { email: second, password: PASSWORD.into(), company_id: two.company_id.to_string(), user_id: two.id.to_string() };
    let (token, _) = app.tokens(&operator).await;
    let staff = app.get_as(&token, "/operator/users").await;
    let emails: Vec<&str> = staff.body["items"].as_array().unwrap().iter().map(|u| u["email"].as_str().unwrap()).collect();
    assert!(emails.contains(&first.as_str()) && emails.len() == 2, "{emails:?}");
}

#[tokio::test]
async fn a_malformed_first_operator_email_answers_failed_with_the_reason_and_writes_nothing() {
    let app = TestApp::new().await;
    let url = ResponseUrl::start().await;
    let resource = CustomResource::with_app(app.state.clone());
    let answer = run(&resource, &url, &event("create", &url, "operador@@example", Some("true"))).await;
    assert_eq!(answer["Status"], "FAILED");
    assert!(answer["Reason"].as_str().unwrap().starts_with("FirstOperatorEmail: "), "{answer}");
    assert!(answer["Data"].is_null());
    assert!(list(&app, "/help?limit=100").await.is_empty(), "nothing is written before the properties are checked");

    // A request CloudFormation would never send is answered too, never left hanging.
    let mut odd = event("create", &url, &unique_email("x"), None);
    odd["RequestType"] = json!("Rename");
    let answer = run(&resource, &url, &odd).await;
    assert_eq!(answer["Status"], "FAILED");
    assert!(answer["Reason"].as_str().unwrap().contains("Rename"), "{answer}");
}
