//! Billing by seat-days: each day bills the most seats held at any moment of it; a past month never
//! changes; the customer's statement and the operator's export agree to the centavo; the export
//! reads what it bills, never the whole table; CSV cells can't become formulas; months outside
//! 2020-01 … next month are refused, never a panic.

use cloudstore_tests::*;
use serde_json::{json, Value};
use time::macros::datetime;

/// "Archivo Total", plan "equipo": 12.500,00 a seat, no trial.
const ARCHIVO: &str = "01KMR301Z6D7S9DX7VW94EDFBF";
/// "Factura Ya", plan "mensual": 6.500,00 a seat, 30-day welcome trial.
const FACTURA: &str = "01KMR4670BK382X69K91NY0VTH";
const SEAT: i64 = 1_250_000;

fn line(product: &str, plan: &str, seats: u32) -> Value {
    json!({ "product_id": product, "plan_id": plan, "seats": seats })
}

/// `round_half_up(numerator / denominator)`, computed here independently of the store.
fn round(numerator: i128, denominator: i128) -> i64 {
    ((2 * numerator + denominator) / (2 * denominator)) as i64
}

async fn admin_token(app: &TestApp) -> (Account, String) {
    let admin = app.activated_admin().await;
    let (token, _) = app.tokens(&admin).await;
    (admin, token)
}

fn company<'a>(export: &'a Value, id: &str) -> &'a Value {
    export["companies"].as_array().unwrap().iter().find(|c| c["company_id"] == id).unwrap_or(&Value::Null)
}

#[tokio::test]
async fn a_day_bills_the_most_seats_held_and_a_past_month_never_changes() {
    let app = TestApp::new().await;
    app.set_clock(datetime!(2026-11-01 10:00 UTC));
    app.seed().await;
    let op = app.operator_token().await;
    let (admin, token) = admin_token(&app).await;
    let order = app.order(&token, "k", json!({ "items": [line(ARCHIVO, "equipo", 200)] })).await;
    assert_eq!(order.status, 201, "{:?}", order.body);
    let path = format!("/subscriptions/{}", order.body["subscription_ids"][0].as_str().unwrap());
    // 200 seats for most of the month, one from the 26th: the 25th still held 200 in its morning.
    app.set_clock(datetime!(2026-11-25 09:00 UTC));
    assert_eq!(app.patch_as(&token, &path, json!({ "seats": 1 })).await.status, 200);

    app.set_clock(datetime!(2026-12-01 08:00 UTC));
    let november = app.get_as(&op, "/operator/billing?month=2026-11").await;
    assert_eq!(november.status, 200, "{:?}", november.body);
    let acme = company(&november.body, &admin.company_id);
    let charge = &acme["subscriptions"][0];
    assert_eq!((&charge["seats"], &charge["seat_days"], &charge["days_in_month"]), (&json!(200), &json!(200 * 25 + 5), &json!(30)));
    let amount = round(SEAT as i128 * 5005, 30);
    assert_eq!(charge["amount"], money(amount));
    assert_eq!(charge["unit_price"], money(SEAT));
    let iva = round(amount as i128 * 21, 100);
    assert_eq!((&acme["net"], &acme["iva"], &acme["total"]), (&money(amount), &money(iva), &money(amount + iva)));

    // December: one seat for two days, then fifty. November's figures stay as they were.
    app.set_clock(datetime!(2026-12-03 12:00 UTC));
    // (Sessions last 30 days by the store's clock: sign in again.)
    let ((token, _), op) = (app.tokens(&admin).await, app.operator_token().await);
    assert_eq!(app.patch_as(&token, &path, json!({ "seats": 50 })).await.status, 200);
    let again = app.get_as(&op, "/operator/billing?month=2026-11").await;
    assert_eq!(company(&again.body, &admin.company_id), acme);
    let december = app.get_as(&op, "/operator/billing?month=2026-12").await;
    let dec = &company(&december.body, &admin.company_id)["subscriptions"][0];
    assert_eq!((&dec["seats"], &dec["seat_days"]), (&json!(50), &json!(2 + 29 * 50)));
    assert_eq!(dec["amount"], money(round(SEAT as i128 * 1452, 31)));
    // A month with no change bills the seats as they stand, whole.
    let january = app.get_as(&op, "/operator/billing?month=2027-01").await;
    let jan = &company(&january.body, &admin.company_id)["subscriptions"][0];
    assert_eq!((&jan["seats"], &jan["seat_days"], &jan["amount"]), (&json!(50), &json!(50 * 31), &money(50 * SEAT)));
}

