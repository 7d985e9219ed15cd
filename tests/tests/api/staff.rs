//! Staff lifecycle: disabling someone ends their sessions at once and hands a rep's companies to
//! another rep (or to the operator) in chunks that resume when the request is repeated; the last
//! operator stays, even when two operators disable each other at once; enabling brings people
//! back. Every step is in the operator's audit trail.

use crate::kit::*;
use cloudstore_tests::*;
use serde_json::{json, Value};

async fn disable(app: &TestApp, op: &str, id: &str, body: Value) -> Answer {
    app.post_as(op, &format!("/operator/users/{id}/disable"), body).await
}

async fn enable(app: &TestApp, op: &str, id: &str) -> Answer {
    app.post_as(op, &format!("/operator/users/{id}/enable"), json!({})).await
}

/// The rep serving `company`, as the operator's list says.
async fn rep_of(app: &TestApp, op: &str, company: &str) -> Value {
    let all = every_page(app, op, "/operator/companies?limit=100").await;
    all.iter().find(|c| c["id"] == company).unwrap()["sales_rep"].clone()
}

#[tokio::test]
async fn disabling_a_rep_ends_their_sessions_and_hands_their_companies_to_another_rep() {
    let app = TestApp::new().await;
    app.seed().await;
    let op = app.operator_token().await;
    let (rita, bruno) = (rep(&app, &op, "Rita Ventas").await, rep(&app, &op, "Bruno Ventas").await);
    let signed_up = app.activated_admin().await;
    assign(&app, &op, &signed_up.company_id, &rita.id).await;
    let mut companies = vec![signed_up.company_id.clone()];
    for name in ["Uno SA", "Dos SA"] {
        companies
            .push(onboard(&app, &rita.token, name, None, &unique_email("dora")).await.body["company_id"].as_str().unwrap().to_string());
    }

    let disabled = disable(&app, &op, &rita.id, json!({ "reassign_to": bruno.id })).await;
    assert_eq!(disabled.status, 200, "{:?}", disabled.body);
    assert_eq!((disabled.body["status"].as_str(), disabled.body["companies_reassigned"].as_u64()), (Some("disabled"), Some(3)));
    // Out at once, and no way back in.
    app.get_as(&rita.token, "/sales/companies").await.assert_problem(401, "unauthorized");
    app.login(&rita.email, PASSWORD).await.assert_problem(403, "account_not_active");
    // Bruno serves them all now, and may buy for them.
    let his: Vec<String> =
        items(&app.get_as(&bruno.token, "/sales/companies").await).iter().map(|c| c["id"].as_str().unwrap().into()).collect();
    assert_eq!(his, companies);
    for company in &companies {
        assert_eq!(rep_of(&app, &op, company).await, json!({ "id": bruno.id, "email": bruno.email }));
    }
    assert_eq!(delegated(&app, &bruno.token, &companies[1], "k", cart(1)).await.status, 201);
    let staff = items(&app.get_as(&op, "/operator/users?role=sales_rep").await);
    assert_eq!(staff.iter().find(|u| u["id"] == rita.id.as_str()).unwrap()["status"], "disabled");

    // Repeating the request changes nothing more.
    let again = disable(&app, &op, &rita.id, json!({ "reassign_to": bruno.id })).await;
    assert_eq!((again.status, again.body["companies_reassigned"].as_u64()), (200, Some(0)));
    let own = operator_company(&app, &op).await;
    let trail = audit_actions(&app, &own).await;
    let disabled_entries: Vec<&Value> = trail.iter().filter(|e| e["action"] == "staff.disabled").collect();
    assert_eq!(disabled_entries.len(), 1, "{trail:?}");
    assert_eq!(disabled_entries[0]["target_id"], rita.id.as_str());
    let moved = trail.iter().find(|e| e["action"] == "staff.companies_reassigned").expect("a reassignment entry");
    assert_eq!(moved["detail"]["to"], bruno.id.as_str());
    assert_eq!(moved["detail"]["companies"].as_array().unwrap().len(), 3);
}

