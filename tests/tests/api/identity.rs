//! Signing up, activating from the emailed link, and resetting a forgotten password.

use cloudstore_tests::*;
use serde_json::json;

#[tokio::test]
async fn a_company_signs_up_and_its_admin_activates_from_the_email() {
    let app = TestApp::new().await;
    let email = unique_email("Founder");
    let signed = app.signup(&email.to_uppercase()).await;
    assert_eq!(signed.status, 202);
    assert!(signed.body["message"].is_string(), "{:?}", signed.body);

    // Not active yet: even the right password is no way in, and no password exists yet.
    app.login(&email, PASSWORD).await.assert_problem(401, "invalid_credentials");

    let mail = last_mail_to(&email).await;
    assert_eq!(mail.subject, "Activá tu cuenta de Cloud Store");
    assert!(mail.link().starts_with("http://front.test/activate?token="), "{}", mail.link());
    assert!(mail.html.contains("Ana Pérez") && mail.html.contains(&mail.token()));
    assert!(mail.token().len() >= 22);

    let activated =
        app.post("/activation", json!({ "token": mail.token(), "password": PASSWORD, "password_confirmation": PASSWORD })).await;
    assert_eq!(activated.status, 200);
    assert!(activated.body["user_id"].is_string());
    assert_eq!(activated.body["email"], email.to_lowercase());

    let login = app.login(&email, PASSWORD).await;
    assert_eq!(login.status, 200, "{:?}", login.body);
    assert_eq!(login.body["token_type"], "Bearer");
    assert_eq!(login.body["expires_in"], 900);
    let user = &login.body["user"];
    assert_eq!(user["role"], "admin");
    assert_eq!(user["status"], "active");
    assert_eq!(user["id"], activated.body["user_id"]);
    assert_eq!(user["name"], "Ana Pérez");

    let me = app.get_as(login.body["access_token"].as_str().unwrap(), "/me").await;
    assert_eq!(me.status, 200);
    assert_eq!(me.body["company"]["name"], "Acme SA");
    assert_eq!(me.body["company"]["id"], user["company_id"]);
    assert_eq!(me.body["email"], email.to_lowercase());
}

#[tokio::test]
async fn an_activation_link_works_once() {
    let app = TestApp::new().await;
    let email = unique_email("once");
    app.signup(&email).await;
    let token = last_mail_to(&email).await.token();
    let body = json!({ "token": token, "password": PASSWORD, "password_confirmation": PASSWORD });
    assert_eq!(app.post("/activation", body.clone()).await.status, 200);
    app.post("/activation", body).await.assert_problem(400, "token_invalid");
}

#[tokio::test]
async fn concurrent_clicks_on_one_link_activate_once() {
    let app = TestApp::new().await;
    let email = unique_email("race");
    app.signup(&email).await;
    let token = last_mail_to(&email).await.token();
    let body = json!({ "token": token, "password": PASSWORD, "password_confirmation": PASSWORD });
    let answers = futures::future::join_all((0..6).map(|_| app.post("/activation", body.clone()))).await;
    let ok = answers.iter().filter(|a| a.status == 200).count();
    assert_eq!(ok, 1, "{:?}", answers.iter().map(|a| a.status).collect::<Vec<_>>());
    assert!(answers.iter().filter(|a| a.status != 200).all(|a| a.code() == "token_invalid" || a.code() == "conflict"));
}

#[tokio::test]
async fn an_expired_activation_link_answers_410() {
    let app = TestApp::with(&[("ACTIVATION_TTL_SECONDS", "0")]).await;
    let email = unique_email("late");
    app.signup(&email).await;
    let token = last_mail_to(&email).await.token();
    app.post("/activation", json!({ "token": token, "password": PASSWORD, "password_confirmation": PASSWORD }))
        .await
        .assert_problem(410, "token_expired");
}

#[tokio::test]
async fn unknown_and_malformed_tokens_are_invalid() {
    let app = TestApp::new().await;
    for token in ["nope", "A".repeat(43).as_str(), "../../etc/passwd"] {
        app.post("/activation", json!({ "token": token, "password": PASSWORD, "password_confirmation": PASSWORD }))
            .await
            .assert_problem(400, "token_invalid");
    }
}

