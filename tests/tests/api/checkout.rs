//! Buying: quotes, orders exactly once, coupons, trials, subscriptions.

use cloudstore_tests::*;
use serde_json::{json, Value};

/// A company admin's token on a seeded catalog.
async fn buyer(app: &TestApp) -> (Account, String) {
    let admin = app.activated_admin().await;
    let (token, _) = app.tokens(&admin).await;
    (admin, token)
}

/// The demo product with a trial ("Nube Oficina Pro", plan "estandar", 15.900,00, 30 days) and one
/// without ("Archivo Total", plan "equipo", 12.500,00).
fn cart(seats: u32, coupon: Option<&str>) -> Value {
    let mut cart = json!({ "items": [
        { "product_id": "01KMR1CGMF3GWNFANHQBRYBPZJ", "plan_id": "estandar", "seats": seats },
        { "product_id": "01KMR301Z6D7S9DX7VW94EDFBF", "plan_id": "equipo", "seats": 2 }
    ]});
    if let Some(code) = coupon {
        cart["coupon_code"] = json!(code);
    }
    cart
}

#[tokio::test]
async fn a_quote_and_its_order_agree_to_the_cent() {
    let app = TestApp::new().await;
    app.seed().await;
    let (admin, token) = buyer(&app).await;
    let quote = app.post_as(&token, "/checkout/quote", cart(3, Some("bienvenida20"))).await;
    assert_eq!(quote.status, 200, "{:?}", quote.body);
    // 3 × 15.900,00 + 2 × 12.500,00 = 72.700,00; 20 % off = 14.540,00.
    assert_eq!(quote.body["subtotal"], json!({ "amount": 7_270_000, "currency": "ARS" }));
    assert_eq!(quote.body["discount"]["amount"], 1_454_000);
    assert_eq!(quote.body["total"]["amount"], 5_816_000);
    // Prices are net of IVA; the quote shows the 21 % the statement will add: 12.213,60.
    assert_eq!((&quote.body["iva"], &quote.body["total_with_iva"]), (&money(1_221_360), &money(7_037_360)));
    assert_eq!(quote.body["coupon"], json!({ "code": "BIENVENIDA20", "discount": { "amount": 1_454_000, "currency": "ARS" } }));
    assert_eq!(quote.body["lines"][0]["trial_days"], 30);
    assert_eq!(quote.body["lines"][1]["trial_days"], 0);

    let order = app.order(&token, "key-1", cart(3, Some("BIENVENIDA20"))).await;
    assert_eq!(order.status, 201, "{:?}", order.body);
    assert_eq!(order.body["status"], "completed");
    for field in ["lines", "subtotal", "discount", "total", "iva", "total_with_iva"] {
        assert_eq!(order.body[field], quote.body[field], "{field}");
    }
    assert_eq!(order.body["coupon_code"], "BIENVENIDA20");
    assert_eq!(order.body["created_by"], admin.user_id.as_str());
    assert_eq!(order.body["subscription_ids"].as_array().unwrap().len(), 2);

    let subs = app.get_as(&token, "/subscriptions").await;
    let items = subs.body["items"].as_array().unwrap();
    assert_eq!(items.len(), 2);
    let trial = items.iter().find(|s| s["plan_id"] == "estandar").unwrap();
    assert_eq!(trial["status"], "trial");
    assert!(trial["trial_ends_at"].is_string());
    assert_eq!(trial["seats"], 3);
    assert_eq!(trial["seats_assigned"], 0);
    assert_eq!(trial["price"]["amount"], 4_770_000);
    assert_eq!(trial["discount"]["amount"], 954_000);
    let plain = items.iter().find(|s| s["plan_id"] == "equipo").unwrap();
    assert_eq!(plain["status"], "active");
    assert!(plain.get("trial_ends_at").is_none());

    let orders = app.get_as(&token, "/orders").await;
    assert_eq!(orders.body["items"][0]["id"], order.body["id"]);
    let read = app.get_as(&token, &format!("/orders/{}", order.body["id"].as_str().unwrap())).await;
    assert_eq!(read.body, order.body);

    let mail = last_mail_to(&admin.email).await;
    assert_eq!(mail.subject, "Compra confirmada en Cloud Store");
    assert!(mail.text.contains("Nube Oficina Pro") && mail.text.contains("Prueba gratis por 30 días"), "{}", mail.text);
    assert!(mail.text.contains("asigná las licencias"));
}

