//! The vendor console's webhook endpoints: the secret shown once and sealed at rest, the URL
//! checked (https to public addresses; loopback http only as the local stack allows), pings signed
//! as Standard Webhooks says (both secrets during a rotation), a 410 switching the endpoint off, a
//! redirect never followed, the ceiling of endpoints under concurrent requests, and one vendor
//! never reaching another's endpoints.

use base64::Engine;
use cloudstore::db::Key;
use cloudstore::ids::CompanyId;
use cloudstore_dev::seed::{seed_staff, DEMO_VENDOR_ID, LOCAL_PASSWORD};
use cloudstore_tests::receiver::{Received, Receiver};
use cloudstore_tests::*;
use serde_json::{json, Value};

async fn vendor_app() -> (TestApp, String) {
    let app = TestApp::new().await;
    seed_staff(&app.state).await.unwrap();
    let token = app.vendor_token().await;
    (app, token)
}

async fn add_endpoint(app: &TestApp, token: &str, url: &str) -> Answer {
    app.post_as(token, "/vendor/endpoints", json!({ "url": url, "events": ["*"] })).await
}

/// Verifies `got` with `secret` as a vendor would, with the Standard Webhooks library.
fn verifies(secret: &str, got: &Received) -> bool {
    let webhook = standardwebhooks::Webhook::new(secret).unwrap();
    let mut headers = http::HeaderMap::new();
    for name in ["webhook-id", "webhook-timestamp", "webhook-signature"] {
        headers.insert(name, got.header(name).parse().unwrap());
    }
    webhook.verify(&got.body, &headers).is_ok()
}

#[tokio::test]
async fn an_endpoint_shows_its_secret_once_and_keeps_it_sealed() {
    let (app, token) = vendor_app().await;
    let body = json!({ "url": " http://127.0.0.1:9/hooks ", "events": ["licence.assigned", "subscription.created", "licence.assigned"] });
    let created = app.post_as(&token, "/vendor/endpoints", body).await;
    assert_eq!(created.status, 201, "{:?}", created.body);
    let secret = created.body["secret"].as_str().unwrap().to_string();
    let raw = base64::engine::general_purpose::STANDARD.decode(secret.strip_prefix("whsec_").unwrap()).unwrap();
    assert_eq!(raw.len(), 32);
    let id = created.body["id"].as_str().unwrap().to_string();
    let created_at = created.body["created_at"].clone();
    let shown = json!({ "id": id, "url": "http://127.0.0.1:9/hooks", "events": ["licence.assigned", "subscription.created"],
        "enabled": true, "created_at": created_at });
    let mut without_secret = created.body.clone();
    without_secret.as_object_mut().unwrap().remove("secret");
    assert_eq!(without_secret, shown);

    // Listed without the secret; stored sealed (the plain secret is nowhere in the item).
    assert_eq!(app.get_as(&token, "/vendor/endpoints").await.body, json!({ "items": [shown], "next_cursor": null }));
    let key = Key::new(format!("VENDOR#{DEMO_VENDOR_ID}"), format!("ENDPOINT#{id}"));
    let item: Value = app.state.db().get(&key).await.unwrap().unwrap();
    assert!(item["secret"].as_str().unwrap().starts_with("k1:"), "{item}");
    assert!(!item.to_string().contains(&secret[6..]), "the secret in the clear: {item}");

    // In the vendor's trail.
    let trail = app.state.db().query_all::<Value>(cloudstore::db::Query::table(format!("COMPANY#{DEMO_VENDOR_ID}")).prefix("AUDIT#")).await;
    let actions: Vec<String> = trail.unwrap().iter().map(|e| e["action"].as_str().unwrap().to_string()).collect();
    assert_eq!(actions, ["endpoint.created"]);
}

