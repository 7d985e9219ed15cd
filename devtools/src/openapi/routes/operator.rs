//! The store operator's back office: staff (listed, created, disabled with the handover of a rep's
//! companies, enabled), the companies (listed, their sales reps and spend limits), account
//! terminations, the billing export, and the vendors whose applications the store sells.

use crate::openapi::{Op, Param};
use cloudstore::audit::AuditEntry;
use cloudstore::identity::User;
use cloudstore::ids::{CompanyId, TerminationId, UserId};
use cloudstore::operator::billing::BillingExport;
use cloudstore::operator::{
    CompanyAdminView, CompanyListing, DisableRequest, DisabledStaff, SalesRepRequest, SpendLimitsRequest, StaffRequest,
};
use cloudstore::terminations::TerminationRequest;
use cloudstore::vendors::requests::VendorRequest;
use cloudstore::vendors::views::{Vendor, VendorCreated};
use serde_json::json;
use utoipa::openapi::schema::{ObjectBuilder, Type};
use utoipa::openapi::Ref;
use utoipa::ToSchema;

fn company_id() -> Param {
    Param::path::<CompanyId>("company_id", "A customer company.")
}

fn staff_id() -> Param {
    Param::path::<UserId>("id", "A staff member (a user of the operator's company).")
}

/// `?query=` of the searchable lists (`cloudstore::domain::search_query`).
pub fn search(what: &str) -> Param {
    Param::query("query", false, what, ObjectBuilder::new().schema_type(Type::String).max_length(Some(100)))
}

pub fn operations() -> Vec<Op> {
    vec![
        Op::get("/operator/users")
            .id("listStaff")
            .tag("operator")
            .summary("The staff, sales reps and operators (operator)")
            .description(
                "In creation order. `query` matches the name or the email (case and accents aside), `role` \
                 keeps one role; the filters apply to each page read, so a page may come back short: follow \
                 `next_cursor` until it is null. Unknown parameters are `validation_failed`.",
            )
            .param(search("A name or email, or part of one."))
            .param(Param::query(
                "role",
                false,
                "Only this role.",
                ObjectBuilder::new().schema_type(Type::String).enum_values(Some(["sales_rep", "operator"])),
            ))
            .paged()
            .ok_list::<User>("One page of the staff.")
            .problems([400, 403]),
        Op::post("/operator/users")
            .id("createStaff")
            .tag("operator")
            .summary("Create a sales rep or operator of the operator's company (operator)")
            .description("The user is `pending_activation`; an activation email is sent.")
            .body::<StaffRequest>()
            .created::<User>("Created.")
            .problems([400, 403, 409, 429]),
        Op::post("/operator/vendors")
            .id("createVendor")
            .tag("operator")
            .summary("Open a vendor's account: its company and its first person (operator)")
            .description(
                "The vendor's first person is `pending_activation` with role `vendor`; an activation email \
                 is sent, and once activated they sign in like anyone else. An email that has an account is \
                 409 `email_taken`.",
            )
            .body::<VendorRequest>()
            .created::<VendorCreated>("The new vendor.")
            .problems([400, 403, 409, 429]),
        Op::get("/operator/vendors")
            .id("listVendors")
            .tag("operator")
            .summary("The vendors, with who to talk to (operator)")
            .description(
                "In the order they joined. `failing_endpoints` counts the vendor's webhook endpoints that are \
                 disabled or failing (0 until vendors have endpoints).",
            )
            .paged()
            .ok_list::<Vendor>("One page of the vendors.")
            .problems([400, 403]),
        Op::post("/operator/users/{id}/disable")
            .id("disableStaff")
            .tag("operator")
            .summary("Disable a sales rep or operator, handing a rep's companies over (operator)")
            .description(
                "The person is `disabled` and signed out at once. A sales rep's companies go to \
                 `reassign_to` (an active sales rep), or without it to no rep (the operator), in chunks; \
                 repeating the request carries on a handover cut short, and disabling a disabled person \
                 answers them again. Disabling yourself, or a `reassign_to` that is not another active sales \
                 rep (or given for an operator), is `validation_failed`; the last operator is 409 \
                 `last_operator`. The body may be left out.",
            )
            .param(staff_id())
            .optional_body::<DisableRequest>()
            .ok::<DisabledStaff>("The person, disabled, and how many companies this request handed over.")
            .problems([400, 403, 404, 409]),
        Op::post("/operator/users/{id}/enable")
            .id("enableStaff")
            .tag("operator")
            .summary("Enable a disabled sales rep or operator (operator)")
            .description(
                "`active` again with the password they had, or `pending_activation` with a new activation \
                 link emailed if they never chose one. Someone not disabled is answered as they are.",
            )
            .param(staff_id())
            .ok::<User>("The person as they are now.")
            .problems([403, 404, 409]),
        Op::get("/operator/companies")
            .id("listCompanies")
            .tag("operator")
            .summary("Every customer company, searchable (operator)")
            .description(
                "In creation order. `query` matches the name (case and accents aside) or the CUIT (with or \
                 without dashes); the filter applies to each page read, so a page may come back short: \
                 follow `next_cursor` until it is null. `duplicate_tax_id` flags an active company whose \
                 CUIT another active company has. Unknown parameters are `validation_failed`.",
            )
            .param(search("A company's name (case and accents aside) or CUIT (with or without dashes), or part of it."))
            .paged()
            .ok_list::<CompanyListing>("One page of companies.")
            .problems([400, 403]),
        Op::put("/operator/companies/{company_id}/sales-rep")
            .id("assignSalesRep")
            .tag("operator")
            .summary("Choose the sales rep who serves a company (operator)")
            .description(
                "A `user_id` that is not an active sales rep is `validation_failed` on `user_id`; the \
                 operator's own company is `not_found`. The company moves from its previous rep's list to \
                 the new rep's; two assignments racing each other: one wins, the other is 409 `conflict`.",
            )
            .param(company_id())
            .body::<SalesRepRequest>()
            .ok::<CompanyAdminView>("The company as the operator sees it.")
            .problems([400, 403, 404, 409]),
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
                "For the telecom invoice, billed by seat-days. JSON by default; `Accept: text/csv` gives CSV \
                 with the columns `month,company_id,company_name,subscription_id,product_id,product_name,\
                 plan_id,seats,seat_days,unit_price,days_in_month,trial_days_free,billable_days,subtotal,\
                 discount,amount,company_net,company_iva,company_total,currency` (amounts in pesos with two \
                 decimals; a cell that starts with `=`, `+`, `-`, `@`, tab or CR gets a leading `'`). A month \
                 outside 2020-01 … next month, and unknown query parameters, are `validation_failed`.",
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
        Op::get("/operator/audit")
            .id("platformAudit")
            .tag("operator")
            .summary("The platform's audit trail, newest first (operator)")
            .description(
                "Every company's entries (or one company's, `company_id`), filtered like `GET /audit`. \
                 Without `from`, the 30 days before `to` (default now). The cursor names the month and the \
                 place to go on from.",
            )
            .paged()
            .params(Param::audit_filters())
            .param(Param::query("company_id", false, "Only this company's entries.", Ref::from_schema_name(CompanyId::name())))
            .ok_list::<AuditEntry>("A page of the platform's audit trail.")
            .problems([400, 403]),
    ]
}
