//! The operator's back office: staff, spend limits, terminations, the billing export.

use cloudstore_tests::*;
use serde_json::{json, Value};
use time::{Duration, OffsetDateTime};

/// "Factura Ya", 6.500,00 a seat, with a 30-day trial; "Archivo Total", 12.500,00, no trial.
fn cart(product: &str, plan: &str, seats: u32, coupon: Option<&str>) -> Value {
    let mut c = json!({ "items": [{ "product_id": product, "plan_id": plan, "seats": seats }] });
    if let Some(code) = coupon {
        c["coupon_code"] = json!(code);
    }
    c
}
const ARCHIVO: &str = "01KMR301Z6D7S9DX7VW94EDFBF";
const FACTURA: &str = "01KMR4670BK382X69K91NY0VTH";

#[tokio::test]
async fn the_operator_creates_staff_who_activate_by_email() {
    let app = TestApp::new().await;
    app.seed().await;
    let op = app.operator_token().await;
    let email = unique_email("nuevo.operador");
    let created = app.post_as(&op, "/operator/users", json!({ "name": "Otro Operador", "email": email, "role": "operator" })).await;
    assert_eq!(created.status, 201, "{:?}", created.body);
    assert_eq!((created.body["role"].as_str(), created.body["status"].as_str()), (Some("operator"), Some("pending_activation")));
    assert_eq!(app.activate_from_mail(&email, PASSWORD).await.status, 200);
    assert_eq!(app.login(&email, PASSWORD).await.body["user"]["role"], "operator");
    app.post_as(&op, "/operator/users", json!({ "name": "X", "email": unique_email("x"), "role": "admin" }))
        .await
        .assert_problem(400, "validation_failed");

    let admin = app.activated_admin().await;
    let (token, _) = app.tokens(&admin).await;
    app.post_as(&token, "/operator/users", json!({ "name": "X", "email": unique_email("x"), "role": "operator" }))
        .await
        .assert_problem(403, "forbidden");
    app.get_as(&token, "/operator/terminations").await.assert_problem(403, "forbidden");
    app.get_as(&token, "/operator/billing?month=2026-11").await.assert_problem(403, "forbidden");
    // A sales rep must be a sales rep.
    app.put_as(&op, &format!("/operator/companies/{}/sales-rep", admin.company_id), json!({ "user_id": admin.user_id }))
        .await
        .assert_problem(400, "validation_failed");
}

#[tokio::test]
async fn spend_limits_refuse_orders_past_them_even_when_they_race() {
    let app = TestApp::new().await;
    app.seed().await;
    let op = app.operator_token().await;
    let admin = app.activated_admin().await;
    let (token, _) = app.tokens(&admin).await;
    // Each order is 12.500,00; a daily limit of 25.000,00 allows exactly two.
    let limits = app
        .put_as(
            &op,
            &format!("/operator/companies/{}/spend-limits", admin.company_id),
            json!({ "daily": { "amount": 2_500_000, "currency": "ARS" } }),
        )
        .await;
    assert_eq!(limits.status, 200, "{:?}", limits.body);
    assert_eq!(limits.body["spend_limits"]["daily"]["amount"], 2_500_000);
    let answers = futures::future::join_all((0..5).map(|i| {
        let token = token.clone();
        let app = &app;
        async move { app.order(&token, &format!("k{i}"), cart(ARCHIVO, "equipo", 1, None)).await }
    }))
    .await;
    let codes: Vec<(u16, &str)> = answers.iter().map(|a| (a.status, a.code())).collect();
    assert_eq!(answers.iter().filter(|a| a.status == 201).count(), 2, "{codes:?}");
    assert!(answers.iter().filter(|a| a.status != 201).all(|a| a.code() == "spend_limit_exceeded"), "{codes:?}");

    // A 30-day limit counts today's orders too; lifting limits lets orders through again.
    app.put_as(
        &op,
        &format!("/operator/companies/{}/spend-limits", admin.company_id),
        json!({ "rolling_30_days": { "amount": 3_000_000, "currency": "ARS" } }),
    )
    .await;
    app.order(&token, "k-more", cart(ARCHIVO, "equipo", 1, None)).await.assert_problem(422, "spend_limit_exceeded");
    app.put_as(&op, &format!("/operator/companies/{}/spend-limits", admin.company_id), json!({})).await;
    assert_eq!(app.order(&token, "k-more", cart(ARCHIVO, "equipo", 1, None)).await.status, 201);
}

