//! One attempt to deliver a signed event: the URL checked again ([`guard::check`]) and called at
//! the addresses that check resolved (no second lookup a name could answer differently), never
//! following a redirect, within a time limit; what came back kept for the vendor to read.

use super::guard::{self, Policy, Refusal};
use std::time::{Duration, Instant};

/// How much of a response the store keeps.
pub const RESPONSE_KEPT: usize = 4096;

/// One signed event to send.
pub struct Signed<'a> {
    pub id: &'a str,
    pub timestamp: i64,
    pub signature: &'a str,
    pub body: &'a [u8],
}

/// What one attempt got.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    /// The endpoint's status, if it answered.
    pub status_code: Option<u16>,
    pub duration_ms: u64,
    /// Why there was no answer (a timeout, a refused connection), if there wasn't.
    pub error: Option<String>,
    /// The first [`RESPONSE_KEPT`] bytes of the answer's body, as text.
    pub response: String,
}

impl Outcome {
    /// A 2xx answer: delivered. A redirect is a failure (never followed).
    pub fn ok(&self) -> bool {
        self.status_code.is_some_and(|s| (200..300).contains(&s))
    }

    /// 410: the vendor asks the store to stop calling this endpoint.
    pub fn gone(&self) -> bool {
        self.status_code == Some(410)
    }
}

/// Sends `event` to `url` under `policy`; refused before any connection if the URL is not allowed.
pub async fn send(url: &str, policy: Policy, timeout: Duration, event: &Signed<'_>) -> Result<Outcome, Refusal> {
    let allowed = guard::check(url, policy).await?;
    let mut builder = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        // Straight to the checked addresses: a proxy from the environment would resolve the name
        // again, elsewhere.
        .no_proxy()
        .timeout(timeout)
        .connect_timeout(timeout.min(Duration::from_secs(5)))
        .user_agent("CloudStore-Webhooks/1.0");
    if let Some(url::Host::Domain(name)) = allowed.url.host() {
        builder = builder.resolve_to_addrs(name, &allowed.addresses);
    }
    let started = Instant::now();
    let Ok(client) = builder.build() else {
        return Ok(failed(started, "the HTTP client could not be built".into()));
    };
    let request = client
        .post(allowed.url)
        .header("content-type", "application/json")
        .header("webhook-id", event.id)
        .header("webhook-timestamp", event.timestamp.to_string())
        .header("webhook-signature", event.signature)
        .body(event.body.to_vec());
    match request.send().await {
        Ok(response) => {
            let status_code = Some(response.status().as_u16());
            let response = read_start(response).await;
            Ok(Outcome { status_code, duration_ms: elapsed(started), error: None, response })
        }
        Err(e) if e.is_timeout() => Ok(failed(started, format!("no answer within {} ms", timeout.as_millis()))),
        Err(e) if e.is_connect() => Ok(failed(started, "connection refused or unreachable".into())),
        Err(e) => Ok(failed(started, e.without_url().to_string())),
    }
}

fn failed(started: Instant, error: String) -> Outcome {
    Outcome { status_code: None, duration_ms: elapsed(started), error: Some(error), response: String::new() }
}

fn elapsed(started: Instant) -> u64 {
    started.elapsed().as_millis().try_into().unwrap_or(u64::MAX)
}

/// The answer's first bytes; the rest is not read.
async fn read_start(mut response: reqwest::Response) -> String {
    let mut kept = Vec::new();
    while kept.len() < RESPONSE_KEPT {
        match response.chunk().await {
            Ok(Some(chunk)) => kept.extend_from_slice(&chunk[..chunk.len().min(RESPONSE_KEPT - kept.len())]),
            _ => break,
        }
    }
    String::from_utf8_lossy(&kept).into_owned()
}
