//! "Gestionar por usuario": every list pages through the API with a search by name or email (no
//! cap), a user's page shows their applications, seats go to many users in one request, and a
//! person's licence moves to someone else before they are deleted.

use cloudstore_tests::*;
use serde_json::{json, Value};

/// An admin of a company that bought `seats` seats of "Reunión Plus".
async fn company_with_seats(app: &TestApp, seats: u32) -> (Account, String, String) {
    app.seed().await;
    let admin = app.activated_admin().await;
    let (token, _) = app.tokens(&admin).await;
    let cart = json!({ "items": [{ "product_id": "01KMR5D34AHVB210RXHCMX5DQK", "plan_id": "pro", "seats": seats }] });
    let order = app.order(&token, "k", cart).await;
    assert_eq!(order.status, 201, "{:?}", order.body);
    (admin, token, order.body["subscription_ids"][0].as_str().unwrap().to_string())
}

/// `count` users named "Persona n", created `parallel` at a time; answers their ids in order.
async fn people(app: &TestApp, token: &str, count: usize, tag: &str) -> Vec<String> {
    let mut ids = Vec::new();
    for chunk in (0..count).collect::<Vec<_>>().chunks(10) {
        let created = futures::future::join_all(chunk.iter().map(|n| {
            app.post_as(
                token,
                "/users",
                json!({ "name": format!("Persona {tag} {n}"), "email": unique_email(&format!("{tag}{n}")), "role": "user" }),
            )
        }))
        .await;
        for answer in created {
            assert_eq!(answer.status, 201, "{:?}", answer.body);
            ids.push(answer.body["id"].as_str().unwrap().to_string());
        }
    }
    ids
}

async fn all_pages(app: &TestApp, token: &str, path: &str) -> Vec<Value> {
    let mut items = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let sep = if path.contains('?') { '&' } else { '?' };
        let url = match &cursor {
            Some(c) => format!("{path}{sep}cursor={c}"),
            None => path.to_string(),
        };
        let page = app.get_as(token, &url).await;
        assert_eq!(page.status, 200, "{:?}", page.body);
        items.extend(page.body["items"].as_array().unwrap().iter().cloned());
        match page.body["next_cursor"].as_str() {
            Some(next) => cursor = Some(next.to_string()),
            None => return items,
        }
    }
}

#[tokio::test]
async fn users_are_found_by_name_or_email_past_the_first_hundred() {
    let app = TestApp::new().await;
    let admin = app.activated_admin().await;
    let (token, _) = app.tokens(&admin).await;
    let ids = people(&app, &token, 105, "lote").await;
    let last = app.post_as(&token, "/users", json!({ "name": "Íñigo Muñoz", "email": unique_email("inigo"), "role": "user" })).await;
    let inigo = last.body["id"].as_str().unwrap();

    // Every user, page after page: no cap.
    assert_eq!(all_pages(&app, &token, "/users?limit=100").await.len(), ids.len() + 2);
    // The 107th user is found by a piece of the name, accents and case aside, in a full page.
    let found = app.get_as(&token, "/users?query=inigo%20MUNOZ").await;
    assert_eq!(found.status, 200);
    assert_eq!(found.body["items"].as_array().unwrap().len(), 1, "{:?}", found.body);
    assert_eq!(found.body["items"][0]["id"], inigo);
    // A search fills its pages and pages on.
    let lote = app.get_as(&token, "/users?query=persona%20lote&limit=40").await;
    assert_eq!(lote.body["items"].as_array().unwrap().len(), 40);
    assert_eq!(all_pages(&app, &token, "/users?query=persona%20lote&limit=40").await.len(), 105);
    // By email too.
    let email = last.body["email"].as_str().unwrap();
    assert_eq!(app.get_as(&token, &format!("/users?query={email}")).await.body["items"][0]["id"], inigo);
    // Another company's admin finds none of them.
    let other = app.activated_admin().await;
    let (other_token, _) = app.tokens(&other).await;
    assert!(app.get_as(&other_token, "/users?query=inigo").await.body["items"].as_array().unwrap().is_empty());
}

