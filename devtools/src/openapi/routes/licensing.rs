//! Licences: the seats of a subscription given to users, and the caller's own applications.

use super::commerce::subscription_id;
use crate::openapi::{Op, Param};
use cloudstore::ids::UserId;
use cloudstore::licensing::views::{Apps, Assigned, LicenceHolder};
use cloudstore::licensing::AssignRequest;

pub fn operations() -> Vec<Op> {
    vec![
        Op::get("/subscriptions/{id}/licences")
            .id("listLicences")
            .tag("licences")
            .summary("Who holds the seats of a subscription (admin)")
            .param(subscription_id())
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