#[tokio::test]
async fn without_a_reassignment_the_companies_go_to_the_operator() {
    let app = TestApp::new().await;
    app.seed().await;
    let op = app.operator_token().await;
    let rita = rep(&app, &op, "Rita Ventas").await;
    let admin = app.activated_admin().await;
    assign(&app, &op, &admin.company_id, &rita.id).await;
    let disabled = disable(&app, &op, &rita.id, json!({})).await;
    assert_eq!((disabled.status, disabled.body["companies_reassigned"].as_u64()), (200, Some(1)), "{:?}", disabled.body);
    assert_eq!(rep_of(&app, &op, &admin.company_id).await, Value::Null);
    // A bare POST (no body) works too.
    assert_eq!(
        app.send(Req { method: "POST", path: &format!("/operator/users/{}/disable", rita.id), body: None, bearer: Some(&op) }).await.status,
        200
    );
    // The company's termination now goes to the operator.
    let (token, _) = app.tokens(&admin).await;
    app.delete_as(&token, &format!("/users/{}?terminate_account=true", admin.user_id)).await;
    assert!(mails_to(&rita.email).await.iter().all(|m| !m.subject.contains("baja")));
}

#[tokio::test]
async fn an_interrupted_handover_resumes_when_the_request_is_repeated() {
    let app = TestApp::new().await;
    app.seed().await;
    let op = app.operator_token().await;
    let (rita, bruno) = (rep(&app, &op, "Rita Ventas").await, rep(&app, &op, "Bruno Ventas").await);
    let made = futures::future::join_all((0..32).map(|i| {
        let (app, token) = (&app, rita.token.clone());
        async move { onboard(app, &token, &format!("Empresa {i:02}"), None, &unique_email("dora")).await }
    }))
    .await;
    assert!(made.iter().all(|m| m.status == 201));
    // The request died right after disabling her: she is disabled, her companies are still hers.
    disabled_before_the_handover(&app, &op, &rita.id).await;
    let own = operator_company(&app, &op).await;

    let resumed = disable(&app, &op, &rita.id, json!({ "reassign_to": bruno.id })).await;
    assert_eq!((resumed.status, resumed.body["companies_reassigned"].as_u64()), (200, Some(32)), "{:?}", resumed.body);
    assert_eq!(every_page(&app, &bruno.token, "/sales/companies?limit=50").await.len(), 32);
    let all = every_page(&app, &op, "/operator/companies?limit=100").await;
    assert!(all.iter().all(|c| c["sales_rep"]["id"] == bruno.id.as_str()));
    // Two chunks, each in the trail.
    let trail = audit_actions(&app, &own).await;
    assert_eq!(trail.iter().filter(|e| e["action"] == "staff.companies_reassigned").count(), 2, "{trail:?}");
}

#[tokio::test]
async fn the_last_operator_stays_even_when_two_operators_disable_each_other_at_once() {
    let app = TestApp::new().await;
    app.seed().await;
    let seeded = app.operator_token().await;
    let me = app.get_as(&seeded, "/me").await.body["id"].as_str().unwrap().to_string();
    let other = staff(&app, &seeded, "operator", "Otro Operador").await;
    disable(&app, &seeded, &me, json!({})).await.assert_problem(400, "validation_failed");
    for round in 0..3 {
        let seeded = app.operator_token().await;
        let other_token = app.login(&other.email, PASSWORD).await.body["access_token"].as_str().unwrap().to_string();
        let (a, b) = tokio::join!(disable(&app, &seeded, &other.id, json!({})), disable(&app, &other_token, &me, json!({})));
        let outcomes = [(a.status, a.code().to_string()), (b.status, b.code().to_string())];
        assert_eq!(outcomes.iter().filter(|(s, _)| *s == 200).count(), 1, "round {round}: {outcomes:?}");
        assert!(outcomes.iter().all(|(s, c)| *s == 200 || c == "last_operator" || c == "unauthorized"), "{outcomes:?}");
        // Exactly one operator is left, and they can act.
        let (survivor, gone) = if a.status == 200 { (seeded.clone(), other.id.clone()) } else { (other_token.clone(), me.clone()) };
        let operators = items(&app.get_as(&survivor, "/operator/users?role=operator").await);
        assert_eq!(operators.iter().filter(|u| u["status"] == "active").count(), 1, "{operators:?}");
        let survivor_id = operators.iter().find(|u| u["status"] == "active").unwrap()["id"].as_str().unwrap().to_string();
        disable(&app, &survivor, &survivor_id, json!({})).await.assert_problem(400, "validation_failed");
        let back = enable(&app, &survivor, &gone).await;
        assert_eq!((back.status, back.body["status"].as_str()), (200, Some("active")), "{:?}", back.body);
    }
}