#[tokio::test]
async fn activation_enforces_the_password_policy() {
    let app = TestApp::new().await;
    let email = unique_email("policy");
    app.signup(&email).await;
    let token = last_mail_to(&email).await.token();
    let short = app.post("/activation", json!({ "token": token, "password": "short", "password_confirmation": "short" })).await;
    short.assert_problem(400, "validation_failed");
    assert_eq!(short.body["errors"][0]["field"], "password");
    let common = app.post("/activation", json!({ "token": token, "password": "1q2w3e4r5t", "password_confirmation": "1q2w3e4r5t" })).await;
    common.assert_problem(400, "validation_failed");
    let mismatch =
        app.post("/activation", json!({ "token": token, "password": PASSWORD, "password_confirmation": "correct horse battery!" })).await;
    mismatch.assert_problem(400, "validation_failed");
    assert_eq!(mismatch.body["errors"][0]["field"], "password_confirmation");
    // None of those spent the link.
    let ok = app.post("/activation", json!({ "token": token, "password": PASSWORD, "password_confirmation": PASSWORD })).await;
    assert_eq!(ok.status, 200);
}

#[tokio::test]
async fn a_taken_email_gets_no_second_account_whatever_its_case() {
    let app = TestApp::new().await;
    let owner = app.activated_admin().await;
    let again = app.signup(&owner.email.to_uppercase()).await;
    assert_eq!(again.status, 202, "the same answer as for a new address: {:?}", again.body);
    assert_eq!(last_mail_to(&owner.email).await.subject, "Ya tenés una cuenta en Cloud Store");
    // The account is the one it was: same company, same password.
    let login = app.login(&owner.email, PASSWORD).await;
    assert_eq!(login.body["user"]["company_id"], owner.company_id.as_str());
}

#[tokio::test]
async fn concurrent_signups_with_one_email_create_one_account() {
    let app = TestApp::new().await;
    let email = unique_email("twin");
    let answers = futures::future::join_all((0..8).map(|_| app.signup(&email))).await;
    assert!(answers.iter().all(|a| a.status == 202 && a.body == answers[0].body));
    let mails = mails_to(&email).await;
    let activations: Vec<_> = mails.iter().filter(|m| m.subject.starts_with("Activá")).collect();
    assert_eq!(activations.len(), 1, "one account, one activation link: {mails:?}");
    assert!(mails.len() <= 5, "the address's hourly allowance: {}", mails.len());
    assert_eq!(app.activate_from_mail(&email, PASSWORD).await.status, 200);
}