#[tokio::test]
async fn trials_are_free_coupons_apply_and_a_cancellation_stops_billing_the_next_day() {
    let app = TestApp::new().await;
    app.set_clock(datetime!(2026-11-11 15:00 UTC));
    app.seed().await;
    let op = app.operator_token().await;
    let (admin, token) = admin_token(&app).await;
    let cart = json!({ "items": [line(ARCHIVO, "equipo", 2), line(FACTURA, "mensual", 3)], "coupon_code": "BIENVENIDA20" });
    let order = app.order(&token, "k", cart).await;
    assert_eq!(order.status, 201, "{:?}", order.body);
    let (archivo, factura) = (order.body["subscription_ids"][0].as_str().unwrap(), order.body["subscription_ids"][1].as_str().unwrap());
    app.set_clock(datetime!(2026-11-20 23:59 UTC));
    assert_eq!(app.delete_as(&token, &format!("/subscriptions/{archivo}")).await.status, 204);

    app.set_clock(datetime!(2026-12-02 00:00 UTC));
    let export = app.get_as(&op, "/operator/billing?month=2026-11").await;
    let acme = company(&export.body, &admin.company_id);
    let of = |id: &str| acme["subscriptions"].as_array().unwrap().iter().find(|s| s["subscription_id"] == id).unwrap().clone();
    // Archivo: the 11th to the 20th (the day it was cancelled still counts), 20 % off.
    let a = of(archivo);
    assert_eq!((&a["seat_days"], &a["billable_days"]), (&json!(20), &json!(10)));
    let gross = 2 * SEAT as i128 * 10;
    assert_eq!(a["subtotal"], money(round(gross, 30)));
    assert_eq!(a["amount"], money(round(gross * 8_000, 30 * 10_000)));
    assert_eq!(a["discount"]["amount"].as_i64().unwrap(), round(gross, 30) - round(gross * 8_000, 30 * 10_000));
    // Factura: a welcome trial from the 11th, 30 days: all of November free.
    let f = of(factura);
    assert_eq!((&f["trial_days_free"], &f["billable_days"], &f["amount"]), (&json!(20), &json!(0), &money(0)));

    // The customer's statement says the same, to the centavo, and the same as CSV.
    let statement = app.get_as(&token, "/billing/statements/2026-11").await;
    assert_eq!(statement.status, 200, "{:?}", statement.body);
    assert_eq!(statement.body["lines"], acme["subscriptions"]);
    for field in ["net", "iva", "total"] {
        assert_eq!(statement.body[field], acme[field], "{field}");
    }
    assert_eq!((statement.body["company_name"].as_str(), statement.body["iva_rate_percent"].as_i64()), (Some("Acme SA"), Some(21)));
    let csv = app.raw_body("/billing/statements/2026-11", &token, "text/csv").await;
    let net = acme["net"]["amount"].as_i64().unwrap();
    assert!(csv.lines().next().unwrap().starts_with("month,company_id,company_name,subscription_id"), "{csv}");
    assert!(csv.contains(&format!("{}.{:02}", net / 100, net % 100)), "{csv}");
    let dec = app.get_as(&token, "/billing/statements/2026-12").await;
    let lines = dec.body["lines"].as_array().unwrap();
    assert_eq!(lines.len(), 1);
    // December: Archivo is gone; Factura's trial ends on 11 December, so the 1st–10th are free.
    assert_eq!((&lines[0]["trial_days_free"], &lines[0]["billable_days"]), (&json!(10), &json!(21)));
    assert_eq!(lines[0]["amount"], money(round(650_000 * 3 * 21, 31)));
}

#[tokio::test]
async fn the_statement_is_the_admins_own_and_months_are_checked() {
    let app = TestApp::new().await;
    app.set_clock(datetime!(2026-11-15 12:00 UTC));
    app.seed().await;
    let op = app.operator_token().await;
    let (_, token) = admin_token(&app).await;
    let user = app.activated_user(&token, "user").await;
    let (user_token, _) = app.tokens(&user).await;
    app.get_as(&user_token, "/billing/statements/2026-11").await.assert_problem(403, "forbidden");
    app.get_as(&op, "/billing/statements/2026-11").await.assert_problem(403, "forbidden");
    let empty = app.get_as(&token, "/billing/statements/2026-11").await;
    assert_eq!((empty.status, &empty.body["lines"], &empty.body["total"]), (200, &json!([]), &money(0)), "{:?}", empty.body);
    for bad in ["9999-12", "2019-12", "2027-01", "2026-13", "2026-1", "noviembre", "-2026-11"] {
        app.get_as(&op, &format!("/operator/billing?month={bad}")).await.assert_problem(400, "validation_failed");
        app.get_as(&token, &format!("/billing/statements/{bad}")).await.assert_problem(400, "validation_failed");
    }
    for good in ["2020-01", "2026-12"] {
        assert_eq!(app.get_as(&op, &format!("/operator/billing?month={good}")).await.status, 200, "{good}");
        assert_eq!(app.get_as(&token, &format!("/billing/statements/{good}")).await.status, 200, "{good}");
    }
}

