//! The operator's back office: every company (search by name or CUIT, page by page, duplicated
//! CUITs flagged), the staff list, and a rep picked from it for a company.

use crate::kit::*;
use crate::sales::cuit;
use cloudstore_tests::*;
use serde_json::{json, Value};

async fn signup(app: &TestApp, name: &str, tax_id: Option<&str>) -> String {
    let mut company = json!({ "name": name });
    if let Some(tax) = tax_id {
        company["tax_id"] = json!(tax);
    }
    let email = unique_email("admin");
    let made = app.post("/signup", json!({ "company": company, "admin": { "name": "Ana", "email": email } })).await;
    assert_eq!(made.status, 202, "{:?}", made.body);
    email
}

fn names(items: &[Value]) -> Vec<&str> {
    items.iter().map(|c| c["name"].as_str().unwrap()).collect()
}

#[tokio::test]
async fn the_operator_finds_companies_by_name_or_cuit_page_by_page() {
    let app = TestApp::new().await;
    app.seed().await;
    let op = app.operator_token().await;
    let rita = rep(&app, &op, "Rita Ventas").await;
    let cuits: Vec<String> = (0..40).filter_map(|i| cuit(&format!("33{:08}", 50_000_000 + i))).take(4).collect();
    for (name, tax) in ["Almacén Güemes", "Bodega Andina", "Café Tortoni", "Droguería Sur"].iter().zip(&cuits) {
        signup(&app, name, Some(tax)).await;
    }
    let onboarded = onboard(&app, &rita.token, "Estudio Contable", None, &unique_email("dora")).await;
    let onboarded = onboarded.body["company_id"].as_str().unwrap().to_string();

    // Every customer company (never the operator's own), in creation order, page by page.
    let all = every_page(&app, &op, "/operator/companies?limit=2").await;
    assert_eq!(names(&all), ["Almacén Güemes", "Bodega Andina", "Café Tortoni", "Droguería Sur", "Estudio Contable"]);
    let first = &all[0];
    assert_eq!((first["status"].as_str(), first["tax_id"].as_str()), (Some("active"), Some(cuits[0].as_str())));
    assert_eq!(first["sales_rep"], Value::Null);
    assert_eq!(first["spend_limits"], json!({ "daily": null, "rolling_30_days": null }));
    assert_eq!(first["duplicate_tax_id"], false);
    assert!(first["created_at"].is_string());
    let estudio = &all[4];
    assert_eq!((estudio["id"].as_str(), estudio["tax_id"].is_null()), (Some(onboarded.as_str()), true));
    assert_eq!(estudio["sales_rep"], json!({ "id": rita.id, "email": rita.email }));

    let found = |q: String| {
        let app = &app;
        let op = op.clone();
        async move { every_page(app, &op, &format!("/operator/companies?limit=2&query={q}")).await }
    };
    assert_eq!(names(&found("guemes".into()).await), ["Almacén Güemes"]);
    assert_eq!(names(&found("CAFE".into()).await), ["Café Tortoni"]);
    assert_eq!(names(&found(cuits[3].clone()).await), ["Droguería Sur"]);
    assert_eq!(names(&found(cuits[1].replace('-', "")).await), ["Bodega Andina"]);
    assert!(found("nadie".into()).await.is_empty());

    let admin = app.activated_admin().await;
    let (token, _) = app.tokens(&admin).await;
    app.get_as(&token, "/operator/companies").await.assert_problem(403, "forbidden");
    app.get_as(&rita.token, "/operator/companies").await.assert_problem(403, "forbidden");
    app.get_as(&op, "/operator/companies?limit=500").await.assert_problem(400, "validation_failed");
}

#[tokio::test]
async fn duplicated_cuits_among_active_companies_are_flagged_never_refused() {
    let app = TestApp::new().await;
    app.seed().await;
    let op = app.operator_token().await;
    let shared = cuit("3070000001").or_else(|| cuit("3070000002")).unwrap();
    let first_admin = signup(&app, "Primera SA", Some(&shared)).await;
    // The same CUIT again, with other spellings: accepted (a refusal would tell who is a customer).
    signup(&app, "Segunda SA", Some(&shared.replace('-', " "))).await;
    signup(&app, "Tercera SA", Some("30-71234567-1")).await;
    let flags = |list: Vec<Value>| {
        list.iter().map(|c| (c["name"].as_str().unwrap().to_string(), c["duplicate_tax_id"].as_bool().unwrap())).collect::<Vec<_>>()
    };
    let listed = flags(every_page(&app, &op, "/operator/companies").await);
    assert_eq!(listed, [("Primera SA".into(), true), ("Segunda SA".into(), true), ("Tercera SA".into(), false)]);

    // Once one of them is closed, the other is no longer a duplicate.
    assert_eq!(app.activate_from_mail(&first_admin, PASSWORD).await.status, 200);
    let login = app.login(&first_admin, PASSWORD).await;
    let (access, user) = (login.body["access_token"].as_str().unwrap(), login.body["user"]["id"].as_str().unwrap());
    let asked = app.delete_as(access, &format!("/users/{user}?terminate_account=true")).await;
    let id = asked.body["termination_request_id"].as_str().unwrap();
    assert_eq!(app.post_as(&op, &format!("/operator/terminations/{id}/complete"), json!({})).await.status, 200);
    let listed = every_page(&app, &op, "/operator/companies").await;
    let statuses: Vec<(&str, &str, bool)> = listed
        .iter()
        .map(|c| (c["name"].as_str().unwrap(), c["status"].as_str().unwrap(), c["duplicate_tax_id"].as_bool().unwrap()))
        .collect();
    assert_eq!(statuses, [("Primera SA", "closed", false), ("Segunda SA", "active", false), ("Tercera SA", "active", false)]);
}

