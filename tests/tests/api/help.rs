//! The help centre ("Ayuda"): the customer FAQ's questions as articles anyone reads, grouped as
//! the FAQ groups them, searchable, with the support numbers; the operator writes them.

use cloudstore_tests::*;
use serde_json::{json, Value};

async fn articles(app: &TestApp, path: &str) -> Vec<Value> {
    let answer = app.send(Req { method: "GET", path, body: None, bearer: None }).await;
    assert_eq!(answer.status, 200, "{:?}", answer.body);
    answer.body["items"].as_array().unwrap().clone()
}

#[tokio::test]
async fn anyone_reads_every_faq_answer_grouped_in_the_faqs_order_with_the_support_numbers() {
    let app = TestApp::new().await;
    app.seed().await;
    let answer = app.send(Req { method: "GET", path: "/help?limit=100", body: None, bearer: None }).await;
    assert_eq!(answer.status, 200, "{:?}", answer.body);
    assert_eq!(answer.headers["cache-control"], "public, max-age=60");
    assert!(answer.body["next_cursor"].is_null());
    let items = answer.body["items"].as_array().unwrap();
    assert_eq!(items.len(), cloudstore_dev::help::articles().len());
    for item in items {
        for field in ["id", "group", "question", "answer"] {
            assert!(item[field].as_str().is_some_and(|v| !v.is_empty()), "{field} of {item}");
        }
    }
    // Grouped as the FAQ groups them: each group's articles together, in the FAQ's order.
    let groups: Vec<&str> = items.iter().map(|i| i["group"].as_str().unwrap()).collect();
    let mut order: Vec<&str> = groups.clone();
    order.dedup();
    assert_eq!(order, ["Conocé Cloud Store", "Acceso y ayuda", "Promociones y cupones", "Usuarios", "Procesos delegados"]);
    let all: String = items.iter().map(|i| format!("{} {}\n", i["question"], i["answer"])).collect();
    for words in [
        "0800 333 6006",
        "0800 666 7676",
        "Gestionar › Gestionar por usuario",
        "«Añadir Nuevo»",
        "«Restablecer contraseña»",
        "«Abrir Aplicación»",
        "Gestionar › Gestionar procesos delegados",
        "NO ACTIVO",
    ] {
        assert!(all.contains(words), "the help names {words}");
    }
    // Pages follow their cursor, no cap.
    let first = app.send(Req { method: "GET", path: "/help?limit=5", body: None, bearer: None }).await;
    let cursor = first.body["next_cursor"].as_str().unwrap();
    let second = articles(&app, &format!("/help?limit=5&cursor={cursor}")).await;
    assert_eq!(second[0]["id"], items[5]["id"]);
}

#[tokio::test]
async fn a_search_finds_the_answers_holding_every_word_accents_and_case_aside() {
    let app = TestApp::new().await;
    app.seed().await;
    let found = articles(&app, "/help?query=CONTRASENA%20olvide").await;
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0]["question"], "Olvidé mi contraseña, ¿cómo vuelvo a entrar?");
    let coupons = articles(&app, "/help?query=cup%C3%B3n").await;
    assert!(coupons.iter().any(|a| a["question"] == "¿Cómo uso un cupón de descuento?"), "{coupons:?}");
    assert!(articles(&app, "/help?query=zzzz%20contrase%C3%B1a").await.is_empty());
    let long = "a".repeat(201);
    app.send(Req { method: "GET", path: &format!("/help?query={long}"), body: None, bearer: None })
        .await
        .assert_problem(400, "validation_failed");
}

#[tokio::test]
async fn the_operator_writes_reorders_and_deletes_articles_and_nobody_else_may() {
    let app = TestApp::new().await;
    app.seed().await;
    let op = app.operator_token().await;
    let body = json!({ "group": "Facturación", "question": "¿Cuándo me cobran?", "answer": "Con tu factura de comunicaciones.\n\n• Por mes.\n• En pesos." });
    let created = app.post_as(&op, "/help", body.clone()).await;
    assert_eq!(created.status, 201, "{:?}", created.body);
    let id = created.body["id"].as_str().unwrap().to_string();
    let all = articles(&app, "/help?limit=100").await;
    assert_eq!(all.last().unwrap()["id"], id.as_str(), "a new article goes last");

    let moved = app
        .put_as(
            &op,
            &format!("/help/{id}"),
            json!({ "group": "Facturación", "question": "¿Cuándo me cobran?", "answer": "Cada mes.", "position": 1 }),
        )
        .await;
    assert_eq!(moved.status, 200, "{:?}", moved.body);
    let all = articles(&app, "/help?limit=100").await;
    assert_eq!((all[0]["id"].as_str(), all[0]["answer"].as_str()), (Some(id.as_str()), Some("Cada mes.")));
    assert_eq!(articles(&app, "/help?query=cobran").await.len(), 1);

    // Bad input is explained field by field; a stranger or an admin is turned away.
    let bad = app.post_as(&op, "/help", json!({ "group": " ", "question": "x", "answer": "y", "extra": 1 })).await;
    bad.assert_problem(400, "validation_failed");
    let empty = app.post_as(&op, "/help", json!({ "group": " ", "question": "x", "answer": "y" })).await;
    assert_eq!(empty.body["errors"][0]["field"], "group");
    let admin = app.activated_admin().await;
    let (admin_token, _) = app.tokens(&admin).await;
    app.post_as(&admin_token, "/help", body).await.assert_problem(403, "forbidden");
    app.delete_as(&admin_token, &format!("/help/{id}")).await.assert_problem(403, "forbidden");

    assert_eq!(app.delete_as(&op, &format!("/help/{id}")).await.status, 204);
    app.delete_as(&op, &format!("/help/{id}")).await.assert_problem(404, "not_found");
    app.put_as(&op, "/help/01KBBKB100H2DFF87GDBWFN0BX", json!({ "group": "G", "question": "Q", "answer": "A" }))
        .await
        .assert_problem(404, "not_found");
    assert!(articles(&app, "/help?query=cobran").await.is_empty());
}
