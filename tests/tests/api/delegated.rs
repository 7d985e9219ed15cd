//! Delegated purchases: a sales rep buys on a company's behalf; its admins approve or reject.

use cloudstore_tests::*;
use serde_json::{json, Value};

struct Scene {
    admin: Account,
    admin_token: String,
    rep_token: String,
    rep_email: String,
    op_token: String,
}

/// A company served by a sales rep of its own (created by the operator and activated), so that
/// parallel tests read only their own emails.
async fn scene(app: &TestApp) -> Scene {
    app.seed().await;
    let admin = app.activated_admin().await;
    let (admin_token, _) = app.tokens(&admin).await;
    let op_token = app.operator_token().await;
    let rep_email = unique_email("ventas");
    let staff = app.post_as(&op_token, "/operator/users", json!({ "name": "Rita Ventas", "email": rep_email, "role": "sales_rep" })).await;
    assert_eq!(staff.status, 201, "{:?}", staff.body);
    assert_eq!(app.activate_from_mail(&rep_email, PASSWORD).await.status, 200);
    let rep = app.login(&rep_email, PASSWORD).await;
    let rep_id = rep.body["user"]["id"].as_str().unwrap().to_string();
    let assigned =
        app.put_as(&op_token, &format!("/operator/companies/{}/sales-rep", admin.company_id), json!({ "user_id": rep_id })).await;
    assert_eq!(assigned.status, 200, "{:?}", assigned.body);
    assert_eq!(assigned.body["sales_rep"]["email"], rep_email.as_str());
    Scene { admin, admin_token, rep_token: rep.body["access_token"].as_str().unwrap().to_string(), rep_email, op_token }
}

fn cart(coupon: Option<&str>) -> Value {
    let mut c = json!({ "items": [{ "product_id": "01KMR4670BK382X69K91NY0VTH", "plan_id": "mensual", "seats": 4 }] });
    if let Some(code) = coupon {
        c["coupon_code"] = json!(code);
    }
    c
}

async fn delegated(app: &TestApp, token: &str, company: &str, key: &str, cart: Value) -> Answer {
    let request = http::Request::builder()
        .method("POST")
        .uri(format!("/companies/{company}/orders"))
        .header("content-type", "application/json")
        .header("authorization", format!("Bearer {token}"))
        .header("idempotency-key", key)
        .body(axum::body::Body::from(cart.to_string()))
        .unwrap();
    app.send_request(request).await
}

#[tokio::test]
async fn a_sales_rep_buys_for_their_company_and_an_admin_approves() {
    let app = TestApp::new().await;
    let s = scene(&app).await;
    let placed = delegated(&app, &s.rep_token, &s.admin.company_id, "rep-1", cart(Some("BIENVENIDA20"))).await;
    assert_eq!(placed.status, 201, "{:?}", placed.body);
    assert_eq!(placed.body["status"], "pending_approval");
    assert_eq!(placed.body["subscription_ids"], json!([]));
    assert!(placed.body.get("notify_email").is_none());
    let id = placed.body["id"].as_str().unwrap().to_string();
    // A retry answers the same order.
    assert_eq!(delegated(&app, &s.rep_token, &s.admin.company_id, "rep-1", cart(Some("BIENVENIDA20"))).await.body["id"], id.as_str());

    let mail = last_mail_to(&s.admin.email).await;
    assert_eq!(mail.subject, "Tenés un pedido para aprobar en Cloud Store");
    assert!(mail.text.contains("Factura Ya") && mail.text.contains(&format!("/admin/approvals/{id}")), "{}", mail.text);
    assert!(app.get_as(&s.admin_token, "/subscriptions").await.body["items"].as_array().unwrap().is_empty());

    let waiting = app.get_as(&s.admin_token, "/approvals").await;
    assert_eq!(waiting.body["items"][0]["id"], id.as_str());
    let detail = app.get_as(&s.admin_token, &format!("/approvals/{id}")).await;
    assert_eq!(detail.body["lines"][0]["seats"], 4);
    // What the admin approves, with the IVA the statement will add (21 %, rounded half up).
    let total = detail.body["total"]["amount"].as_i64().unwrap();
    let iva = (total * 21 + 50) / 100;
    assert_eq!((&detail.body["iva"], &detail.body["total_with_iva"]), (&money(iva), &money(total + iva)));
    assert_eq!((&placed.body["iva"], &placed.body["total_with_iva"]), (&detail.body["iva"], &detail.body["total_with_iva"]));

    let approved = app.post_as(&s.admin_token, &format!("/approvals/{id}/approve"), json!({})).await;
    assert_eq!(approved.status, 200, "{:?}", approved.body);
    assert_eq!(approved.body["status"], "approved");
    assert_eq!(approved.body["decided_by"], s.admin.user_id.as_str());
    assert!(approved.body["decided_at"].is_string());
    assert_eq!(approved.body["total"], placed.body["total"]);
    let subs = app.get_as(&s.admin_token, "/subscriptions").await;
    assert_eq!(subs.body["items"][0]["id"], approved.body["subscription_ids"][0]);
    assert_eq!(subs.body["items"][0]["seats"], 4);

    let rep_mail = last_mail_to(&s.rep_email).await;
    assert_eq!(rep_mail.subject, "Pedido aprobado");
    assert!(rep_mail.text.contains(&id));
    app.post_as(&s.admin_token, &format!("/approvals/{id}/approve"), json!({})).await.assert_problem(409, "already_decided");
    app.post_as(&s.admin_token, &format!("/approvals/{id}/reject"), json!({})).await.assert_problem(409, "already_decided");
    assert!(app.get_as(&s.admin_token, "/approvals").await.body["items"].as_array().unwrap().is_empty());
    // The coupon was redeemed at approval.
    app.order(&s.admin_token, "direct", cart(Some("BIENVENIDA20"))).await.assert_problem(422, "coupon_already_used");
}

