//! "Gestionar por usuario": an admin manages the company's people.

use cloudstore_tests::*;
use serde_json::json;

#[tokio::test]
async fn an_admin_creates_a_user_who_activates_from_the_email_and_logs_in() {
    let app = TestApp::new().await;
    let admin = app.activated_admin().await;
    let (token, _) = app.tokens(&admin).await;
    let email = unique_email("Nuevo");
    let created = app.post_as(&token, "/users", json!({ "name": "Carla Gómez", "email": email, "role": "user" })).await;
    assert_eq!(created.status, 201, "{:?}", created.body);
    assert_eq!(created.body["status"], "pending_activation");
    assert_eq!(created.body["role"], "user");
    assert_eq!(created.body["company_id"], admin.company_id.as_str());
    let mail = last_mail_to(&email).await;
    assert_eq!(mail.subject, "Activá tu cuenta de Cloud Store");
    assert!(mail.text.contains("Carla Gómez"));
    assert_eq!(app.activate_from_mail(&email, PASSWORD).await.status, 200);
    let login = app.login(&email, PASSWORD).await;
    assert_eq!(login.body["user"]["role"], "user");

    let list = app.get_as(&token, "/users").await;
    assert_eq!(list.status, 200);
    let emails: Vec<&str> = list.body["items"].as_array().unwrap().iter().map(|u| u["email"].as_str().unwrap()).collect();
    assert_eq!(emails, [admin.email.as_str(), email.to_lowercase().as_str()]);
    assert!(list.body["next_cursor"].is_null());
    assert_eq!(list.body["items"][1]["status"], "active");
}

#[tokio::test]
async fn only_admins_manage_users() {
    let app = TestApp::new().await;
    let admin = app.activated_admin().await;
    let (admin_token, _) = app.tokens(&admin).await;
    let user = app.activated_user(&admin_token, "user").await;
    let (token, _) = app.tokens(&user).await;
    app.get_as(&token, "/users").await.assert_problem(403, "forbidden");
    app.post_as(&token, "/users", json!({ "name": "X", "email": unique_email("x"), "role": "admin" }))
        .await
        .assert_problem(403, "forbidden");
    app.patch_as(&token, &format!("/users/{}", user.user_id), json!({ "role": "admin" })).await.assert_problem(403, "forbidden");
    app.delete_as(&token, &format!("/users/{}", admin.user_id)).await.assert_problem(403, "forbidden");
    app.get_as(&token, "/audit").await.assert_problem(403, "forbidden");
    // And they can still see themselves.
    assert_eq!(app.get_as(&token, "/me").await.status, 200);
}

#[tokio::test]
async fn admins_create_admins_and_users_but_never_staff_accounts() {
    let app = TestApp::new().await;
    let admin = app.activated_admin().await;
    let (token, _) = app.tokens(&admin).await;
    for role in ["operator", "sales_rep", "root"] {
        let answer = app.post_as(&token, "/users", json!({ "name": "X", "email": unique_email("x"), "role": role })).await;
        answer.assert_problem(400, "validation_failed");
        assert_eq!(answer.body["errors"][0]["field"], "role");
    }
    let new_admin = app.post_as(&token, "/users", json!({ "name": "Second", "email": unique_email("adm"), "role": "admin" })).await;
    assert_eq!(new_admin.body["role"], "admin");
}

#[tokio::test]
async fn a_taken_email_cannot_be_given_to_a_new_user_or_an_existing_one() {
    let app = TestApp::new().await;
    let other = app.activated_admin().await;
    let admin = app.activated_admin().await;
    let (token, _) = app.tokens(&admin).await;
    app.post_as(&token, "/users", json!({ "name": "X", "email": other.email.to_uppercase(), "role": "user" }))
        .await
        .assert_problem(409, "email_taken");
    let user = app.activated_user(&token, "user").await;
    app.patch_as(&token, &format!("/users/{}", user.user_id), json!({ "email": other.email })).await.assert_problem(409, "email_taken");
    // Nothing changed.
    assert_eq!(app.login(&user.email, PASSWORD).await.status, 200);
}

