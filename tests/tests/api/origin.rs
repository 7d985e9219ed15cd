//! The API behind the store's CloudFront distribution (issue 26): only requests that carry the
//! origin secret CloudFront adds are served, and only then does `CloudFront-Viewer-Address` say
//! who the caller is. The events are API Gateway's, as Lambda receives them: `sourceIp` is then
//! CloudFront's edge, the same for every viewer it serves.

use cloudstore_tests::*;
use serde_json::json;

const SECRET: &str = "a-secret-cloudfront-adds-0123456789abcdef";
/// One CloudFront edge address, in front of every viewer below.
const EDGE: &str = "130.176.0.11";

async fn behind_cloudfront() -> TestApp {
    TestApp::with(&[("ORIGIN_VERIFY_SECRET", SECRET)]).await
}

async fn login_as_viewer(app: &TestApp, viewer: &str, email: &str, password: &str) -> Answer {
    let headers = [("x-origin-verify", SECRET), ("cloudfront-viewer-address", viewer)];
    app.send_through(EDGE, &headers, "POST", "/login", Some(json!({ "email": email, "password": password })), None).await
}

#[tokio::test]
async fn behind_cloudfront_each_viewer_counts_by_its_own_address() {
    let app = behind_cloudfront().await;
    let owner = app.activated_admin().await;
    for _ in 0..5 {
        login_as_viewer(&app, "203.0.113.7:50312", &owner.email, "a wrong guess").await.assert_problem(401, "invalid_credentials");
    }
    login_as_viewer(&app, "203.0.113.7:50999", &owner.email, &owner.password).await.assert_problem(429, "too_many_attempts");
    // Another viewer through the same edge: the guesses above were not theirs.
    let home = login_as_viewer(&app, "198.51.100.20:40000", &owner.email, &owner.password).await;
    assert_eq!(home.status, 200, "{:?}", home.body);
}

#[tokio::test]
async fn an_ipv6_viewer_counts_by_its_slash_64() {
    let app = behind_cloudfront().await;
    let owner = app.activated_admin().await;
    for _ in 0..5 {
        login_as_viewer(&app, "2001:db8:1:2:aaaa::1:46532", &owner.email, "a wrong guess").await.assert_problem(401, "invalid_credentials");
    }
    // A new address in the same /64 is the same caller; another /64 is not.
    login_as_viewer(&app, "2001:db8:1:2:ffff::9:443", &owner.email, &owner.password).await.assert_problem(429, "too_many_attempts");
    let other = login_as_viewer(&app, "2001:db8:1:3::1:443", &owner.email, &owner.password).await;
    assert_eq!(other.status, 200, "{:?}", other.body);
}

#[tokio::test]
async fn a_request_around_cloudfront_is_refused_and_a_forged_viewer_address_changes_nothing() {
    let app = behind_cloudfront().await;
    let owner = app.activated_admin().await;
    for _ in 0..5 {
        login_as_viewer(&app, "203.0.113.7:50312", &owner.email, "a wrong guess").await.assert_problem(401, "invalid_credentials");
    }
    let body = json!({ "email": owner.email, "password": owner.password });
    // The locked-out caller goes around the distribution, claiming another address: refused
    // before anything is read, with or without a made-up secret.
    for headers in [
        vec![("cloudfront-viewer-address", "198.51.100.20:40000")],
        vec![("x-origin-verify", "guessed"), ("cloudfront-viewer-address", "198.51.100.20:40000")],
        vec![("x-origin-verify", &SECRET[1..]), ("cloudfront-viewer-address", "198.51.100.20:40000")],
    ] {
        let answer = app.send_through("203.0.113.7", &headers, "POST", "/login", Some(body.clone()), None).await;
        answer.assert_problem(403, "forbidden");
    }
    // Every route, public reads included.
    app.send_through("203.0.113.7", &[], "GET", "/products", None, None).await.assert_problem(403, "forbidden");
    // Through the distribution, the lock still holds for that viewer.
    login_as_viewer(&app, "203.0.113.7:1", &owner.email, &owner.password).await.assert_problem(429, "too_many_attempts");
}

#[tokio::test]
async fn without_the_origin_setting_cloudfronts_headers_mean_nothing() {
    // `make dev` and the tests: API Gateway's source address is the caller, whatever a header says.
    let app = TestApp::new().await;
    let owner = app.activated_admin().await;
    for _ in 0..5 {
        app.login_from("203.0.113.7", &owner.email, "a wrong guess").await.assert_problem(401, "invalid_credentials");
    }
    let forged = [("cloudfront-viewer-address", "198.51.100.20:40000"), ("x-origin-verify", SECRET)];
    let body = json!({ "email": owner.email, "password": owner.password });
    let answer = app.send_through("203.0.113.7", &forged, "POST", "/login", Some(body), None).await;
    answer.assert_problem(429, "too_many_attempts");
}
