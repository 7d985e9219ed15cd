//! What an engineer on call sees: every log line of a request carries its id, the same id a
//! problem+json answer gives the customer to quote; business events are CloudWatch embedded
//! metrics.

use cloudstore_tests::*;
use serde_json::{json, Value};

#[tokio::test]
async fn a_signup_logs_json_with_its_request_id_and_counts_an_embedded_metric() {
    let app = TestApp::new().await;
    let sink = cloudstore::observe::CapturedLogs::default();
    let writer = sink.clone();
    let _logs = tracing::subscriber::set_default(cloudstore::observe::json_logs(move || writer.clone(), Some("info")));
    let _ = cloudstore::observe::captured_metrics();

    let email = unique_email("observed");
    let answer = app.signup(&email).await;
    assert!(answer.status < 300, "{:?}", answer.body);
    let request_id = answer.headers["x-request-id"].to_str().unwrap().to_string();

    let logged = sink.lines();
    let line = logged.iter().find(|l| l["message"] == "company signed up").expect("the signup's log line");
    assert_eq!(line["level"], "INFO");
    // The line shows the innermost span: the use case, named by its route, with the request's id
    // (in Lambda, the runtime's own span sits outside it).
    assert_eq!(line["span"]["name"], "use_case", "{line}");
    assert_eq!(line["span"]["route"], "POST /signup", "{line}");
    assert_eq!(line["span"]["request_id"], request_id.as_str(), "{line}");

    let metrics: Vec<Value> = cloudstore::observe::captured_metrics().iter().map(|m| serde_json::from_str(m).unwrap()).collect();
    let signup = metrics.iter().find(|m| m["request_id"] == request_id.as_str() && m["Signups"] == 1).expect("the Signups metric");
    assert_eq!(signup["_aws"]["CloudWatchMetrics"][0]["Namespace"], "CloudStore");
    assert_eq!(signup["_aws"]["CloudWatchMetrics"][0]["Metrics"][0]["Name"], "Signups");
}

#[tokio::test]
async fn a_problem_names_the_request_a_customer_quotes_to_support() {
    let app = TestApp::new().await;
    let answer = app.post("/login", json!({ "email": "nadie@example.com", "password": "x" })).await;
    answer.assert_problem(401, "invalid_credentials");
    assert_eq!(answer.body["request_id"], answer.headers["x-request-id"].to_str().unwrap());
}

#[tokio::test]
async fn an_api_gateway_request_keeps_its_own_id() {
    let app = TestApp::new().await;
    let event = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../events/login.json")).unwrap();
    let mut event: Value = serde_json::from_str(&event).unwrap();
    event["requestContext"]["requestId"] = json!("gateway-id-123");
    event["body"] = json!(json!({ "email": "nadie@example.com", "password": "equivocada" }).to_string());
    let request = lambda_http::request::from_str(&event.to_string()).unwrap().map(|b| axum::body::Body::from(b.to_vec()));
    let answer = app.send_request(request).await;
    answer.assert_problem(401, "invalid_credentials");
    assert_eq!(answer.body["request_id"], "gateway-id-123");
}
