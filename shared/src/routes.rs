//! Every route of the HTTP API, declared once: its method and path, the function that serves it,
//! who may call it, its round-trip budget and its sample event. The other places a route is
//! written are checked against this table (`devtools/tests/routes.rs`: the template, the
//! `cargo lambda watch` router, `docs/api.md`, the OpenAPI operations and `events/`); the tests
//! route requests to functions by it, call every route as every role
//! (`tests/tests/api/route_roles.rs`), and `make bench` walks exactly these routes against their
//! budgets.

use crate::identity::{Role, Roles, ADMIN, ANYONE, OPERATOR, SALES_REP, VENDOR};

/// An HTTP method of the API.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Method {
    Get,
    Post,
    Put,
    Patch,
    Delete,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Patch => "PATCH",
            Method::Delete => "DELETE",
        }
    }
}

/// Who may call a route.
#[derive(Debug, Clone, Copy)]
pub enum Audience {
    /// Anyone, with no access token: the answer is the same whoever asks (no account oracle).
    Public,
    /// A signed-in person of one of these roles: `401` without a valid access token, `403` to any
    /// other role, before anything the request names is read.
    Roles(Roles),
    /// Authenticated by something other than an access token (said here).
    Other(&'static str),
}

impl Audience {
    /// Whether a signed-in `role` is let through.
    pub fn admits(self, role: Role) -> bool {
        match self {
            Audience::Roles(roles) => roles.contains(&role),
            Audience::Public | Audience::Other(_) => true,
        }
    }
}

/// One route.
#[derive(Debug, Clone, Copy)]
pub struct Route {
    pub method: Method,
    /// As API Gateway writes it: `{name}` for a path parameter.
    pub path: &'static str,
    /// The crate of `functions/` that serves it.
    pub function: &'static str,
    pub audience: Audience,
    /// The most DynamoDB round trips one call may take (calls in flight together count once). The
    /// rule is an authenticated read 1 and a write 2.
    pub round_trips: usize,
    /// Why the budget is above the rule, when it is.
    pub why: Option<&'static str>,
    /// Its sample API Gateway event, `events/<event>.json`.
    pub event: &'static str,
}

impl Route {
    /// `METHOD /path`, as the template, the contract and the bench name it.
    pub fn key(&self) -> String {
        format!("{} {}", self.method.as_str(), self.path)
    }

    /// Whether the concrete `path` (no query) is this route's, a `{name}` matching one segment.
    pub fn matches(&self, path: &str) -> bool {
        let (mut mine, mut theirs) = (self.path.split('/'), path.split('/'));
        loop {
            match (mine.next(), theirs.next()) {
                (None, None) => return true,
                (Some(m), Some(t)) if m == t || (m.starts_with('{') && m.ends_with('}') && !t.is_empty()) => {}
                _ => return false,
            }
        }
    }

    const fn above_the_rule(mut self, why: &'static str) -> Route {
        self.why = Some(why);
        self
    }
}

const fn route(
    method: Method,
    path: &'static str,
    function: &'static str,
    audience: Audience,
    round_trips: usize,
    event: &'static str,
) -> Route {
    Route { method, path, function, audience, round_trips, why: None, event }
}

/// The route `method` `path` (no query) reaches, if any: a literal segment wins over a parameter.
pub fn find(method: Method, path: &str) -> Option<&'static Route> {
    most_literal(ROUTES.iter().filter(|r| r.method == method && r.matches(path)))
}

/// The function that serves `path`, whatever the method.
pub fn function_for(path: &str) -> Option<&'static str> {
    most_literal(ROUTES.iter().filter(|r| r.matches(path))).map(|r| r.function)
}