#[tokio::test]
async fn a_retried_order_is_placed_once() {
    let app = TestApp::new().await;
    app.seed().await;
    let (_, token) = buyer(&app).await;
    let answers = futures::future::join_all((0..6).map(|_| app.order(&token, "retry-key", cart(1, None)))).await;
    let ids: std::collections::HashSet<&str> = answers.iter().map(|a| a.body["id"].as_str().unwrap_or("none")).collect();
    assert!(answers.iter().all(|a| a.status == 201), "{:?}", answers.iter().map(|a| (a.status, a.code())).collect::<Vec<_>>());
    assert_eq!(ids.len(), 1);
    assert_eq!(app.get_as(&token, "/orders").await.body["items"].as_array().unwrap().len(), 1);
    assert_eq!(app.get_as(&token, "/subscriptions").await.body["items"].as_array().unwrap().len(), 2);

    app.order(&token, "retry-key", cart(2, None)).await.assert_problem(422, "idempotency_conflict");
    let no_key = app.post_as(&token, "/orders", cart(1, None)).await;
    no_key.assert_problem(400, "validation_failed");
    assert_eq!(no_key.body["errors"][0]["field"], "Idempotency-Key");
}

#[tokio::test]
async fn a_retry_of_a_placed_order_with_a_coupon_answers_that_order() {
    let app = TestApp::new().await;
    app.seed().await;
    let (_, token) = buyer(&app).await;
    let first = app.order(&token, "coupon-key", cart(1, Some("BIENVENIDA20"))).await;
    assert_eq!(first.status, 201, "{:?}", first.body);
    // The browser retries after the order went through: the coupon is now redeemed by this
    // company, yet the retry is the same request and answers the same order.
    for _ in 0..2 {
        let again = app.order(&token, "coupon-key", cart(1, Some("BIENVENIDA20"))).await;
        assert_eq!(again.status, 201, "{:?}", again.body);
        assert_eq!(again.body["id"], first.body["id"]);
        assert_eq!(again.body["discount"], first.body["discount"]);
    }
    assert_eq!(app.get_as(&token, "/orders").await.body["items"].as_array().unwrap().len(), 1);
    // A new key is a new order, and the coupon is spent for this company.
    app.order(&token, "another-key", cart(1, Some("BIENVENIDA20"))).await.assert_problem(422, "coupon_already_used");
}

#[tokio::test]
async fn a_limited_coupon_is_redeemed_exactly_its_limit_under_a_rush() {
    let app = TestApp::new().await;
    app.seed().await;
    let op = app.operator_token().await;
    let created =
        app.post_as(&op, "/coupons", json!({ "code": "TRES", "percent_off": 10, "duration": "once", "max_redemptions": 3 })).await;
    assert_eq!(created.status, 201);
    let mut buyers = Vec::new();
    for _ in 0..8 {
        buyers.push(buyer(&app).await.1);
    }
    let answers = futures::future::join_all(buyers.iter().map(|t| app.order(t, "k", cart(1, Some("tres"))))).await;
    let placed = answers.iter().filter(|a| a.status == 201).count();
    assert_eq!(placed, 3, "{:?}", answers.iter().map(|a| (a.status, a.code())).collect::<Vec<_>>());
    assert!(answers.iter().filter(|a| a.status != 201).all(|a| a.code() == "coupon_exhausted"));
    let coupons = app.get_as(&op, "/coupons").await;
    let tres = coupons.body["items"].as_array().unwrap().iter().find(|c| c["code"] == "TRES").unwrap().clone();
    assert_eq!(tres["times_redeemed"], 3);
    // Its terms are now fixed; its description is not.
    app.patch_as(&op, "/coupons/TRES", json!({ "percent_off": 50 })).await.assert_problem(400, "validation_failed");
    assert_eq!(app.patch_as(&op, "/coupons/TRES", json!({ "description": "Agotado" })).await.status, 200);
}

