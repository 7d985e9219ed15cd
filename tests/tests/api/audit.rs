//! The audit trail: every write by an admin, a sales rep or the operator is an entry written in the
//! same transaction as its change (who, what, before and after); `GET /audit` is the company's,
//! filtered by kind and time; `GET /operator/audit` is the platform's.

use cloudstore_tests::*;
use serde_json::{json, Value};
use std::collections::BTreeSet;
use time::macros::datetime;

const ARCHIVO: &str = "01KMR301Z6D7S9DX7VW94EDFBF";

fn archivo(seats: u32) -> Value {
    json!({ "items": [{ "product_id": ARCHIVO, "plan_id": "equipo", "seats": seats }] })
}

async fn delegated(app: &TestApp, token: &str, company: &str, key: &str) -> Answer {
    let path = format!("/companies/{company}/orders");
    app.send_keyed("POST", token, &path, Some(key), archivo(1)).await
}

/// Every entry of a list route, page after page (`limit` per page).
async fn all_pages(app: &TestApp, token: &str, path: &str, limit: u32) -> Vec<Value> {
    let mut entries = Vec::new();
    let mut cursor: Option<String> = None;
    for _ in 0..100 {
        let sep = if path.contains('?') { '&' } else { '?' };
        let mut url = format!("{path}{sep}limit={limit}");
        if let Some(c) = &cursor {
            url.push_str(&format!("&cursor={c}"));
        }
        let page = app.get_as(token, &url).await;
        assert_eq!(page.status, 200, "{url}: {:?}", page.body);
        assert!(page.body["items"].as_array().unwrap().len() <= limit as usize);
        entries.extend(page.body["items"].as_array().unwrap().iter().cloned());
        match page.body["next_cursor"].as_str() {
            Some(c) => cursor = Some(c.to_string()),
            None => return entries,
        }
    }
    panic!("{path} never ended");
}

fn actions(entries: &[Value]) -> BTreeSet<String> {
    entries.iter().map(|e| e["action"].as_str().unwrap().to_string()).collect()
}

fn find<'a>(entries: &'a [Value], action: &str) -> &'a Value {
    entries.iter().find(|e| e["action"] == action).unwrap_or_else(|| panic!("no {action} in {entries:?}"))
}