#[tokio::test]
async fn urls_inside_a_network_or_without_https_are_refused() {
    let (app, token) = vendor_app().await;
    for url in [
        "http://169.254.169.254/latest/meta-data/",
        "https://10.0.0.1/hooks",
        "https://[::ffff:127.0.0.1]/hooks",
        "http://93.184.216.34/hooks",
    ] {
        let refused = add_endpoint(&app, &token, url).await;
        refused.assert_problem(422, "endpoint_not_allowed");
        assert_eq!(refused.body["errors"][0]["field"], "url", "{url}: {:?}", refused.body);
    }
    add_endpoint(&app, &token, "ftp://files.example.com/hooks").await.assert_problem(400, "validation_failed");
    let unknown = app.post_as(&token, "/vendor/endpoints", json!({ "url": "http://127.0.0.1:9/", "events": ["order.paid"] })).await;
    unknown.assert_problem(400, "validation_failed");
    assert_eq!(unknown.body["errors"][0]["field"], "events");

    // Moving an endpoint inside a network is refused too, and leaves it as it was.
    let id = add_endpoint(&app, &token, "http://127.0.0.1:9/hooks").await.body["id"].as_str().unwrap().to_string();
    let moved = app.patch_as(&token, &format!("/vendor/endpoints/{id}"), json!({ "url": "https://192.168.0.10/hooks" })).await;
    moved.assert_problem(422, "endpoint_not_allowed");
    assert_eq!(app.get_as(&token, "/vendor/endpoints").await.body["items"][0]["url"], "http://127.0.0.1:9/hooks");
    assert_eq!(app.get_as(&token, "/vendor/endpoints").await.body["items"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn a_ping_is_signed_with_the_secret_and_during_a_rotation_with_both() {
    let (app, token) = vendor_app().await;
    let receiver = Receiver::start().await;
    let created = add_endpoint(&app, &token, &receiver.url("/webhooks")).await;
    let (id, first) = (created.body["id"].as_str().unwrap().to_string(), created.body["secret"].as_str().unwrap().to_string());

    let ping = app.post_as(&token, &format!("/vendor/endpoints/{id}/ping"), json!({})).await;
    assert_eq!((ping.status, ping.body["status_code"].clone(), ping.body["ok"].clone()), (200, json!(200), json!(true)), "{:?}", ping.body);
    assert!(ping.body["duration_ms"].is_u64());
    let got = receiver.received();
    assert_eq!(got.len(), 1);
    let event = got[0].json();
    assert_eq!(
        (got[0].path.as_str(), event["type"].as_str(), event["data"]["endpoint_id"].as_str()),
        ("/webhooks", Some("ping"), Some(id.as_str()))
    );
    assert_eq!(got[0].header("webhook-id"), event["id"].as_str().unwrap());
    assert!(event["id"].as_str().unwrap().starts_with("evt_"));
    assert!(verifies(&first, &got[0]));

    // Rotated: both secrets sign for a day, each verifies.
    let rotated = app.post_as(&token, &format!("/vendor/endpoints/{id}/secret"), json!({})).await;
    assert_eq!(rotated.status, 200, "{:?}", rotated.body);
    let second = rotated.body["secret"].as_str().unwrap().to_string();
    assert_ne!(second, first);
    assert_eq!(rotated.body, json!({ "secret": second }));
    app.post_as(&token, &format!("/vendor/endpoints/{id}/ping"), json!({})).await;
    let during = receiver.received().pop().unwrap();
    assert_eq!(during.header("webhook-signature").split(' ').filter(|s| s.starts_with("v1,")).count(), 2);
    assert!(verifies(&first, &during) && verifies(&second, &during));
    assert!(!verifies("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", &during), "any other secret fails");

    // A day later only the new one signs.
    app.set_clock(time::OffsetDateTime::now_utc() + time::Duration::hours(25));
    app.post_as(&token, &format!("/vendor/endpoints/{id}/ping"), json!({})).await;
    let after = receiver.received().pop().unwrap();
    assert_eq!(after.header("webhook-signature").split(' ').count(), 1);
}

#[tokio::test]
async fn a_410_switches_the_endpoint_off_and_a_redirect_is_not_followed() {
    let (app, token) = vendor_app().await;
    let receiver = Receiver::start().await;
    let id = add_endpoint(&app, &token, &receiver.url("/in")).await.body["id"].as_str().unwrap().to_string();

    receiver.answer(302, &[("location", &receiver.url("/elsewhere"))]);
    let redirected = app.post_as(&token, &format!("/vendor/endpoints/{id}/ping"), json!({})).await;
    assert_eq!((redirected.body["status_code"].clone(), redirected.body["ok"].clone()), (json!(302), json!(false)));
    assert_eq!(receiver.received().iter().map(|r| r.path.as_str()).collect::<Vec<_>>(), ["/in"], "the redirect was followed");

    receiver.answer(410, &[]);
    let gone = app.post_as(&token, &format!("/vendor/endpoints/{id}/ping"), json!({})).await;
    assert_eq!((gone.body["status_code"].clone(), gone.body["ok"].clone()), (json!(410), json!(false)));
    let listed = &app.get_as(&token, "/vendor/endpoints").await.body["items"][0];
    assert_eq!((listed["enabled"].clone(), listed["disabled_reason"].clone()), (json!(false), json!("gone")));

    // The vendor switches it back on once its side is fixed.
    let on = app.patch_as(&token, &format!("/vendor/endpoints/{id}"), json!({ "enabled": true })).await;
    assert_eq!((on.status, on.body["enabled"].clone(), on.body.get("disabled_reason")), (200, json!(true), None));

    // Nobody listening: the ping answers that, not an error.
    let closed = app.patch_as(&token, &format!("/vendor/endpoints/{id}"), json!({ "url": "http://127.0.0.1:9/closed" })).await;
    assert_eq!(closed.status, 200, "{:?}", closed.body);
    let refused = app.post_as(&token, &format!("/vendor/endpoints/{id}/ping"), json!({})).await;
    assert_eq!((refused.status, refused.body["status_code"].clone(), refused.body["ok"].clone()), (200, Value::Null, json!(false)));
    assert!(refused.body["error"].as_str().is_some_and(|e| !e.is_empty()), "{:?}", refused.body);
}

#[tokio::test]
async fn twelve_endpoints_at_once_leave_exactly_ten() {
    let (app, token) = vendor_app().await;
    let urls: Vec<String> = (0..12).map(|n| format!("http://127.0.0.1:9/hooks/{n}")).collect();
    let adds = urls.iter().map(|url| add_endpoint(&app, &token, url));
    let answers = futures::future::join_all(adds).await;
    let mut statuses: Vec<u16> = answers.iter().map(|a| a.status).collect();
    statuses.sort();
    assert_eq!(statuses, [201, 201, 201, 201, 201, 201, 201, 201, 201, 201, 400, 400]);
    assert_eq!(app.get_as(&token, "/vendor/endpoints").await.body["items"].as_array().unwrap().len(), 10);
    // Removing one makes room for one.
    let first = app.get_as(&token, "/vendor/endpoints").await.body["items"][0]["id"].as_str().unwrap().to_string();
    assert_eq!(app.delete_as(&token, &format!("/vendor/endpoints/{first}")).await.status, 204);
    assert_eq!(add_endpoint(&app, &token, "http://127.0.0.1:9/hooks/again").await.status, 201);
}

#[tokio::test]
async fn a_vendor_never_reaches_another_vendors_endpoints() {
    let (app, token) = vendor_app().await;
    let email = unique_email("otro-proveedor");
    cloudstore::vendors::seed(&app.state, &CompanyId::new(), "Otro Proveedor", ("Otra Persona", &email), LOCAL_PASSWORD).await.unwrap();
    let other = app.login(&email, LOCAL_PASSWORD).await.body["access_token"].as_str().unwrap().to_string();
    let id = add_endpoint(&app, &token, "http://127.0.0.1:9/hooks").await.body["id"].as_str().unwrap().to_string();

    assert_eq!(app.get_as(&other, "/vendor/endpoints").await.body["items"], json!([]));
    let path = format!("/vendor/endpoints/{id}");
    app.patch_as(&other, &path, json!({ "enabled": false })).await.assert_problem(404, "not_found");
    app.delete_as(&other, &path).await.assert_problem(404, "not_found");
    app.post_as(&other, &format!("{path}/secret"), json!({})).await.assert_problem(404, "not_found");
    app.post_as(&other, &format!("{path}/ping"), json!({})).await.assert_problem(404, "not_found");
    assert_eq!(app.get_as(&token, "/vendor/endpoints").await.body["items"][0]["enabled"], true);

    // A customer's admin is not a vendor.
    let admin = app.activated_admin().await;
    let (admin_token, _) = app.tokens(&admin).await;
    app.get_as(&admin_token, "/vendor/endpoints").await.assert_problem(403, "forbidden");

    // The owner removes it; then it is gone for everyone.
    assert_eq!(app.delete_as(&token, &path).await.status, 204);
    app.delete_as(&token, &path).await.assert_problem(404, "not_found");
}