#[tokio::test]
async fn completing_a_termination_cancels_everything_and_disables_everyone_once() {
    let app = TestApp::new().await;
    app.seed().await;
    let op = app.operator_token().await;
    let admin = app.activated_admin().await;
    let (token, _) = app.tokens(&admin).await;
    let user = app.activated_user(&token, "user").await;
    let (user_token, _) = app.tokens(&user).await;
    let order = app.order(&token, "k", cart(ARCHIVO, "equipo", 2, None)).await;
    let sub = order.body["subscription_ids"][0].as_str().unwrap().to_string();
    app.post_as(&token, &format!("/subscriptions/{sub}/licences"), json!({ "user_id": user.user_id })).await;
    let asked = app.delete_as(&token, &format!("/users/{}?terminate_account=true", admin.user_id)).await;
    let id = asked.body["termination_request_id"].as_str().unwrap().to_string();

    let listed = app.get_as(&op, "/operator/terminations").await;
    let request = listed.body["items"].as_array().unwrap().iter().find(|t| t["id"] == id.as_str()).unwrap().clone();
    assert_eq!((request["status"].as_str(), request["company_id"].as_str()), (Some("requested"), Some(admin.company_id.as_str())));

    let done = app.post_as(&op, &format!("/operator/terminations/{id}/complete"), json!({})).await;
    assert_eq!((done.status, done.body["status"].as_str()), (200, Some("completed")), "{:?}", done.body);
    app.get_as(&token, "/me").await.assert_problem(401, "unauthorized");
    app.get_as(&user_token, "/me/apps").await.assert_problem(401, "unauthorized");
    app.login(&admin.email, PASSWORD).await.assert_problem(403, "account_not_active");
    app.login(&user.email, PASSWORD).await.assert_problem(403, "account_not_active");
    // No way back in through a reset either.
    app.post("/password-reset", json!({ "email": user.email })).await;
    assert!(mails_to(&user.email).await.iter().all(|m| !m.subject.contains("Restablecé")));
    let again = app.post_as(&op, &format!("/operator/terminations/{id}/complete"), json!({})).await;
    assert_eq!((again.status, &again.body["completed_at"]), (200, &done.body["completed_at"]));

    let company = cloudstore::ids::CompanyId::parse(&admin.company_id).unwrap();
    let subs = cloudstore::commerce::all_subscriptions_of(app.state.db(), &company).await.unwrap();
    assert!(subs.iter().all(|s| s.status == cloudstore::commerce::SubscriptionStatus::Cancelled && s.seats_assigned == 0));
    // Bought and cancelled on the same day: that one day is billed, nothing after it.
    let now = app.state.now();
    let billing = app.get_as(&op, &format!("/operator/billing?month={}", month_of(now))).await;
    let mine = billing.body["companies"].as_array().unwrap().iter().find(|c| c["company_id"] == admin.company_id.as_str()).unwrap().clone();
    let charge = &mine["subscriptions"][0];
    assert_eq!((&charge["subscription_id"], &charge["billable_days"], &charge["seat_days"]), (&json!(sub), &json!(1), &json!(2)));
    let following = app.get_as(&op, &format!("/operator/billing?month={}", month_of(first_of_next_month(now)))).await;
    assert!(following.body["companies"].as_array().unwrap().iter().all(|c| c["company_id"] != admin.company_id.as_str()));
}

fn month_of(at: OffsetDateTime) -> String {
    format!("{}-{:02}", at.year(), at.month() as u8)
}

fn first_of_next_month(at: OffsetDateTime) -> OffsetDateTime {
    let next = at.date().replace_day(1).unwrap() + Duration::days(32);
    next.replace_day(1).unwrap().midnight().assume_utc()
}

/// `round_half_up(numerator / denominator)`, computed independently of the store.
fn round(numerator: i64, denominator: i64) -> i64 {
    (numerator * 2 + denominator) / (2 * denominator)
}

