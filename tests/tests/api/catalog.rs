//! The catalog (public) and the operator's products and coupons.

use cloudstore_tests::*;
use serde_json::{json, Value};

pub(crate) fn product_body(app: &TestApp, name: &str) -> Value {
    json!({
        "name": name, "vendor": "Acme", "category": "Productividad", "summary": "Resumen",
        "description": "Descripción", "features": ["Una", "Dos"], "screenshots": [app.media_url("screenshots/01KNC0VAZ4H1D0Q3ZC6D0N5Y8S.png")],
        "manual_url": "https://x.test/manual", "help_url": "https://x.test/ayuda", "launch_url": "https://x.test/app",
        "icon_url": app.media_url("icons/01KNC0VAZ4H1D0Q3ZC6D0N5Y8T.png"),
        "plans": [{ "id": "base", "name": "Base", "price": { "amount": 100_000, "currency": "ARS" }, "trial_days": 7 }]
    })
}

#[tokio::test]
async fn anyone_browses_the_catalog_and_its_product_sheets() {
    let app = TestApp::new().await;
    app.seed().await;
    let list = app.send(Req { method: "GET", path: "/products", body: None, bearer: None }).await;
    assert_eq!(list.status, 200);
    assert!(list.headers["cache-control"].to_str().unwrap().contains("max-age"));
    let items = list.body["items"].as_array().unwrap();
    assert_eq!(items.len(), demo_products("").len());
    let names: Vec<&str> = items.iter().map(|p| p["name"].as_str().unwrap()).collect();
    let mut sorted = names.clone();
    sorted.sort_by_key(|n| n.to_lowercase());
    assert_eq!(names, sorted);
    let categories: std::collections::HashSet<&str> = items.iter().map(|p| p["category"].as_str().unwrap()).collect();
    assert!(categories.len() >= 5);

    let id = items[0]["id"].as_str().unwrap();
    let sheet = app.send(Req { method: "GET", path: &format!("/products/{id}"), body: None, bearer: None }).await;
    assert_eq!(sheet.status, 200);
    for field in ["vendor", "summary", "description", "manual_url", "help_url", "launch_url", "icon_url"] {
        assert!(sheet.body[field].is_string(), "{field}");
    }
    assert_eq!(sheet.body["plans"][0]["price"]["currency"], "ARS");
    assert!(sheet.body["plans"][0]["trial_days"].is_u64());
    assert!(items.iter().any(|p| p["plans"].as_array().unwrap().iter().any(|pl| pl["trial_days"].as_u64() > Some(0))));

    let paged = app.send(Req { method: "GET", path: "/products?limit=4", body: None, bearer: None }).await;
    let cursor = paged.body["next_cursor"].as_str().unwrap();
    let rest = app.send(Req { method: "GET", path: &format!("/products?cursor={cursor}"), body: None, bearer: None }).await;
    assert_eq!(rest.body["items"].as_array().unwrap().len(), demo_products("").len() - 4);
    app.send(Req { method: "GET", path: "/products/01ARZ3NDEKTSV4RRFFQ69G5FAV", body: None, bearer: None })
        .await
        .assert_problem(404, "not_found");
}

#[tokio::test]
async fn the_operator_creates_changes_and_archives_products() {
    let app = TestApp::new().await;
    app.seed().await;
    let op = app.operator_token().await;
    let created = app.post_as(&op, "/products", product_body(&app, "Zeta Nube")).await;
    assert_eq!(created.status, 201, "{:?}", created.body);
    assert_eq!(created.body["active"], true);
    let id = created.body["id"].as_str().unwrap().to_string();

    let mut changed = product_body(&app, "Zeta Nube 2");
    changed["plans"][0]["price"]["amount"] = json!(120_000);
    let replaced = app.put_as(&op, &format!("/products/{id}"), changed).await;
    assert_eq!((replaced.status, replaced.body["name"].as_str()), (200, Some("Zeta Nube 2")));
    assert_eq!(replaced.body["plans"][0]["price"]["amount"], 120_000);

    assert_eq!(app.delete_as(&op, &format!("/products/{id}")).await.status, 204);
    let list = app.send(Req { method: "GET", path: "/products", body: None, bearer: None }).await;
    assert!(list.body["items"].as_array().unwrap().iter().all(|p| p["id"] != id.as_str()));
    let sheet = app.send(Req { method: "GET", path: &format!("/products/{id}"), body: None, bearer: None }).await;
    assert_eq!(sheet.body["active"], false);
    app.put_as(&op, "/products/01ARZ3NDEKTSV4RRFFQ69G5FAV", product_body(&app, "X")).await.assert_problem(404, "not_found");
}