#[tokio::test]
async fn another_companys_users_answer_404_like_unknown_ones() {
    let app = TestApp::new().await;
    let a = app.activated_admin().await;
    let b = app.activated_admin().await;
    let (token_a, _) = app.tokens(&a).await;
    let foreign = format!("/users/{}", b.user_id);
    app.get_as(&token_a, &foreign).await.assert_problem(404, "not_found");
    app.patch_as(&token_a, &foreign, json!({ "name": "Hacked" })).await.assert_problem(404, "not_found");
    app.delete_as(&token_a, &foreign).await.assert_problem(404, "not_found");
    app.post_as(&token_a, &format!("{foreign}/password-reset"), json!({})).await.assert_problem(404, "not_found");
    app.get_as(&token_a, "/users/01ARZ3NDEKTSV4RRFFQ69G5FAV").await.assert_problem(404, "not_found");
    app.get_as(&token_a, "/users/not-an-id").await.assert_problem(404, "not_found");
    // B is untouched.
    assert_eq!(app.login(&b.email, PASSWORD).await.status, 200);
}

#[tokio::test]
async fn a_new_email_needs_reactivation_at_the_new_address_and_ends_sessions() {
    let app = TestApp::new().await;
    let admin = app.activated_admin().await;
    let (admin_token, _) = app.tokens(&admin).await;
    let user = app.activated_user(&admin_token, "user").await;
    let (user_token, user_refresh) = app.tokens(&user).await;
    let new_email = unique_email("moved");

    let patched = app.patch_as(&admin_token, &format!("/users/{}", user.user_id), json!({ "email": new_email })).await;
    assert_eq!(patched.status, 200, "{:?}", patched.body);
    assert_eq!(patched.body["status"], "pending_activation");
    assert_eq!(patched.body["email"], new_email.to_lowercase());

    app.get_as(&user_token, "/me").await.assert_problem(401, "unauthorized");
    app.post("/token/refresh", json!({ "refresh_token": user_refresh })).await.assert_problem(401, "unauthorized");
    app.login(&user.email, PASSWORD).await.assert_problem(401, "invalid_credentials");
    app.login(&new_email, PASSWORD).await.assert_problem(403, "account_not_active");

    let mail = last_mail_to(&new_email).await;
    assert!(mail.text.contains("cambió"), "{}", mail.text);
    assert_eq!(app.activate_from_mail(&new_email, "a fresh passphrase").await.status, 200);
    assert_eq!(app.login(&new_email, "a fresh passphrase").await.status, 200);
    // The old address is free again: a signup with it creates an account.
    assert_eq!(app.signup(&user.email).await.status, 202);
    assert_eq!(app.activate_from_mail(&user.email, PASSWORD).await.status, 200);
    assert_eq!(app.login(&user.email, PASSWORD).await.body["user"]["role"], "admin");
}

#[tokio::test]
async fn name_changes_keep_the_user_signed_in() {
    let app = TestApp::new().await;
    let admin = app.activated_admin().await;
    let (admin_token, _) = app.tokens(&admin).await;
    let user = app.activated_user(&admin_token, "user").await;
    let (user_token, _) = app.tokens(&user).await;
    let patched = app.patch_as(&admin_token, &format!("/users/{}", user.user_id), json!({ "name": "Bruno W." })).await;
    assert_eq!((patched.status, patched.body["name"].as_str()), (200, Some("Bruno W.")));
    assert_eq!(app.get_as(&user_token, "/me").await.body["name"], "Bruno W.");
    let read = app.get_as(&admin_token, &format!("/users/{}", user.user_id)).await;
    assert_eq!(read.body["licences"], json!([]));
    assert_eq!(read.body["status"], "active");
}

#[tokio::test]
async fn the_last_admin_can_be_neither_demoted_nor_deleted() {
    let app = TestApp::new().await;
    let admin = app.activated_admin().await;
    let (token, _) = app.tokens(&admin).await;
    let path = format!("/users/{}", admin.user_id);
    app.patch_as(&token, &path, json!({ "role": "user" })).await.assert_problem(409, "last_admin");
    let refused = app.delete_as(&token, &path).await;
    refused.assert_problem(409, "last_admin");
    let detail = refused.body["detail"].as_str().unwrap();
    assert!(detail.contains("administrador a otro usuario") && detail.contains("baja de la cuenta"), "{detail}");
    assert_eq!(app.get_as(&token, "/me").await.body["role"], "admin");
}

