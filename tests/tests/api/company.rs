//! The company's profile (issue 27): its admins see and change its name, CUIT and the account
//! number of the telecom invoice; the change is audited, reaches the sales rep's list, and moves
//! the CUIT counts the operator's duplicate flag reads.

use crate::kit::{assign, audit_actions, every_page, rep};
use cloudstore_tests::*;
use serde_json::{json, Value};

#[tokio::test]
async fn an_admin_keeps_the_companys_name_cuit_and_billing_account() {
    let app = TestApp::new().await;
    let admin = app.activated_admin().await;
    let (token, _) = app.tokens(&admin).await;
    let profile = app.get_as(&token, "/company").await;
    assert_eq!(profile.status, 200, "{:?}", profile.body);
    let created_at = profile.body["created_at"].clone();
    assert!(created_at.is_string());
    let id = admin.company_id.as_str();
    assert_eq!(
        profile.body,
        json!({ "id": id, "name": "Acme SA", "tax_id": "30-71234567-1", "billing_account": null, "created_at": created_at })
    );

    let patch = json!({ "name": "  Acme Argentina SA ", "tax_id": "20 12345678 6", "billing_account": "0800-1234567" });
    let changed = app.patch_as(&token, "/company", patch).await;
    let expected = json!({ "id": id, "name": "Acme Argentina SA", "tax_id": "20-12345678-6", "billing_account": "0800-1234567", "created_at": created_at });
    assert_eq!((changed.status, &changed.body), (200, &expected));
    assert_eq!(app.get_as(&token, "/company").await.body, expected);
    assert_eq!(app.get_as(&token, "/me").await.body["company"]["name"], "Acme Argentina SA");

    // Audited with what it was and what it is.
    let trail = audit_actions(&app, id).await;
    let entry = trail.iter().find(|e| e["action"] == "company.updated").expect("a company.updated entry");
    assert_eq!((entry["actor_id"].as_str(), entry["target_id"].as_str()), (Some(admin.user_id.as_str()), Some(id)));
    let detail = json!({
        "from": { "name": "Acme SA", "tax_id": "30-71234567-1", "billing_account": null },
        "to": { "name": "Acme Argentina SA", "tax_id": "20-12345678-6", "billing_account": "0800-1234567" },
    });
    assert_eq!(entry["detail"], detail);

    // A blank value removes it; the same values again write nothing.
    let cleared = app.patch_as(&token, "/company", json!({ "billing_account": " " })).await;
    assert_eq!(cleared.body["billing_account"], Value::Null);
    let same = app.patch_as(&token, "/company", json!({ "name": "Acme Argentina SA" })).await;
    assert_eq!(same.status, 200);
    let updates = audit_actions(&app, id).await.iter().filter(|e| e["action"] == "company.updated").count();
    assert_eq!(updates, 2);
}

