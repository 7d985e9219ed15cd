//! Every route stays within its DynamoDB round-trip budget: authenticated reads in one (the session
//! check travels with the route's own read), writes in two (a read, then one transaction), and the
//! few exceptions named with their reason. Round trips are counted by a client interceptor, so this
//! is a count, not a timing.

use cloudstore::routes::{Audience, Method, Route, ROUTES};
use cloudstore_bench::ops::Bench;
use cloudstore_bench::routes::walk;
use std::collections::BTreeSet;

#[tokio::test]
async fn every_route_stays_within_its_round_trips() {
    let bench = Bench::new().await;
    let routes = walk(&bench).await;
    for r in &routes {
        eprintln!("{:<55} {} / {}", r.route, r.round_trips(), r.budget);
    }
    // Exactly the declared routes (a variant with a query counts as its route).
    let walked: BTreeSet<&str> = routes.iter().map(|r| r.route.split('?').next().unwrap()).collect();
    let keys: Vec<String> = ROUTES.iter().map(Route::key).collect();
    let declared: BTreeSet<&str> = keys.iter().map(String::as_str).collect();
    assert_eq!(walked.difference(&declared).collect::<Vec<_>>(), Vec::<&&str>::new(), "walked, not declared");
    assert_eq!(declared.difference(&walked).collect::<Vec<_>>(), Vec::<&&str>::new(), "declared, not walked");
    let over: Vec<String> = routes
        .iter()
        .filter(|r| r.round_trips() > r.budget)
        .map(|r| format!("{}: {} round trips (budget {})", r.route, r.round_trips(), r.budget))
        .collect();
    assert!(over.is_empty(), "over budget:\n{}", over.join("\n"));
    for r in &routes {
        let declared = ROUTES.iter().find(|d| d.key() == r.route.split('?').next().unwrap()).unwrap();
        let authenticated_read = declared.method == Method::Get && matches!(declared.audience, Audience::Roles(_));
        if authenticated_read && r.why.is_none() {
            assert_eq!(r.round_trips(), 1, "{} is an authenticated read", r.route);
        }
        if r.why.is_none() {
            assert!(r.budget <= 2, "{}: a budget above two needs its reason", r.route);
        }
    }
}