#[tokio::test]
async fn a_pending_admin_still_counts_as_an_admin() {
    let app = TestApp::new().await;
    let admin = app.activated_admin().await;
    let (token, _) = app.tokens(&admin).await;
    let pending = app.post_as(&token, "/users", json!({ "name": "P", "email": unique_email("p"), "role": "admin" })).await;
    assert_eq!(pending.body["status"], "pending_activation");
    // With a second (not yet active) admin, the first may step down.
    let demoted = app.patch_as(&token, &format!("/users/{}", admin.user_id), json!({ "role": "user" })).await;
    assert_eq!(demoted.status, 200);
    // Demotion ends the demoted admin's sessions.
    app.get_as(&token, "/me").await.assert_problem(401, "unauthorized");
    let relogin = app.login(&admin.email, PASSWORD).await;
    assert_eq!(relogin.body["user"]["role"], "user");
}

#[tokio::test]
async fn two_admins_deleting_each_other_at_once_leave_one_admin() {
    for _ in 0..3 {
        let app = TestApp::new().await;
        let a = app.activated_admin().await;
        let (token_a, _) = app.tokens(&a).await;
        let b = app.activated_user(&token_a, "admin").await;
        let (token_b, _) = app.tokens(&b).await;
        let path_a = format!("/users/{}", a.user_id);
        let path_b = format!("/users/{}", b.user_id);
        let (by_a, by_b) = tokio::join!(app.delete_as(&token_a, &path_b), app.delete_as(&token_b, &path_a));
        let deleted = [&by_a, &by_b].iter().filter(|r| r.status == 204).count();
        assert_eq!(deleted, 1, "{} {:?} / {} {:?}", by_a.status, by_a.body, by_b.status, by_b.body);
        let survivor = if by_a.status == 204 { &a } else { &b };
        let (token, _) = app.tokens(survivor).await;
        let users = app.get_as(&token, "/users").await;
        let admins = users.body["items"].as_array().unwrap().iter().filter(|u| u["role"] == "admin").count();
        assert_eq!(admins, 1);
    }
}

#[tokio::test]
async fn two_admins_demoting_each_other_at_once_leave_one_admin() {
    let app = TestApp::new().await;
    let a = app.activated_admin().await;
    let (token_a, _) = app.tokens(&a).await;
    let b = app.activated_user(&token_a, "admin").await;
    let (token_b, _) = app.tokens(&b).await;
    let demote = json!({ "role": "user" });
    let (path_a, path_b) = (format!("/users/{}", a.user_id), format!("/users/{}", b.user_id));
    let (by_a, by_b) = tokio::join!(app.patch_as(&token_a, &path_b, demote.clone()), app.patch_as(&token_b, &path_a, demote.clone()));
    assert_eq!([&by_a, &by_b].iter().filter(|r| r.status == 200).count(), 1, "{:?} {:?}", by_a.body, by_b.body);
    let admin_logins = futures::future::join_all([&a, &b].map(|acc| app.login(&acc.email, PASSWORD))).await;
    assert_eq!(admin_logins.iter().filter(|l| l.body["user"]["role"] == "admin").count(), 1);
}

#[tokio::test]
async fn a_deleted_user_is_out_at_once_and_their_email_is_free() {
    let app = TestApp::new().await;
    let admin = app.activated_admin().await;
    let (admin_token, _) = app.tokens(&admin).await;
    let user = app.activated_user(&admin_token, "user").await;
    let (user_token, refresh) = app.tokens(&user).await;
    assert_eq!(app.delete_as(&admin_token, &format!("/users/{}", user.user_id)).await.status, 204);
    app.get_as(&user_token, "/me").await.assert_problem(401, "unauthorized");
    app.post("/token/refresh", json!({ "refresh_token": refresh })).await.assert_problem(401, "unauthorized");
    app.login(&user.email, PASSWORD).await.assert_problem(401, "invalid_credentials");
    app.get_as(&admin_token, &format!("/users/{}", user.user_id)).await.assert_problem(404, "not_found");
    let again = app.post_as(&admin_token, "/users", json!({ "name": "Again", "email": user.email, "role": "user" })).await;
    assert_eq!(again.status, 201);
}