#[tokio::test]
async fn the_operator_lists_staff_and_picks_a_rep_from_the_list() {
    let app = TestApp::new().await;
    app.seed().await;
    let op = app.operator_token().await;
    let rita = rep(&app, &op, "Rita Ventas").await;
    let otro = staff(&app, &op, "operator", "Otro Operador").await;
    let everyone = every_page(&app, &op, "/operator/users?limit=2").await;
    let mut emails: Vec<&str> = everyone.iter().map(|u| u["email"].as_str().unwrap()).collect();
    // The two seeded accounts were created in the same millisecond: their order is the ULIDs'.
    emails[..2].sort();
    assert_eq!(emails, ["operator@cloudstore.test", "ventas@cloudstore.test", rita.email.as_str(), otro.email.as_str()]);
    assert!(everyone.iter().all(|u| u["status"] == "active" && u.get("password_hash").is_none()));
    let reps = items(&app.get_as(&op, "/operator/users?role=sales_rep").await);
    assert_eq!(reps.iter().map(|u| u["name"].as_str().unwrap()).collect::<Vec<_>>(), ["Ventas Cloud Store", "Rita Ventas"]);
    let search = items(&app.get_as(&op, "/operator/users?query=rita").await);
    assert_eq!(search.len(), 1);
    assert_eq!(search[0]["id"], rita.id.as_str());
    app.get_as(&op, "/operator/users?role=admin").await.assert_problem(400, "validation_failed");
    app.get_as(&rita.token, "/operator/users").await.assert_problem(403, "forbidden");

    // The rep picked from the list now serves the company; a second pick moves it.
    let admin = app.activated_admin().await;
    let picked = reps.iter().find(|u| u["name"] == "Rita Ventas").unwrap()["id"].as_str().unwrap().to_string();
    let assigned = assign(&app, &op, &admin.company_id, &picked).await;
    assert_eq!(assigned.status, 200, "{:?}", assigned.body);
    assert_eq!(assigned.body["sales_rep"], json!({ "id": rita.id, "email": rita.email }));
    assert_eq!(assigned.body["tax_id"], "30-71234567-1");
    assert_eq!(items(&app.get_as(&rita.token, "/sales/companies").await).len(), 1);
    let bruno = rep(&app, &op, "Bruno Ventas").await;
    assert_eq!(assign(&app, &op, &admin.company_id, &bruno.id).await.status, 200);
    assert!(items(&app.get_as(&rita.token, "/sales/companies").await).is_empty());
    assert_eq!(items(&app.get_as(&bruno.token, "/sales/companies").await)[0]["id"], admin.company_id.as_str());
    // Assigning the same rep again changes nothing.
    assert_eq!(assign(&app, &op, &admin.company_id, &bruno.id).await.status, 200);
    assert_eq!(items(&app.get_as(&bruno.token, "/sales/companies").await).len(), 1);
    // Not a rep, or the operator's own company: refused.
    assign(&app, &op, &admin.company_id, &otro.id).await.assert_problem(400, "validation_failed");
    let own = operator_company(&app, &op).await;
    assign(&app, &op, &own, &bruno.id).await.assert_problem(404, "not_found");
    assign(&app, &op, "01ARZ3NDEKTSV4RRFFQ69G5FAV", &bruno.id).await.assert_problem(404, "not_found");
    // Every assignment is in the trail of the company it concerns.
    let trail = audit_actions(&app, admin.company_id.as_str()).await;
    assert_eq!(trail.iter().filter(|e| e["action"] == "company.sales_rep_assigned").count(), 3, "{trail:?}");
}

#[tokio::test]
async fn assignments_racing_each_other_leave_the_company_in_exactly_one_reps_list() {
    let app = TestApp::new().await;
    app.seed().await;
    let op = app.operator_token().await;
    let reps = [rep(&app, &op, "Rita Ventas").await, rep(&app, &op, "Bruno Ventas").await, rep(&app, &op, "Carla Ventas").await];
    let admin = app.activated_admin().await;
    for _ in 0..3 {
        let answers = futures::future::join_all(reps.iter().map(|r| assign(&app, &op, &admin.company_id, &r.id))).await;
        assert!(answers.iter().all(|a| a.status == 200 || a.code() == "conflict"), "{answers:?}");
        assert!(answers.iter().any(|a| a.status == 200));
        let serving: Vec<&str> = futures::future::join_all(reps.iter().map(|r| app.get_as(&r.token, "/sales/companies")))
            .await
            .iter()
            .zip(&reps)
            .filter(|(list, _)| !items(list).is_empty())
            .map(|(_, r)| r.id.as_str())
            .collect();
        let company = every_page(&app, &op, "/operator/companies").await;
        let meta = company[0]["sales_rep"]["id"].as_str().unwrap().to_string();
        assert_eq!(serving, [meta.as_str()]);
    }
}
