//! End to end, the way the front end uses the API: over HTTP through `cargo lambda watch`, which
//! routes to the function binaries as API Gateway does, reading emails from the SES emulator.

use cloudstore_tests::*;
use serde_json::json;

#[tokio::test]
async fn a_newcomer_signs_up_activates_logs_in_and_resets_a_forgotten_password() {
    let api = Http::new();
    let email = unique_email("e2e");
    let signed = api
        .send(
            "POST",
            "/signup",
            Some(json!({ "company": { "name": "Pampa Cloud SRL" }, "admin": { "name": "Lucía", "email": email } })),
            None,
        )
        .await;
    assert_eq!(signed.status, 202, "{:?}", signed.body);

    let mail = last_mail_to(&email).await;
    assert!(mail.link().contains("/activate?token="));
    let activated = api
        .send("POST", "/activation", Some(json!({ "token": mail.token(), "password": PASSWORD, "password_confirmation": PASSWORD })), None)
        .await;
    assert_eq!(activated.status, 200, "{:?}", activated.body);

    let login = api.send("POST", "/login", Some(json!({ "email": email, "password": PASSWORD })), None).await;
    assert_eq!(login.status, 200, "{:?}", login.body);
    let access = login.body["access_token"].as_str().unwrap().to_string();
    let me = api.send("GET", "/me", None, Some(&access)).await;
    assert_eq!(me.status, 200);
    assert_eq!(me.body["company"]["name"], "Pampa Cloud SRL");
    assert_eq!(me.body["role"], "admin");

    assert_eq!(api.send("POST", "/password-reset", Some(json!({ "email": email })), None).await.status, 202);
    let reset = last_mail_to(&email).await;
    assert!(reset.link().contains("/reset-password?token="));
    let fresh = "otra frase bien larga";
    let confirmed = api
        .send(
            "POST",
            "/password-reset/confirm",
            Some(json!({ "token": reset.token(), "password": fresh, "password_confirmation": fresh })),
            None,
        )
        .await;
    assert_eq!(confirmed.status, 200, "{:?}", confirmed.body);
    assert_eq!(api.send("GET", "/me", None, Some(&access)).await.status, 401);
    assert_eq!(api.send("POST", "/login", Some(json!({ "email": email, "password": fresh })), None).await.status, 200);
}

#[tokio::test]
async fn concurrent_signups_racing_across_instances_create_one_account() {
    let api = Http::new();
    let email = unique_email("race-e2e");
    let body = json!({ "company": { "name": "Gemelas SA" }, "admin": { "name": "Uno", "email": email } });
    let answers = futures::future::join_all((0..8).map(|_| api.send("POST", "/signup", Some(body.clone()), None))).await;
    let statuses: Vec<u16> = answers.iter().map(|a| a.status).collect();
    assert!(answers.iter().all(|a| a.status == 202 && a.body == answers[0].body), "{statuses:?}");
    let activations = mails_to(&email).await.into_iter().filter(|m| m.subject.starts_with("Activá")).count();
    assert_eq!(activations, 1, "one account, one activation link");
}

#[tokio::test]
async fn the_seeded_staff_can_log_in() {
    let api = Http::new();
    for email in ["operator@cloudstore.test", "ventas@cloudstore.test"] {
        let login = api.send("POST", "/login", Some(json!({ "email": email, "password": LOCAL_PASSWORD })), None).await;
        assert_eq!(login.status, 200, "{email}: {:?}", login.body);
    }
}

