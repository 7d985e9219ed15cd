//! A seat increase is a purchase: it counts against the spend limits in the same transaction as
//! the ledger, takes an optional `Idempotency-Key`, is priced at the catalog's current price (and
//! says so when the catalog moved), and leaves an audit entry; races never pass a limit nor lose a
//! change.

use cloudstore_tests::*;
use serde_json::{json, Value};

/// "Archivo Total", plan "equipo": 12.500,00 a seat and month, no trial.
const ARCHIVO: &str = "01KMR301Z6D7S9DX7VW94EDFBF";
const SEAT: i64 = 1_250_000;

fn archivo(seats: u32) -> Value {
    json!({ "items": [{ "product_id": ARCHIVO, "plan_id": "equipo", "seats": seats }] })
}

struct Buyer {
    admin: Account,
    token: String,
    op: String,
}

async fn buyer(app: &TestApp) -> Buyer {
    app.seed().await;
    let op = app.operator_token().await;
    let admin = app.activated_admin().await;
    let (token, _) = app.tokens(&admin).await;
    Buyer { admin, token, op }
}

impl Buyer {
    async fn daily_limit(&self, app: &TestApp, amount: i64) {
        let path = format!("/operator/companies/{}/spend-limits", self.admin.company_id);
        let set = app.put_as(&self.op, &path, json!({ "daily": money(amount) })).await;
        assert_eq!(set.status, 200, "{:?}", set.body);
    }

    /// Buys `seats` of Archivo Total; answers the new subscription's path.
    async fn subscription(&self, app: &TestApp, key: &str, seats: u32) -> String {
        let order = app.order(&self.token, key, archivo(seats)).await;
        assert_eq!(order.status, 201, "{:?}", order.body);
        format!("/subscriptions/{}", order.body["subscription_ids"][0].as_str().unwrap())
    }

    async fn seats(&self, app: &TestApp, path: &str) -> Value {
        let subs = app.get_as(&self.token, "/subscriptions?limit=100").await;
        let id = path.trim_start_matches("/subscriptions/");
        subs.body["items"].as_array().unwrap().iter().find(|s| s["id"] == id).unwrap()["seats"].clone()
    }
}

fn this_month(app: &TestApp) -> String {
    let now = app.state.now();
    format!("{}-{:02}", now.year(), now.month() as u8)
}