#[tokio::test]
async fn a_users_page_lists_their_applications_which_come_and_go_from_there() {
    let app = TestApp::new().await;
    let (_, token, sub) = company_with_seats(&app, 2).await;
    let ids = people(&app, &token, 1, "uno").await;
    let before = app.get_as(&token, &format!("/users/{}", ids[0])).await;
    assert_eq!(before.body["applications"], json!([]));
    assert_eq!(app.post_as(&token, &format!("/subscriptions/{sub}/licences"), json!({ "user_id": ids[0] })).await.status, 201);
    let after = app.get_as(&token, &format!("/users/{}", ids[0])).await;
    assert_eq!(after.body["licences"], json!([sub]));
    let apps = after.body["applications"].as_array().unwrap();
    assert_eq!((apps[0]["subscription_id"].as_str(), apps[0]["name"].as_str()), (Some(sub.as_str()), Some("Reunión Plus")));
    assert!(apps[0]["icon_url"].as_str().unwrap().ends_with("/media/demo/reunion-plus/icon.png"));
    assert_eq!(app.delete_as(&token, &format!("/subscriptions/{sub}/licences/{}", ids[0])).await.status, 204);
    assert_eq!(app.get_as(&token, &format!("/users/{}", ids[0])).await.body["applications"], json!([]));
}

