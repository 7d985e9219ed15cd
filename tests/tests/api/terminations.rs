//! Terminations reach someone who can act: the company's rep sees and finishes them from their own
//! page; a company without a rep goes to the operator, who is told either way and sees them all.

use crate::kit::*;
use cloudstore_tests::*;
use serde_json::json;

const OPERATOR_MAILBOX: &str = "operator@cloudstore.test";

/// The company's last admin asks for the termination; answers its id.
async fn request_termination(app: &TestApp, admin: &Account) -> String {
    let (token, _) = app.tokens(admin).await;
    let asked = app.delete_as(&token, &format!("/users/{}?terminate_account=true", admin.user_id)).await;
    assert_eq!(asked.status, 202, "{:?}", asked.body);
    asked.body["termination_request_id"].as_str().unwrap().to_string()
}

/// The operator's copy of the notice about this admin's company (the mailbox is shared).
async fn operator_notice(admin: &Account) -> Mail {
    for _ in 0..50 {
        if let Some(mail) = mails_to(OPERATOR_MAILBOX).await.into_iter().find(|m| m.text.contains(&admin.email)) {
            return mail;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("the operator was not told about {}", admin.email);
}

#[tokio::test]
async fn a_termination_reaches_the_companys_rep_who_finishes_it_from_their_own_page() {
    let app = TestApp::new().await;
    app.seed().await;
    let op = app.operator_token().await;
    let (rita, bruno) = (rep(&app, &op, "Rita Ventas").await, rep(&app, &op, "Bruno Ventas").await);
    let admin = app.activated_admin().await;
    assert_eq!(assign(&app, &op, &admin.company_id, &rita.id).await.status, 200);
    let id = request_termination(&app, &admin).await;

    // The rep's email points at a page a rep can open; the operator is told who will finish it.
    let mail = last_mail_to(&rita.email).await;
    assert_eq!(mail.subject, "Pedido de baja de una cuenta de Cloud Store");
    assert!(mail.link().ends_with("/sales/terminations"), "{}", mail.text);
    assert!(!mail.text.contains("panel del operador"), "{}", mail.text);
    assert!(mail.text.contains("completá la baja desde «Bajas» en tu panel de comercial"), "{}", mail.text);
    let notice = operator_notice(&admin).await;
    assert!(notice.link().ends_with("/operator/terminations"), "{}", notice.text);
    assert!(notice.text.contains(&format!("Rita Ventas ({})", rita.email)), "{}", notice.text);

    let listed = items(&app.get_as(&rita.token, "/sales/terminations").await);
    assert_eq!(listed.len(), 1, "{listed:?}");
    assert_eq!((listed[0]["id"].as_str(), listed[0]["status"].as_str()), (Some(id.as_str()), Some("requested")));
    assert_eq!((listed[0]["company_id"].as_str(), listed[0]["company_name"].as_str()), (Some(admin.company_id.as_str()), Some("Acme SA")));
    // Another rep neither sees nor finishes it; customers and operators use their own pages.
    assert!(items(&app.get_as(&bruno.token, "/sales/terminations").await).is_empty());
    app.post_as(&bruno.token, &format!("/sales/terminations/{id}/complete"), json!({})).await.assert_problem(404, "not_found");
    app.post_as(&op, &format!("/sales/terminations/{id}/complete"), json!({})).await.assert_problem(403, "forbidden");
    app.get_as(&op, "/sales/terminations").await.assert_problem(403, "forbidden");
    app.post_as(&rita.token, "/sales/terminations/nope/complete", json!({})).await.assert_problem(404, "not_found");

    let done = app.post_as(&rita.token, &format!("/sales/terminations/{id}/complete"), json!({})).await;
    assert_eq!((done.status, done.body["status"].as_str()), (200, Some("completed")), "{:?}", done.body);
    assert_eq!(done.body["completed_by"], rita.id.as_str());
    let again = app.post_as(&rita.token, &format!("/sales/terminations/{id}/complete"), json!({})).await;
    assert_eq!((again.status, &again.body["completed_at"]), (200, &done.body["completed_at"]));
    app.login(&admin.email, PASSWORD).await.assert_problem(403, "account_not_active");
    // The company shows closed in the rep's list; the operator sees the request as completed.
    let companies = items(&app.get_as(&rita.token, "/sales/companies").await);
    assert_eq!(companies[0]["status"], "closed");
    let all = items(&app.get_as(&op, "/operator/terminations").await);
    let seen = all.iter().find(|t| t["id"] == id.as_str()).unwrap();
    assert_eq!((seen["status"].as_str(), seen["company_name"].as_str()), (Some("completed"), Some("Acme SA")));
    // The closing is in the company's trail.
    let trail = audit_actions(&app, &admin.company_id).await;
    assert!(trail.iter().any(|e| e["action"] == "account.terminated" && e["actor_id"] == rita.id.as_str()), "{trail:?}");
}

#[tokio::test]
async fn a_company_without_a_rep_sends_its_termination_to_the_operator() {
    let app = TestApp::new().await;
    app.seed().await;
    let op = app.operator_token().await;
    let rita = rep(&app, &op, "Rita Ventas").await;
    let admin = app.activated_admin().await;
    let id = request_termination(&app, &admin).await;
    let notice = operator_notice(&admin).await;
    assert!(notice.link().ends_with("/operator/terminations"), "{}", notice.text);
    assert!(notice.text.contains("no tiene un representante comercial activo"), "{}", notice.text);
    assert!(mails_to(&rita.email).await.iter().all(|m| !m.subject.contains("baja")));
    assert!(items(&app.get_as(&rita.token, "/sales/terminations").await).is_empty());
    app.post_as(&rita.token, &format!("/sales/terminations/{id}/complete"), json!({})).await.assert_problem(404, "not_found");
    let done = app.post_as(&op, &format!("/operator/terminations/{id}/complete"), json!({})).await;
    assert_eq!((done.status, done.body["status"].as_str()), (200, Some("completed")));
}

#[tokio::test]
async fn a_company_whose_rep_was_disabled_mid_handover_sends_its_termination_to_the_operator() {
    let app = TestApp::new().await;
    app.seed().await;
    let op = app.operator_token().await;
    let rita = rep(&app, &op, "Rita Ventas").await;
    let admin = app.activated_admin().await;
    assert_eq!(assign(&app, &op, &admin.company_id, &rita.id).await.status, 200);
    // Rita left; the request that disabled her died before her companies were handed over.
    disabled_before_the_handover(&app, &op, &rita.id).await;
    let id = request_termination(&app, &admin).await;
    let notice = operator_notice(&admin).await;
    assert!(notice.link().ends_with("/operator/terminations"), "{}", notice.text);
    assert!(notice.text.contains("no tiene un representante comercial activo"), "{}", notice.text);
    assert!(!notice.text.contains("Rita"), "{}", notice.text);
    assert!(mails_to(&rita.email).await.iter().all(|m| !m.subject.contains("baja")), "a disabled rep can't act on it");
    let done = app.post_as(&op, &format!("/operator/terminations/{id}/complete"), json!({})).await;
    assert_eq!((done.status, done.body["status"].as_str()), (200, Some("completed")));
}