#[tokio::test]
async fn every_coupon_rule_has_its_own_answer() {
    let app = TestApp::new().await;
    app.seed().await;
    let op = app.operator_token().await;
    let coupons = [
        json!({ "code": "VIEJO", "percent_off": 10, "duration": "once", "valid_until": "2020-01-01T00:00:00Z" }),
        json!({ "code": "FUTURO", "percent_off": 10, "duration": "once", "valid_from": "2999-01-01T00:00:00Z" }),
        json!({ "code": "APAGADO", "percent_off": 10, "duration": "once" }),
        json!({ "code": "SOLOERP", "percent_off": 10, "duration": "once", "product_ids": ["01KMRZ5RF9HA7NQ5DKN1PCT20F"] }),
        json!({ "code": "MINIMO", "amount_off": { "amount": 500_000, "currency": "ARS" }, "duration": "forever", "min_order_amount": { "amount": 100_000_000, "currency": "ARS" } }),
        json!({ "code": "PRIMERA", "percent_off": 10, "duration": "once", "first_purchase_only": true }),
        json!({ "code": "UNO", "percent_off": 10, "duration": "once", "max_redemptions": 1 }),
    ];
    for c in coupons {
        assert_eq!(app.post_as(&op, "/coupons", c).await.status, 201);
    }
    app.patch_as(&op, "/coupons/APAGADO", json!({ "active": false })).await;
    let (_, other) = buyer(&app).await;
    assert_eq!(app.order(&other, "k", cart(1, Some("UNO"))).await.status, 201);

    let (_, token) = buyer(&app).await;
    let quote = |code: &'static str| {
        let token = token.clone();
        let app = &app;
        async move { app.post_as(&token, "/checkout/quote", cart(1, Some(code))).await }
    };
    quote("NOEXISTE").await.assert_problem(422, "coupon_invalid");
    quote("APAGADO").await.assert_problem(422, "coupon_invalid");
    quote("VIEJO").await.assert_problem(422, "coupon_expired");
    quote("FUTURO").await.assert_problem(422, "coupon_expired");
    quote("UNO").await.assert_problem(422, "coupon_exhausted");
    quote("SOLOERP").await.assert_problem(422, "coupon_not_applicable");
    quote("MINIMO").await.assert_problem(422, "coupon_not_applicable");
    assert_eq!(quote("PRIMERA").await.status, 200);

    assert_eq!(app.order(&token, "first", cart(1, Some("BIENVENIDA20"))).await.status, 201);
    app.order(&token, "second", cart(1, Some("BIENVENIDA20"))).await.assert_problem(422, "coupon_already_used");
    quote("PRIMERA").await.assert_problem(422, "coupon_not_applicable");
}

#[tokio::test]
async fn a_fixed_amount_coupon_never_makes_a_line_negative() {
    let app = TestApp::new().await;
    app.seed().await;
    let op = app.operator_token().await;
    app.post_as(
        &op,
        "/coupons",
        json!({ "code": "MIL", "amount_off": { "amount": 10_000_000, "currency": "ARS" }, "duration": "forever" }),
    )
    .await;
    let (_, token) = buyer(&app).await;
    let quote = app.post_as(&token, "/checkout/quote", cart(1, Some("MIL"))).await;
    assert_eq!(quote.body["total"]["amount"], 0);
    assert_eq!(quote.body["discount"], quote.body["subtotal"]);
}

