//! Login answers and brute-force protection.

use cloudstore_tests::*;

#[tokio::test]
async fn unknown_email_and_wrong_password_get_the_same_answer() {
    let app = TestApp::new().await;
    let account = app.activated_admin().await;
    let wrong = app.login(&account.email, "not the password").await;
    let unknown = app.login(&unique_email("nobody"), "not the password").await;
    wrong.assert_problem(401, "invalid_credentials");
    unknown.assert_problem(401, "invalid_credentials");
    // Alike but for the id of each request (which support needs, and which tells nothing).
    assert_ne!(wrong.body["request_id"], unknown.body["request_id"]);
    assert_eq!(without_request_id(&wrong.body), without_request_id(&unknown.body));
}

#[tokio::test]
async fn five_failures_lock_the_email_for_a_minute_even_for_the_right_password() {
    let app = TestApp::new().await;
    let account = app.activated_admin().await;
    for _ in 0..5 {
        app.login(&account.email, "not the password").await.assert_problem(401, "invalid_credentials");
    }
    let locked = app.login(&account.email, &account.password).await;
    locked.assert_problem(429, "too_many_attempts");
    let retry: u64 = locked.headers["retry-after"].to_str().unwrap().parse().unwrap();
    assert!((55..=60).contains(&retry), "Retry-After {retry}");
    // The email is locked in any spelling.
    app.login(&account.email.to_uppercase(), &account.password).await.assert_problem(429, "too_many_attempts");
}

#[tokio::test]
async fn guesses_in_the_second_of_an_activation_still_lock_the_email() {
    // Measured on main: with whole-second stamps, every guess in the second the password was
    // chosen found its run void (begun "at or before" the clearing) and started it over.
    let app = TestApp::new().await;
    let second = time::OffsetDateTime::now_utc().replace_nanosecond(0).unwrap();
    app.state.set_now(Some(second + time::Duration::milliseconds(100)));
    let account = app.activated_admin().await;
    app.state.set_now(Some(second + time::Duration::milliseconds(600)));
    for _ in 0..5 {
        app.login(&account.email, "not the password").await.assert_problem(401, "invalid_credentials");
    }
    let locked = app.login(&account.email, &account.password).await;
    app.state.set_now(None);
    locked.assert_problem(429, "too_many_attempts");
}

#[tokio::test]
async fn unknown_emails_are_locked_alike_so_the_lock_reveals_nothing() {
    let app = TestApp::new().await;
    let ghost = unique_email("ghost");
    for _ in 0..5 {
        app.login(&ghost, "whatever it is").await.assert_problem(401, "invalid_credentials");
    }
    app.login(&ghost, "whatever it is").await.assert_problem(429, "too_many_attempts");
}

#[tokio::test]
async fn a_successful_login_resets_the_count() {
    let app = TestApp::new().await;
    let account = app.activated_admin().await;
    for _ in 0..4 {
        app.login(&account.email, "not the password").await;
    }
    assert_eq!(app.login(&account.email, &account.password).await.status, 200);
    for _ in 0..4 {
        app.login(&account.email, "not the password").await.assert_problem(401, "invalid_credentials");
    }
    assert_eq!(app.login(&account.email, &account.password).await.status, 200);
}

#[tokio::test]
async fn a_burst_of_parallel_guesses_checks_only_five_of_them() {
    let app = TestApp::new().await;
    let account = app.activated_admin().await;
    let guesses = futures::future::join_all((0..30).map(|_| app.login(&account.email, "a wrong guess"))).await;
    let statuses: Vec<u16> = guesses.iter().map(|g| g.status).collect();
    assert_eq!(guesses.iter().filter(|g| g.status == 401).count(), 5, "{statuses:?}");
    assert!(
        guesses.iter().filter(|g| g.status != 401).all(|g| g.code() == "too_many_attempts" && g.headers.contains_key("retry-after")),
        "{statuses:?}"
    );
    // The five failures locked the email, for the right password too.
    app.login(&account.email, &account.password).await.assert_problem(429, "too_many_attempts");
}

#[tokio::test]
async fn a_right_current_password_does_not_count_towards_the_lock() {
    let app = TestApp::new().await;
    let mut account = app.activated_admin().await;
    for i in 0..6 {
        let (token, _) = app.tokens(&account).await;
        let next = format!("passphrase number {i} here");
        let body = serde_json::json!({ "current_password": account.password, "password": next, "password_confirmation": next });
        assert_eq!(app.post_as(&token, "/me/password", body).await.status, 204);
        account.password = next;
    }
    assert_eq!(app.login(&account.email, &account.password).await.status, 200);
}