#[tokio::test]
async fn the_billing_export_matches_the_orders_to_the_cent() {
    let app = TestApp::new().await;
    app.seed().await;
    let op = app.operator_token().await;
    let admin = app.activated_admin().await;
    let (token, _) = app.tokens(&admin).await;
    let plain = app.order(&token, "a", cart(ARCHIVO, "equipo", 3, Some("BIENVENIDA20"))).await;
    let trial = app.order(&token, "b", cart(FACTURA, "mensual", 2, None)).await;
    assert_eq!((plain.status, trial.status), (201, 201));
    let now = app.state.now();
    let this_month_days = now.month().length(now.year()) as i64;
    let days_left = this_month_days - now.day() as i64 + 1;
    let line = |o: &Value, f: &str| o["lines"][0][f]["amount"].as_i64().unwrap();

    // This month: each day from today at the month's daily price, 20 % off (the once-only coupon),
    // rounded once; the trial line is free for its 30 days, which cover the rest of the month
    // unless today is the 1st of a 31-day month.
    let next = first_of_next_month(now);
    let trial_end = (now + Duration::days(30)).date();
    let free_now = (trial_end.min(next.date()) - now.date()).whole_days();
    let trial_now = round(line(&trial.body, "subtotal") * (days_left - free_now), this_month_days);
    let gross = line(&plain.body, "subtotal") * days_left;
    let plain_now = round(gross * 8_000, 10_000 * this_month_days);
    let current = app.get_as(&op, &format!("/operator/billing?month={}", month_of(now))).await;
    assert_eq!(current.status, 200, "{:?}", current.body);
    let company = &current.body["companies"][0];
    assert_eq!(company["company_id"], admin.company_id.as_str());
    assert_eq!(company["company_name"], "Acme SA");
    let subs = company["subscriptions"].as_array().unwrap();
    let of = |id: &Value| subs.iter().find(|s| s["subscription_id"] == *id).unwrap().clone();
    let plain_charge = of(&plain.body["subscription_ids"][0]);
    assert_eq!(plain_charge["amount"]["amount"], plain_now);
    assert_eq!(plain_charge["discount"]["amount"], round(gross, this_month_days) - plain_now);
    assert_eq!((plain_charge["billable_days"].as_i64(), plain_charge["seat_days"].as_i64()), (Some(days_left), Some(3 * days_left)));
    let trial_charge = of(&trial.body["subscription_ids"][0]);
    assert_eq!((trial_charge["amount"]["amount"].as_i64(), trial_charge["trial_days_free"].as_i64()), (Some(trial_now), Some(free_now)));
    let net = plain_now + trial_now;
    let iva = round(net * 21, 100);
    assert_eq!((&company["net"], &company["iva"], &company["total"]), (&money(net), &money(iva), &money(net + iva)));
    assert_eq!(current.body["total"], money(net + iva));

    // Next month: the whole price, the coupon spent, the trial's remaining days still free.
    let next_days = next.month().length(next.year()) as i64;
    let following = app.get_as(&op, &format!("/operator/billing?month={}", month_of(next))).await;
    let subs = following.body["companies"][0]["subscriptions"].as_array().unwrap().clone();
    let of = |id: &Value| subs.iter().find(|s| s["subscription_id"] == *id).unwrap().clone();
    assert_eq!(of(&plain.body["subscription_ids"][0])["amount"]["amount"], line(&plain.body, "subtotal"));
    let free_next = (trial_end - next.date()).whole_days().clamp(0, next_days);
    let trial_next = of(&trial.body["subscription_ids"][0]);
    assert_eq!(trial_next["trial_days_free"], free_next);
    assert_eq!(trial_next["amount"]["amount"], round(line(&trial.body, "subtotal") * (next_days - free_next), next_days));

    // The same figures as CSV, for the invoice.
    let request = http::Request::builder()
        .uri(format!("/operator/billing?month={}", month_of(next)))
        .header("authorization", format!("Bearer {op}"))
        .header("accept", "text/csv")
        .body(axum::body::Body::empty())
        .unwrap();
    let csv = app.send_request(request).await;
    assert_eq!(csv.status, 200);
    assert!(csv.content_type().starts_with("text/csv"));
    let raw = app.raw_body(&format!("/operator/billing?month={}", month_of(next)), &op, "text/csv").await;
    let mut lines = raw.lines();
    assert!(lines.next().unwrap().starts_with("month,company_id,company_name,subscription_id"));
    let subtotal = line(&plain.body, "subtotal");
    assert!(raw.contains(&format!(",{}.{:02},", subtotal / 100, subtotal % 100)), "{raw}");
    // Each row ends with the currency and whom to invoice (the CUIT the test companies signed up with, no account).
    assert!(raw.lines().all(|l| l.ends_with(",ARS,30-71234567-1,") || l.ends_with(",currency,tax_id,billing_account")), "{raw}");
    assert_eq!(raw.lines().count(), 3);

    for bad in ["2026-13", "noviembre", "", "9999-12", "2019-12"] {
        app.get_as(&op, &format!("/operator/billing?month={bad}")).await.assert_problem(400, "validation_failed");
    }
    app.get_as(&op, "/operator/billing").await.assert_problem(400, "validation_failed");
}
