//! Vendors: the operator opens a vendor's account, its person activates from the email and signs
//! in with role `vendor`; the operator lists the vendors; a product names its vendor, and only a
//! vendor's id is taken. A vendor is not a customer: it is not in the operator's company list.

use crate::catalog::product_body;
use crate::kit::{audit_actions, every_page, operator_company};
use cloudstore_dev::seed::{DEMO_VENDOR_ID, VENDOR_EMAIL};
use cloudstore_tests::*;
use serde_json::{json, Value};

async fn open_vendor(app: &TestApp, op: &str, name: &str, email: &str) -> Answer {
    app.post_as(op, "/operator/vendors", json!({ "name": name, "admin": { "name": "Paula Proveedora", "email": email } })).await
}

async fn public_product(app: &TestApp, id: &str) -> Answer {
    app.send(Req { method: "GET", path: &format!("/products/{id}"), body: None, bearer: None }).await
}

#[tokio::test]
async fn the_operator_opens_a_vendors_account_and_its_person_signs_in_as_a_vendor() {
    let app = TestApp::new().await;
    app.seed().await;
    let op = app.operator_token().await;
    let email = unique_email("paula");
    let created = open_vendor(&app, &op, "  Andes Software ", &email).await;
    assert_eq!(created.status, 201, "{:?}", created.body);
    let vendor_id = created.body["vendor_id"].as_str().unwrap().to_string();
    assert_eq!(created.body, json!({ "vendor_id": vendor_id }));

    // The store, not a company, invited them: the email names no company.
    let mail = last_mail_to(&email).await;
    assert!(mail.text.contains("Se creó tu cuenta en Cloud Store"), "{}", mail.text);
    assert_eq!(app.activate_from_mail(&email, PASSWORD).await.status, 200);
    let login = app.login(&email, PASSWORD).await;
    assert_eq!(login.status, 200, "{:?}", login.body);
    let token = login.body["access_token"].as_str().unwrap();
    let me = app.get_as(token, "/me").await;
    assert_eq!((me.body["role"].as_str(), me.body["company_id"].as_str()), (Some("vendor"), Some(vendor_id.as_str())));
    assert_eq!(app.get_as(token, "/me/apps").await.body["items"], json!([]));

    // The list: the seeded demo vendor, then the new one, each with who to talk to.
    let listed = every_page(&app, &op, "/operator/vendors?limit=1").await;
    let demo = json!({ "id": DEMO_VENDOR_ID, "name": "Proveedor Demo",
        "admin": { "name": "Equipo de Proveedor Demo", "email": VENDOR_EMAIL }, "failing_endpoints": 0 });
    let andes = json!({ "id": vendor_id, "name": "Andes Software",
        "admin": { "name": "Paula Proveedora", "email": email.to_lowercase() }, "failing_endpoints": 0 });
    assert_eq!(listed, vec![demo, andes]);

    // Not a customer: the operator's company list does not show it.
    let companies = every_page(&app, &op, "/operator/companies?limit=100").await;
    assert!(companies.iter().all(|c| c["id"] != vendor_id.as_str()), "{companies:?}");
    // In the operator's trail.
    let trail = audit_actions(&app, &operator_company(&app, &op).await).await;
    let entry = trail.iter().find(|e| e["action"] == "vendor.created").expect("a vendor.created entry");
    assert_eq!(entry["target_id"], vendor_id.as_str());
    assert_eq!(entry["detail"], json!({ "vendor": "Andes Software", "admin": email.to_lowercase() }));

    // An email with an account can't open another.
    open_vendor(&app, &op, "Otra SA", &email).await.assert_problem(409, "email_taken");
}

#[tokio::test]
async fn a_bad_vendor_is_refused_field_by_field_and_only_the_operator_opens_one() {
    let app = TestApp::new().await;
    app.seed().await;
    let op = app.operator_token().await;
    let bad = app.post_as(&op, "/operator/vendors", json!({ "name": " ", "admin": { "name": "Paula", "email": "no-es-un-email" } })).await;
    bad.assert_problem(400, "validation_failed");
    let fields: Vec<&str> = bad.body["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap()).collect();
    assert_eq!(fields, ["name", "admin.email"]);
    let admin = app.activated_admin().await;
    let (admin_token, _) = app.tokens(&admin).await;
    open_vendor(&app, &admin_token, "Andes", &unique_email("x")).await.assert_problem(403, "forbidden");
    let vendor = app.vendor_token().await;
    open_vendor(&app, &vendor, "Andes", &unique_email("x")).await.assert_problem(403, "forbidden");
    app.get_as(&vendor, "/operator/vendors").await.assert_problem(403, "forbidden");
    // Nothing was opened.
    assert_eq!(every_page(&app, &op, "/operator/vendors").await.len(), 1);
}

#[tokio::test]
async fn a_product_names_its_vendor_and_only_a_vendors_id_is_taken() {
    let app = TestApp::new().await;
    app.seed().await;
    let op = app.operator_token().await;
    // The seeded demo catalog is the demo vendor's.
    let catalog = app.send(Req { method: "GET", path: "/products", body: None, bearer: None }).await;
    let owners: Vec<&Value> = catalog.body["items"].as_array().unwrap().iter().map(|p| &p["vendor_id"]).collect();
    assert!(!owners.is_empty() && owners.iter().all(|v| *v == DEMO_VENDOR_ID), "{owners:?}");

    let vendor_id = open_vendor(&app, &op, "Andes Software", &unique_email("paula")).await.body["vendor_id"].as_str().unwrap().to_string();
    let mut body = product_body(&app, "Andes Nube");
    body["vendor_id"] = json!(vendor_id);
    let created = app.post_as(&op, "/products", body.clone()).await;
    assert_eq!(created.status, 201, "{:?}", created.body);
    let id = created.body["id"].as_str().unwrap().to_string();
    assert_eq!(public_product(&app, &id).await.body["vendor_id"], vendor_id.as_str());

    // A customer's company, an id that names nothing and a malformed one are all refused, and
    // nothing is written.
    let admin = app.activated_admin().await;
    for (wrong, name) in
        [(admin.company_id.as_str(), "De un cliente"), ("01KMR000000000000000000Z9Z", "De nadie"), ("andes", "Mal escrito")]
    {
        let mut body = product_body(&app, name);
        body["vendor_id"] = json!(wrong);
        let refused = app.post_as(&op, "/products", body).await;
        refused.assert_problem(400, "validation_failed");
        assert_eq!(refused.body["errors"][0]["field"], "vendor_id", "{wrong}: {:?}", refused.body);
    }
    // A product is created with its audit entry, in one transaction: only Andes Nube was.
    let trail = audit_actions(&app, &operator_company(&app, &op).await).await;
    let created: Vec<&Value> = trail.iter().filter(|e| e["action"] == "product.created").map(|e| &e["detail"]["name"]).collect();
    assert_eq!(created, [&json!("Andes Nube")]);
    let mut to_customer = body.clone();
    to_customer["vendor_id"] = json!(admin.company_id);
    app.put_as(&op, &format!("/products/{id}"), to_customer).await.assert_problem(400, "validation_failed");
    assert_eq!(public_product(&app, &id).await.body["vendor_id"], vendor_id.as_str());

    // Without a vendor (null or left out), the product names none.
    body["vendor_id"] = Value::Null;
    let replaced = app.put_as(&op, &format!("/products/{id}"), body).await;
    assert_eq!(replaced.status, 200, "{:?}", replaced.body);
    assert!(public_product(&app, &id).await.body.get("vendor_id").is_none());
}
