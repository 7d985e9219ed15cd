//! Every declared route as every caller (`cloudstore::routes::ROUTES`): a route for some roles
//! answers `401 unauthorized` without an access token and `403 forbidden` to every role outside
//! its audience, before it reads anything the request names (ids that exist nowhere, an empty
//! body); a public route never asks for a token. A role-restricted route the functions forgot to
//! wire, or wired to another function, answers 404 without a token instead of 401 and fails (for
//! the public routes, `events.rs` sends each route's sample and refuses a 404).

use crate::kit::{assign, rep};
use cloudstore::identity::Role;
use cloudstore::routes::{Audience, ROUTES};
use cloudstore_tests::*;

/// The route's path with `{company_id}` set to `company` (a rep may act only for the companies
/// they serve) and every other parameter to an id that exists nowhere.
fn concrete(path: &str, company: &str) -> String {
    let segment = |s: &str| match s {
        "{company_id}" => company.to_string(),
        s if s.starts_with('{') => "01KMR000000000000000000Z9Z".to_string(),
        s => s.to_string(),
    };
    path.split('/').map(segment).collect::<Vec<_>>().join("/")
}

async fn call(app: &TestApp, route: &cloudstore::routes::Route, company: &str, token: Option<&str>) -> Answer {
    let path = concrete(route.path, company);
    let method = route.method.as_str();
    let body = (method != "GET" && method != "DELETE").then(|| b"{}".to_vec());
    app.send(Req { method, path: &path, body, bearer: token }).await
}

#[tokio::test]
async fn every_route_answers_401_without_a_token_and_403_to_each_role_outside_its_audience() {
    let app = TestApp::new().await;
    app.seed().await;
    let operator = app.operator_token().await;
    let admin = app.activated_admin().await;
    let (admin_token, _) = app.tokens(&admin).await;
    let user = app.activated_user(&admin_token, "user").await;
    let (user_token, _) = app.tokens(&user).await;
    let rep = rep(&app, &operator, "Rosa Vendedora").await;
    assert_eq!(assign(&app, &operator, &admin.company_id, &rep.id).await.status, 200);
    let company = admin.company_id.as_str();
    let vendor = app.vendor_token().await;
    let callers = [
        (Role::Admin, admin_token),
        (Role::User, user_token),
        (Role::SalesRep, rep.token),
        (Role::Operator, operator),
        (Role::Vendor, vendor),
    ];

    // Signing out ends the session its token belongs to: last.
    let mut routes: Vec<_> = ROUTES.iter().collect();
    routes.sort_by_key(|r| r.path == "/logout");
    let mut wrong = Vec::new();
    for route in routes {
        match route.audience {
            Audience::Roles(_) => {
                let anonymous = call(&app, route, company, None).await;
                if (anonymous.status, anonymous.code()) != (401, "unauthorized") {
                    wrong.push(format!("{} without a token: {} {:?}", route.key(), anonymous.status, anonymous.body));
                }
                for (role, token) in &callers {
                    let answer = call(&app, route, company, Some(token)).await;
                    let refused = (answer.status, answer.code()) == (403, "forbidden");
                    // Let in, a caller hears what its request deserves (here mostly 400 or 404),
                    // never 401 or 403, never a 5xx.
                    let let_in = !refused && answer.status != 401 && answer.status < 500;
                    if route.audience.admits(*role) != let_in {
                        wrong.push(format!("{} as {}: {} {:?}", route.key(), role.as_str(), answer.status, answer.body));
                    }
                }
            }
            Audience::Public | Audience::Other(_) => {
                let anonymous = call(&app, route, company, None).await;
                if [401, 403, 405].contains(&anonymous.status) || anonymous.status >= 500 {
                    wrong.push(format!("{} without a token: {} {:?}", route.key(), anonymous.status, anonymous.body));
                }
            }
        }
    }
    assert!(wrong.is_empty(), "routes that do not keep to their declared audience:\n{}", wrong.join("\n"));
}
