//! The signed-in person (`/me`) and an admin's management of the company's users, with the audit
//! trail of what admins changed.

use crate::openapi::{Op, Param};
use cloudstore::audit::AuditEntry;
use cloudstore::identity::requests::ChangePasswordRequest;
use cloudstore::identity::views::Me;
use cloudstore::identity::User;
use cloudstore::ids::UserId;
use cloudstore::people::company::{CompanyPatch, CompanyProfile};
use cloudstore::people::requests::{CreateUserRequest, UpdateUserRequest};
use cloudstore::people::views::{TerminationRequested, UserDetail};
use serde_json::json;
use utoipa::openapi::schema::{ObjectBuilder, Type};

fn user_id() -> Param {
    Param::path::<UserId>("id", "A user of the caller's company.")
}

pub fn operations() -> Vec<Op> {
    vec![
        Op::get("/me").id("getMe").tag("me").summary("Who is signed in").ok::<Me>("The caller, with their company."),
        Op::post("/me/password")
            .id("changeMyPassword")
            .tag("me")
            .summary("Change one's own password")
            .description(
                "A wrong `current_password` is `validation_failed` on that field and counts towards the \
                 login lock. Every other session of the user ends; this one stays.",
            )
            .body::<ChangePasswordRequest>()
            .no_content("Password changed.")
            .problems([400, 409, 429]),
        Op::get("/users")
            .id("listUsers")
            .tag("users")
            .summary("The company's users, or those whose name or email holds every word of `query` (admin)")
            .param(Param::search())
            .paged()
            .ok_list::<User>("A page of users, in creation order.")
            .problems([400, 403]),
        Op::post("/users")
            .id("createUser")
            .tag("users")
            .summary("Create a user of the company (admin)")
            .description("The user is `pending_activation`; an activation email is sent.")
            .body::<CreateUserRequest>()
            .created::<User>("Created.")
            .problems([400, 403, 409, 429]),
        Op::get("/users/{id}")
            .id("getUser")
            .tag("users")
            .summary("A user of the company, with their licences and applications (admin)")
            .param(user_id())
            .ok::<UserDetail>("The user.")
            .problems([403, 404]),
        Op::get("/company")
            .id("getCompany")
            .tag("users")
            .summary("The company's profile: name, CUIT, the telecom invoice's account number (admin)")
            .ok::<CompanyProfile>("The caller's company."),
        Op::patch("/company")
            .id("updateCompany")
            .tag("users")
            .summary("Change the company's name, CUIT or billing account (admin)")
            .description(
                "What is left out stays; a blank `tax_id` or `billing_account` removes it. The CUIT's check                  digit must be right; `billing_account` is digits and dashes, up to 20. An empty object is                  `validation_failed`; values equal to the current ones answer 200 and write nothing. The                  change is an audit entry (`company.updated`, with what it was and what it is) and reaches                  the sales rep's list of companies. A change racing another is 409 `conflict`.",
            )
            .body::<CompanyPatch>()
            .ok::<CompanyProfile>("The company after the change.")
            .problems([400, 403, 409]),
        Op::patch("/users/{id}")
            .id("updateUser")
            .tag("users")
            .summary("Rename, re-role or re-address a user (admin)")
            .description(
                "A new email makes the user `pending_activation` with a link sent to the new address. \
                 Demoting the last admin is 409 `last_admin`. An empty object (or values equal to the \
                 current ones) answers 200 with the user unchanged.",
            )
            .param(user_id())
            .body::<UpdateUserRequest>()
            .ok::<User>("The user after the change.")
            .problems([400, 403, 404, 409, 429]),
        Op::delete("/users/{id}")
            .id("deleteUser")
            .tag("users")
            .summary("Delete a user, or ask to terminate the company's account (admin)")
            .description(
                "Without `terminate_account`: 204; the user loses every licence and session. The last \
                 admin is 409 `last_admin`, whose `detail` names the two ways out.\n\n\
                 With `terminate_account=true`, only for the last admin: 202 with the termination request; \
                 the company's subscriptions become `cancellation_requested` and its sales rep (or the \
                 operator) is emailed. For anyone else it is 400 `validation_failed` on `terminate_account`. \
                 Any other query parameter is `validation_failed`.",
            )
            .param(user_id())
            .param(Param::query(
                "terminate_account",
                false,
                "`true`: the last admin asks to close the company's account.",
                ObjectBuilder::new().schema_type(Type::Boolean).default(Some(json!(false))),
            ))
            .accepted::<TerminationRequested>("Termination of the company's account requested (or the open request).")
            .no_content("Deleted.")
            .problems([400, 403, 404, 409]),
        Op::post("/users/{id}/password-reset")
            .id("requestUserPasswordChange")
            .tag("users")
            .summary("Ask a user to choose a new password (admin)")
            .description("The user becomes `pending_activation`, their sessions end, an activation link is emailed.")
            .param(user_id())
            .accepted::<User>("The user after the change.")
            .problems([403, 404, 409, 429]),
        Op::get("/audit")
            .id("listAudit")
            .tag("users")
            .summary("Every change to the company, newest first (admin)")
            .description(
                "Every write by the company's admins, its sales rep and the operator that concerns the \
                 company. `kind` filters, `from`/`to` bound the time; with a `kind` a page may hold fewer \
                 entries than `limit` while `next_cursor` goes on.",
            )
            .paged()
            .params(Param::audit_filters())
            .ok_list::<AuditEntry>("A page of the audit trail.")
            .problems([400, 403]),
    ]
}
