//! Licences: seats assigned to users, their application panel, and seats coming back.

use cloudstore_tests::*;
use serde_json::{json, Value};

/// A company that bought `seats` seats of "Reunión Plus" (help and launch links in the catalog).
async fn company_with_seats(app: &TestApp, seats: u32) -> (Account, String, String) {
    let admin = app.activated_admin().await;
    let (token, _) = app.tokens(&admin).await;
    let cart = json!({ "items": [{ "product_id": "01KMR5D34AHVB210RXHCMX5DQK", "plan_id": "pro", "seats": seats }] });
    let order = app.order(&token, "k", cart).await;
    assert_eq!(order.status, 201, "{:?}", order.body);
    let sub = order.body["subscription_ids"][0].as_str().unwrap().to_string();
    (admin, token, sub)
}

async fn new_user(app: &TestApp, token: &str) -> (String, String) {
    let email = unique_email("seat");
    let created = app.post_as(token, "/users", json!({ "name": "Usuaria", "email": email, "role": "user" })).await;
    (created.body["id"].as_str().unwrap().to_string(), email)
}

async fn subscription(app: &TestApp, token: &str, id: &str) -> Value {
    let subs = app.get_as(token, "/subscriptions?limit=100").await;
    subs.body["items"].as_array().unwrap().iter().find(|s| s["id"] == id).cloned().unwrap()
}

async fn licence_count(app: &TestApp, token: &str, sub: &str) -> usize {
    app.get_as(token, &format!("/subscriptions/{sub}/licences?limit=100")).await.body["items"].as_array().unwrap().len()
}

#[tokio::test]
async fn an_assigned_user_is_emailed_and_sees_the_app_once_active() {
    let app = TestApp::new().await;
    app.seed().await;
    let (_, token, sub) = company_with_seats(&app, 3).await;
    let (user_id, email) = new_user(&app, &token).await;
    let path = format!("/subscriptions/{sub}/licences");

    let assigned = app.post_as(&token, &path, json!({ "user_id": user_id })).await;
    assert_eq!(assigned.status, 201, "{:?}", assigned.body);
    assert_eq!(assigned.body["email"], email.as_str());
    assert_eq!(app.post_as(&token, &path, json!({ "user_id": user_id })).await.status, 200);
    assert_eq!(subscription(&app, &token, &sub).await["seats_assigned"], 1);

    let mail = last_mail_to(&email).await;
    assert_eq!(mail.subject, "Ya podés usar Reunión Plus");
    assert!(mail.text.contains("https://apps.cloudstore.test/reunion-plus/"), "launch link: {}", mail.text);
    assert!(mail.text.contains("https://apps.cloudstore.test/reunion-plus/ayuda"), "help link: {}", mail.text);
    assert!(mail.text.contains("Primero activá tu cuenta"), "{}", mail.text);

    let listed = app.get_as(&token, &path).await;
    assert_eq!(listed.body["items"][0]["user_id"], user_id.as_str());
    assert_eq!(listed.body["items"][0]["name"], "Usuaria");
    assert!(listed.body["items"][0]["assigned_at"].is_string());

    // The pending user activates (the activation email was sent first) and opens the panel.
    let activation = mails_to(&email).await.into_iter().find(|m| m.subject.starts_with("Activá")).unwrap();
    app.post("/activation", json!({ "token": activation.token(), "password": PASSWORD, "password_confirmation": PASSWORD })).await;
    let login = app.login(&email, PASSWORD).await;
    let apps = app.get_as(login.body["access_token"].as_str().unwrap(), "/me/apps").await;
    assert_eq!(apps.status, 200);
    let item = &apps.body["items"][0];
    assert_eq!(item["name"], "Reunión Plus");
    assert_eq!(item["subscription_id"], sub.as_str());
    for field in ["icon_url", "launch_url", "help_url", "product_id"] {
        assert!(item[field].as_str().is_some_and(|v| !v.is_empty()), "{field}");
    }
    let read = app.get_as(&token, &format!("/users/{user_id}")).await;
    assert_eq!(read.body["licences"], json!([sub]));
}

