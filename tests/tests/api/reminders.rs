//! Reminders, with a fixed clock: the admins hear 3 days before a sales rep's order expires and 5
//! days before a welcome trial turns into a charge, each once, however often the schedule runs.

use cloudstore_tests::*;
use serde_json::json;
use time::{Duration, OffsetDateTime};

async fn run(app: &TestApp, at: OffsetDateTime) -> cloudstore::reminders::ReminderReport {
    app.state.set_now(Some(at));
    let report = reminders::handle(&app.state).await.unwrap();
    app.state.set_now(None);
    report
}

/// A seeded store whose new, active admin orders one line now: the admin, their token, the
/// order's answer (asserted 201) and the moment the clock of the test starts from.
async fn admin_ordering(
    app: &TestApp,
    key: &str,
    product_id: &str,
    plan_id: &str,
    seats: u32,
) -> (Account, String, Answer, OffsetDateTime) {
    app.seed().await;
    let admin = app.activated_admin().await;
    let (token, _) = app.tokens(&admin).await;
    let start = OffsetDateTime::now_utc();
    let order = app.order(&token, key, json!({ "items": [{ "product_id": product_id, "plan_id": plan_id, "seats": seats }] })).await;
    assert_eq!(order.status, 201, "{:?}", order.body);
    (admin, token, order, start)
}

#[tokio::test]
async fn the_admins_hear_once_three_days_before_a_pending_order_expires() {
    let app = TestApp::new().await;
    app.seed().await;
    let admin = app.activated_admin().await;
    let op = app.operator_token().await;
    let rep = app.login(cloudstore_dev::seed::SALES_REP_EMAIL, LOCAL_PASSWORD).await;
    let rep_id = rep.body["user"]["id"].as_str().unwrap();
    app.put_as(&op, &format!("/operator/companies/{}/sales-rep", admin.company_id), json!({ "user_id": rep_id })).await;
    let start = OffsetDateTime::now_utc();
    let request = http::Request::builder()
        .method("POST")
        .uri(format!("/companies/{}/orders", admin.company_id))
        .header("content-type", "application/json")
        .header("authorization", format!("Bearer {}", rep.body["access_token"].as_str().unwrap()))
        .header("idempotency-key", "recordatorio")
        .body(axum::body::Body::from(
            json!({ "items": [{ "product_id": "01KMR4670BK382X69K91NY0VTH", "plan_id": "mensual", "seats": 2 }] }).to_string(),
        ))
        .unwrap();
    let order = app.send_request(request).await;
    assert_eq!(order.status, 201, "{:?}", order.body);
    let mails = || async { mails_to(&admin.email).await.into_iter().filter(|m| m.subject.contains("vence en 3 días")).count() };

    assert_eq!(run(&app, start + Duration::days(26)).await.orders, 0, "not yet: four days left");
    assert_eq!(mails().await, 0);
    let due = start + Duration::days(27) + Duration::hours(1);
    let runs = futures::future::join_all((0..3).map(|_| run(&app, due))).await;
    assert_eq!(runs.iter().map(|r| r.orders).sum::<usize>(), 1, "overlapping runs remind once");
    assert_eq!(run(&app, due + Duration::days(1)).await.orders, 0, "and never again");
    let mail = last_mail_to(&admin.email).await;
    assert_eq!(mail.subject, "Un pedido de tu comercial vence en 3 días");
    assert!(mail.text.contains("Factura Ya: 2 licencias"), "{}", mail.text);
    assert!(mail.text.contains(&format!("/admin/approvals/{}", order.body["id"].as_str().unwrap())), "{}", mail.text);
    assert_eq!(mails().await, 1);
}

#[tokio::test]
async fn the_admins_hear_once_five_days_before_a_trial_turns_into_a_charge() {
    let app = TestApp::new().await;
    // "Factura Ya", plan "mensual": 30 days free, then $ 6.500,00 a seat.
    let (admin, token, _, start) = admin_ordering(&app, "prueba", "01KMR4670BK382X69K91NY0VTH", "mensual", 3).await;
    // A product without a trial: never reminded.
    let paid = app
        .order(&token, "paga", json!({ "items": [{ "product_id": "01KMR301Z6D7S9DX7VW94EDFBF", "plan_id": "equipo", "seats": 1 }] }))
        .await;
    assert_eq!(paid.status, 201, "{:?}", paid.body);
    let reminded =
        || async { mails_to(&admin.email).await.into_iter().filter(|m| m.subject.starts_with("Tu prueba gratis de Factura Ya")).count() };

    assert_eq!(run(&app, start + Duration::days(24)).await.trials, 0, "six days left");
    let due = start + Duration::days(25) + Duration::hours(1);
    let runs = futures::future::join_all((0..3).map(|_| run(&app, due))).await;
    assert_eq!(runs.iter().map(|r| r.trials).sum::<usize>(), 1);
    assert_eq!(run(&app, due + Duration::days(2)).await.trials, 0);
    assert_eq!(reminded().await, 1);
    let mail = last_mail_to(&admin.email).await;
    assert!(mail.text.contains("$ 19.500,00 por mes por 3 licencias"), "{}", mail.text);
    assert!(mail.text.contains("/admin/subscriptions"));
}

#[tokio::test]
async fn a_trial_cancelled_before_its_reminder_is_never_reminded() {
    let app = TestApp::new().await;
    let (admin, token, order, start) = admin_ordering(&app, "corta", "01KMR5D34AHVB210RXHCMX5DQK", "pro", 1).await;
    let sub = order.body["subscription_ids"][0].as_str().unwrap();
    assert_eq!(app.delete_as(&token, &format!("/subscriptions/{sub}")).await.status, 204);
    assert_eq!(run(&app, start + Duration::days(10)).await.trials, 0);
    assert!(!mails_to(&admin.email).await.iter().any(|m| m.subject.starts_with("Tu prueba gratis")));
}