#[tokio::test]
async fn the_welcome_trial_is_once_per_company_and_product() {
    let app = TestApp::new().await;
    app.seed().await;
    let (_, token) = buyer(&app).await;
    let trial_cart = json!({ "items": [{ "product_id": "01KMR5D34AHVB210RXHCMX5DQK", "plan_id": "pro", "seats": 1 }] });
    let first = app.order(&token, "a", trial_cart.clone()).await;
    assert_eq!(first.body["lines"][0]["trial_days"], 14);
    let other_plan = json!({ "items": [{ "product_id": "01KMR5D34AHVB210RXHCMX5DQK", "plan_id": "empresa", "seats": 1 }] });
    let second = app.order(&token, "b", other_plan).await;
    assert_eq!(second.status, 201);
    assert_eq!(second.body["lines"][0]["trial_days"], 0);
    let subs = app.get_as(&token, "/subscriptions").await;
    let status_of = |plan: &str| subs.body["items"].as_array().unwrap().iter().find(|s| s["plan_id"] == plan).unwrap()["status"].clone();
    assert_eq!((status_of("pro"), status_of("empresa")), (json!("trial"), json!("active")));
}

#[tokio::test]
async fn bad_carts_are_clear_problems() {
    let app = TestApp::new().await;
    app.seed().await;
    let op = app.operator_token().await;
    app.delete_as(&op, "/products/01KMR8QZ2038FTQBXYCX62A53Y").await;
    let (_, token) = buyer(&app).await;
    let item = |p: &str, plan: &str, seats: Value| json!({ "items": [{ "product_id": p, "plan_id": plan, "seats": seats }] });
    let cases = [
        (item("01KMR301Z6D7S9DX7VW94EDFBF", "equipo", json!(0)), "items[0].seats"),
        (item("01KMR301Z6D7S9DX7VW94EDFBF", "equipo", json!(-3)), "items[0].seats"),
        (item("01KMR301Z6D7S9DX7VW94EDFBF", "equipo", json!(1_000_000_000_000i64)), "items[0].seats"),
        (item("01KMR301Z6D7S9DX7VW94EDFBF", "equipo", json!("tres")), "items[0].seats"),
        (item("01KMR301Z6D7S9DX7VW94EDFBF", "equipo", json!(1.5)), "items[0].seats"),
        (item("01ARZ3NDEKTSV4RRFFQ69G5FAV", "equipo", json!(1)), "items[0].product_id"),
        (item("01KMR301Z6D7S9DX7VW94EDFBF", "oro", json!(1)), "items[0].plan_id"),
        (item("01KMR8QZ2038FTQBXYCX62A53Y", "agente", json!(1)), "items[0].product_id"),
        (json!({ "items": [] }), "items"),
        (
            json!({ "items": [{ "product_id": "01KMR301Z6D7S9DX7VW94EDFBF", "plan_id": "equipo", "seats": 1 }, { "product_id": "01KMR301Z6D7S9DX7VW94EDFBF", "plan_id": "equipo", "seats": 1 }] }),
            "items[1].product_id",
        ),
    ];
    for (body, field) in cases {
        let quote = app.post_as(&token, "/checkout/quote", body.clone()).await;
        quote.assert_problem(400, "validation_failed");
        assert_eq!(quote.body["errors"][0]["field"], field, "{body}");
        app.order(&token, "bad", body).await.assert_problem(400, "validation_failed");
    }
    assert!(app.get_as(&token, "/orders").await.body["items"].as_array().unwrap().is_empty());
}