#[tokio::test]
async fn twenty_parallel_assignments_on_five_seats_give_exactly_five() {
    let app = TestApp::new().await;
    app.seed().await;
    let (_, token, sub) = company_with_seats(&app, 5).await;
    let mut users = Vec::new();
    for _ in 0..20 {
        users.push(new_user(&app, &token).await.0);
    }
    let path = format!("/subscriptions/{sub}/licences");
    let answers = futures::future::join_all(users.iter().map(|u| app.post_as(&token, &path, json!({ "user_id": u })))).await;
    let statuses: Vec<(u16, &str)> = answers.iter().map(|a| (a.status, a.code())).collect();
    assert_eq!(answers.iter().filter(|a| a.status == 201).count(), 5, "{statuses:?}");
    assert!(answers.iter().filter(|a| a.status != 201).all(|a| a.code() == "no_seats_available"), "{statuses:?}");
    assert_eq!(subscription(&app, &token, &sub).await["seats_assigned"], 5);
    assert_eq!(licence_count(&app, &token, &sub).await, 5);
}

#[tokio::test]
async fn seats_come_back_when_a_licence_a_user_or_a_subscription_goes() {
    let app = TestApp::new().await;
    app.seed().await;
    let (_, token, sub) = company_with_seats(&app, 4).await;
    let path = format!("/subscriptions/{sub}/licences");
    let mut users = Vec::new();
    for _ in 0..4 {
        let (id, _) = new_user(&app, &token).await;
        assert_eq!(app.post_as(&token, &path, json!({ "user_id": id })).await.status, 201);
        users.push(id);
    }
    app.post_as(&token, &path, json!({ "user_id": new_user(&app, &token).await.0 })).await.assert_problem(409, "no_seats_available");
    app.patch_as(&token, &format!("/subscriptions/{sub}"), json!({ "seats": 3 })).await.assert_problem(409, "seats_in_use");

    assert_eq!(app.delete_as(&token, &format!("{path}/{}", users[0])).await.status, 204);
    app.delete_as(&token, &format!("{path}/{}", users[0])).await.assert_problem(404, "not_found");
    assert_eq!(app.delete_as(&token, &format!("/users/{}", users[1])).await.status, 204);
    let after = subscription(&app, &token, &sub).await;
    assert_eq!(after["seats_assigned"], 2);
    assert_eq!(licence_count(&app, &token, &sub).await, 2);
    assert_eq!(app.patch_as(&token, &format!("/subscriptions/{sub}"), json!({ "seats": 2 })).await.status, 200);

    assert_eq!(app.delete_as(&token, &format!("/subscriptions/{sub}")).await.status, 204);
    let cancelled = subscription(&app, &token, &sub).await;
    assert_eq!((cancelled["status"].as_str(), cancelled["seats_assigned"].as_u64()), (Some("cancelled"), Some(0)));
    assert_eq!(licence_count(&app, &token, &sub).await, 0);
    let read = app.get_as(&token, &format!("/users/{}", users[2])).await;
    assert_eq!(read.body["licences"], json!([]));
    app.post_as(&token, &path, json!({ "user_id": users[2] })).await.assert_problem(400, "validation_failed");
}