#[tokio::test]
async fn bad_products_are_refused_field_by_field() {
    let app = TestApp::new().await;
    app.seed().await;
    let op = app.operator_token().await;
    let mut bad = product_body(&app, " ");
    bad["launch_url"] = json!("javascript:alert(1)");
    bad["plans"][0]["price"]["amount"] = json!(-5);
    let answer = app.post_as(&op, "/products", bad).await;
    answer.assert_problem(400, "validation_failed");
    let fields: Vec<&str> = answer.body["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap()).collect();
    assert_eq!(fields, ["name", "launch_url", "plans[0].price.amount"]);
    let mut no_plans = product_body(&app, "Sin planes");
    no_plans["plans"] = json!([]);
    app.post_as(&op, "/products", no_plans).await.assert_problem(400, "validation_failed");
    let mut dollars = product_body(&app, "Dólares");
    dollars["plans"][0]["price"]["currency"] = json!("USD");
    app.post_as(&op, "/products", dollars).await.assert_problem(400, "validation_failed");
}

/// Measured on main: `"icon_url": "https://example.com/i.png"` was saved, and every visitor of
/// the catalog got a broken image (the panel's CSP and a real network refuse it). Images are
/// files the store serves; manuals and help pages may stay outside links.
#[tokio::test]
async fn images_from_outside_the_store_are_refused_and_uploaded_ones_taken() {
    let app = TestApp::new().await;
    app.seed().await;
    let op = app.operator_token().await;
    let mut outside = product_body(&app, "Afuera");
    outside["icon_url"] = json!("https://example.com/i.png");
    outside["screenshots"] = json!([app.media_url("screenshots/ok.png"), "https://example.com/s.png"]);
    let answer = app.post_as(&op, "/products", outside).await;
    answer.assert_problem(400, "validation_failed");
    let errors = answer.body["errors"].as_array().unwrap();
    let fields: Vec<&str> = errors.iter().map(|e| e["field"].as_str().unwrap()).collect();
    assert_eq!(fields, ["screenshots[1]", "icon_url"]);
    assert_eq!(errors[1]["message"], "Las imágenes tienen que estar subidas a la tienda: usá «Subir imagen».");
    assert_eq!(errors[0]["message"], "Las imágenes tienen que estar subidas a la tienda: usá «Subir imágenes».");

    // A look-alike of the store's address, or a path that climbs out of media/, is outside too.
    let base = app.media_url("");
    for sneaky in [
        format!("{}.evil.test/media/i.png", base.trim_end_matches("/media/")),
        app.media_url("../web/i.png"),
        base.replace("/media/", "/other/i.png"),
    ] {
        let mut body = product_body(&app, "Afuera");
        body["icon_url"] = json!(sneaky);
        let answer = app.post_as(&op, "/products", body).await;
        answer.assert_problem(400, "validation_failed");
        assert_eq!(answer.body["errors"][0]["field"], "icon_url", "{sneaky}");
    }

    // Uploaded images, outside manuals and help pages, and no icon at all are all fine.
    let mut fine = product_body(&app, "Adentro");
    fine["manual_url"] = json!("https://example.com/manual.pdf");
    let created = app.post_as(&op, "/products", fine).await;
    assert_eq!(created.status, 201, "{:?}", created.body);
    assert_eq!(created.body["icon_url"], app.media_url("icons/01KNC0VAZ4H1D0Q3ZC6D0N5Y8T.png"));
    let mut no_icon = product_body(&app, "Sin ícono");
    no_icon["icon_url"] = json!("");
    assert_eq!(app.post_as(&op, "/products", no_icon).await.status, 201);
}

#[tokio::test]
async fn only_the_operator_changes_the_catalog() {
    let app = TestApp::new().await;
    app.seed().await;
    let admin = app.activated_admin().await;
    let (token, _) = app.tokens(&admin).await;
    app.post_as(&token, "/products", product_body(&app, "Pirata")).await.assert_problem(403, "forbidden");
    app.get_as(&token, "/coupons").await.assert_problem(403, "forbidden");
    app.post("/products", product_body(&app, "Anónimo")).await.assert_problem(401, "unauthorized");
}

#[tokio::test]
async fn the_operator_manages_coupons_with_case_insensitive_codes() {
    let app = TestApp::new().await;
    app.seed().await;
    let op = app.operator_token().await;
    let created = app
        .post_as(&op, "/coupons", json!({ "code": "verano-15", "description": "Verano", "percent_off": 15.5, "duration": "repeating", "duration_in_months": 3, "max_redemptions": 10 }))
        .await;
    assert_eq!(created.status, 201, "{:?}", created.body);
    assert_eq!(created.body["code"], "VERANO-15");
    assert_eq!(created.body["percent_off"], 15.5);
    assert_eq!(created.body["times_redeemed"], 0);
    assert_eq!(created.body["first_purchase_only"], false);
    let again = app.post_as(&op, "/coupons", json!({ "code": "VERANO-15", "percent_off": 5, "duration": "once" })).await;
    again.assert_problem(400, "validation_failed");
    assert_eq!(again.body["errors"][0]["field"], "code");

    let both = app
        .post_as(
            &op,
            "/coupons",
            json!({ "code": "AMBOS", "percent_off": 5, "amount_off": { "amount": 100, "currency": "ARS" }, "duration": "once" }),
        )
        .await;
    both.assert_problem(400, "validation_failed");
    let no_months = app.post_as(&op, "/coupons", json!({ "code": "SINMESES", "percent_off": 5, "duration": "repeating" })).await;
    no_months.assert_problem(400, "validation_failed");

    let patched = app.patch_as(&op, "/coupons/verano-15", json!({ "active": false, "description": "Fin de temporada" })).await;
    assert_eq!((patched.status, &patched.body["active"]), (200, &json!(false)));
    let list = app.get_as(&op, "/coupons").await;
    let codes: Vec<&str> = list.body["items"].as_array().unwrap().iter().map(|c| c["code"].as_str().unwrap()).collect();
    assert_eq!(codes, [WELCOME_COUPON, "VERANO-15"]);
    app.patch_as(&op, "/coupons/NOEXISTE", json!({ "active": false })).await.assert_problem(404, "not_found");
}

/// Found by negative contract fuzzing: `duration_in_months` outside 1 to 36 was accepted (and
/// dropped) when the duration was not `repeating`; the contract says 1 to 36 whenever it is sent.
#[tokio::test]
async fn coupon_months_are_one_to_thirty_six_whatever_the_duration() {
    let app = TestApp::new().await;
    app.seed().await;
    let op = app.operator_token().await;
    for (code, duration, months) in [("CERO", "once", 0), ("LARGO", "forever", 37), ("REPITE", "repeating", 0)] {
        let body = json!({ "code": code, "percent_off": 5, "duration": duration, "duration_in_months": months });
        let refused = app.post_as(&op, "/coupons", body).await;
        refused.assert_problem(400, "validation_failed");
        assert_eq!(refused.body["errors"][0]["field"], "duration_in_months", "{code}");
    }
    // In range, a duration other than `repeating` still ignores it.
    let once =
        app.post_as(&op, "/coupons", json!({ "code": "UNAVEZ", "percent_off": 5, "duration": "once", "duration_in_months": 3 })).await;
    assert_eq!(once.status, 201, "{:?}", once.body);
    assert!(once.body.get("duration_in_months").is_none());
    let patched = app.patch_as(&op, "/coupons/UNAVEZ", json!({ "duration_in_months": 0 })).await;
    patched.assert_problem(400, "validation_failed");
}