#[tokio::test]
async fn a_rejection_tells_the_rep_why() {
    let app = TestApp::new().await;
    let s = scene(&app).await;
    let placed = delegated(&app, &s.rep_token, &s.admin.company_id, "k", cart(None)).await;
    let id = placed.body["id"].as_str().unwrap();
    let rejected = app.post_as(&s.admin_token, &format!("/approvals/{id}/reject"), json!({ "reason": "Ya tenemos facturación" })).await;
    assert_eq!((rejected.status, rejected.body["status"].as_str()), (200, Some("rejected")));
    assert_eq!(rejected.body["reason"], "Ya tenemos facturación");
    let mail = last_mail_to(&s.rep_email).await;
    assert!(mail.subject == "Pedido rechazado" && mail.text.contains("Ya tenemos facturación"), "{}", mail.text);
    app.post_as(&s.admin_token, &format!("/approvals/{id}/approve"), json!({})).await.assert_problem(409, "already_decided");
    assert!(app.get_as(&s.admin_token, "/subscriptions").await.body["items"].as_array().unwrap().is_empty());
    // A reject with no body at all is fine too.
    let other = delegated(&app, &s.rep_token, &s.admin.company_id, "k2", cart(None)).await;
    let bare = app
        .send(Req {
            method: "POST",
            path: &format!("/approvals/{}/reject", other.body["id"].as_str().unwrap()),
            body: None,
            bearer: Some(&s.admin_token),
        })
        .await;
    assert_eq!(bare.status, 200);
}

#[tokio::test]
async fn an_approve_racing_a_reject_decides_once() {
    let app = TestApp::new().await;
    let s = scene(&app).await;
    let mut expected_subs = 0;
    for round in 0..3 {
        let placed = delegated(&app, &s.rep_token, &s.admin.company_id, &format!("race-{round}"), cart(None)).await;
        let id = placed.body["id"].as_str().unwrap();
        let lines = placed.body["lines"].as_array().unwrap().len();
        let (approve_path, reject_path) = (format!("/approvals/{id}/approve"), format!("/approvals/{id}/reject"));
        let (a, r) =
            tokio::join!(app.post_as(&s.admin_token, &approve_path, json!({})), app.post_as(&s.admin_token, &reject_path, json!({})));
        let mut statuses = [a.status, r.status];
        statuses.sort();
        assert_eq!(statuses, [200, 409], "{:?} / {:?}", a.body, r.body);
        let loser = if a.status == 409 { &a } else { &r };
        assert_eq!(loser.code(), "already_decided");
        // The order ends as the winner decided, with subscriptions only if approved.
        let decided = app.get_as(&s.admin_token, &format!("/approvals/{id}")).await;
        assert_eq!(decided.body["status"], if a.status == 200 { "approved" } else { "rejected" });
        if a.status == 200 {
            expected_subs += lines;
        }
        let subs = app.get_as(&s.admin_token, "/subscriptions?limit=100").await.body["items"].as_array().unwrap().len();
        assert_eq!(subs, expected_subs);
    }
}

