//! The edge: malformed input, unknown fields, oversized bodies and odd paths get a problem+json
//! 4xx, never a 500, and nothing is written.

use cloudstore_tests::*;
use serde_json::json;

fn raw(path: &str, body: &str) -> Req<'static> {
    Req { method: "POST", path: Box::leak(path.to_string().into_boxed_str()), body: Some(body.as_bytes().to_vec()), bearer: None }
}

#[tokio::test]
async fn malformed_json_is_a_validation_problem() {
    let app = TestApp::new().await;
    for body in ["{", "not json", "[]", "null", "", "{\"email\": 5, \"password\": \"x\"}"] {
        let answer = app.send(raw("/login", body)).await;
        answer.assert_problem(400, "validation_failed");
        assert!(answer.body["errors"][0]["field"].is_string(), "{body}: {:?}", answer.body);
    }
}

#[tokio::test]
async fn a_wrong_type_names_its_field() {
    let app = TestApp::new().await;
    let answer = app.post("/signup", json!({ "company": { "name": 42 }, "admin": { "name": "A", "email": "a@b.co" } })).await;
    answer.assert_problem(400, "validation_failed");
    assert_eq!(answer.body["errors"][0]["field"], "company.name");
}

#[tokio::test]
async fn unknown_fields_are_refused() {
    let app = TestApp::new().await;
    let email = unique_email("extra");
    let answer =
        app.post("/signup", json!({ "company": { "name": "Acme" }, "admin": { "name": "A", "email": email, "role": "operator" } })).await;
    answer.assert_problem(400, "validation_failed");
    assert_eq!(answer.body["errors"][0]["field"], "admin.role");
    // Nothing was written: the email is still free.
    assert_eq!(app.signup(&email).await.status, 201);
}

#[tokio::test]
async fn bodies_over_64_kib_are_refused() {
    let app = TestApp::new().await;
    let big = json!({ "email": "a@b.co", "password": "x".repeat(70 * 1024) }).to_string();
    let answer = app.send(raw("/login", &big)).await;
    answer.assert_problem(400, "validation_failed");
    assert_eq!(answer.body["errors"][0]["field"], "body");
}

#[tokio::test]
async fn odd_paths_and_methods_get_problems() {
    let app = TestApp::new().await;
    app.send(Req { method: "GET", path: "/nowhere/../../etc", body: None, bearer: None }).await.assert_problem(404, "not_found");
    app.send(Req { method: "GET", path: "/signup", body: None, bearer: None }).await.assert_problem(405, "method_not_allowed");
    app.send(Req { method: "DELETE", path: "/login", body: None, bearer: None }).await.assert_problem(405, "method_not_allowed");
}

#[tokio::test]
async fn a_malformed_email_at_login_is_a_validation_problem() {
    let app = TestApp::new().await;
    let answer = app.login("no-at-sign", "whatever it is").await;
    answer.assert_problem(400, "validation_failed");
    assert_eq!(answer.body["errors"][0]["field"], "email");
}

#[tokio::test]
async fn odd_ids_and_cursors_are_problems_not_500s() {
    let app = TestApp::new().await;
    app.seed().await;
    let op = app.operator_token().await;
    let long = "a".repeat(3_000);
    let product = json!({ "name": "X", "vendor": "V", "category": "C", "launch_url": "https://x.test/",
        "plans": [{ "id": "p", "name": "P", "price": { "amount": 1, "currency": "ARS" } }] });
    app.put_as(&op, &format!("/products/{long}"), product).await.assert_problem(404, "not_found");
    app.delete_as(&op, &format!("/products/{long}")).await.assert_problem(404, "not_found");
    for path in ["/coupons?cursor=", "/products?cursor=", "/coupons?cursor=%20"] {
        app.get_as(&op, path).await.assert_problem(400, "validation_failed");
    }
    let admin = app.activated_admin().await;
    let (token, _) = app.tokens(&admin).await;
    let order =
        app.order(&token, "k", json!({ "items": [{ "product_id": "01KMR301Z6D7S9DX7VW94EDFBF", "plan_id": "equipo", "seats": 1 }] })).await;
    let sub = order.body["subscription_ids"][0].as_str().unwrap();
    app.delete_as(&token, &format!("/subscriptions/{sub}/licences/{long}")).await.assert_problem(404, "not_found");
    // Path segments that are not valid UTF-8 are unknown ids too, answered as problem+json.
    app.get_as(&token, "/users/%FF%FE").await.assert_problem(404, "not_found");
    app.delete_as(&token, &format!("/subscriptions/{sub}/licences/%C3%28")).await.assert_problem(404, "not_found");
    app.get_as(&token, "/orders/%FF").await.assert_problem(404, "not_found");
    // A percentage that rounds to nothing is no discount.
    for tiny in [1e-9, 0.001] {
        app.post_as(&op, "/coupons", json!({ "code": "CASICERO", "percent_off": tiny, "duration": "once" }))
            .await
            .assert_problem(400, "validation_failed");
    }
}

#[tokio::test]
async fn authenticated_answers_are_never_cached_and_the_catalog_is() {
    let app = TestApp::new().await;
    app.seed().await;
    let admin = app.activated_admin().await;
    let (token, _) = app.tokens(&admin).await;
    for path in ["/me", "/users", "/subscriptions", "/users/nobody"] {
        let answer = app.get_as(&token, path).await;
        assert_eq!(answer.headers["cache-control"], "no-store", "{path}");
    }
    let catalog = app.send(Req { method: "GET", path: "/products", body: None, bearer: None }).await;
    assert_eq!(catalog.status, 200);
    assert!(catalog.headers["cache-control"].to_str().unwrap().starts_with("public"));
}

/// Found by negative contract fuzzing: serde reads a struct from an array of its fields in order,
/// so `[null, null]` was a `PATCH` that changed nothing (200) and `{"company": ["Acme SA"], …}` a
/// sign-up. A body and every object in it are JSON objects.
#[tokio::test]
async fn a_body_is_made_of_objects_never_arrays_of_their_fields() {
    let app = TestApp::new().await;
    app.seed().await;
    let admin = app.activated_admin().await;
    let (token, _) = app.tokens(&admin).await;
    let answer = app.patch_as(&token, &format!("/users/{}", admin.user_id), json!([null, null])).await;
    answer.assert_problem(400, "validation_failed");
    assert_eq!(answer.body["errors"][0]["field"], "body");
    let cart = json!({ "items": [["01KMR301Z6D7S9DX7VW94EDFBF", "equipo", 1]] });
    let answer = app.post_as(&token, "/checkout/quote", cart).await;
    answer.assert_problem(400, "validation_failed");
    assert_eq!(answer.body["errors"][0]["field"], "items[0]");
    let op = app.operator_token().await;
    let limits = format!("/operator/companies/{}/spend-limits", admin.company_id);
    app.put_as(&op, &limits, json!([null, null])).await.assert_problem(400, "validation_failed");
    app.patch_as(&op, "/coupons/BIENVENIDA20", json!([null, null])).await.assert_problem(400, "validation_failed");
    let email = unique_email("array");
    let answer = app.post("/signup", json!({ "company": ["Acme SA"], "admin": { "name": "Ana", "email": email } })).await;
    answer.assert_problem(400, "validation_failed");
    assert_eq!(answer.body["errors"][0]["field"], "company");
    // Nothing was written: the email is still free.
    assert_eq!(app.signup(&email).await.status, 201);
}