#[tokio::test]
async fn seats_go_to_many_users_in_one_request_chunk_by_chunk_and_never_past_the_seats() {
    let app = TestApp::new().await;
    let (_, token, sub) = company_with_seats(&app, 60).await;
    let ids = people(&app, &token, 62, "bulk").await;
    let path = format!("/subscriptions/{sub}/licences/bulk");
    // More users than seats: refused, nothing written.
    let too_many = app.post_as(&token, &path, json!({ "user_ids": ids })).await;
    too_many.assert_problem(409, "no_seats_available");
    assert_eq!(all_pages(&app, &token, &format!("/subscriptions/{sub}/licences?limit=100")).await.len(), 0);

    // 55 users (two transactions: 49 and 6), one of them twice.
    let mut wanted: Vec<&String> = ids[..55].iter().collect();
    wanted.push(&ids[0]);
    let given = app.post_as(&token, &path, json!({ "user_ids": wanted })).await;
    assert_eq!(given.status, 200, "{:?}", given.body);
    assert_eq!(given.body["assigned"].as_array().unwrap().len(), 55);
    assert_eq!(given.body["already_assigned"], json!([]));
    let holders = all_pages(&app, &token, &format!("/subscriptions/{sub}/licences?limit=100")).await;
    assert_eq!(holders.len(), 55);
    let subs = app.get_as(&token, "/subscriptions").await;
    assert_eq!(subs.body["items"][0]["seats_assigned"], 55);
    assert!(last_mail_to(holders[54]["email"].as_str().unwrap()).await.subject.contains("Reunión Plus"));

    // Sent again with five more: the 55 are answered as holders, the five get seats.
    let again = app.post_as(&token, &path, json!({ "user_ids": ids[..60].to_vec() })).await;
    assert_eq!(again.status, 200, "{:?}", again.body);
    assert_eq!(again.body["assigned"].as_array().unwrap().len(), 5);
    assert_eq!(again.body["already_assigned"].as_array().unwrap().len(), 55);
    // Full now: the two left find no seat, in parallel too.
    let rest = futures::future::join_all(ids[60..].iter().map(|id| app.post_as(&token, &path, json!({ "user_ids": [id] })))).await;
    for answer in rest {
        answer.assert_problem(409, "no_seats_available");
    }
    assert_eq!(app.get_as(&token, "/subscriptions").await.body["items"][0]["seats_assigned"], 60);

    // Holders are searched by name or email, their copy kept current when they are renamed.
    let renamed = app.patch_as(&token, &format!("/users/{}", ids[59]), json!({ "name": "Zulema Quiroga" })).await;
    assert_eq!(renamed.status, 200, "{:?}", renamed.body);
    let found = app.get_as(&token, &format!("/subscriptions/{sub}/licences?query=QUIROGA%20zulema")).await;
    assert_eq!(found.body["items"].as_array().unwrap().len(), 1, "{:?}", found.body);
    assert_eq!(found.body["items"][0]["user_id"], ids[59].as_str());
    assert_eq!(found.body["items"][0]["name"], "Zulema Quiroga");

    // Someone of another company, or no one, is named: refused with the field.
    let other = app.activated_admin().await;
    let bad = app.post_as(&token, &path, json!({ "user_ids": [other.user_id, "nope"] })).await;
    bad.assert_problem(400, "validation_failed");
    let fields: Vec<&str> = bad.body["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap()).collect();
    assert_eq!(fields, ["user_ids[1]"]);
    let unknown = app.post_as(&token, &path, json!({ "user_ids": [other.user_id] })).await;
    assert_eq!(unknown.body["errors"][0]["field"], "user_ids[0]");
}

#[tokio::test]
async fn parallel_bulk_requests_never_give_more_seats_than_there_are() {
    let app = TestApp::new().await;
    let (_, token, sub) = company_with_seats(&app, 10).await;
    let ids = people(&app, &token, 30, "race").await;
    let path = format!("/subscriptions/{sub}/licences/bulk");
    let answers = futures::future::join_all(ids.chunks(3).map(|group| app.post_as(&token, &path, json!({ "user_ids": group })))).await;
    let given: usize = answers.iter().filter(|a| a.status == 200).map(|a| a.body["assigned"].as_array().unwrap().len()).sum();
    assert!(answers.iter().all(|a| a.status == 200 || a.code() == "no_seats_available" || a.code() == "conflict"), "{answers:?}");
    let holders = all_pages(&app, &token, &format!("/subscriptions/{sub}/licences?limit=100")).await;
    assert_eq!(holders.len(), given);
    assert!((3..=10).contains(&given) && given.is_multiple_of(3), "10 seats, {given} given, whole requests only");
    assert_eq!(app.get_as(&token, "/subscriptions").await.body["items"][0]["seats_assigned"], given);
}

#[tokio::test]
async fn before_a_deletion_each_application_moves_to_someone_else_in_one_step() {
    let app = TestApp::new().await;
    let (_, token, sub) = company_with_seats(&app, 1).await;
    let leaving = app.activated_user(&token, "user").await;
    let staying = people(&app, &token, 1, "queda").await.remove(0);
    assert_eq!(app.post_as(&token, &format!("/subscriptions/{sub}/licences"), json!({ "user_id": leaving.user_id })).await.status, 201);
    // The only seat is taken: the move keeps it, no seat is needed.
    let path = format!("/subscriptions/{sub}/licences/{}/reassign", leaving.user_id);
    let moved = app.post_as(&token, &path, json!({ "user_id": staying })).await;
    assert_eq!(moved.status, 200, "{:?}", moved.body);
    assert_eq!(moved.body["user_id"], staying.as_str());
    assert_eq!(app.get_as(&token, &format!("/users/{}", leaving.user_id)).await.body["applications"], json!([]));
    assert_eq!(app.get_as(&token, &format!("/users/{staying}")).await.body["licences"], json!([sub]));
    let holders = app.get_as(&token, &format!("/subscriptions/{sub}/licences")).await;
    assert_eq!(holders.body["items"].as_array().unwrap().len(), 1);
    assert_eq!(holders.body["items"][0]["user_id"], staying.as_str());
    assert_eq!(app.get_as(&token, "/subscriptions").await.body["items"][0]["seats_assigned"], 1);

    // Moving it again from someone who no longer holds it, or to someone who does, is refused.
    app.post_as(&token, &path, json!({ "user_id": staying })).await.assert_problem(404, "not_found");
    let back = format!("/subscriptions/{sub}/licences/{staying}/reassign");
    app.post_as(&token, &back, json!({ "user_id": staying })).await.assert_problem(400, "validation_failed");
    // The person leaves without losing anything the company needed.
    assert_eq!(app.delete_as(&token, &format!("/users/{}", leaving.user_id)).await.status, 204);
    assert_eq!(app.get_as(&token, "/subscriptions").await.body["items"][0]["seats_assigned"], 1);
}