#[tokio::test]
async fn signup_reports_every_bad_field() {
    let app = TestApp::new().await;
    let answer = app.post("/signup", json!({ "company": { "name": " " }, "admin": { "name": "", "email": "not-an-email" } })).await;
    answer.assert_problem(400, "validation_failed");
    let fields: Vec<&str> = answer.body["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap()).collect();
    assert_eq!(fields, ["company.name", "admin.name", "admin.email"]);
}

#[tokio::test]
async fn a_forgotten_password_is_reset_from_the_email_and_every_session_ends() {
    let app = TestApp::new().await;
    let account = app.activated_admin().await;
    let (access, refresh) = app.tokens(&account).await;

    let asked = app.post("/password-reset", json!({ "email": account.email.to_uppercase() })).await;
    assert_eq!(asked.status, 202);
    let mail = last_mail_to(&account.email).await;
    assert_eq!(mail.subject, "Restablecé tu contraseña de Cloud Store");
    assert!(mail.link().starts_with("http://front.test/reset-password?token="));

    let new_password = "a brand new passphrase";
    let done = app
        .post("/password-reset/confirm", json!({ "token": mail.token(), "password": new_password, "password_confirmation": new_password }))
        .await;
    assert_eq!(done.status, 200);

    app.get_as(&access, "/me").await.assert_problem(401, "unauthorized");
    app.post("/token/refresh", json!({ "refresh_token": refresh })).await.assert_problem(401, "unauthorized");
    app.login(&account.email, PASSWORD).await.assert_problem(401, "invalid_credentials");
    assert_eq!(app.login(&account.email, new_password).await.status, 200);

    // The link is spent.
    app.post("/password-reset/confirm", json!({ "token": mail.token(), "password": new_password, "password_confirmation": new_password }))
        .await
        .assert_problem(400, "token_invalid");
}

#[tokio::test]
async fn a_reset_request_reveals_nothing_about_unknown_emails() {
    let app = TestApp::new().await;
    let ghost = unique_email("ghost");
    let answer = app.post("/password-reset", json!({ "email": ghost })).await;
    assert_eq!(answer.status, 202);
    let known = app.activated_admin().await;
    let known_answer = app.post("/password-reset", json!({ "email": known.email })).await;
    assert_eq!((known_answer.status, &known_answer.body), (answer.status, &answer.body));
    assert!(mails_to(&ghost).await.is_empty());
}

#[tokio::test]
async fn a_not_yet_active_user_asking_for_a_reset_gets_a_fresh_activation_link() {
    let app = TestApp::new().await;
    let email = unique_email("pending");
    app.signup(&email).await;
    let first = last_mail_to(&email).await.token();
    assert_eq!(app.post("/password-reset", json!({ "email": email })).await.status, 202);
    let mails = mails_to(&email).await;
    assert_eq!(mails.len(), 2);
    let second = mails[1].token();
    assert_ne!(first, second);
    assert_eq!(mails[1].subject, "Activá tu cuenta de Cloud Store");
    // The old link no longer works; the new one does.
    let body = |t: &str| json!({ "token": t, "password": PASSWORD, "password_confirmation": PASSWORD });
    app.post("/activation", body(&first)).await.assert_problem(400, "token_invalid");
    assert_eq!(app.post("/activation", body(&second)).await.status, 200);
}

#[tokio::test]
async fn an_expired_reset_link_answers_410() {
    let app = TestApp::with(&[("RESET_TTL_SECONDS", "0")]).await;
    let account = app.activated_admin().await;
    app.post("/password-reset", json!({ "email": account.email })).await;
    let token = last_mail_to(&account.email).await.token();
    app.post(
        "/password-reset/confirm",
        json!({ "token": token, "password": "another passphrase", "password_confirmation": "another passphrase" }),
    )
    .await
    .assert_problem(410, "token_expired");
}

#[tokio::test]
async fn an_activation_link_cannot_reset_and_a_reset_link_cannot_activate() {
    let app = TestApp::new().await;
    let email = unique_email("kinds");
    app.signup(&email).await;
    let activation = last_mail_to(&email).await.token();
    app.post("/password-reset/confirm", json!({ "token": activation, "password": PASSWORD, "password_confirmation": PASSWORD }))
        .await
        .assert_problem(400, "token_invalid");
}

#[tokio::test]
async fn a_reset_link_dies_when_the_email_or_the_password_changes() {
    let app = TestApp::new().await;
    let admin = app.activated_admin().await;
    let (admin_token, _) = app.tokens(&admin).await;
    let user = app.activated_user(&admin_token, "user").await;
    let new_password = "a brand new passphrase";
    let confirm = |token: String| json!({ "token": token, "password": new_password, "password_confirmation": new_password });

    // A reset goes to the old address; then the admin moves the user to a new one, where they
    // re-activate. Whoever still reads the old mailbox must not take the account over.
    assert_eq!(app.post("/password-reset", json!({ "email": user.email })).await.status, 202);
    let old_link = last_mail_to(&user.email).await.token();
    let moved = unique_email("moved");
    assert_eq!(app.patch_as(&admin_token, &format!("/users/{}", user.user_id), json!({ "email": moved })).await.status, 200);
    assert_eq!(app.activate_from_mail(&moved, PASSWORD).await.status, 200);
    app.post("/password-reset/confirm", confirm(old_link)).await.assert_problem(400, "token_invalid");
    assert_eq!(app.login(&moved, PASSWORD).await.status, 200);

    // A reset link asked for before the user changed their own password is void too.
    assert_eq!(app.post("/password-reset", json!({ "email": moved })).await.status, 202);
    let stale = last_mail_to(&moved).await.token();
    let (token, _) = app
        .tokens(&Account {
            email: moved.clone(),
            password: PASSWORD.into(),
            company_id: user.company_id.clone(),
            user_id: user.user_id.clone(),
        })
        .await;
    let own =
        json!({ "current_password": PASSWORD, "password": "my own new passphrase", "password_confirmation": "my own new passphrase" });
    assert_eq!(app.post_as(&token, "/me/password", own).await.status, 204);
    app.post("/password-reset/confirm", confirm(stale)).await.assert_problem(400, "token_invalid");
    assert_eq!(app.login(&moved, "my own new passphrase").await.status, 200);
}
