//! The sales rep's cockpit: the companies I serve (with their admins, subscriptions and pending
//! orders), my delegated orders and their state, onboarding a new customer; and the CUIT's check
//! digit wherever a CUIT is given.

use crate::kit::*;
use cloudstore_tests::*;
use serde_json::{json, Value};

/// A valid CUIT from its first ten digits (the check digit computed as AFIP does), or `None`
/// when those ten digits have none (a remainder of 1).
pub fn cuit(ten: &str) -> Option<String> {
    let weights = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2];
    let sum: u32 = ten.chars().zip(weights).map(|(c, w)| c.to_digit(10).unwrap() * w).sum();
    let check = match 11 - sum % 11 {
        11 => 0,
        10 => return None,
        d => d,
    };
    Some(format!("{}-{}-{check}", &ten[..2], &ten[2..]))
}

fn by_id<'a>(items: &'a [Value], id: &str) -> &'a Value {
    items.iter().find(|i| i["id"] == id).unwrap_or_else(|| panic!("{id} is not in {items:?}"))
}

#[tokio::test]
async fn a_rep_lists_only_the_companies_they_serve_with_admins_subscriptions_and_pending_orders() {
    let app = TestApp::new().await;
    app.seed().await;
    let op = app.operator_token().await;
    let (rita, bruno) = (rep(&app, &op, "Rita Ventas").await, rep(&app, &op, "Bruno Ventas").await);
    let (mine, also_mine, theirs) = (app.activated_admin().await, app.activated_admin().await, app.activated_admin().await);
    for (company, who) in [(&mine, &rita), (&also_mine, &rita), (&theirs, &bruno)] {
        assert_eq!(assign(&app, &op, &company.company_id, &who.id).await.status, 200);
    }
    let (admin_token, _) = app.tokens(&mine).await;
    let bought = app.order(&admin_token, "direct", cart(2)).await;
    assert_eq!(bought.status, 201, "{:?}", bought.body);
    let placed = delegated(&app, &rita.token, &mine.company_id, "rep-1", cart(3)).await;
    assert_eq!(placed.status, 201, "{:?}", placed.body);

    let listed = items(&app.get_as(&rita.token, "/sales/companies").await);
    assert_eq!(listed.len(), 2, "{listed:?}");
    let acme = by_id(&listed, &mine.company_id);
    assert_eq!((acme["name"].as_str(), acme["status"].as_str()), (Some("Acme SA"), Some("active")));
    assert_eq!(acme["tax_id"], "30-71234567-1");
    assert_eq!(acme["admins"], json!([{ "id": mine.user_id, "name": "Ana Pérez", "email": mine.email, "status": "active" }]));
    let subs = acme["subscriptions"].as_array().unwrap();
    assert_eq!(subs.len(), 1);
    assert_eq!((subs[0]["product_name"].as_str(), subs[0]["seats"].as_u64()), (Some("Factura Ya"), Some(2)));
    assert_eq!(subs[0]["id"], bought.body["subscription_ids"][0]);
    let pending = acme["pending_orders"].as_array().unwrap();
    assert_eq!(pending.len(), 1);
    assert_eq!((&pending[0]["id"], &pending[0]["total"]), (&placed.body["id"], &placed.body["total"]));
    assert_eq!(by_id(&listed, &also_mine.company_id)["pending_orders"], json!([]));

    // Tenancy: Bruno sees only his company; customers and operators don't have a cockpit.
    let his = items(&app.get_as(&bruno.token, "/sales/companies").await);
    assert_eq!(his.iter().map(|c| c["id"].as_str().unwrap()).collect::<Vec<_>>(), [theirs.company_id.as_str()]);
    app.get_as(&admin_token, "/sales/companies").await.assert_problem(403, "forbidden");
    app.get_as(&op, "/sales/companies").await.assert_problem(403, "forbidden");
    app.get_as("not-a-token", "/sales/companies").await.assert_problem(401, "unauthorized");
}

