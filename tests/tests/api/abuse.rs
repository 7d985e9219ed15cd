//! What an attacker with nothing but the public API (or a self-signed-up company) tried, each
//! reproduced: strict emails, rate limits on what sends email, no lockout of the owner, no
//! account oracle on signup, and public routes that never wait on SES.

use cloudstore_tests::*;
use serde_json::json;
use std::time::{Duration, Instant};

fn signup_body(email: &str) -> serde_json::Value {
    json!({ "company": { "name": "Acme SA" }, "admin": { "name": "Ana Pérez", "email": email } })
}

#[tokio::test]
async fn only_a_bare_address_is_an_email() {
    let app = TestApp::new().await;
    let victim = unique_email("victim");
    for hostile in [
        format!("Otra Persona <{victim}>"),
        format!("operator@cloudstore.test <{victim}>"),
        format!("(comentario){victim}"),
        "\"ana perez\"@example.com".to_string(),
        "ana@[192.168.0.1]".to_string(),
        format!("{victim} (comentario)"),
    ] {
        let answer = app.post("/signup", signup_body(&hostile)).await;
        answer.assert_problem(400, "validation_failed");
        assert_eq!(answer.body["errors"][0]["field"], "admin.email", "{hostile}");
    }
    app.settle_mail().await;
    assert!(mails_to(&victim).await.is_empty());
}

#[tokio::test]
async fn an_internationalised_domain_is_one_login_in_either_spelling() {
    let app = TestApp::new().await;
    let local = format!("ana.{}", ulid::Ulid::new().to_string().to_lowercase());
    assert_eq!(app.signup(&format!("{local}@BÜCHER.example")).await.status, 202);
    let ascii = format!("{local}@xn--bcher-kva.example");
    assert_eq!(app.activate_from_mail(&ascii, PASSWORD).await.status, 200);
    let login = app.login(&format!("{local}@bücher.example"), PASSWORD).await;
    assert_eq!(login.status, 200, "{:?}", login.body);
    assert_eq!(login.body["user"]["email"], ascii.as_str());
}

#[tokio::test]
async fn signup_answers_alike_for_new_and_existing_emails_and_tells_only_the_owner() {
    let app = TestApp::new().await;
    let email = unique_email("owner");
    let first = app.signup(&email).await;
    let pending_link = last_mail_to(&email).await.token();
    let again = app.signup(&email.to_uppercase()).await;
    assert_eq!((first.status, again.status), (202, 202));
    assert_eq!(first.body, again.body, "the same answer, so it tells nobody whether the address has an account");
    assert!(first.body.get("company_id").is_none() && first.body.get("user_id").is_none());

    app.settle_mail().await;
    let mails = mails_to(&email).await;
    assert_eq!(mails.len(), 2, "{mails:?}");
    let notice = &mails[1];
    assert_eq!(notice.subject, "Ya tenés una cuenta en Cloud Store");
    assert!(
        notice.text.contains("http://front.test/login") && notice.text.contains("http://front.test/forgot-password"),
        "{}",
        notice.text
    );
    assert!(!notice.text.contains("token="), "the notice carries no token");
    // The repeat signup left the pending activation link alone.
    let activated =
        app.post("/activation", json!({ "token": pending_link, "password": PASSWORD, "password_confirmation": PASSWORD })).await;
    assert_eq!(activated.status, 200, "{:?}", activated.body);
}

#[tokio::test]
async fn twenty_parallel_resets_to_one_address_deliver_at_most_the_limit() {
    let app = TestApp::new().await;
    let account = app.activated_admin().await;
    let asked = futures::future::join_all((0..20).map(|_| app.post("/password-reset", json!({ "email": account.email })))).await;
    assert!(asked.iter().all(|a| a.status == 202), "{:?}", asked.iter().map(|a| a.status).collect::<Vec<_>>());
    app.settle_mail().await;
    let resets = mails_to(&account.email).await.into_iter().filter(|m| m.subject.starts_with("Restablecé")).count();
    // The signup's activation email counted too: five emails an hour reach one address.
    assert!((1..=4).contains(&resets), "{resets} reset emails");
}

#[tokio::test]
async fn an_admin_inviting_one_outside_address_over_and_over_gets_429() {
    let app = TestApp::new().await;
    let admin = app.activated_admin().await;
    let (token, _) = app.tokens(&admin).await;
    let outsider = unique_email("outsider");
    let mut statuses = Vec::new();
    for _ in 0..11 {
        let created = app.post_as(&token, "/users", json!({ "name": "Bruno Díaz", "email": outsider, "role": "user" })).await;
        statuses.push(created.status);
        if created.status == 429 {
            created.assert_problem(429, "rate_limited");
            let retry: u64 = created.headers["retry-after"].to_str().unwrap().parse().unwrap();
            assert!((1..=3600).contains(&retry), "Retry-After {retry}");
            break;
        }
        assert_eq!(created.status, 201, "{:?}", created.body);
        let id = created.body["id"].as_str().unwrap().to_string();
        assert_eq!(app.delete_as(&token, &format!("/users/{id}")).await.status, 204);
    }
    assert_eq!(statuses, [201, 201, 201, 201, 201, 429]);
    app.settle_mail().await;
    let invitations = mails_to(&outsider).await;
    assert_eq!(invitations.len(), 5);
    assert!(invitations[0].text.contains("Acme SA"), "the invitation says which company sent it: {}", invitations[0].text);
}

