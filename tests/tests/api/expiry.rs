//! The scheduled expiry of activation links.

use cloudstore_tests::*;
use serde_json::json;
use time::OffsetDateTime;

fn now() -> i64 {
    OffsetDateTime::now_utc().unix_timestamp()
}

#[tokio::test]
async fn expired_links_turn_their_users_activation_expired_once() {
    let app = TestApp::new().await;
    let admin = app.activated_admin().await;
    let (token, _) = app.tokens(&admin).await;
    let created = app.post_as(&token, "/users", json!({ "name": "Late", "email": unique_email("late"), "role": "user" })).await;
    let id = created.body["id"].as_str().unwrap();

    // Nothing is due yet (links last 72 h).
    let report = cloudstore::identity::expire_activations(&app.state, now()).await.unwrap();
    assert_eq!(report.users_expired, 0);

    // Three days and a minute later.
    let later = now() + 72 * 3600 + 60;
    let runs = futures::future::join_all((0..3).map(|_| cloudstore::identity::expire_activations(&app.state, later))).await;
    let expired: usize = runs.iter().map(|r| r.as_ref().unwrap().users_expired).sum();
    assert_eq!(expired, 1, "overlapping runs expire the user exactly once");
    let user = app.get_as(&token, &format!("/users/{id}")).await;
    assert_eq!(user.body["status"], "activation_expired");
    // The admin (activated long ago) is untouched.
    assert_eq!(app.get_as(&token, "/me").await.body["status"], "active");
    assert_eq!(cloudstore::identity::expire_activations(&app.state, later).await.unwrap().links, 0);
}

#[tokio::test]
async fn a_swept_link_answers_token_expired_and_a_new_request_starts_over() {
    let app = TestApp::with(&[("ACTIVATION_TTL_SECONDS", "60")]).await;
    // The store's clock, moved by hand: emails take a moment to arrive, links a minute to expire.
    let start = OffsetDateTime::now_utc();
    app.state.set_now(Some(start));
    let admin_email = unique_email("boss");
    app.signup(&admin_email).await;
    let stale = last_mail_to(&admin_email).await.token();
    let later = start + time::Duration::seconds(61);
    app.state.set_now(Some(later));
    let report = cloudstore::identity::expire_activations(&app.state, later.unix_timestamp()).await.unwrap();
    assert_eq!(report.users_expired, 1);
    let body = |t: &str| json!({ "token": t, "password": PASSWORD, "password_confirmation": PASSWORD });
    app.post("/activation", body(&stale)).await.assert_problem(410, "token_expired");
    app.login(&admin_email, PASSWORD).await.assert_problem(401, "invalid_credentials");

    // "Olvidé mi contraseña" sends a fresh activation link, which works within its lifetime.
    assert_eq!(app.post("/password-reset", json!({ "email": admin_email })).await.status, 202);
    let fresh = last_mail_to(&admin_email).await.token();
    assert_ne!(fresh, stale);
    assert_eq!(app.post("/activation", body(&fresh)).await.status, 200);
}
