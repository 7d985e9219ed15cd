//! Pieces of the stack a test needs for itself: requests that arrive from a given source IP (as API
//! Gateway delivers them), and an SES emulator of its own that it may freeze without stalling the
//! emulator every other test reads its emails from.

use crate::{mails_at, Answer, Mail, TestApp};
use axum::body::Body;
use serde_json::{json, Value};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

impl TestApp {
    /// Sends `method path` with `body` as an API Gateway HTTP API event whose
    /// `requestContext.http.sourceIp` is `ip`, decoded in-process as `lambda_http` decodes it in
    /// AWS. `cargo lambda watch` says 127.0.0.1 for every request, so rules that tell callers apart
    /// by IP are tested this way.
    pub async fn send_from(&self, ip: &str, method: &str, path: &str, body: Option<Value>, bearer: Option<&str>) -> Answer {
        self.send_through(ip, &[], method, path, body, bearer).await
    }

    /// The same, with `extra` headers in the event, as CloudFront adds them in front of the API
    /// (or as a caller forges them).
    pub async fn send_through(
        &self,
        ip: &str,
        extra: &[(&str, &str)],
        method: &str,
        path: &str,
        body: Option<Value>,
        bearer: Option<&str>,
    ) -> Answer {
        let mut headers = json!({ "content-type": "application/json", "host": "api.cloudstore.test" });
        for (name, value) in extra {
            headers[name.to_string()] = Value::String(value.to_string());
        }
        if let Some(token) = bearer {
            headers["authorization"] = Value::String(format!("Bearer {token}"));
        }
        let (raw_path, query) = path.split_once('?').unwrap_or((path, ""));
        let event = json!({
            "version": "2.0",
            "routeKey": format!("{method} {raw_path}"),
            "rawPath": raw_path,
            "rawQueryString": query,
            "headers": headers,
            "requestContext": {
                "accountId": "123456789012",
                "apiId": "local",
                "domainName": "api.cloudstore.test",
                "domainPrefix": "api",
                "http": { "method": method, "path": raw_path, "protocol": "HTTP/1.1", "sourceIp": ip, "userAgent": "tests" },
                "requestId": ulid::Ulid::new().to_string(),
                "routeKey": format!("{method} {raw_path}"),
                "stage": "$default",
                "time": "25/Nov/2026:10:00:00 +0000",
                "timeEpoch": 1795600800000u64
            },
            "isBase64Encoded": false,
            "body": body.map(|b| b.to_string())
        });
        let request = lambda_http::request::from_str(&event.to_string()).expect("an API Gateway event");
        self.send_request(request.map(|body| Body::from(body.to_vec()))).await
    }

    /// `POST path` from `ip`, anonymously.
    pub async fn post_from(&self, ip: &str, path: &str, body: Value) -> Answer {
        self.send_from(ip, "POST", path, Some(body), None).await
    }

    /// `POST /login` from `ip`.
    pub async fn login_from(&self, ip: &str, email: &str, password: &str) -> Answer {
        self.post_from(ip, "/login", json!({ "email": email, "password": password })).await
    }
}

/// An SES v2 emulator of the test's own, on a free port, stopped when dropped.
pub struct SesEmulator {
    child: Child,
    pub url: String,
}

impl SesEmulator {
    /// Starts the emulator the stack uses (`node_modules/aws-ses-v2-local`) and waits for it.
    pub async fn start() -> SesEmulator {
        let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let cli = concat!(env!("CARGO_MANIFEST_DIR"), "/../node_modules/aws-ses-v2-local/dist/cli.js");
        let child = Command::new("node")
            .args([cli, "--host", "127.0.0.1", "--port", &port.to_string()])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("node runs the SES emulator");
        let emulator = SesEmulator { child, url: format!("http://127.0.0.1:{port}") };
        for _ in 0..300 {
            if reqwest::Client::new().get(format!("{}/store", emulator.url)).send().await.is_ok() {
                return emulator;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("the SES emulator did not start on {port}");
    }

    fn signal(&self, signal: &str) {
        let sent = Command::new("kill").args([signal, &self.child.id().to_string()]).status().expect("kill");
        assert!(sent.success(), "kill {signal} failed");
    }

    /// Freezes the emulator (SIGSTOP): it accepts connections but answers nothing, as a stalled
    /// SES endpoint would.
    pub fn freeze(&self) {
        self.signal("-STOP");
    }

    /// Lets it run again (SIGCONT).
    pub fn thaw(&self) {
        self.signal("-CONT");
    }

    /// Every email this emulator holds for `to`, oldest first.
    pub async fn mails_to(&self, to: &str) -> Vec<Mail> {
        mails_at(&self.url, to).await
    }
}

impl Drop for SesEmulator {
    fn drop(&mut self) {
        self.thaw();
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