#[tokio::test]
async fn a_seat_increase_counts_against_the_spend_limit_like_an_order() {
    let app = TestApp::new().await;
    let b = buyer(&app).await;
    // 25.000,00 a day: two seats of Archivo Total.
    b.daily_limit(&app, 2 * SEAT).await;
    app.order(&b.token, "hundred", archivo(100)).await.assert_problem(422, "spend_limit_exceeded");
    let path = b.subscription(&app, "one", 1).await;
    // The same hundred seats through a seat change are refused alike, and nothing changes.
    app.patch_as(&b.token, &path, json!({ "seats": 100 })).await.assert_problem(422, "spend_limit_exceeded");
    assert_eq!(b.seats(&app, &path).await, 1);
    // One more seat fits the day's limit exactly; a third does not.
    let two = app.patch_as(&b.token, &path, json!({ "seats": 2 })).await;
    assert_eq!((two.status, &two.body["seats"], &two.body["price"]), (200, &json!(2), &money(2 * SEAT)), "{:?}", two.body);
    app.patch_as(&b.token, &path, json!({ "seats": 3 })).await.assert_problem(422, "spend_limit_exceeded");

    // A decrease costs nothing, and goes down to the seats in use but not below.
    let user = app.activated_user(&b.token, "user").await;
    let licences = format!("{path}/licences");
    for holder in [&b.admin.user_id, &user.user_id] {
        assert_eq!(app.post_as(&b.token, &licences, json!({ "user_id": holder })).await.status, 201);
    }
    app.patch_as(&b.token, &path, json!({ "seats": 1 })).await.assert_problem(409, "seats_in_use");
    assert_eq!(app.delete_as(&b.token, &format!("{licences}/{}", user.user_id)).await.status, 204);
    let one = app.patch_as(&b.token, &path, json!({ "seats": 1 })).await;
    assert_eq!((one.status, &one.body["seats"], &one.body["seats_assigned"]), (200, &json!(1), &json!(1)), "{:?}", one.body);

    // The admin sees how much of the limit the day has used: the order and the one seat added.
    let statement = app.get_as(&b.token, &format!("/billing/statements/{}", this_month(&app))).await;
    assert_eq!(statement.status, 200, "{:?}", statement.body);
    assert_eq!(statement.body["spend_limits"]["daily"], json!({ "limit": money(2 * SEAT), "used": money(2 * SEAT) }));
    assert_eq!(statement.body["spend_limits"]["rolling_30_days"], Value::Null);

    // Each change is in the company's audit trail, with its before and after.
    let audit = app.get_as(&b.token, "/audit?kind=subscription").await;
    assert_eq!(audit.status, 200, "{:?}", audit.body);
    let changes: Vec<(Value, Value)> = audit.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["detail"]["seats"]["from"].clone(), e["detail"]["seats"]["to"].clone()))
        .collect();
    assert_eq!(changes, [(json!(2), json!(1)), (json!(1), json!(2))], "{:?}", audit.body);
    let increase = &audit.body["items"][1];
    assert_eq!(
        (increase["action"].as_str(), increase["actor_id"].as_str()),
        (Some("subscription.seats_changed"), Some(b.admin.user_id.as_str()))
    );
    assert_eq!(increase["detail"]["added_total"], money(SEAT));
}

#[tokio::test]
async fn a_replayed_seat_change_answers_the_same_and_charges_once() {
    let app = TestApp::new().await;
    let b = buyer(&app).await;
    b.daily_limit(&app, 3 * SEAT).await;
    let path = b.subscription(&app, "one", 1).await;
    let first = app.send_keyed("PATCH", &b.token, &path, Some("more-1"), json!({ "seats": 2 })).await;
    assert_eq!(first.status, 200, "{:?}", first.body);
    let again = app.send_keyed("PATCH", &b.token, &path, Some("more-1"), json!({ "seats": 2 })).await;
    assert_eq!((again.status, &again.body), (200, &first.body));
    app.send_keyed("PATCH", &b.token, &path, Some("more-1"), json!({ "seats": 3 })).await.assert_problem(422, "idempotency_conflict");
    // The replay charged nothing: a third seat still fits the limit of three.
    let third = app.patch_as(&b.token, &path, json!({ "seats": 3 })).await;
    assert_eq!((third.status, &third.body["seats"]), (200, &json!(3)), "{:?}", third.body);
    let bad = app.send_keyed("PATCH", &b.token, &path, Some(" "), json!({ "seats": 4 })).await;
    bad.assert_problem(400, "validation_failed");
    assert_eq!(bad.body["errors"][0]["field"], "Idempotency-Key");
}

#[tokio::test]
async fn parallel_seat_increases_never_pass_the_limit() {
    let app = TestApp::new().await;
    let b = buyer(&app).await;
    let mut paths = Vec::new();
    for i in 0..6 {
        paths.push(b.subscription(&app, &format!("k{i}"), 1).await);
    }
    // Six seats bought today; the limit leaves room for exactly two more.
    b.daily_limit(&app, 8 * SEAT).await;
    let answers = futures::future::join_all(paths.iter().map(|p| app.patch_as(&b.token, p, json!({ "seats": 2 })))).await;
    let codes: Vec<(u16, &str)> = answers.iter().map(|a| (a.status, a.code())).collect();
    assert_eq!(answers.iter().filter(|a| a.status == 200).count(), 2, "{codes:?}");
    assert!(answers.iter().filter(|a| a.status != 200).all(|a| a.code() == "spend_limit_exceeded"), "{codes:?}");
    let statement = app.get_as(&b.token, &format!("/billing/statements/{}", this_month(&app))).await;
    assert_eq!(statement.body["spend_limits"]["daily"]["used"], money(8 * SEAT));
    let mut total = 0;
    for p in &paths {
        total += b.seats(&app, p).await.as_i64().unwrap();
    }
    assert_eq!(total, 8);
}