#[tokio::test]
async fn the_staff_cockpits_answer_through_the_gateway() {
    let api = Http::new();
    let token = |email: &'static str| {
        let api = &api;
        async move {
            let login = api.send("POST", "/login", Some(json!({ "email": email, "password": LOCAL_PASSWORD })), None).await;
            login.body["access_token"].as_str().unwrap().to_string()
        }
    };
    let (rep, op) = (token("ventas@cloudstore.test").await, token("operator@cloudstore.test").await);
    let name = format!("Gateway {}", ulid::Ulid::new());
    let body =
        json!({ "company": { "name": name, "tax_id": "30-71234567-1" }, "admin": { "name": "Ana", "email": unique_email("gateway") } });
    let made = api.send("POST", "/sales/companies", Some(body), Some(&rep)).await;
    assert_eq!(made.status, 201, "{:?}", made.body);
    // The seeded rep may serve many companies by now and a search filters each page it reads, so
    // the new one (the newest, on the last page) is found by following the cursor.
    let (mut found, mut cursor) = (Vec::new(), String::new());
    loop {
        let path = format!("/sales/companies?limit=50&query={}{cursor}", name.to_lowercase().replace(' ', "%20"));
        let page = api.send("GET", &path, None, Some(&rep)).await;
        assert_eq!(page.status, 200, "{:?}", page.body);
        found.extend(page.body["items"].as_array().unwrap().iter().map(|c| c["id"].clone()));
        match page.body["next_cursor"].as_str() {
            Some(next) => cursor = format!("&cursor={next}"),
            None => break,
        }
    }
    assert_eq!(found, [made.body["company_id"].clone()]);
    for path in ["/sales/orders", "/sales/terminations"] {
        assert_eq!(api.send("GET", path, None, Some(&rep)).await.status, 200, "{path}");
    }
    for path in ["/operator/companies?limit=5", "/operator/users?role=sales_rep"] {
        assert_eq!(api.send("GET", path, None, Some(&op)).await.status, 200, "{path}");
    }
    api.send("GET", "/sales/companies", None, Some(&op)).await.assert_problem(403, "forbidden");
}

#[tokio::test]
async fn bad_requests_through_the_gateway_are_problems_not_500s() {
    let api = Http::new();
    let answer = api.send("POST", "/login", Some(json!({ "email": "a@b.co", "password": "x", "extra": 1 })), None).await;
    answer.assert_problem(400, "validation_failed");
    let unauth = api.send("GET", "/me", None, Some("not-a-token")).await;
    unauth.assert_problem(401, "unauthorized");
}

#[tokio::test]
async fn the_scheduled_expiry_runs_through_cargo_lambda_like_eventbridge_invokes_it() {
    let api = Http::new();
    let event: serde_json::Value = serde_json::from_str(include_str!("../../../events/expire-activations.json")).unwrap();
    let url = format!("{}/2015-03-31/functions/expire-activations/invocations", api.base);
    let response = reqwest::Client::new().post(url).json(&event).send().await.unwrap();
    assert_eq!(response.status(), 200);
    let report: serde_json::Value = response.json().await.unwrap();
    assert!(report["links"].is_u64() && report["users_expired"].is_u64(), "{report}");
}

#[tokio::test]
async fn an_admin_manages_a_user_through_the_gateway() {
    let api = Http::new();
    let email = unique_email("admin-e2e");
    let signed = api
        .send("POST", "/signup", Some(json!({ "company": { "name": "Ruta SA" }, "admin": { "name": "Ada", "email": email } })), None)
        .await;
    assert_eq!(signed.status, 202);
    let token = last_mail_to(&email).await.token();
    api.send("POST", "/activation", Some(json!({ "token": token, "password": PASSWORD, "password_confirmation": PASSWORD })), None).await;
    let login = api.send("POST", "/login", Some(json!({ "email": email, "password": PASSWORD })), None).await;
    let access = login.body["access_token"].as_str().unwrap().to_string();
    let first_admin = login.body["user"]["id"].as_str().unwrap().to_string();

    let user_email = unique_email("user-e2e");
    let created = api.send("POST", "/users", Some(json!({ "name": "Beto", "email": user_email, "role": "user" })), Some(&access)).await;
    assert_eq!(created.status, 201, "{:?}", created.body);
    let id = created.body["id"].as_str().unwrap();
    let patched = api.send("PATCH", &format!("/users/{id}"), Some(json!({ "role": "admin" })), Some(&access)).await;
    assert_eq!(patched.body["role"], "admin");
    let last = api.send("DELETE", &format!("/users/{first_admin}"), None, Some(&access)).await;
    assert_eq!(last.status, 204, "with a second admin the first may go: {:?}", last.body);
    assert_eq!(api.send("GET", "/me", None, Some(&access)).await.status, 401);
}