#[tokio::test]
async fn enabling_brings_back_who_had_a_password_and_sends_a_new_link_to_who_had_none() {
    let app = TestApp::new().await;
    app.seed().await;
    let op = app.operator_token().await;
    let rita = rep(&app, &op, "Rita Ventas").await;
    assert_eq!(disable(&app, &op, &rita.id, json!({})).await.status, 200);
    let back = enable(&app, &op, &rita.id).await;
    assert_eq!((back.status, back.body["status"].as_str()), (200, Some("active")), "{:?}", back.body);
    assert_eq!(app.login(&rita.email, PASSWORD).await.status, 200);
    assert_eq!(enable(&app, &op, &rita.id).await.body["status"], "active");

    // Created but never activated: enabling sends a fresh activation link.
    let email = unique_email("nuevo");
    let created = app.post_as(&op, "/operator/users", json!({ "name": "Nuevo Ventas", "email": email, "role": "sales_rep" })).await;
    let id = created.body["id"].as_str().unwrap().to_string();
    let first_link = last_mail_to(&email).await.token();
    assert_eq!(disable(&app, &op, &id, json!({})).await.status, 200);
    let pending = enable(&app, &op, &id).await;
    assert_eq!((pending.status, pending.body["status"].as_str()), (200, Some("pending_activation")), "{:?}", pending.body);
    let second_link = last_mail_to(&email).await.token();
    assert_ne!(first_link, second_link);
    app.post("/activation", json!({ "token": first_link, "password": PASSWORD, "password_confirmation": PASSWORD }))
        .await
        .assert_problem(400, "token_invalid");
    assert_eq!(app.activate_from_mail(&email, PASSWORD).await.status, 200);
    let trail = audit_actions(&app, &operator_company(&app, &op).await).await;
    assert_eq!(trail.iter().filter(|e| e["action"] == "staff.enabled").count(), 2, "{trail:?}");
}

#[tokio::test]
async fn staff_changes_are_the_operators_and_name_only_staff() {
    let app = TestApp::new().await;
    app.seed().await;
    let op = app.operator_token().await;
    let (rita, bruno) = (rep(&app, &op, "Rita Ventas").await, rep(&app, &op, "Bruno Ventas").await);
    let other_op = staff(&app, &op, "operator", "Otro Operador").await;
    let admin = app.activated_admin().await;
    let (admin_token, _) = app.tokens(&admin).await;
    disable(&app, &rita.token, &bruno.id, json!({})).await.assert_problem(403, "forbidden");
    disable(&app, &admin_token, &bruno.id, json!({})).await.assert_problem(403, "forbidden");
    enable(&app, &rita.token, &bruno.id).await.assert_problem(403, "forbidden");
    // A customer's user is no staff of the operator's.
    disable(&app, &op, &admin.user_id, json!({})).await.assert_problem(404, "not_found");
    enable(&app, &op, &admin.user_id).await.assert_problem(404, "not_found");
    disable(&app, &op, "nadie", json!({})).await.assert_problem(404, "not_found");
    // The companies go to an active rep other than the one leaving, and only a rep has companies.
    for (target, to) in [(&rita.id, &other_op.id), (&rita.id, &rita.id), (&rita.id, &admin.user_id), (&other_op.id, &bruno.id)] {
        let refused = disable(&app, &op, target, json!({ "reassign_to": to })).await;
        refused.assert_problem(400, "validation_failed");
        assert_eq!(refused.body["errors"][0]["field"], "reassign_to");
    }
    disable(&app, &op, &rita.id, json!({ "reassign_to": bruno.id, "extra": true })).await.assert_problem(400, "validation_failed");
    assert_eq!(disable(&app, &op, &bruno.id, json!({})).await.status, 200);
    disable(&app, &op, &rita.id, json!({ "reassign_to": bruno.id })).await.assert_problem(400, "validation_failed");
    // Nothing above changed Rita.
    assert_eq!(app.get_as(&rita.token, "/sales/companies").await.status, 200);
}