#[tokio::test]
async fn deleting_a_user_with_more_licences_than_one_transaction_holds_releases_them_all() {
    let app = TestApp::new().await;
    app.seed().await;
    let op = app.operator_token().await;
    let admin = app.activated_admin().await;
    let (token, _) = app.tokens(&admin).await;
    let mut product_ids = Vec::new();
    for i in 0..35 {
        let body = json!({ "name": format!("App {i:02}"), "vendor": "V", "category": "C", "launch_url": "https://a.test/",
            "plans": [{ "id": "p", "name": "P", "price": { "amount": 100, "currency": "ARS" } }] });
        product_ids.push(app.post_as(&op, "/products", body).await.body["id"].as_str().unwrap().to_string());
    }
    let mut subs = Vec::new();
    for (n, chunk) in product_ids.chunks(20).enumerate() {
        let items: Vec<Value> = chunk.iter().map(|p| json!({ "product_id": p, "plan_id": "p", "seats": 2 })).collect();
        let order = app.order(&token, &format!("bulk-{n}"), json!({ "items": items })).await;
        assert_eq!(order.status, 201, "{:?}", order.body);
        subs.extend(order.body["subscription_ids"].as_array().unwrap().iter().map(|s| s.as_str().unwrap().to_string()));
    }
    let (user, _) = new_user(&app, &token).await;
    for sub in &subs {
        assert_eq!(app.post_as(&token, &format!("/subscriptions/{sub}/licences"), json!({ "user_id": user })).await.status, 201);
    }
    assert_eq!(app.get_as(&token, &format!("/users/{user}")).await.body["licences"].as_array().unwrap().len(), 35);
    // The last admin holds as many: deleting them is refused, and refused before any is released.
    for sub in &subs {
        assert_eq!(app.post_as(&token, &format!("/subscriptions/{sub}/licences"), json!({ "user_id": admin.user_id })).await.status, 201);
    }
    app.delete_as(&token, &format!("/users/{}", admin.user_id)).await.assert_problem(409, "last_admin");
    assert_eq!(app.get_as(&token, &format!("/users/{}", admin.user_id)).await.body["licences"].as_array().unwrap().len(), 35);

    assert_eq!(app.delete_as(&token, &format!("/users/{user}")).await.status, 204);
    let all = app.get_as(&token, "/subscriptions?limit=100").await;
    assert!(all.body["items"].as_array().unwrap().iter().all(|s| s["seats_assigned"] == 1));
    for sub in subs.iter().take(3) {
        assert_eq!(licence_count(&app, &token, sub).await, 1);
    }
}

#[tokio::test]
async fn another_companys_subscription_or_user_answers_404() {
    let app = TestApp::new().await;
    app.seed().await;
    let (_, token_a, sub_a) = company_with_seats(&app, 2).await;
    let (_, token_b, sub_b) = company_with_seats(&app, 2).await;
    let (user_b, _) = new_user(&app, &token_b).await;
    app.post_as(&token_a, &format!("/subscriptions/{sub_a}/licences"), json!({ "user_id": user_b })).await.assert_problem(404, "not_found");
    app.post_as(&token_a, &format!("/subscriptions/{sub_b}/licences"), json!({ "user_id": user_b })).await.assert_problem(404, "not_found");
    app.get_as(&token_a, &format!("/subscriptions/{sub_b}/licences")).await.assert_problem(404, "not_found");
    app.delete_as(&token_a, &format!("/subscriptions/{sub_b}/licences/{user_b}")).await.assert_problem(404, "not_found");
    app.post_as(&token_a, &format!("/subscriptions/{sub_a}/licences"), json!({ "user_id": "nope" })).await.assert_problem(404, "not_found");
    assert_eq!(subscription(&app, &token_b, &sub_b).await["seats_assigned"], 0);
}

#[tokio::test]
async fn only_admins_assign_and_everyone_sees_their_own_apps() {
    let app = TestApp::new().await;
    app.seed().await;
    let (_, token, sub) = company_with_seats(&app, 2).await;
    let user = app.activated_user(&token, "user").await;
    let (user_token, _) = app.tokens(&user).await;
    app.post_as(&user_token, &format!("/subscriptions/{sub}/licences"), json!({ "user_id": user.user_id }))
        .await
        .assert_problem(403, "forbidden");
    app.get_as(&user_token, &format!("/subscriptions/{sub}/licences")).await.assert_problem(403, "forbidden");
    assert_eq!(app.get_as(&user_token, "/me/apps").await.body, json!({ "items": [] }));
    app.post_as(&token, &format!("/subscriptions/{sub}/licences"), json!({ "user_id": user.user_id })).await;
    assert_eq!(app.get_as(&user_token, "/me/apps").await.body["items"].as_array().unwrap().len(), 1);
    app.send(Req { method: "GET", path: "/me/apps", body: None, bearer: None }).await.assert_problem(401, "unauthorized");
}
