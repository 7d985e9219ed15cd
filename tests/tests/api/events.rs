//! The sample events in `events/` (used with `cargo lambda invoke --data-file`) are real API
//! Gateway HTTP API payloads: each declared route's own sample decodes and reaches that route of
//! its function (`devtools/tests/routes.rs` checks that the files are exactly one per route plus
//! the scheduled, outbox and setup events, which are not HTTP requests: tests/api/outbox.rs).

use cloudstore::routes::ROUTES;
use cloudstore_tests::*;

#[tokio::test]
async fn every_routes_sample_event_decodes_and_reaches_its_route() {
    let app = TestApp::new().await;
    app.seed().await;
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../events");
    for route in ROUTES {
        let path = format!("{dir}/{}.json", route.event);
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
        let request = lambda_http::request::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"));
        let request = request.map(|body| axum::body::Body::from(body.to_vec()));
        assert_eq!(request.method().as_str(), route.method.as_str(), "{path}");
        assert!(route.matches(request.uri().path()), "{path} is not a request of {}", route.key());
        let answer = app.send_request(request).await;
        assert!(![404, 405, 500].contains(&answer.status), "{path} answered {} {:?}", answer.status, answer.body);
    }
}