#[tokio::test]
async fn seats_change_and_subscriptions_cancel() {
    let app = TestApp::new().await;
    app.seed().await;
    let (_, token) = buyer(&app).await;
    let order = app.order(&token, "k", cart(3, None)).await;
    let id = order.body["subscription_ids"][0].as_str().unwrap().to_string();
    let path = format!("/subscriptions/{id}");
    let more = app.patch_as(&token, &path, json!({ "seats": 5 })).await;
    assert_eq!((more.status, &more.body["seats"]), (200, &json!(5)));
    assert_eq!(more.body["price"]["amount"], 5 * 1_590_000);
    app.patch_as(&token, &path, json!({ "seats": 0 })).await.assert_problem(400, "validation_failed");
    app.patch_as(&token, &path, json!({ "seats": 2, "price": 1 })).await.assert_problem(400, "validation_failed");
    assert_eq!(app.delete_as(&token, &path).await.status, 204);
    let subs = app.get_as(&token, "/subscriptions").await;
    let cancelled = subs.body["items"].as_array().unwrap().iter().find(|s| s["id"] == id.as_str()).unwrap().clone();
    assert_eq!(cancelled["status"], "cancelled");
    app.patch_as(&token, &path, json!({ "seats": 4 })).await.assert_problem(400, "validation_failed");
    assert_eq!(app.delete_as(&token, &path).await.status, 204);
}

#[tokio::test]
async fn only_admins_buy_and_only_their_own_company() {
    let app = TestApp::new().await;
    app.seed().await;
    let (_, token) = buyer(&app).await;
    let user = app.activated_user(&token, "user").await;
    let (user_token, _) = app.tokens(&user).await;
    app.post_as(&user_token, "/checkout/quote", cart(1, None)).await.assert_problem(403, "forbidden");
    app.order(&user_token, "k", cart(1, None)).await.assert_problem(403, "forbidden");
    app.get_as(&user_token, "/subscriptions").await.assert_problem(403, "forbidden");

    let order = app.order(&token, "k", cart(1, None)).await;
    let (_, stranger) = buyer(&app).await;
    app.get_as(&stranger, &format!("/orders/{}", order.body["id"].as_str().unwrap())).await.assert_problem(404, "not_found");
    let sub = format!("/subscriptions/{}", order.body["subscription_ids"][0].as_str().unwrap());
    app.patch_as(&stranger, &sub, json!({ "seats": 9 })).await.assert_problem(404, "not_found");
    app.delete_as(&stranger, &sub).await.assert_problem(404, "not_found");
    let subs = app.get_as(&token, "/subscriptions").await;
    let mine = subs.body["items"].as_array().unwrap().iter().find(|s| s["id"] == order.body["subscription_ids"][0]).unwrap().clone();
    assert_eq!((mine["status"].as_str(), mine["seats"].as_u64()), (Some("trial"), Some(1)));
}

#[tokio::test]
async fn an_archived_product_keeps_its_subscriptions() {
    let app = TestApp::new().await;
    app.seed().await;
    let (_, token) = buyer(&app).await;
    app.order(&token, "k", cart(1, None)).await;
    let op = app.operator_token().await;
    app.delete_as(&op, "/products/01KMR301Z6D7S9DX7VW94EDFBF").await;
    let subs = app.get_as(&token, "/subscriptions").await;
    assert!(subs.body["items"].as_array().unwrap().iter().all(|s| s["status"] == "trial" || s["status"] == "active"));
}

#[tokio::test]
async fn a_termination_request_marks_the_subscriptions() {
    let app = TestApp::new().await;
    app.seed().await;
    let (admin, token) = buyer(&app).await;
    app.order(&token, "k", cart(1, None)).await;
    let asked = app.delete_as(&token, &format!("/users/{}?terminate_account=true", admin.user_id)).await;
    assert_eq!(asked.status, 202);
    let subs = app.get_as(&token, "/subscriptions").await;
    assert!(subs.body["items"].as_array().unwrap().iter().all(|s| s["status"] == "cancellation_requested"));
}

