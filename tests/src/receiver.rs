//! A webhook receiver for the tests: an HTTP server on 127.0.0.1 that keeps every request it gets
//! and answers what the test tells it to (200 until told otherwise).

use axum::body::Bytes;
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use std::sync::{Arc, Mutex};

/// One request the receiver got.
#[derive(Debug, Clone)]
pub struct Received {
    pub path: String,
    pub headers: HeaderMap,
    pub body: Bytes,
}

impl Received {
    pub fn header(&self, name: &str) -> &str {
        self.headers.get(name).and_then(|v| v.to_str().ok()).unwrap_or_default()
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).expect("a JSON body")
    }
}

#[derive(Default)]
struct Inner {
    seen: Vec<Received>,
    answer: Option<(u16, Vec<(String, String)>)>,
}

/// The receiver; it stops with the test's runtime.
#[derive(Clone)]
pub struct Receiver {
    pub base: String,
    inner: Arc<Mutex<Inner>>,
}

impl Receiver {
    pub async fn start() -> Receiver {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("a port for the receiver");
        let base = format!("http://{}", listener.local_addr().unwrap());
        let inner = Arc::new(Mutex::new(Inner::default()));
        let state = inner.clone();
        let app = axum::Router::new().fallback(move |uri: Uri, headers: HeaderMap, body: Bytes| {
            let state = state.clone();
            async move { receive(&state, uri, headers, body) }
        });
        tokio::spawn(async move { axum::serve(listener, app).await });
        Receiver { base, inner }
    }

    /// The receiver's URL for `path`.
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// Answers `status` with `headers` from now on.
    pub fn answer(&self, status: u16, headers: &[(&str, &str)]) {
        let headers = headers.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        self.inner.lock().unwrap().answer = Some((status, headers));
    }

    /// Every request so far, oldest first.
    pub fn received(&self) -> Vec<Received> {
        self.inner.lock().unwrap().seen.clone()
    }
}

fn receive(state: &Mutex<Inner>, uri: Uri, headers: HeaderMap, body: Bytes) -> Response {
    let mut inner = state.lock().unwrap();
    inner.seen.push(Received { path: uri.path().to_string(), headers, body });
    let (status, extra) = inner.answer.clone().unwrap_or((200, Vec::new()));
    let mut response = (StatusCode::from_u16(status).unwrap(), "recibido").into_response();
    for (k, v) in extra {
        response.headers_mut().insert(axum::http::HeaderName::try_from(k).unwrap(), v.parse().unwrap());
    }
    response
}