#[tokio::test]
async fn a_wrong_cuit_or_account_number_is_refused_field_by_field() {
    let app = TestApp::new().await;
    let admin = app.activated_admin().await;
    let (token, _) = app.tokens(&admin).await;
    let wrong = app.patch_as(&token, "/company", json!({ "tax_id": "30-71234567-2", "billing_account": "cuenta 12" })).await;
    wrong.assert_problem(400, "validation_failed");
    let fields: Vec<&str> = wrong.body["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap()).collect();
    assert_eq!(fields, ["tax_id", "billing_account"]);
    app.patch_as(&token, "/company", json!({ "billing_account": "1".repeat(21) })).await.assert_problem(400, "validation_failed");
    app.patch_as(&token, "/company", json!({})).await.assert_problem(400, "validation_failed");
    app.patch_as(&token, "/company", json!({ "cuit": "30-71234567-1" })).await.assert_problem(400, "validation_failed");
    app.patch_as(&token, "/company", json!({ "name": "" })).await.assert_problem(400, "validation_failed");
    assert_eq!(app.get_as(&token, "/company").await.body["tax_id"], "30-71234567-1", "nothing was written");

    // Only admins.
    let user = app.activated_user(&token, "user").await;
    let (user_token, _) = app.tokens(&user).await;
    app.get_as(&user_token, "/company").await.assert_problem(403, "forbidden");
    app.patch_as(&user_token, "/company", json!({ "name": "Otra" })).await.assert_problem(403, "forbidden");
}

#[tokio::test]
async fn a_new_cuit_reaches_the_reps_list_and_the_operators_duplicate_flag() {
    let app = TestApp::new().await;
    app.seed().await;
    let op = app.operator_token().await;
    let first = app.activated_admin().await;
    let second = app.activated_admin().await;
    let (second_token, _) = app.tokens(&second).await;
    let flags = |list: Vec<Value>| list.iter().map(|c| c["duplicate_tax_id"].as_bool().unwrap()).collect::<Vec<_>>();
    assert_eq!(flags(every_page(&app, &op, "/operator/companies").await), [true, true], "both signed up with one CUIT");

    let vera = rep(&app, &op, "Vera Ventas").await;
    assert_eq!(assign(&app, &op, &second.company_id, &vera.id).await.status, 200);
    let moved = app.patch_as(&second_token, "/company", json!({ "name": "Segunda SA", "tax_id": "20-12345678-6" })).await;
    assert_eq!(moved.status, 200, "{:?}", moved.body);
    assert_eq!(flags(every_page(&app, &op, "/operator/companies").await), [false, false]);
    let served = every_page(&app, &vera.token, "/sales/companies").await;
    let seen: Vec<(&str, &str)> = served.iter().map(|c| (c["name"].as_str().unwrap(), c["tax_id"].as_str().unwrap())).collect();
    assert_eq!(seen, [("Segunda SA", "20-12345678-6")]);

    // Back to the first company's CUIT: flagged again.
    app.patch_as(&second_token, "/company", json!({ "tax_id": "30-71234567-1" })).await;
    assert_eq!(flags(every_page(&app, &op, "/operator/companies").await), [true, true]);
    assert_ne!(first.company_id, second.company_id);
}

#[tokio::test]
async fn the_export_and_the_statement_say_whom_to_invoice_and_flag_a_missing_account() {
    use time::macros::datetime;
    let app = TestApp::new().await;
    app.set_clock(datetime!(2026-11-01 10:00 UTC));
    app.seed().await;
    let admin = app.activated_admin().await;
    let (token, _) = app.tokens(&admin).await;
    let cart = json!({ "items": [{ "product_id": "01KMR301Z6D7S9DX7VW94EDFBF", "plan_id": "equipo", "seats": 2 }] });
    assert_eq!(app.order(&token, "k", cart).await.status, 201);

    app.set_clock(datetime!(2026-11-20 10:00 UTC));
    let op = app.operator_token().await;
    let entry = |export: &Value| {
        let found = export["companies"].as_array().unwrap().iter().find(|c| c["company_id"] == admin.company_id.as_str()).cloned();
        let c = found.expect("the company in the export");
        (c["tax_id"].clone(), c["billing_account"].clone(), c["missing_billing_account"].clone())
    };
    let before = app.get_as(&op, "/operator/billing?month=2026-11").await;
    assert_eq!(entry(&before.body), (json!("30-71234567-1"), Value::Null, json!(true)));

    let (token, _) = app.tokens(&admin).await;
    assert_eq!(app.patch_as(&token, "/company", json!({ "billing_account": "0800-1234567" })).await.status, 200);
    let after = app.get_as(&op, "/operator/billing?month=2026-11").await;
    assert_eq!(entry(&after.body), (json!("30-71234567-1"), json!("0800-1234567"), json!(false)));

    let csv = app.raw_body("/operator/billing?month=2026-11", &op, "text/csv").await;
    let mut lines = csv.lines();
    assert!(lines.next().unwrap().ends_with(",currency,tax_id,billing_account"), "{csv}");
    assert!(lines.next().unwrap().ends_with(",ARS,30-71234567-1,0800-1234567"), "{csv}");
    let statement = app.get_as(&token, "/billing/statements/2026-11").await;
    assert_eq!((&statement.body["tax_id"], &statement.body["billing_account"]), (&json!("30-71234567-1"), &json!("0800-1234567")));
    let own = app.raw_body("/billing/statements/2026-11", &token, "text/csv").await;
    assert!(own.lines().nth(1).unwrap().ends_with(",ARS,30-71234567-1,0800-1234567"), "{own}");
}