#[tokio::test]
async fn an_admin_requested_password_change_reactivates_the_user() {
    let app = TestApp::new().await;
    let admin = app.activated_admin().await;
    let (admin_token, _) = app.tokens(&admin).await;
    let user = app.activated_user(&admin_token, "user").await;
    let (user_token, _) = app.tokens(&user).await;
    let asked = app.post_as(&admin_token, &format!("/users/{}/password-reset", user.user_id), json!({})).await;
    assert_eq!(asked.status, 202);
    assert_eq!(asked.body["status"], "pending_activation");
    app.get_as(&user_token, "/me").await.assert_problem(401, "unauthorized");
    app.login(&user.email, PASSWORD).await.assert_problem(403, "account_not_active");
    let mail = last_mail_to(&user.email).await;
    assert!(mail.text.contains("El administrador de Acme SA pidió"), "the email names the company: {}", mail.text);
    assert_eq!(app.activate_from_mail(&user.email, "my chosen passphrase").await.status, 200);
    assert_eq!(app.login(&user.email, "my chosen passphrase").await.status, 200);
}

#[tokio::test]
async fn the_last_admin_can_ask_to_terminate_the_account() {
    let operator_inbox = unique_email("operaciones");
    let app = TestApp::with(&[("OPERATOR_EMAIL", &operator_inbox)]).await;
    let admin = app.activated_admin().await;
    let (token, _) = app.tokens(&admin).await;
    let user = app.activated_user(&token, "user").await;
    // Not for anyone but the last admin.
    app.delete_as(&token, &format!("/users/{}?terminate_account=true", user.user_id)).await.assert_problem(400, "validation_failed");

    let path = format!("/users/{}?terminate_account=true", admin.user_id);
    let asked = app.delete_as(&token, &path).await;
    assert_eq!(asked.status, 202, "{:?}", asked.body);
    let id = asked.body["termination_request_id"].as_str().unwrap().to_string();
    let mail = last_mail_to(&operator_inbox).await;
    assert!(mail.text.contains("Acme SA") && mail.text.contains(&admin.email), "{}", mail.text);
    assert!(mail.text.contains("http://front.test/operator/terminations"));
    // Asking again answers the same request; nothing was deleted meanwhile.
    assert_eq!(app.delete_as(&token, &path).await.body["termination_request_id"], id.as_str());
    assert_eq!(mails_to(&operator_inbox).await.len(), 1);
    assert_eq!(app.get_as(&token, "/me").await.status, 200);
    assert_eq!(app.get_as(&token, "/users").await.body["items"].as_array().unwrap().len(), 2);
}