#[tokio::test]
async fn a_rep_finds_a_company_by_name_or_cuit_page_by_page() {
    let app = TestApp::new().await;
    app.seed().await;
    let op = app.operator_token().await;
    let rita = rep(&app, &op, "Rita Ventas").await;
    let names = ["Panadería Ñandú", "Ferretería Sur", "Óptica Centro", "Librería Norte", "Vivero Oeste"];
    let cuits: Vec<String> = (0..40).filter_map(|i| cuit(&format!("30{:08}", 71_234_500 + i))).take(names.len()).collect();
    for (name, tax) in names.iter().zip(&cuits) {
        let made = onboard(&app, &rita.token, name, Some(tax), &unique_email("dora")).await;
        assert_eq!(made.status, 201, "{:?}", made.body);
    }
    let found = |q: &str| {
        let path = format!("/sales/companies?limit=2&query={q}");
        let (app, token) = (&app, rita.token.clone());
        async move { every_page(app, &token, &path).await.iter().map(|c| c["name"].as_str().unwrap().to_string()).collect::<Vec<_>>() }
    };
    assert_eq!(found("nandu").await, ["Panadería Ñandú"]);
    assert_eq!(found("OPTICA").await, ["Óptica Centro"]);
    assert_eq!(found(&cuits[3]).await, ["Librería Norte"]);
    assert_eq!(found(&cuits[4].replace('-', "")).await, ["Vivero Oeste"]);
    assert_eq!(found("eria").await, ["Panadería Ñandú", "Ferretería Sur", "Librería Norte"]);
    assert_eq!(found("").await.len(), 5);
    assert!(found("zzz").await.is_empty());
    // Pages of two, in creation order, cursors that only continue this list.
    let first = app.get_as(&rita.token, "/sales/companies?limit=2").await;
    assert_eq!(items(&first).len(), 2);
    let cursor = first.body["next_cursor"].as_str().unwrap();
    let other = rep(&app, &op, "Bruno Ventas").await;
    app.get_as(&other.token, &format!("/sales/companies?cursor={cursor}")).await.assert_problem(400, "validation_failed");
    app.get_as(&rita.token, "/sales/companies?limit=0").await.assert_problem(400, "validation_failed");
    app.get_as(&rita.token, "/sales/companies?limit=51").await.assert_problem(400, "validation_failed");
}

#[tokio::test]
async fn a_rep_follows_their_delegated_orders_and_no_one_elses() {
    let app = TestApp::new().await;
    app.seed().await;
    let op = app.operator_token().await;
    let (rita, bruno) = (rep(&app, &op, "Rita Ventas").await, rep(&app, &op, "Bruno Ventas").await);
    let admin = app.activated_admin().await;
    let (admin_token, _) = app.tokens(&admin).await;
    assign(&app, &op, &admin.company_id, &rita.id).await;
    let mut ids = Vec::new();
    for i in 0..3 {
        let placed = delegated(&app, &rita.token, &admin.company_id, &format!("k{i}"), cart(i + 1)).await;
        assert_eq!(placed.status, 201, "{:?}", placed.body);
        ids.push(placed.body["id"].as_str().unwrap().to_string());
    }
    let (first, second, third) = (&ids[0], &ids[1], &ids[2]);
    assert_eq!(app.post_as(&admin_token, &format!("/approvals/{first}/approve"), json!({})).await.status, 200);
    let rejected = app.post_as(&admin_token, &format!("/approvals/{second}/reject"), json!({ "reason": "Ahora no" })).await;
    assert_eq!(rejected.status, 200);

    let mine = items(&app.get_as(&rita.token, "/sales/orders").await);
    let listed: Vec<(&str, &str)> = mine.iter().map(|o| (o["id"].as_str().unwrap(), o["status"].as_str().unwrap())).collect();
    assert_eq!(listed, [(third.as_str(), "pending_approval"), (second.as_str(), "rejected"), (first.as_str(), "approved")]);
    assert!(mine.iter().all(|o| o["company_name"] == "Acme SA" && o["company_id"] == admin.company_id.as_str()));
    assert_eq!(mine[1]["reason"], "Ahora no");
    assert_eq!(mine[2]["subscription_ids"].as_array().unwrap().len(), 1);
    assert!(mine.iter().all(|o| o.get("notify_email").is_none()));

    // The daily expiry rewrites the rep's copy too.
    let later = time::OffsetDateTime::now_utc() + time::Duration::days(31);
    assert_eq!(cloudstore::delegation::expire_stale(&app.state, later).await.unwrap(), 1);
    assert_eq!(items(&app.get_as(&rita.token, "/sales/orders").await)[0]["status"], "expired");
    // One page at a time.
    let page = app.get_as(&rita.token, "/sales/orders?limit=2").await;
    assert_eq!(items(&page).len(), 2);
    assert_eq!(every_page(&app, &rita.token, "/sales/orders?limit=2").await.len(), 3);

    assert!(items(&app.get_as(&bruno.token, "/sales/orders").await).is_empty());
    app.get_as(&admin_token, "/sales/orders").await.assert_problem(403, "forbidden");
    app.get_as(&op, "/sales/orders").await.assert_problem(403, "forbidden");
}