#[tokio::test]
async fn every_change_by_an_admin_a_sales_rep_or_the_operator_is_audited() {
    let app = TestApp::new().await;
    app.seed().await;
    let op = app.operator_token().await;
    let operator_id = app.login(cloudstore_dev::seed::OPERATOR_EMAIL, LOCAL_PASSWORD).await.body["user"]["id"].clone();
    let admin = app.activated_admin().await;
    let (token, _) = app.tokens(&admin).await;

    // The operator: a sales rep for the company, its spend limits, a coupon, a product.
    let rep_email = unique_email("ventas");
    app.post_as(&op, "/operator/users", json!({ "name": "Rita Ventas", "email": rep_email, "role": "sales_rep" })).await;
    app.activate_from_mail(&rep_email, PASSWORD).await;
    let rep = app.login(&rep_email, PASSWORD).await;
    let (rep_id, rep_token) = (rep.body["user"]["id"].clone(), rep.body["access_token"].as_str().unwrap().to_string());
    let company = format!("/operator/companies/{}", admin.company_id);
    assert_eq!(app.put_as(&op, &format!("{company}/sales-rep"), json!({ "user_id": rep_id })).await.status, 200);
    assert_eq!(app.put_as(&op, &format!("{company}/spend-limits"), json!({ "daily": money(90_000_000) })).await.status, 200);
    assert_eq!(app.post_as(&op, "/coupons", json!({ "code": "AUDITADO", "percent_off": 5, "duration": "once" })).await.status, 201);
    assert_eq!(app.patch_as(&op, "/coupons/AUDITADO", json!({ "active": false })).await.status, 200);
    let sheet = app.send(Req { method: "GET", path: &format!("/products/{ARCHIVO}"), body: None, bearer: None }).await.body;
    let mut body = sheet.clone();
    body.as_object_mut().unwrap().remove("id");
    body.as_object_mut().unwrap().remove("active");
    body["name"] = json!("Archivo Auditado");
    let created = app.post_as(&op, "/products", body.clone()).await;
    let product = format!("/products/{}", created.body["id"].as_str().unwrap());
    assert_eq!(app.put_as(&op, &product, body).await.status, 200);
    assert_eq!(app.delete_as(&op, &product).await.status, 204);

    // The admin: a purchase, more seats, a licence given and taken back, a cancellation.
    let order = app.order(&token, "k", archivo(2)).await;
    let sub = order.body["subscription_ids"][0].as_str().unwrap().to_string();
    assert_eq!(app.patch_as(&token, &format!("/subscriptions/{sub}"), json!({ "seats": 3 })).await.status, 200);
    let user = app.activated_user(&token, "user").await;
    let licences = format!("/subscriptions/{sub}/licences");
    assert_eq!(app.post_as(&token, &licences, json!({ "user_id": user.user_id })).await.status, 201);
    assert_eq!(app.delete_as(&token, &format!("{licences}/{}", user.user_id)).await.status, 204);
    assert_eq!(app.delete_as(&token, &format!("/subscriptions/{sub}")).await.status, 204);
    // The sales rep asks twice; the admin approves one and rejects the other.
    let first = delegated(&app, &rep_token, &admin.company_id, "a").await;
    let second = delegated(&app, &rep_token, &admin.company_id, "b").await;
    let approve = format!("/approvals/{}/approve", first.body["id"].as_str().unwrap());
    assert_eq!(app.post_as(&token, &approve, json!({})).await.status, 200);
    let reject = format!("/approvals/{}/reject", second.body["id"].as_str().unwrap());
    assert_eq!(app.post_as(&token, &reject, json!({ "reason": "No por ahora" })).await.status, 200);

    let trail = all_pages(&app, &token, "/audit", 100).await;
    let expected = [
        "company.sales_rep_assigned",
        "company.spend_limits_changed",
        "order.placed",
        "subscription.seats_changed",
        "user.created",
        "licence.assigned",
        "licence.released",
        "subscription.cancelled",
        "order.requested",
        "order.approved",
        "order.rejected",
    ];
    for action in expected {
        assert!(actions(&trail).contains(action), "{action} missing from {:?}", actions(&trail));
    }
    assert!(trail.iter().all(|e| e["company_id"] == admin.company_id.as_str()), "{trail:?}");
    assert!(!actions(&trail).iter().any(|a| a.starts_with("product.") || a.starts_with("coupon.") || a == "staff.created"));
    // Who did it, and what changed.
    assert_eq!(find(&trail, "order.requested")["actor_id"], rep_id);
    assert_eq!(find(&trail, "order.approved")["actor_id"], admin.user_id.as_str());
    let limits = find(&trail, "company.spend_limits_changed");
    assert_eq!(limits["actor_id"], operator_id);
    assert_eq!(limits["detail"]["from"], json!({ "daily": null, "rolling_30_days": null }));
    assert_eq!(limits["detail"]["to"], json!({ "daily": money(90_000_000), "rolling_30_days": null }));
    assert_eq!(find(&trail, "company.sales_rep_assigned")["detail"]["to"], rep_id);
    assert_eq!(find(&trail, "licence.assigned")["detail"]["user_id"], user.user_id.as_str());
    assert_eq!(find(&trail, "order.placed")["target_id"], order.body["id"]);
    assert_eq!(find(&trail, "order.rejected")["detail"]["reason"], "No por ahora");
    assert_eq!(find(&trail, "subscription.cancelled")["target_id"], sub.as_str());

    // The operator sees the whole platform: their own company's entries and the customer's.
    let platform = all_pages(&app, &op, "/operator/audit", 100).await;
    for action in expected.iter().chain(&[
        "product.created",
        "product.updated",
        "product.archived",
        "coupon.created",
        "coupon.updated",
        "staff.created",
    ]) {
        assert!(actions(&platform).contains(*action), "{action} missing from {:?}", actions(&platform));
    }
    let coupon = find(&platform, "coupon.updated");
    assert_eq!((&coupon["detail"]["from"]["active"], &coupon["detail"]["to"]["active"]), (&json!(true), &json!(false)));
    let customer = all_pages(&app, &op, &format!("/operator/audit?company_id={}", admin.company_id), 100).await;
    assert_eq!(customer.len(), trail.len());
    let products = all_pages(&app, &op, "/operator/audit?kind=product", 100).await;
    assert_eq!(actions(&products), ["product.archived", "product.created", "product.updated"].map(String::from).into());
    app.get_as(&token, "/operator/audit").await.assert_problem(403, "forbidden");
    app.get_as(&rep_token, "/audit").await.assert_problem(403, "forbidden");
}

