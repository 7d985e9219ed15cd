//! The edge's own tests: a panic's answer and log line, and where the source IP comes from.
use super::*;
use tower::ServiceExt;

fn state() -> AppState {
    let sdk = aws_config::SdkConfig::builder()
        .behavior_version(aws_config::BehaviorVersion::latest())
        .region(aws_config::Region::new("us-east-1"))
        .build();
    let vars = [("TABLE_NAME", "t"), ("APP_BASE_URL", "https://app.test"), ("MAIL_FROM", "a@b.test")];
    let config = crate::config::Config::from_vars(vars.map(|(k, v)| (k.to_string(), v.to_string()))).unwrap();
    crate::App::with_clients(config, aws_sdk_dynamodb::Client::new(&sdk), aws_sdk_sesv2::Client::new(&sdk), None).unwrap()
}

#[tokio::test]
async fn a_panic_is_a_problem_500_and_the_router_keeps_serving() {
    async fn boom() -> Response {
        let months: Vec<u32> = Vec::new();
        months[3].to_string().into_response()
    }
    let logged = crate::observe::CapturedLogs::default();
    let writer = logged.clone();
    let _logs = tracing::subscriber::set_default(crate::observe::json_logs(move || writer.clone(), Some("info")));
    let router = finish(axum::Router::new().route("/boom", axum::routing::get(boom)), state());
    for _ in 0..2 {
        let request = Request::builder().uri("/boom").body(axum::body::Body::empty()).unwrap();
        let answer = router.clone().oneshot(request).await.unwrap();
        assert_eq!(answer.status(), StatusCode::INTERNAL_SERVER_ERROR);
        assert_eq!(answer.headers()[header::CONTENT_TYPE], "application/problem+json");
        assert!(answer.headers().contains_key("x-request-id"));
    }
    // The engineer on call reads which route panicked, and why.
    let lines = logged.lines();
    let panics: Vec<&serde_json::Value> = lines.iter().filter(|l| l["message"] == "internal error").collect();
    assert_eq!(panics.len(), 2, "{lines:?}");
    for line in panics {
        assert_eq!(line["span"]["route"], "GET /boom", "{line}");
        assert!(line["error"].as_str().unwrap().contains("index out of bounds"), "{line}");
    }
}

#[tokio::test]
async fn the_source_ip_is_api_gateways_never_a_header() {
    let mut context = lambda_http::aws_lambda_events::apigw::ApiGatewayV2httpRequestContext::default();
    context.http.source_ip = Some("203.0.113.9".into());
    let request = Request::builder().header("x-forwarded-for", "198.51.100.1").body(()).unwrap();
    let (mut parts, ()) = request.into_parts();
    let SourceIp(unknown) = SourceIp::from_request_parts(&mut parts, &()).await.unwrap();
    assert_eq!(unknown, ClientIp::unknown());
    parts.extensions.insert(lambda_http::request::RequestContext::ApiGatewayV2(context));
    let SourceIp(ip) = SourceIp::from_request_parts(&mut parts, &()).await.unwrap();
    assert_eq!(ip.as_str(), "203.0.113.9");
}