#[tokio::test]
async fn lists_page_with_a_cursor() {
    let app = TestApp::new().await;
    let admin = app.activated_admin().await;
    let (token, _) = app.tokens(&admin).await;
    for i in 0..4 {
        app.post_as(&token, "/users", json!({ "name": format!("U{i}"), "email": unique_email("page"), "role": "user" })).await;
    }
    let first = app.get_as(&token, "/users?limit=3").await;
    assert_eq!(first.body["items"].as_array().unwrap().len(), 3);
    let cursor = first.body["next_cursor"].as_str().unwrap();
    let second = app.get_as(&token, &format!("/users?limit=3&cursor={cursor}")).await;
    let names: Vec<&str> = second.body["items"].as_array().unwrap().iter().map(|u| u["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["U2", "U3"]);
    assert!(second.body["next_cursor"].is_null());
    for bad in ["/users?limit=0", "/users?limit=101", "/users?limit=abc", "/users?cursor=%%%", "/users?cursor=QVVESVQj"] {
        app.get_as(&token, bad).await.assert_problem(400, "validation_failed");
    }
}

#[tokio::test]
async fn every_change_is_in_the_audit_trail_newest_first() {
    let app = TestApp::new().await;
    let admin = app.activated_admin().await;
    let (token, _) = app.tokens(&admin).await;
    let created = app.post_as(&token, "/users", json!({ "name": "Audited", "email": unique_email("aud"), "role": "user" })).await;
    let id = created.body["id"].as_str().unwrap();
    app.patch_as(&token, &format!("/users/{id}"), json!({ "role": "admin" })).await;
    app.post_as(&token, &format!("/users/{id}/password-reset"), json!({})).await;
    app.delete_as(&token, &format!("/users/{id}")).await;
    let audit = app.get_as(&token, "/audit").await;
    assert_eq!(audit.status, 200);
    let entries = audit.body["items"].as_array().unwrap();
    let actions: Vec<&str> = entries.iter().map(|e| e["action"].as_str().unwrap()).collect();
    assert_eq!(actions, ["user.deleted", "user.password_change_requested", "user.role_changed", "user.created"]);
    assert!(entries.iter().all(|e| e["actor_id"] == admin.user_id.as_str() && e["target_id"] == id && e["at"].is_string()));
    assert_eq!(entries[2]["detail"]["role"], json!({ "from": "user", "to": "admin" }));
    let paged = app.get_as(&token, "/audit?limit=3").await;
    let rest = app.get_as(&token, &format!("/audit?cursor={}", paged.body["next_cursor"].as_str().unwrap())).await;
    assert_eq!(rest.body["items"][0]["action"], "user.created");
}

#[tokio::test]
async fn a_user_changes_their_own_password_and_other_sessions_end() {
    let app = TestApp::new().await;
    let admin = app.activated_admin().await;
    let (here, _) = app.tokens(&admin).await;
    let (elsewhere, _) = app.tokens(&admin).await;
    let wrong = app
        .post_as(
            &here,
            "/me/password",
            json!({ "current_password": "not it at all", "password": "brand new phrase", "password_confirmation": "brand new phrase" }),
        )
        .await;
    wrong.assert_problem(400, "validation_failed");
    assert_eq!(wrong.body["errors"][0]["field"], "current_password");
    let changed = app
        .post_as(
            &here,
            "/me/password",
            json!({ "current_password": PASSWORD, "password": "brand new phrase", "password_confirmation": "brand new phrase" }),
        )
        .await;
    assert_eq!(changed.status, 204, "{:?}", changed.body);
    assert_eq!(app.get_as(&here, "/me").await.status, 200);
    app.get_as(&elsewhere, "/me").await.assert_problem(401, "unauthorized");
    app.login(&admin.email, PASSWORD).await.assert_problem(401, "invalid_credentials");
    assert_eq!(app.login(&admin.email, "brand new phrase").await.status, 200);
}

#[tokio::test]
async fn parallel_creations_and_moves_to_one_email_give_it_to_one_user() {
    let app = TestApp::new().await;
    let admin = app.activated_admin().await;
    let (token, _) = app.tokens(&admin).await;
    let wanted = unique_email("wanted");
    let created = futures::future::join_all(
        (0..8).map(|i| app.post_as(&token, "/users", json!({ "name": format!("Persona {i}"), "email": wanted, "role": "user" }))),
    )
    .await;
    let statuses: Vec<u16> = created.iter().map(|c| c.status).collect();
    assert_eq!(statuses.iter().filter(|s| **s == 201).count(), 1, "{statuses:?}");
    assert!(created.iter().filter(|c| c.status != 201).all(|c| c.code() == "email_taken"), "{statuses:?}");

    // Existing users racing to move to one free address: one gets it.
    let mut ids = Vec::new();
    for i in 0..4 {
        let made =
            app.post_as(&token, "/users", json!({ "name": format!("Otra {i}"), "email": unique_email("mover"), "role": "user" })).await;
        ids.push(made.body["id"].as_str().unwrap().to_string());
    }
    let target = unique_email("target");
    let paths: Vec<String> = ids.iter().map(|id| format!("/users/{id}")).collect();
    let moved = futures::future::join_all(paths.iter().map(|path| app.patch_as(&token, path, json!({ "email": target })))).await;
    let statuses: Vec<u16> = moved.iter().map(|m| m.status).collect();
    assert_eq!(statuses.iter().filter(|s| **s == 200).count(), 1, "{statuses:?}");
    assert!(moved.iter().filter(|m| m.status != 200).all(|m| m.code() == "email_taken" || m.code() == "conflict"), "{statuses:?}");
    let users = app.get_as(&token, "/users?limit=100").await;
    assert_eq!(users.body["items"].as_array().unwrap().iter().filter(|u| u["email"] == target.as_str()).count(), 1);
}
