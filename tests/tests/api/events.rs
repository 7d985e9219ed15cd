//! The sample events in `events/` (used with `cargo lambda invoke --data-file`) are real API
//! Gateway HTTP API payloads that reach a route of their function (the scheduled and the outbox
//! sender's events are not HTTP requests).

use cloudstore_tests::*;

#[tokio::test]
async fn every_sample_event_decodes_and_reaches_its_route() {
    let app = TestApp::new().await;
    app.seed().await;
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../events");
    let mut seen = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().and_then(|e| e.to_str()) != Some("json")
            || path.file_name().unwrap() == "expire-activations.json"
            || path.file_name().unwrap() == "expire-orders.json"
        {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        // The outbox sender's stream and SNS events are not HTTP requests (tests/api/outbox.rs).
        if serde_json::from_str::<serde_json::Value>(&text).unwrap()["requestContext"].is_null() {
            continue;
        }
        let request = lambda_http::request::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let request = request.map(|body| axum::body::Body::from(body.to_vec()));
        let answer = app.send_request(request).await;
        assert!(![404, 405, 500].contains(&answer.status), "{} answered {} {:?}", path.display(), answer.status, answer.body);
        seen += 1;
    }
    assert!(seen >= 29, "only {seen} events");
}