#[tokio::test]
async fn an_admin_buys_from_the_seeded_catalog_with_the_welcome_coupon() {
    let api = Http::new();
    let email = unique_email("buyer-e2e");
    api.send("POST", "/signup", Some(json!({ "company": { "name": "Compras SA" }, "admin": { "name": "Eva", "email": email } })), None)
        .await;
    let token = last_mail_to(&email).await.token();
    api.send("POST", "/activation", Some(json!({ "token": token, "password": PASSWORD, "password_confirmation": PASSWORD })), None).await;
    let login = api.send("POST", "/login", Some(json!({ "email": email, "password": PASSWORD })), None).await;
    let access = login.body["access_token"].as_str().unwrap().to_string();

    let catalog = api.send("GET", "/products", None, None).await;
    assert_eq!(catalog.status, 200);
    let product = &catalog.body["items"][0];
    let cart = json!({
        "items": [{ "product_id": product["id"], "plan_id": product["plans"][0]["id"], "seats": 2 }],
        "coupon_code": "BIENVENIDA20"
    });
    let quote = api.send("POST", "/checkout/quote", Some(cart.clone()), Some(&access)).await;
    assert_eq!(quote.status, 200, "{:?}", quote.body);
    let order = reqwest::Client::new()
        .post(format!("{}/orders", api.base))
        .bearer_auth(&access)
        .header("Idempotency-Key", "e2e-order-1")
        .json(&cart)
        .send()
        .await
        .unwrap();
    assert_eq!(order.status(), 201);
    let order: serde_json::Value = order.json().await.unwrap();
    assert_eq!(order["total"], quote.body["total"]);
    let subs = api.send("GET", "/subscriptions", None, Some(&access)).await;
    assert_eq!(subs.body["items"].as_array().unwrap().len(), 1);
}

/// What `make dev` and `make test` seed: every product of the store shows an icon and at least two
/// screenshots, served by the local media bucket at URLs that do not expire, and a manual.
#[tokio::test]
async fn every_seeded_product_shows_an_icon_and_two_screenshots_that_load() {
    let api = Http::new();
    let products = api.send("GET", "/products?limit=100", None, None).await;
    assert_eq!(products.status, 200);
    let client = reqwest::Client::new();
    let items = products.body["items"].as_array().unwrap();
    assert!(items.len() >= 7);
    for product in items.iter().filter(|p| p["id"].as_str().is_some_and(|id| demo_products("").iter().any(|d| d.id.as_str() == id))) {
        let shots = product["screenshots"].as_array().unwrap();
        assert!(shots.len() >= 2, "{}: {shots:?}", product["name"]);
        let images = shots.iter().chain([&product["icon_url"]]).map(|u| u.as_str().unwrap());
        for url in images {
            assert!(!url.contains("X-Amz-"), "a media URL never expires: {url}");
            let got = client.get(url).send().await.unwrap_or_else(|e| panic!("{url}: {e}"));
            assert_eq!(got.status(), 200, "{url}");
            assert_eq!(got.headers()["content-type"], "image/png", "{url}");
            assert!(got.bytes().await.unwrap().starts_with(b"\x89PNG"), "{url}");
        }
        let manual = client.get(product["manual_url"].as_str().unwrap()).send().await.unwrap();
        assert_eq!(manual.headers()["content-type"], "application/pdf");
    }
}

/// The help centre, through the deployed-like router, as the store shows it.
#[tokio::test]
async fn the_help_centre_answers_over_http() {
    let api = Http::new();
    let help = api.send("GET", "/help?query=procesos%20delegados", None, None).await;
    assert_eq!(help.status, 200, "{:?}", help.body);
    let items = help.body["items"].as_array().unwrap();
    assert!(items.iter().any(|a| a["question"] == "¿Cómo apruebo una compra que hizo mi comercial?"), "{items:?}");
}
