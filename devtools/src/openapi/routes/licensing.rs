//! Licences: the seats of a subscription given to users, and the caller's own applications.

use super::commerce::subscription_id;
use crate::openapi::{Op, Param};
use cloudstore::ids::UserId;
use cloudstore::licensing::bulk::{BulkAssignRequest, BulkAssigned};
use cloudstore::licensing::moves::ReassignRequest;
use cloudstore::licensing::views::{Apps, Assigned, LicenceHolder};
use cloudstore::licensing::AssignRequest;

pub fn operations() -> Vec<Op> {
    vec![
        Op::get("/subscriptions/{id}/licences")
            .id("listLicences")
            .tag("licences")
            .summary("Who holds the seats of a subscription; with `query`, those whose name or email holds every word (admin)")
            .param(subscription_id())
            .param(Param::search())
            .paged()
            .ok_list::<LicenceHolder>("A page of licences.")
            .problems([400, 403, 404]),
        Op::post("/subscriptions/{id}/licences")
            .id("assignLicence")
            .tag("licences")
            .summary("Give a user a seat (admin)")
            .description(
                "201 for a new licence, 200 when the user already has one. 409 `no_seats_available` when \
                 every seat is taken; a cancelled subscription is `validation_failed`. The user is emailed \
                 how to open the application.",
            )
            .param(subscription_id())
            .body::<AssignRequest>()
            .ok::<Assigned>("The user already had a licence.")
            .created::<Assigned>("Assigned.")
            .problems([400, 403, 404, 409]),
        Op::post("/subscriptions/{id}/licences/bulk")
            .id("assignLicences")
            .tag("licences")
            .summary("Give seats of a subscription to many users at once (admin)")
            .description(
                "Every named user must be of the company (else 400 `validation_failed` naming `user_ids[i]`), \
                 and there must be a free seat for each one who does not hold the licence yet (else 409 \
                 `no_seats_available`, nothing written). Users get their seats 24 per transaction, all or \
                 nothing per transaction; each new holder is emailed. Should a seat be taken meanwhile, \
                 earlier transactions stay: sending the same request again assigns the rest (holders are \
                 answered in `already_assigned`).",
            )
            .param(subscription_id())
            .body::<BulkAssignRequest>()
            .ok::<BulkAssigned>("The licences given, and the users who held one already.")
            .problems([400, 403, 404, 409]),
        Op::post("/subscriptions/{id}/licences/{user_id}/reassign")
            .id("reassignLicence")
            .tag("licences")
            .summary("Move a licence to another user of the company (admin)")
            .description(
                "In one transaction the licence leaves its holder and goes to the user in the body; the seat \
                 stays counted. The new holder is emailed. 404 when the user holds no such licence; 400 when \
                 the new user is unknown, already holds it, or the subscription is cancelled.",
            )
            .param(subscription_id())
            .param(Param::path::<UserId>("user_id", "The user holding the licence now."))
            .body::<ReassignRequest>()
            .ok::<Assigned>("The licence, now the new holder's.")
            .problems([400, 403, 404, 409]),
        Op::delete("/subscriptions/{id}/licences/{user_id}")
            .id("releaseLicence")
            .tag("licences")
            .summary("Take a seat back (admin)")
            .param(subscription_id())
            .param(Param::path::<UserId>("user_id", "The user holding the licence."))
            .no_content("Released.")
            .problems([403, 404, 409]),
        Op::get("/me/apps")
            .id("getMyApps")
            .tag("me")
            .tag("licences")
            .summary("The caller's applications (\"Abrir aplicación\" icons)")
            .ok::<Apps>("One item per licence the caller holds."),
    ]
}