#[tokio::test]
async fn parallel_changes_of_one_subscription_never_lose_one() {
    let app = TestApp::new().await;
    let b = buyer(&app).await;
    let path = b.subscription(&app, "one", 1).await;
    let answers = futures::future::join_all((2..=9).map(|n| app.patch_as(&b.token, &path, json!({ "seats": n })))).await;
    assert!(
        answers.iter().all(|a| a.status == 200 || a.code() == "conflict"),
        "{:?}",
        answers.iter().map(|a| a.code()).collect::<Vec<_>>()
    );
    assert!(answers.iter().any(|a| a.status == 200));
    // Oldest first, every change starts where the one before it ended.
    let audit = app.get_as(&b.token, "/audit?kind=subscription.seats_changed&limit=100").await;
    let mut chain: Vec<&Value> = audit.body["items"].as_array().unwrap().iter().collect();
    chain.reverse();
    assert_eq!(chain.len(), answers.iter().filter(|a| a.status == 200).count());
    let mut seats = json!(1);
    for entry in chain {
        assert_eq!(entry["detail"]["seats"]["from"], seats, "{:?}", audit.body);
        seats = entry["detail"]["seats"]["to"].clone();
    }
    assert_eq!(b.seats(&app, &path).await, seats);
}

#[tokio::test]
async fn seats_added_after_a_price_change_cost_the_new_price_and_say_so() {
    let app = TestApp::new().await;
    let b = buyer(&app).await;
    let path = b.subscription(&app, "one", 1).await;
    app.reprice(&b.op, ARCHIVO, "equipo", 1_500_000).await;
    // The admin saw the old price: the change is refused with both totals.
    let refused = app.patch_as(&b.token, &path, json!({ "seats": 2, "expected_total": money(SEAT) })).await;
    refused.assert_problem(409, "price_changed");
    assert_eq!((&refused.body["expected_total"], &refused.body["current_total"]), (&money(SEAT), &money(1_500_000)));
    assert_eq!(b.seats(&app, &path).await, 1);
    // Confirmed at the new price: the old seat keeps its price, the new one costs the new price.
    let two = app.patch_as(&b.token, &path, json!({ "seats": 2, "expected_total": money(1_500_000) })).await;
    assert_eq!((two.status, &two.body["price"]), (200, &money(SEAT + 1_500_000)), "{:?}", two.body);
    let three = app.patch_as(&b.token, &path, json!({ "seats": 3 })).await;
    assert_eq!(three.body["price"], money(SEAT + 2 * 1_500_000));
    // A decrease gives back the seats added last.
    let back = app.patch_as(&b.token, &path, json!({ "seats": 1, "expected_total": money(0) })).await;
    assert_eq!((back.status, &back.body["price"]), (200, &money(SEAT)), "{:?}", back.body);
    // A plan the catalog no longer sells takes no more seats.
    let mut sheet = app.send(Req { method: "GET", path: &format!("/products/{ARCHIVO}"), body: None, bearer: None }).await.body;
    let map = sheet.as_object_mut().unwrap();
    map.remove("id");
    map.remove("active");
    map["plans"] = json!([{ "id": "grande", "name": "Grande", "price": money(2_000_000) }]);
    assert_eq!(app.put_as(&b.op, &format!("/products/{ARCHIVO}"), sheet).await.status, 200);
    let gone = app.patch_as(&b.token, &path, json!({ "seats": 2 })).await;
    gone.assert_problem(400, "validation_failed");
    assert_eq!(gone.body["errors"][0]["field"], "seats");
}
