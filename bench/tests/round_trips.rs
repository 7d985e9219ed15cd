//! Every route stays within its DynamoDB round-trip budget: authenticated reads in one (the session
//! check travels with the route's own read), writes in two (a read, then one transaction), and the
//! few exceptions named with their reason. Round trips are counted by a client interceptor, so this
//! is a count, not a timing.

use cloudstore_bench::ops::Bench;
use cloudstore_bench::routes::walk;

#[tokio::test]
async fn every_route_stays_within_its_round_trips() {
    let bench = Bench::new().await;
    let routes = walk(&bench).await;
    for r in &routes {
        eprintln!("{:<55} {} / {}", r.route, r.round_trips(), r.budget);
    }
    let contract: Vec<&str> = routes.iter().map(|r| r.route).collect();
    assert!(contract.len() >= 45, "the walk covers every route: {contract:?}");
    let over: Vec<String> = routes
        .iter()
        .filter(|r| r.round_trips() > r.budget)
        .map(|r| format!("{}: {} round trips (budget {})", r.route, r.round_trips(), r.budget))
        .collect();
    assert!(over.is_empty(), "over budget:\n{}", over.join("\n"));
    for r in &routes {
        let authenticated_read = r.route.starts_with("GET ") && !["GET /products", "GET /products/{id}"].contains(&r.route);
        if authenticated_read && r.why.is_none() {
            assert_eq!(r.round_trips(), 1, "{} is an authenticated read", r.route);
        }
        if r.why.is_none() {
            assert!(r.budget <= 2, "{}: a budget above two needs its reason", r.route);
        }
    }
}
