//! Product media: the operator uploads icons, screenshots and manuals straight to the media
//! bucket (the local S3-compatible server) through presigned requests the API checks first.

use cloudstore_tests::*;
use serde_json::json;

#[tokio::test]
async fn the_operator_uploads_a_screenshot_that_is_then_served_for_good() {
    let app = TestApp::new().await;
    app.seed().await;
    app.media_bucket().await;
    let op = app.operator_token().await;
    let png = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/data/media/factura-ya/captura-1.png")).unwrap();

    let upload = app.post_as(&op, "/media", json!({ "kind": "screenshot", "content_type": "image/png", "size": png.len() })).await;
    assert_eq!(upload.status, 201, "{:?}", upload.body);
    assert_eq!(upload.body["method"], "PUT");
    let url = upload.body["upload_url"].as_str().unwrap();
    // The type and the size are signed: S3 takes nothing else with this URL.
    let signed = url.split("X-Amz-SignedHeaders=").nth(1).unwrap().split('&').next().unwrap();
    assert!(signed.contains("content-length") && signed.contains("content-type"), "{signed}");
    assert_eq!(upload.body["headers"]["content-type"], "image/png");

    let client = reqwest::Client::new();
    let mut put = client.put(url).body(png.clone());
    for (name, value) in upload.body["headers"].as_object().unwrap() {
        put = put.header(name.as_str(), value.as_str().unwrap());
    }
    let sent = put.send().await.unwrap();
    assert!(sent.status().is_success(), "{}", sent.status());

    let media_url = upload.body["media_url"].as_str().unwrap();
    assert!(media_url.contains("/media/screenshots/") && media_url.ends_with(".png"), "{media_url}");
    let served = client.get(media_url).send().await.unwrap();
    assert_eq!(served.status(), 200);
    assert_eq!(served.headers()["content-type"], "image/png");
    assert_eq!(served.bytes().await.unwrap().as_ref(), png.as_slice());

    // The URL goes on the product sheet.
    let product = app.send(Req { method: "GET", path: "/products/01KMR4670BK382X69K91NY0VTH", body: None, bearer: None }).await.body;
    let mut sheet = product.clone();
    for field in ["id", "active"] {
        sheet.as_object_mut().unwrap().remove(field);
    }
    sheet["screenshots"] = json!([media_url]);
    let saved = app.put_as(&op, "/products/01KMR4670BK382X69K91NY0VTH", sheet).await;
    assert_eq!(saved.status, 200, "{:?}", saved.body);
    assert_eq!(saved.body["screenshots"][0], media_url);
}

#[tokio::test]
async fn uploads_of_the_wrong_type_or_size_or_by_anyone_else_are_refused() {
    let app = TestApp::new().await;
    app.seed().await;
    let op = app.operator_token().await;
    for (body, field) in [
        (json!({ "kind": "icon", "content_type": "image/svg+xml", "size": 1000 }), "content_type"),
        (json!({ "kind": "icon", "content_type": "image/png", "size": 600 * 1024 }), "size"),
        (json!({ "kind": "screenshot", "content_type": "image/png", "size": 0 }), "size"),
        (json!({ "kind": "manual", "content_type": "image/png", "size": 1000 }), "content_type"),
        (json!({ "kind": "video", "content_type": "video/mp4", "size": 1000 }), "kind"),
    ] {
        let answer = app.post_as(&op, "/media", body.clone()).await;
        answer.assert_problem(400, "validation_failed");
        assert_eq!(answer.body["errors"][0]["field"], field, "{body}");
    }
    let admin = app.activated_admin().await;
    let (token, _) = app.tokens(&admin).await;
    app.post_as(&token, "/media", json!({ "kind": "icon", "content_type": "image/png", "size": 1000 }))
        .await
        .assert_problem(403, "forbidden");
    app.post("/media", json!({ "kind": "icon", "content_type": "image/png", "size": 1000 })).await.assert_problem(401, "unauthorized");
}