/// Of the routes matching one path, the one with the most literal segments (`/users/me` over
/// `/users/{id}`).
fn most_literal(matching: impl Iterator<Item = &'static Route>) -> Option<&'static Route> {
    matching.max_by_key(|r| r.path.split('/').filter(|s| !s.starts_with('{')).count())
}

use Audience::{Public, Roles as Only};
use Method::{Delete, Get, Patch, Post, Put};

/// Every route of the API.
pub const ROUTES: &[Route] = &[
    // signup
    route(Post, "/signup", "signup", Public, 2, "signup"),
    route(Post, "/activation", "signup", Public, 2, "activation"),
    // login
    route(Post, "/login", "login", Public, 3, "login")
        .above_the_rule("the first login after an activation or a reset (here, in the same second) restarts the failure counters that began before it: one more write; otherwise 2"),
    route(Post, "/token/refresh", "login", Audience::Other("the refresh token in the body"), 2, "token-refresh"),
    route(Post, "/logout", "login", Only(ANYONE), 2, "logout"),
    // password-reset
    route(Post, "/password-reset", "password-reset", Public, 3, "password-reset")
        .above_the_rule("the claim and its user are read (an unknown address reads the claim again), so a known and an unknown address cost the same; then one transaction"),
    route(Post, "/password-reset/confirm", "password-reset", Public, 2, "password-reset-confirm"),
    // users
    route(Get, "/me", "users", Only(ANYONE), 1, "me"),
    route(Post, "/me/password", "users", Only(ANYONE), 3, "me-password")
        .above_the_rule("the attempt is counted against the caller's email, known only once the session is read"),
    route(Get, "/users", "users", Only(ADMIN), 1, "users-list"),
    route(Post, "/users", "users", Only(ADMIN), 2, "users-create"),
    route(Get, "/users/{id}", "users", Only(ADMIN), 1, "users-read"),
    route(Patch, "/users/{id}", "users", Only(ADMIN), 2, "users-update"),
    route(Get, "/company", "users", Only(ADMIN), 1, "company-get"),
    route(Patch, "/company", "users", Only(ADMIN), 2, "company-update"),
    route(Delete, "/users/{id}", "users", Only(ADMIN), 2, "users-delete"),
    route(Post, "/users/{id}/password-reset", "users", Only(ADMIN), 2, "users-password-reset"),
    route(Get, "/audit", "users", Only(ADMIN), 1, "audit"),
    // catalog
    route(Get, "/products", "catalog", Public, 1, "products-list"),
    route(Post, "/products", "catalog", Only(OPERATOR), 2, "products-create"),
    route(Get, "/products/{id}", "catalog", Public, 1, "products-read"),
    route(Put, "/products/{id}", "catalog", Only(OPERATOR), 2, "products-replace"),
    route(Delete, "/products/{id}", "catalog", Only(OPERATOR), 2, "products-archive"),
    route(Get, "/coupons", "catalog", Only(OPERATOR), 1, "coupons-list"),
    route(Post, "/coupons", "catalog", Only(OPERATOR), 2, "coupons-create"),
    route(Patch, "/coupons/{code}", "catalog", Only(OPERATOR), 2, "coupons-update"),
    route(Post, "/media", "catalog", Only(OPERATOR), 1, "media-upload"),
    // checkout
    route(Post, "/checkout/quote", "checkout", Only(ADMIN), 1, "checkout-quote"),
    route(Get, "/orders", "checkout", Only(ADMIN), 1, "orders-list"),
    route(Post, "/orders", "checkout", Only(ADMIN), 2, "orders-create"),
    route(Get, "/orders/{id}", "checkout", Only(ADMIN), 1, "orders-read"),
    route(Get, "/subscriptions", "checkout", Only(ADMIN), 1, "subscriptions-list"),
    route(Patch, "/subscriptions/{id}", "checkout", Only(ADMIN), 2, "subscriptions-update"),
    route(Delete, "/subscriptions/{id}", "checkout", Only(ADMIN), 2, "subscriptions-cancel"),
    route(Get, "/billing/statements/{month}", "checkout", Only(ADMIN), 1, "billing-statement"),
    // licences
    route(Get, "/subscriptions/{id}/licences", "licences", Only(ADMIN), 1, "licences-list"),
    route(Post, "/subscriptions/{id}/licences", "licences", Only(ADMIN), 2, "licences-assign"),
    route(Delete, "/subscriptions/{id}/licences/{user_id}", "licences", Only(ADMIN), 2, "licences-release"),
    route(Post, "/subscriptions/{id}/licences/bulk", "licences", Only(ADMIN), 2, "licences-bulk"),
    route(Post, "/subscriptions/{id}/licences/{user_id}/reassign", "licences", Only(ADMIN), 2, "licences-reassign"),
    route(Get, "/me/apps", "licences", Only(ANYONE), 1, "me-apps"),
    // approvals
    route(Post, "/companies/{company_id}/orders", "approvals", Only(SALES_REP), 2, "companies-orders-create"),
    route(Get, "/approvals", "approvals", Only(ADMIN), 1, "approvals-list"),
    route(Get, "/approvals/{order_id}", "approvals", Only(ADMIN), 1, "approvals-read"),
    route(Post, "/approvals/{order_id}/approve", "approvals", Only(ADMIN), 3, "approvals-approve")
        .above_the_rule("the order's products are read again to price it as of now, after the order itself is read"),
    route(Post, "/approvals/{order_id}/reject", "approvals", Only(ADMIN), 2, "approvals-reject"),
    // operator
    route(Post, "/operator/users", "operator", Only(OPERATOR), 2, "operator-users-create"),
    route(Put, "/operator/companies/{company_id}/sales-rep", "operator", Only(OPERATOR), 2, "operator-sales-rep"),
    route(Put, "/operator/companies/{company_id}/spend-limits", "operator", Only(OPERATOR), 2, "operator-spend-limits"),
    route(Get, "/operator/terminations", "operator", Only(OPERATOR), 1, "operator-terminations"),
    route(Post, "/operator/terminations/{id}/complete", "operator", Only(OPERATOR), 40, "operator-terminations-complete")
        .above_the_rule("rare and bulk: every subscription cancelled and every user disabled, chunk by chunk"),
    route(Get, "/operator/billing", "operator", Only(OPERATOR), 2, "operator-billing")
        .above_the_rule("the month's billing records with the session check, then the billed companies' names (more pages for a large month)"),
    route(Get, "/operator/audit", "operator", Only(OPERATOR), 2, "operator-audit")
        .above_the_rule("the platform's trail is one index partition per month: a page that spans two months reads two"),
    route(Get, "/operator/users", "operator", Only(OPERATOR), 1, "operator-users-list"),
    route(Post, "/operator/users/{id}/disable", "operator", Only(OPERATOR), 2, "operator-users-disable"),
    route(Post, "/operator/users/{id}/enable", "operator", Only(OPERATOR), 2, "operator-users-enable"),
    route(Post, "/operator/vendors", "operator", Only(OPERATOR), 2, "operator-vendors-create"),
    route(Get, "/operator/vendors", "operator", Only(OPERATOR), 1, "operator-vendors-list"),
    route(Post, "/vendor/endpoints", "vendors", Only(VENDOR), 2, "vendor-endpoints-create"),
    route(Get, "/vendor/endpoints", "vendors", Only(VENDOR), 1, "vendor-endpoints-list"),
    route(Patch, "/vendor/endpoints/{id}", "vendors", Only(VENDOR), 2, "vendor-endpoints-update"),
    route(Delete, "/vendor/endpoints/{id}", "vendors", Only(VENDOR), 2, "vendor-endpoints-delete"),
    route(Post, "/vendor/endpoints/{id}/secret", "vendors", Only(VENDOR), 2, "vendor-endpoints-secret"),
    route(Post, "/vendor/endpoints/{id}/ping", "vendors", Only(VENDOR), 2, "vendor-endpoints-ping"),
    route(Get, "/operator/companies", "operator", Only(OPERATOR), 2, "operator-companies-list")
        .above_the_rule("the CUIT counts of the page's companies are read after the page"),
    route(Get, "/sales/companies", "operator", Only(SALES_REP), 2, "sales-companies-list")
        .above_the_rule("the page of the rep's companies, then each one's admins, subscriptions and pending orders, all at once"),
    route(Post, "/sales/companies", "operator", Only(SALES_REP), 2, "sales-companies-create"),
    route(Get, "/sales/orders", "operator", Only(SALES_REP), 1, "sales-orders-list"),
    route(Get, "/sales/terminations", "operator", Only(SALES_REP), 1, "sales-terminations"),
    route(Post, "/sales/terminations/{id}/complete", "operator", Only(SALES_REP), 40, "sales-terminations-complete")
        .above_the_rule("rare and bulk: every subscription cancelled and every user disabled, chunk by chunk"),
    // help
    route(Get, "/help", "help", Public, 1, "help-list"),
    route(Post, "/help", "help", Only(OPERATOR), 2, "help-create"),
    route(Put, "/help/{id}", "help", Only(OPERATOR), 2, "help-update"),
    route(Delete, "/help/{id}", "help", Only(OPERATOR), 2, "help-delete"),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_path_matches_its_route_and_a_literal_segment_wins() {
        let licences = find(Method::Post, "/subscriptions/01KMR301Z6D7S9DX7VW94EDFBF/licences/bulk").unwrap();
        assert_eq!(licences.path, "/subscriptions/{id}/licences/bulk");
        assert_eq!(function_for("/subscriptions/01KMR301Z6D7S9DX7VW94EDFBF"), Some("checkout"));
        assert_eq!(function_for("/subscriptions/01KMR301Z6D7S9DX7VW94EDFBF/licences"), Some("licences"));
        assert!(find(Method::Get, "/subscriptions//licences").is_none());
        assert!(find(Method::Get, "/nowhere").is_none());
    }

    #[test]
    fn each_route_is_declared_once() {
        let mut keys: Vec<String> = ROUTES.iter().map(Route::key).collect();
        keys.sort();
        let before = keys.len();
        keys.dedup();
        assert_eq!(keys.len(), before, "a route declared twice");
    }
}
