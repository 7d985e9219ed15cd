//! The sales rep's cockpit: the companies the rep serves, onboarding a new one, the rep's
//! delegated orders, and the terminations of the rep's companies.

use super::operator::search;
use crate::openapi::{Op, Param};
use cloudstore::delegation::copies::SalesOrder;
use cloudstore::ids::TerminationId;
use cloudstore::sales::requests::OnboardRequest;
use cloudstore::sales::views::{Onboarded, SalesCompany};
use cloudstore::terminations::TerminationRequest;
use serde_json::json;
use utoipa::openapi::schema::{ObjectBuilder, Type};

pub fn operations() -> Vec<Op> {
    vec![
        Op::get("/sales/companies")
            .id("listMyCompanies")
            .tag("sales")
            .summary("The companies I serve, with admins, subscriptions and pending orders (sales rep)")
            .description(
                "In creation order, 20 a page (`limit` up to 50). `query` matches the name (case and accents \
                 aside) or the CUIT; the filter applies to each page read, so a page may come back short: \
                 follow `next_cursor` until it is null. Unknown parameters are `validation_failed`.",
            )
            .param(search("A company's name (case and accents aside) or CUIT (with or without dashes), or part of it."))
            .param(Param::query(
                "limit",
                false,
                "Page size.",
                ObjectBuilder::new().schema_type(Type::Integer).minimum(Some(1)).maximum(Some(50)).default(Some(json!(20))),
            ))
            .param(Param::cursor())
            .ok_list::<SalesCompany>("One page of my companies.")
            .problems([400, 403]),
        Op::post("/sales/companies")
            .id("onboardCompany")
            .tag("sales")
            .summary("Open a customer's account, assigned to me (sales rep)")
            .description(
                "Validated as a sign-up (the CUIT's check digit included). The admin is `pending_activation` \
                 and gets the activation email, which says who opened the account; I may order for the \
                 company at once. A taken email is 409 `email_taken`.",
            )
            .body::<OnboardRequest>()
            .created::<Onboarded>("The new customer.")
            .problems([400, 403, 409]),
        Op::get("/sales/orders")
            .id("listMyOrders")
            .tag("sales")
            .summary("My delegated orders and their state (sales rep)")
            .description("Newest first, each as it stands now (pending, approved, rejected, expired).")
            .paged()
            .ok_list::<SalesOrder>("One page of my orders.")
            .problems([400, 403]),
        Op::get("/sales/terminations")
            .id("listMyTerminations")
            .tag("sales")
            .summary("The termination requests of the companies I serve (sales rep)")
            .description("Every one in one page (`next_cursor` is always null).")
            .ok_list::<TerminationRequest>("The termination requests.")
            .problems([403]),
        Op::post("/sales/terminations/{id}/complete")
            .id("completeMyTermination")
            .tag("sales")
            .summary("Finish the termination of a company I serve (sales rep)")
            .description(
                "As the operator's: every subscription `cancelled`, every user `disabled`, the company closed; \
                 idempotent. Another rep's company is `not_found`.",
            )
            .param(Param::path::<TerminationId>("id", "The termination request's id."))
            .ok::<TerminationRequest>("The completed request.")
            .problems([403, 404, 409]),
    ]
}
