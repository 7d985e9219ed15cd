//! Access tokens, refresh-token rotation and reuse detection, logout.

use cloudstore_tests::*;
use serde_json::json;

#[tokio::test]
async fn refresh_tokens_rotate_and_the_new_pair_works() {
    let app = TestApp::new().await;
    let account = app.activated_admin().await;
    let (_, refresh) = app.tokens(&account).await;
    let rotated = app.post("/token/refresh", json!({ "refresh_token": refresh })).await;
    assert_eq!(rotated.status, 200, "{:?}", rotated.body);
    let new_refresh = rotated.body["refresh_token"].as_str().unwrap();
    assert_ne!(new_refresh, refresh);
    assert_eq!(rotated.body["user"]["email"], account.email);
    let access = rotated.body["access_token"].as_str().unwrap();
    assert_eq!(app.get_as(access, "/me").await.status, 200);
    assert_eq!(app.post("/token/refresh", json!({ "refresh_token": new_refresh })).await.status, 200);
}

#[tokio::test]
async fn reusing_a_spent_refresh_token_revokes_the_whole_session() {
    let app = TestApp::new().await;
    let account = app.activated_admin().await;
    let (_, stolen) = app.tokens(&account).await;
    let rotated = app.post("/token/refresh", json!({ "refresh_token": stolen })).await;
    let access = rotated.body["access_token"].as_str().unwrap().to_string();
    let current = rotated.body["refresh_token"].as_str().unwrap().to_string();

    app.post("/token/refresh", json!({ "refresh_token": stolen })).await.assert_problem(401, "unauthorized");
    // The legitimate holder is out too: the session is gone.
    app.get_as(&access, "/me").await.assert_problem(401, "unauthorized");
    app.post("/token/refresh", json!({ "refresh_token": current })).await.assert_problem(401, "unauthorized");
    // Other sessions of the same user are untouched.
    assert_eq!(app.login(&account.email, &account.password).await.status, 200);
}

#[tokio::test]
async fn two_concurrent_refreshes_with_one_token_leave_at_most_one_winner() {
    let app = TestApp::new().await;
    let account = app.activated_admin().await;
    let (_, refresh) = app.tokens(&account).await;
    let answers = futures::future::join_all((0..4).map(|_| app.post("/token/refresh", json!({ "refresh_token": refresh })))).await;
    assert!(answers.iter().filter(|a| a.status == 200).count() <= 1);
    assert!(answers.iter().filter(|a| a.status != 200).all(|a| a.code() == "unauthorized"));
}

#[tokio::test]
async fn logout_ends_the_session() {
    let app = TestApp::new().await;
    let account = app.activated_admin().await;
    let (access, refresh) = app.tokens(&account).await;
    let (other_access, _) = app.tokens(&account).await;
    let out = app.post_as(&access, "/logout", json!({ "refresh_token": refresh })).await;
    assert_eq!(out.status, 204);
    app.get_as(&access, "/me").await.assert_problem(401, "unauthorized");
    app.post("/token/refresh", json!({ "refresh_token": refresh })).await.assert_problem(401, "unauthorized");
    // Only that session: another device stays signed in.
    assert_eq!(app.get_as(&other_access, "/me").await.status, 200);
}

#[tokio::test]
async fn logout_needs_a_bearer_token() {
    let app = TestApp::new().await;
    app.post("/logout", json!({ "refresh_token": "x" })).await.assert_problem(401, "unauthorized");
}

#[tokio::test]
async fn bad_access_tokens_are_refused() {
    let app = TestApp::new().await;
    let account = app.activated_admin().await;
    let (access, _) = app.tokens(&account).await;
    let tampered = format!("{}x", &access[..access.len() - 1]);
    for token in ["", "garbage", tampered.as_str()] {
        let answer = app.get_as(token, "/me").await;
        answer.assert_problem(401, "unauthorized");
        assert_eq!(answer.headers["www-authenticate"], "Bearer");
    }
    let none = app.send(Req { method: "GET", path: "/me", body: None, bearer: None }).await;
    none.assert_problem(401, "unauthorized");
}

#[tokio::test]
async fn a_token_signed_with_another_key_is_refused() {
    let app = TestApp::new().await;
    let account = app.activated_admin().await;
    let (access, _) = app.tokens(&account).await;
    let other = TestApp::with(&[("JWT_SECRET", "a-completely-different-signing-key-0123456789")]).await;
    other.get_as(&access, "/me").await.assert_problem(401, "unauthorized");
}