#[tokio::test]
async fn only_the_companys_own_sales_rep_buys_for_it() {
    let app = TestApp::new().await;
    let s = scene(&app).await;
    let other = app.activated_admin().await;
    delegated(&app, &s.rep_token, &other.company_id, "k", cart(None)).await.assert_problem(403, "forbidden");
    delegated(&app, &s.admin_token, &s.admin.company_id, "k", cart(None)).await.assert_problem(403, "forbidden");
    delegated(&app, &s.op_token, &s.admin.company_id, "k", cart(None)).await.assert_problem(403, "forbidden");
    delegated(&app, &s.rep_token, "01ARZ3NDEKTSV4RRFFQ69G5FAV", "k", cart(None)).await.assert_problem(404, "not_found");
    // The rep cannot decide, and other companies' admins cannot see it.
    let placed = delegated(&app, &s.rep_token, &s.admin.company_id, "k", cart(None)).await;
    let id = placed.body["id"].as_str().unwrap();
    app.post_as(&s.rep_token, &format!("/approvals/{id}/approve"), json!({})).await.assert_problem(403, "forbidden");
    let (stranger, _) = app.tokens(&other).await;
    app.get_as(&stranger, &format!("/approvals/{id}")).await.assert_problem(404, "not_found");
    app.post_as(&stranger, &format!("/approvals/{id}/approve"), json!({})).await.assert_problem(404, "not_found");
}

#[tokio::test]
async fn the_coupon_is_checked_again_when_approving() {
    let app = TestApp::new().await;
    let s = scene(&app).await;
    app.post_as(&s.op_token, "/coupons", json!({ "code": "UNAVEZ", "percent_off": 30, "duration": "once", "max_redemptions": 1 })).await;
    let placed = delegated(&app, &s.rep_token, &s.admin.company_id, "k", cart(Some("UNAVEZ"))).await;
    assert_eq!(placed.status, 201, "{:?}", placed.body);
    let first = app.activated_admin().await;
    let (first_token, _) = app.tokens(&first).await;
    assert_eq!(app.order(&first_token, "k", cart(Some("UNAVEZ"))).await.status, 201);
    let id = placed.body["id"].as_str().unwrap();
    app.post_as(&s.admin_token, &format!("/approvals/{id}/approve"), json!({})).await.assert_problem(422, "coupon_exhausted");
    assert_eq!(app.get_as(&s.admin_token, &format!("/approvals/{id}")).await.body["status"], "pending_approval");
}

#[tokio::test]
async fn undecided_orders_expire_after_thirty_days() {
    let app = TestApp::new().await;
    let s = scene(&app).await;
    let placed = delegated(&app, &s.rep_token, &s.admin.company_id, "k", cart(None)).await;
    let now = time::OffsetDateTime::now_utc();
    assert_eq!(cloudstore::delegation::expire_stale(&app.state, now).await.unwrap(), 0);
    assert_eq!(cloudstore::delegation::expire_stale(&app.state, now + time::Duration::days(31)).await.unwrap(), 1);
    let id = placed.body["id"].as_str().unwrap();
    assert_eq!(app.get_as(&s.admin_token, &format!("/approvals/{id}")).await.body["status"], "expired");
    app.post_as(&s.admin_token, &format!("/approvals/{id}/approve"), json!({})).await.assert_problem(409, "already_decided");
    assert_eq!(last_mail_to(&s.rep_email).await.subject, "Pedido vencido");
}

#[tokio::test]
async fn an_approval_past_the_spend_limit_is_refused_and_the_order_keeps_waiting() {
    let app = TestApp::new().await;
    let s = scene(&app).await;
    let archivo = json!({ "items": [{ "product_id": "01KMR301Z6D7S9DX7VW94EDFBF", "plan_id": "equipo", "seats": 1 }] });
    let placed = delegated(&app, &s.rep_token, &s.admin.company_id, "over-limit", archivo).await;
    assert_eq!(placed.status, 201, "{:?}", placed.body);
    assert!(placed.body["total"]["amount"].as_i64().unwrap() > 10_000);
    let id = placed.body["id"].as_str().unwrap();
    // The operator sets a daily limit below the order after it was placed: the approval checks it.
    let limits = format!("/operator/companies/{}/spend-limits", s.admin.company_id);
    assert_eq!(app.put_as(&s.op_token, &limits, json!({ "daily": { "amount": 10_000, "currency": "ARS" } })).await.status, 200);
    app.post_as(&s.admin_token, &format!("/approvals/{id}/approve"), json!({})).await.assert_problem(422, "spend_limit_exceeded");
    assert_eq!(app.get_as(&s.admin_token, &format!("/approvals/{id}")).await.body["status"], "pending_approval");
    assert_eq!(app.get_as(&s.admin_token, "/subscriptions").await.body["items"], json!([]));
    // Without the limit it goes through.
    assert_eq!(app.put_as(&s.op_token, &limits, json!({})).await.status, 200);
    let approved = app.post_as(&s.admin_token, &format!("/approvals/{id}/approve"), json!({})).await;
    assert_eq!((approved.status, approved.body["status"].as_str()), (200, Some("approved")), "{:?}", approved.body);
}