#[tokio::test]
async fn csv_cells_never_become_formulas() {
    let app = TestApp::new().await;
    app.seed().await;
    let op = app.operator_token().await;
    let mut names = Vec::new();
    for (i, name) in ["=1+2 Acme", "+54 Ventas SA", "-3 Cuotas SRL", "@SUMA Norte"].iter().enumerate() {
        let email = unique_email("csv");
        let signed = app.post("/signup", json!({ "company": { "name": name }, "admin": { "name": "Ana", "email": email } })).await;
        assert_eq!(signed.status, 202, "{:?}", signed.body);
        assert_eq!(app.activate_from_mail(&email, PASSWORD).await.status, 200);
        let login = app.login(&email, PASSWORD).await;
        let token = login.body["access_token"].as_str().unwrap();
        assert_eq!(app.order(token, &format!("k{i}"), json!({ "items": [line(ARCHIVO, "equipo", 1)] })).await.status, 201);
        names.push((name.to_string(), token.to_string()));
    }
    let now = app.state.now();
    let month = format!("{}-{:02}", now.year(), now.month() as u8);
    let export = app.raw_body(&format!("/operator/billing?month={month}"), &op, "text/csv").await;
    for (name, token) in &names {
        assert!(export.contains(&format!(",'{name},")), "{name} is neutralised: {export}");
        assert!(!export.contains(&format!(",{name},")), "{name} stays a formula: {export}");
        let statement = app.raw_body(&format!("/billing/statements/{month}"), token, "text/csv").await;
        assert!(statement.contains(&format!(",'{name},")), "{statement}");
    }
}

#[tokio::test]
async fn the_export_reads_what_it_bills_not_the_whole_table() {
    let meter = meter::Meter::default();
    let sdk = sdk().await;
    let conf = aws_sdk_dynamodb::config::Builder::from(&sdk).interceptor(meter.clone()).build();
    let app = TestApp::with_dynamodb(&[], aws_sdk_dynamodb::Client::from_conf(conf)).await;
    app.seed().await;
    let op = app.operator_token().await;
    for i in 0..3 {
        let (_, token) = admin_token(&app).await;
        assert_eq!(app.order(&token, &format!("k{i}"), json!({ "items": [line(ARCHIVO, "equipo", 2)] })).await.status, 201);
    }
    let now = app.state.now();
    let path = format!("/operator/billing?month={}-{:02}", now.year(), now.month() as u8);
    let read_units = |calls: &[meter::Call]| calls.iter().map(|c| c.read_units).sum::<f64>();
    meter.take();
    let before = app.get_as(&op, &path).await;
    assert_eq!(before.body["companies"].as_array().unwrap().len(), 3);
    let first = meter.take();

    // A thousand unrelated items (audit-like entries, each about 1 KB) in their own partitions.
    let client = aws_sdk_dynamodb::Client::new(&sdk);
    for chunk in 0..40 {
        let mut writes = Vec::new();
        for i in 0..25 {
            let item = std::collections::HashMap::from([
                ("PK".to_string(), aws_sdk_dynamodb::types::AttributeValue::S(format!("JUNK#{chunk}#{i}"))),
                ("SK".to_string(), aws_sdk_dynamodb::types::AttributeValue::S("META".into())),
                ("entity".to_string(), aws_sdk_dynamodb::types::AttributeValue::S(cloudstore::db::Entity::Audit.as_str().into())),
                ("detail".to_string(), aws_sdk_dynamodb::types::AttributeValue::S("x".repeat(1000))),
            ]);
            let put = aws_sdk_dynamodb::types::PutRequest::builder().set_item(Some(item)).build().unwrap();
            writes.push(aws_sdk_dynamodb::types::WriteRequest::builder().put_request(put).build());
        }
        client.batch_write_item().request_items(&app.table, writes).send().await.unwrap();
    }
    let after = app.get_as(&op, &path).await;
    let second = meter.take();
    assert_eq!(after.body, before.body);
    assert!(first.iter().chain(&second).all(|c| c.operation != "Scan"), "{first:?}");
    assert_eq!(read_units(&first), read_units(&second), "{first:?} / {second:?}");
}