/// The hot routes read what they need in the same round trip as the session check; what they
/// found, and what was wrong with the request, still reach only a live administrator.
#[tokio::test]
async fn a_dead_session_or_a_non_admin_hears_nothing_about_the_request() {
    let app = TestApp::new().await;
    app.seed().await;
    let (admin, token) = buyer(&app).await;
    let user = app.activated_user(&token, "user").await;
    let (user_token, _) = app.tokens(&user).await;
    let bad_cart = json!({ "items": [{ "product_id": "nope", "plan_id": "x", "seats": 0 }] });
    let sub_path = "/subscriptions/01KMR301Z6D7S9DX7VW94EDFBF/licences";
    app.order(&user_token, "k", bad_cart.clone()).await.assert_problem(403, "forbidden");
    app.post_as(&user_token, "/checkout/quote", bad_cart.clone()).await.assert_problem(403, "forbidden");
    app.get_as(&user_token, "/users?limit=0").await.assert_problem(403, "forbidden");
    app.post_as(&user_token, sub_path, json!({ "user_id": "not-an-id" })).await.assert_problem(403, "forbidden");
    app.get_as(&user_token, "/approvals/not-an-id").await.assert_problem(403, "forbidden");
    // The admin's own answers to the same requests, for contrast.
    app.order(&token, "k", bad_cart.clone()).await.assert_problem(400, "validation_failed");
    app.get_as(&token, "/users?limit=0").await.assert_problem(400, "validation_failed");
    app.post_as(&token, sub_path, json!({ "user_id": "not-an-id" })).await.assert_problem(404, "not_found");
    // Signed out: the same token is refused before anything is read or parsed.
    let (access, refresh) = app.tokens(&admin).await;
    assert_eq!(app.post_as(&access, "/logout", json!({ "refresh_token": refresh })).await.status, 204);
    app.order(&access, "k2", bad_cart.clone()).await.assert_problem(401, "unauthorized");
    app.order(&access, "k3", cart(1, None)).await.assert_problem(401, "unauthorized");
    app.post_as(&access, "/checkout/quote", cart(1, None)).await.assert_problem(401, "unauthorized");
    app.get_as(&access, "/users").await.assert_problem(401, "unauthorized");
    app.post_as(&access, sub_path, json!({ "user_id": admin.user_id })).await.assert_problem(401, "unauthorized");
    let subs = app.get_as(&token, "/subscriptions").await;
    assert_eq!(subs.body["items"].as_array().unwrap().len(), 0, "nothing was bought with the dead session");
}

#[tokio::test]
async fn an_order_after_a_price_change_shows_both_totals_before_charging() {
    let app = TestApp::new().await;
    app.seed().await;
    let op = app.operator_token().await;
    let (_, token) = buyer(&app).await;
    let archivo = json!({ "items": [{ "product_id": "01KMR301Z6D7S9DX7VW94EDFBF", "plan_id": "equipo", "seats": 2 }] });
    let quote = app.post_as(&token, "/checkout/quote", archivo.clone()).await;
    assert_eq!(quote.body["total"], money(2_500_000));
    app.reprice(&op, "01KMR301Z6D7S9DX7VW94EDFBF", "equipo", 1_500_000).await;
    let mut seen = archivo.clone();
    seen["expected_total"] = quote.body["total"].clone();
    let refused = app.order(&token, "k", seen.clone()).await;
    refused.assert_problem(409, "price_changed");
    assert_eq!((&refused.body["expected_total"], &refused.body["current_total"]), (&money(2_500_000), &money(3_000_000)));
    assert!(app.get_as(&token, "/orders").await.body["items"].as_array().unwrap().is_empty());
    // Confirmed at the new total, it goes through; without `expected_total` it is priced as of now.
    seen["expected_total"] = money(3_000_000);
    let placed = app.order(&token, "k", seen).await;
    assert_eq!((placed.status, &placed.body["total"]), (201, &money(3_000_000)), "{:?}", placed.body);
    let unchecked = app.order(&token, "k2", archivo).await;
    assert_eq!((unchecked.status, &unchecked.body["total"]), (201, &money(3_000_000)));
}