#[tokio::test]
async fn names_with_links_are_refused() {
    let app = TestApp::new().await;
    for (company, admin) in [("Acme SA", "Regularizá en https://evil.test"), ("Visitá www.evil.test", "Ana")] {
        let body = json!({ "company": { "name": company }, "admin": { "name": admin, "email": unique_email("link") } });
        app.post("/signup", body).await.assert_problem(400, "validation_failed");
    }
}

#[tokio::test]
async fn a_burst_of_wrong_guesses_from_one_ip_does_not_lock_the_owner_out_from_another() {
    let app = TestApp::new().await;
    let owner = app.activated_admin().await;
    let guesses = futures::future::join_all((0..30).map(|_| app.login_from("203.0.113.7", &owner.email, "a wrong guess"))).await;
    assert_eq!(guesses.iter().filter(|g| g.status == 401).count(), 5);
    app.login_from("203.0.113.7", &owner.email, &owner.password).await.assert_problem(429, "too_many_attempts");
    let home = app.login_from("198.51.100.20", &owner.email, &owner.password).await;
    assert_eq!(home.status, 200, "{:?}", home.body);
}

#[tokio::test]
async fn after_a_lock_a_completed_reset_lets_the_owner_in_at_once() {
    let app = TestApp::new().await;
    let owner = app.activated_admin().await;
    for _ in 0..5 {
        app.login(&owner.email, "a wrong guess").await.assert_problem(401, "invalid_credentials");
    }
    app.login(&owner.email, &owner.password).await.assert_problem(429, "too_many_attempts");
    assert_eq!(app.post("/password-reset", json!({ "email": owner.email })).await.status, 202);
    let token = last_mail_to(&owner.email).await.token();
    let chosen = "my brand new passphrase";
    let reset = app.post("/password-reset/confirm", json!({ "token": token, "password": chosen, "password_confirmation": chosen })).await;
    assert_eq!(reset.status, 200, "{:?}", reset.body);
    let login = app.login(&owner.email, chosen).await;
    assert_eq!(login.status, 200, "{:?}", login.body);
}

#[tokio::test]
async fn with_ses_frozen_signup_and_reset_answer_within_a_second_and_the_email_arrives_later() {
    let ses = SesEmulator::start().await;
    let app = TestApp::with_ses(&[("SES_TIMEOUT_MS", "1500")], &ses.url).await;
    let owner = unique_email("frozen");
    // Connections to DynamoDB Local opened first, as a warm function has them.
    assert_eq!(app.signup(&unique_email("warm")).await.status, 202);
    ses.freeze();
    let started = Instant::now();
    let signed = tokio::time::timeout(Duration::from_secs(5), app.signup(&owner)).await.expect("signup waited on SES");
    assert_eq!(signed.status, 202);
    assert!(started.elapsed() < Duration::from_secs(1), "signup took {:?}", started.elapsed());
    let started = Instant::now();
    let asked = tokio::time::timeout(Duration::from_secs(5), app.post("/password-reset", json!({ "email": owner })))
        .await
        .expect("the reset waited on SES");
    assert_eq!(asked.status, 202);
    assert!(started.elapsed() < Duration::from_secs(1), "the reset took {:?}", started.elapsed());
    // SES stays down a while: the sender times out and tries again; nothing is lost.
    tokio::time::sleep(Duration::from_secs(3)).await;
    ses.thaw();
    app.settle_mail().await;
    let mails = ses.mails_to(&owner).await;
    assert!(mails.iter().all(|m| m.subject == "Activá tu cuenta de Cloud Store"), "{mails:?}");
    // The signup's link and the reset's fresh one (which replaced it) both arrived. A frozen SES
    // still accepts connections, so an attempt that timed out may have been taken after all: such
    // an email can arrive twice (at least once is the promise), never with another link.
    let mut links: Vec<String> = Vec::new();
    for link in mails.iter().map(Mail::token) {
        if !links.contains(&link) {
            links.push(link);
        }
    }
    assert_eq!(links.len(), 2, "{links:?}");
    assert_eq!(
        app.post("/activation", json!({ "token": links[1], "password": PASSWORD, "password_confirmation": PASSWORD })).await.status,
        200
    );
}

#[tokio::test]
async fn money_refuses_unknown_fields() {
    let app = TestApp::new().await;
    app.seed().await;
    let op = app.operator_token().await;
    let product = json!({ "name": "Escala", "vendor": "V", "category": "C", "launch_url": "https://x.test/",
        "plans": [{ "id": "p", "name": "P", "price": { "amount": 1, "currency": "ARS", "scale": 9 } }] });
    let answer = app.post_as(&op, "/products", product).await;
    answer.assert_problem(400, "validation_failed");
    assert_eq!(answer.body["errors"][0]["field"], "plans[0].price.scale");
}