#[tokio::test]
async fn approving_after_a_price_change_shows_both_totals() {
    let app = TestApp::new().await;
    let s = scene(&app).await;
    let placed = delegated(&app, &s.rep_token, &s.admin.company_id, "k", cart(None)).await;
    assert_eq!(placed.body["total"], money(2_600_000));
    let id = placed.body["id"].as_str().unwrap();
    app.reprice(&s.op_token, "01KMR4670BK382X69K91NY0VTH", "mensual", 700_000).await;
    // The admin reviewed 26.000,00; the catalog now says 28.000,00.
    let approve = format!("/approvals/{id}/approve");
    let refused = app.post_as(&s.admin_token, &approve, json!({ "expected_total": placed.body["total"] })).await;
    refused.assert_problem(409, "price_changed");
    assert_eq!((&refused.body["expected_total"], &refused.body["current_total"]), (&money(2_600_000), &money(2_800_000)));
    assert_eq!(app.get_as(&s.admin_token, &format!("/approvals/{id}")).await.body["status"], "pending_approval");
    app.post_as(&s.admin_token, &approve, json!({ "expected_total": 5 })).await.assert_problem(400, "validation_failed");
    let approved = app.post_as(&s.admin_token, &approve, json!({ "expected_total": money(2_800_000) })).await;
    assert_eq!((approved.status, &approved.body["total"]), (200, &money(2_800_000)), "{:?}", approved.body);
}

#[tokio::test]
async fn a_sales_rep_asks_for_more_seats_and_an_admin_approves() {
    let app = TestApp::new().await;
    let s = scene(&app).await;
    let archivo = json!({ "items": [{ "product_id": "01KMR301Z6D7S9DX7VW94EDFBF", "plan_id": "equipo", "seats": 1 }] });
    let bought = app.order(&s.admin_token, "direct", archivo).await;
    let sub = bought.body["subscription_ids"][0].as_str().unwrap().to_string();
    let more =
        json!({ "items": [{ "product_id": "01KMR301Z6D7S9DX7VW94EDFBF", "plan_id": "equipo", "seats": 3, "subscription_id": sub }] });
    let placed = delegated(&app, &s.rep_token, &s.admin.company_id, "more", more.clone()).await;
    assert_eq!(placed.status, 201, "{:?}", placed.body);
    assert_eq!((&placed.body["lines"][0]["subscription_id"], &placed.body["total"]), (&json!(sub), &money(3 * 1_250_000)));
    // Nothing changes until an admin approves.
    let subs = app.get_as(&s.admin_token, "/subscriptions").await;
    assert_eq!(subs.body["items"][0]["seats"], 1);
    let id = placed.body["id"].as_str().unwrap();
    let approved =
        app.post_as(&s.admin_token, &format!("/approvals/{id}/approve"), json!({ "expected_total": placed.body["total"] })).await;
    assert_eq!((approved.status, &approved.body["subscription_ids"]), (200, &json!([sub])), "{:?}", approved.body);
    let subs = app.get_as(&s.admin_token, "/subscriptions").await;
    assert_eq!(subs.body["items"].as_array().unwrap().len(), 1);
    assert_eq!((&subs.body["items"][0]["seats"], &subs.body["items"][0]["price"]), (&json!(4), &money(4 * 1_250_000)));
    // Another company's subscription, or a product that is not the subscription's, is refused.
    let other = app.activated_admin().await;
    let (other_token, _) = app.tokens(&other).await;
    let theirs = app
        .order(&other_token, "k", json!({ "items": [{ "product_id": "01KMR301Z6D7S9DX7VW94EDFBF", "plan_id": "equipo", "seats": 1 }] }))
        .await;
    let mut foreign = more.clone();
    foreign["items"][0]["subscription_id"] = theirs.body["subscription_ids"][0].clone();
    let refused = delegated(&app, &s.rep_token, &s.admin.company_id, "foreign", foreign).await;
    refused.assert_problem(400, "validation_failed");
    assert_eq!(refused.body["errors"][0]["field"], "items[0].subscription_id");
    let mut mismatched = more;
    mismatched["items"][0]["product_id"] = json!("01KMR4670BK382X69K91NY0VTH");
    mismatched["items"][0]["plan_id"] = json!("mensual");
    let refused = delegated(&app, &s.rep_token, &s.admin.company_id, "mismatch", mismatched).await;
    refused.assert_problem(400, "validation_failed");
    assert_eq!(refused.body["errors"][0]["field"], "items[0].product_id");
}
