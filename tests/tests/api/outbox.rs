//! The email outbox: emails leave through the table's stream and the `send-email` function's
//! code; each goes once however many senders get it; SES's bounces and complaints suppress an
//! address; a batch that fails is reported from its first failed record, and nothing is lost.

use cloudstore::outbox::{sender, State};
use cloudstore_tests::*;
use serde_json::{json, Value};

/// The `send-email` function, invoked as Lambda would with `payload`.
async fn invoke(app: &TestApp, payload: Value) -> Value {
    let event = lambda_runtime::LambdaEvent::new(payload, lambda_runtime::Context::default());
    let answer = send_email::handle(&app.state, event).await.expect("send-email answered");
    serde_json::to_value(answer).unwrap()
}

/// A DynamoDB Streams event naming the outbox item `id`, as the filtered trigger delivers it.
fn stream_event(id: &str, sequence: &str) -> Value {
    json!({ "Records": [{ "eventID": "1", "eventName": "INSERT", "eventSource": "aws:dynamodb", "awsRegion": "us-east-1",
        "dynamodb": { "Keys": { "PK": { "S": format!("OUTBOX#{id}") }, "SK": { "S": "OUTBOX" } },
                      "SequenceNumber": sequence, "SizeBytes": 60, "StreamViewType": "KEYS_ONLY" } }] })
}

#[tokio::test]
async fn an_email_is_sent_once_however_many_senders_get_it_and_its_link_leaves_the_table() {
    // The deployed path: the emails leave through the table's stream.
    let app = TestApp::with(&[("LOCAL_SENDER", "stream")]).await;
    let account = app.activated_admin().await;
    assert_eq!(app.post("/password-reset", json!({ "email": account.email })).await.status, 202);
    let before = mails_to(&account.email).await.len();
    let items = sender::items_to(&app.state, &account.email).await.unwrap();
    assert_eq!(items.iter().map(|i| i.state).collect::<Vec<_>>(), [State::Sent, State::Sent]);
    assert!(items.iter().all(|i| i.text.is_none() && i.html.is_none()), "a sent email's body (and link) is gone from the table");
    // A stream retry, the sweep and a second trigger all get the same item again: nothing more goes.
    let reset = &items[1].id;
    let again = futures::future::join_all((0..4).map(|i| invoke(&app, stream_event(reset, &i.to_string())))).await;
    assert!(again.iter().all(|a| a["batchItemFailures"] == json!([])), "{again:?}");
    assert_eq!(sender::deliver(&app.state, reset).await.unwrap(), sender::Outcome::Done);
    assert_eq!(mails_to(&account.email).await.len(), before);
}

#[tokio::test]
async fn a_bounce_or_a_complaint_suppresses_the_address() {
    let app = TestApp::new().await;
    let bounced = app.activated_admin().await;
    let complained = app.activated_admin().await;
    let notification = |kind: &str, body: Value| {
        let mut message = json!({ "eventType": kind, "mail": { "destination": [] } });
        message[kind.to_lowercase()] = body;
        json!({ "Records": [{ "EventSource": "aws:sns", "EventVersion": "1.0",
            "Sns": { "Type": "Notification", "MessageId": "m", "TopicArn": "arn:aws:sns:us-east-1:1:feedback", "Message": message.to_string() } }] })
    };
    let bounce = json!({ "bounceType": "Permanent", "bouncedRecipients": [{ "emailAddress": bounced.email.to_uppercase() }] });
    invoke(&app, notification("Bounce", bounce)).await;
    invoke(&app, notification("Complaint", json!({ "complainedRecipients": [{ "emailAddress": complained.email }] }))).await;
    let sent_before = mails_to(&bounced.email).await.len() + mails_to(&complained.email).await.len();

    for account in [&bounced, &complained] {
        assert_eq!(app.post("/password-reset", json!({ "email": account.email })).await.status, 202);
    }
    assert_eq!(mails_to(&bounced.email).await.len() + mails_to(&complained.email).await.len(), sent_before, "nothing more went");
    for account in [&bounced, &complained] {
        let last = sender::items_to(&app.state, &account.email).await.unwrap().pop().unwrap();
        assert_eq!(last.state, State::Suppressed);
    }
    // A transient bounce (a full mailbox) suppresses nothing.
    let other = app.activated_admin().await;
    invoke(&app, notification("Bounce", json!({ "bounceType": "Transient", "bouncedRecipients": [{ "emailAddress": other.email }] })))
        .await;
    assert_eq!(app.post("/password-reset", json!({ "email": other.email })).await.status, 202);
    assert_eq!(last_mail_to(&other.email).await.subject, "Restablecé tu contraseña de Cloud Store");
}

#[tokio::test]
async fn with_ses_unreachable_the_batch_fails_from_its_item_and_nothing_is_lost() {
    // An SES endpoint nobody listens on: every send fails fast, and is retried.
    let nobody = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let app = TestApp::with_ses(&[("LOCAL_SENDER", "off")], &format!("http://127.0.0.1:{nobody}")).await;
    let email = unique_email("unreachable");
    assert_eq!(app.signup(&email).await.status, 202);
    let pending = sender::items_to(&app.state, &email).await.unwrap();
    assert_eq!(pending.len(), 1);
    assert_eq!(pending[0].state, State::Pending, "not sent, not dropped");
    let answer = invoke(&app, stream_event(&pending[0].id, "4242")).await;
    assert_eq!(answer["batchItemFailures"], json!([{ "itemIdentifier": "4242" }]), "Lambda retries from this record");
    let still = sender::items_to(&app.state, &email).await.unwrap().remove(0);
    assert_eq!((still.state, still.attempts, still.lease_until), (State::Pending, 1, None), "the lease is given back for the retry");
    assert!(still.text.as_deref().is_some_and(|t| t.contains("/activate?token=")), "the email waits whole for the next try");
}