#[tokio::test]
async fn the_trail_filters_by_kind_and_time_and_pages_newest_first() {
    let app = TestApp::new().await;
    app.set_clock(datetime!(2026-10-05 12:00 UTC));
    app.seed().await;
    let admin = app.activated_admin().await;
    let (token, _) = app.tokens(&admin).await;
    let user = |n: u32| json!({ "name": format!("Usuario {n}"), "email": unique_email("u"), "role": "user" });
    assert_eq!(app.post_as(&token, "/users", user(1)).await.status, 201);
    app.set_clock(datetime!(2026-11-10 12:00 UTC));
    // (Sessions last 30 days by the store's clock: sign in again.)
    let ((token, _), op) = (app.tokens(&admin).await, app.operator_token().await);
    for n in 2..=3 {
        assert_eq!(app.post_as(&token, "/users", user(n)).await.status, 201);
    }
    app.set_clock(datetime!(2026-11-20 12:00 UTC));
    let order = app.order(&token, "k", archivo(1)).await;
    let sub = order.body["subscription_ids"][0].as_str().unwrap();
    assert_eq!(app.patch_as(&token, &format!("/subscriptions/{sub}"), json!({ "seats": 2 })).await.status, 200);

    let count = |path: &'static str| {
        let (app, token) = (&app, token.clone());
        async move { all_pages(app, &token, path, 50).await }
    };
    assert_eq!(count("/audit?kind=user").await.len(), 3);
    assert_eq!(count("/audit?kind=user.created").await.len(), 3);
    assert_eq!(actions(&count("/audit?kind=order.placed").await), BTreeSet::from(["order.placed".to_string()]));
    assert_eq!(count("/audit?from=2026-11-15T00:00:00Z").await.len(), 2);
    assert_eq!(count("/audit?to=2026-11-15T00:00:00Z").await.len(), 3);
    assert_eq!(count("/audit?from=2026-11-01T00:00:00Z&to=2026-11-15T00:00:00Z").await.len(), 2);
    for bad in ["kind=bogus", "from=ayer", "to=2026-13-01T00:00:00Z", "from=2026-11-21T00:00:00Z&to=2026-11-15T00:00:00Z"] {
        app.get_as(&token, &format!("/audit?{bad}")).await.assert_problem(400, "validation_failed");
        app.get_as(&op, &format!("/operator/audit?{bad}")).await.assert_problem(400, "validation_failed");
    }
    app.get_as(&op, "/operator/audit?company_id=nope").await.assert_problem(400, "validation_failed");

    // One entry a page, newest first, across months, each once.
    let mine = all_pages(&app, &token, "/audit", 1).await;
    assert_eq!(mine.len(), 5);
    let times: Vec<&str> = mine.iter().map(|e| e["at"].as_str().unwrap()).collect();
    assert!(times.windows(2).all(|w| w[0] >= w[1]), "{times:?}");
    let platform = all_pages(&app, &op, &format!("/operator/audit?company_id={}&from=2026-10-01T00:00:00Z", admin.company_id), 1).await;
    assert_eq!(platform, mine);
    // Without `from`, the platform's trail covers the 30 days before `to` (here, now).
    let recent = all_pages(&app, &op, &format!("/operator/audit?company_id={}", admin.company_id), 2).await;
    assert_eq!(recent.len(), 4);
    let october = all_pages(&app, &op, "/operator/audit?from=2026-10-01T00:00:00Z&to=2026-10-31T23:59:59Z&kind=user", 1).await;
    assert_eq!(october.len(), 1);
    // Another company's admin sees none of it.
    let stranger = app.activated_admin().await;
    let (stranger_token, _) = app.tokens(&stranger).await;
    assert!(all_pages(&app, &stranger_token, "/audit", 50).await.iter().all(|e| e["company_id"] == stranger.company_id.as_str()));
}