#[tokio::test]
async fn a_rep_onboards_a_customer_orders_at_once_and_the_admin_approves_after_activating() {
    let app = TestApp::new().await;
    app.seed().await;
    let op = app.operator_token().await;
    let rita = rep(&app, &op, "Rita Ventas").await;
    let email = unique_email("dora");
    let made = onboard(&app, &rita.token, "  Nueva Empresa SA ", Some(" 30 71234567 1 "), &email).await;
    assert_eq!(made.status, 201, "{:?}", made.body);
    let company = made.body["company_id"].as_str().unwrap().to_string();
    assert_eq!(made.body.as_object().unwrap().len(), 1, "{:?}", made.body);

    let welcome = last_mail_to(&email).await;
    assert_eq!(welcome.subject, "Rita Ventas abrió la cuenta de Nueva Empresa SA en Cloud Store");
    assert!(welcome.text.contains("Rita Ventas, tu representante comercial, abrió la cuenta de Nueva Empresa SA"), "{}", welcome.text);
    assert!(welcome.text.contains("/activate?token="), "{}", welcome.text);

    let listed = items(&app.get_as(&rita.token, "/sales/companies").await);
    let nueva = by_id(&listed, &company);
    assert_eq!((nueva["name"].as_str(), nueva["tax_id"].as_str()), (Some("Nueva Empresa SA"), Some("30-71234567-1")));
    assert_eq!(nueva["admins"][0]["status"], "pending_activation");

    // The rep orders at once; the admin, not yet active, is told and decides after activating.
    let placed = delegated(&app, &rita.token, &company, "first", cart(2)).await;
    assert_eq!((placed.status, placed.body["status"].as_str()), (201, Some("pending_approval")), "{:?}", placed.body);
    let activation = mails_to(&email).await.into_iter().find(|m| m.subject == welcome.subject).unwrap();
    let activated =
        app.post("/activation", json!({ "token": activation.token(), "password": PASSWORD, "password_confirmation": PASSWORD })).await;
    assert_eq!(activated.status, 200, "{:?}", activated.body);
    let login = app.login(&email, PASSWORD).await;
    let token = login.body["access_token"].as_str().unwrap();
    assert_eq!(login.body["user"]["role"], "admin");
    assert_eq!(items(&app.get_as(token, "/approvals").await)[0]["id"], placed.body["id"]);
    let id = placed.body["id"].as_str().unwrap();
    assert_eq!(app.post_as(token, &format!("/approvals/{id}/approve"), json!({})).await.status, 200);
    // The company's trail says who opened it.
    let trail = items(&app.get_as(token, "/audit").await);
    let opened = trail.iter().find(|e| e["action"] == "company.onboarded").expect("an onboarding entry");
    assert_eq!((opened["actor_id"].as_str(), opened["target_id"].as_str()), (Some(rita.id.as_str()), Some(company.as_str())));
}

#[tokio::test]
async fn onboarding_refuses_what_signup_would_and_only_reps_onboard() {
    let app = TestApp::new().await;
    app.seed().await;
    let op = app.operator_token().await;
    let rita = rep(&app, &op, "Rita Ventas").await;
    let bad = onboard(&app, &rita.token, "Mala SA", Some("30-71234567-9"), &unique_email("x")).await;
    bad.assert_problem(400, "validation_failed");
    assert_eq!(bad.body["errors"][0]["field"], "company.tax_id");
    let empty =
        app.post_as(&rita.token, "/sales/companies", json!({ "company": { "name": "" }, "admin": { "name": "", "email": "no" } })).await;
    empty.assert_problem(400, "validation_failed");
    let fields: Vec<&str> = empty.body["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap()).collect();
    assert_eq!(fields, ["company.name", "admin.name", "admin.email"]);
    app.post_as(
        &rita.token,
        "/sales/companies",
        json!({ "company": { "name": "X" }, "admin": { "name": "Y", "email": unique_email("y") }, "extra": 1 }),
    )
    .await
    .assert_problem(400, "validation_failed");
    let admin = app.activated_admin().await;
    onboard(&app, &rita.token, "Otra SA", None, &admin.email).await.assert_problem(409, "email_taken");
    let (admin_token, _) = app.tokens(&admin).await;
    onboard(&app, &admin_token, "Otra SA", None, &unique_email("z")).await.assert_problem(403, "forbidden");
    onboard(&app, &op, "Otra SA", None, &unique_email("z")).await.assert_problem(403, "forbidden");
    // A stranger hears nothing about the body.
    app.post_as("nope", "/sales/companies", json!({})).await.assert_problem(401, "unauthorized");
    // Nothing was half-written: the rep still serves no company.
    assert!(items(&app.get_as(&rita.token, "/sales/companies").await).is_empty());
}

#[tokio::test]
async fn a_cuit_must_pass_its_check_digit_at_signup_too_and_is_stored_normalised() {
    let app = TestApp::new().await;
    app.seed().await;
    let op = app.operator_token().await;
    let signup = |tax: &str, email: &str| {
        app.post("/signup", json!({ "company": { "name": "Cuit SA", "tax_id": tax }, "admin": { "name": "Ana", "email": email } }))
    };
    for bad in ["30-71234567-9", "30-7123456-1", "3O-71234567-1", "30712345671999", "20-00000001-0"] {
        let refused = signup(bad, &unique_email("bad")).await;
        refused.assert_problem(400, "validation_failed");
        assert_eq!(refused.body["errors"][0]["field"], "company.tax_id", "{bad}");
    }
    let email = unique_email("good");
    let made = signup("30712345671", &email).await;
    assert_eq!(made.status, 202, "{:?}", made.body);
    let listed = items(&app.get_as(&op, "/operator/companies?query=cuit").await);
    assert_eq!(listed.len(), 1, "{listed:?}");
    assert_eq!(listed[0]["tax_id"], "30-71234567-1");
    // A person's CUIT (20-…) too.
    assert_eq!(signup("20-12345678-6", &unique_email("p")).await.status, 202);
    assert_eq!(cuit("2012345678").as_deref(), Some("20-12345678-6"));
}
