//! The store operator's back office: staff, the companies' sales reps and spend limits, account
//! terminations and the billing export.

use crate::openapi::{Op, Param};
use cloudstore::identity::User;
use cloudstore::ids::{CompanyId, TerminationId};
use cloudstore::operator::billing::BillingExport;
use cloudstore::operator::{CompanyAdminView, SalesRepRequest, SpendLimitsRequest, StaffRequest};
use cloudstore::terminations::TerminationRequest;
use serde_json::json;
use utoipa::openapi::schema::{ObjectBuilder, Type};

fn company_id() -> Param {
    Param::path::<CompanyId>("company_id", "A customer company.")
}

pub fn operations() -> Vec<Op> {
    vec![
        Op::post("/operator/users")
            .id("createStaff")
            .tag("operator")
            .summary("Create a sales rep or operator of the operator's company (operator)")
            .description("The user is `pending_activation`; an activation email is sent.")
            .body::<StaffRequest>()
            .created::<User>("Created.")
            .problems([400, 403, 409]),
        Op::put("/operator/companies/{company_id}/sales-rep")
            .id("assignSalesRep")
            .tag("operator")
            .summary("Choose the sales rep who serves a company (operator)")
            .description("A `user_id` that is not a sales rep is `validation_failed` on `user_id`.")
            .param(company_id())
            .body::<SalesRepRequest>()
            .ok::<CompanyAdminView>("The company as the operator sees it.")
            .problems([400, 403, 404]),
        Op::put("/operator/companies/{company_id}/spend-limits")
            .id("setSpendLimits")
            .tag("operator")
            .summary("Set a company's spend limits (operator)")
            .description(
                "Sets both limits at once; a limit left out (or null) is lifted. Orders and approvals past \
                 a limit are refused with `spend_limit_exceeded`.",
            )
            .param(company_id())
            .body::<SpendLimitsRequest>()
            .ok::<CompanyAdminView>("The company as the operator sees it.")
            .problems([400, 403, 404]),
        Op::get("/operator/terminations")
            .id("listTerminations")
            .tag("operator")
            .summary("Account termination requests (operator)")
            .description("Answers every request in one page (`next_cursor` is always null).")
            .ok_list::<TerminationRequest>("The termination requests.")
            .problems([403]),
        Op::post("/operator/terminations/{id}/complete")
            .id("completeTermination")
            .tag("operator")
            .summary("Finish an account termination (operator)")
            .description(
                "Every subscription `cancelled`, every user of the company signed out and `disabled`, the \
                 company closed. Idempotent: completing a completed request answers it again.",
            )
            .param(Param::path::<TerminationId>("id", "The termination request's id."))
            .ok::<TerminationRequest>("The completed request.")
            .problems([403, 404, 409]),
        Op::get("/operator/billing")
            .id("billingExport")
            .tag("operator")
            .summary("The month's charges per company and subscription (operator)")
            .description(
                "For the telecom invoice. JSON by default; `Accept: text/csv` gives CSV with the columns \
                 `month,company_id,company_name,subscription_id,product_id,product_name,plan_id,seats,\
                 unit_price,price,discount,trial_days_free,billable_days,days_in_month,amount,currency` \
                 (amounts in pesos with two decimals). Unknown query parameters are `validation_failed`.",
            )
            .param(Param::query(
                "month",
                true,
                "The calendar month, `YYYY-MM`.",
                ObjectBuilder::new().schema_type(Type::String).pattern(Some("^[0-9]{4}-(0[1-9]|1[0-2])$")).examples([json!("2026-11")]),
            ))
            .ok::<BillingExport>("The month's charges.")
            .or_text(200, "text/csv")
            .problems([400, 403]),
    ]
}
