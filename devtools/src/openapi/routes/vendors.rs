//! The vendor console: a vendor's webhook endpoints, added (the signing secret shown once), listed,
//! edited, removed, their secret rotated, pinged.

use crate::openapi::{Op, Param};
use cloudstore::ids::EndpointId;
use cloudstore::vendors::endpoints::requests::{EndpointPatch, EndpointRequest};
use cloudstore::vendors::endpoints::views::{Endpoint, EndpointCreated, EndpointSecret, PingResult};

fn endpoint_id() -> Param {
    Param::path::<EndpointId>("id", "One of the vendor's webhook endpoints (another vendor's is `not_found`).")
}

pub fn operations() -> Vec<Op> {
    vec![
        Op::post("/vendor/endpoints")
            .id("createEndpoint")
            .tag("vendors")
            .summary("Add a webhook endpoint, with its signing secret (vendor)")
            .description(
                "`events` lists event types (a repeat counts once), or is `[\"*\"]` alone for every type. \
                 The URL must be `https` to a public address (plain `http` to a loopback address only in a \
                 local run); one that reaches inside a network, or is not https, is 422 \
                 `endpoint_not_allowed` (its `errors` name `url`). It is checked here and again before each \
                 call, and redirects are never followed. `secret` (`whsec_…`) is shown only in this answer \
                 and on rotation: keep it to verify the `webhook-signature` of each call. A vendor keeps at \
                 most 10 endpoints: past that, `validation_failed` on `url`.",
            )
            .body::<EndpointRequest>()
            .created::<EndpointCreated>("The new endpoint, enabled, with its secret (shown this once).")
            .problems([400, 403, 422]),
        Op::get("/vendor/endpoints")
            .id("listEndpoints")
            .tag("vendors")
            .summary("The vendor's webhook endpoints (vendor)")
            .description(
                "Oldest first, without their secrets, all in one page (`next_cursor` is always null). A \
                 disabled endpoint says why in `disabled_reason`: `gone` (it answered 410) or `manual`.",
            )
            .ok_list::<Endpoint>("The vendor's endpoints.")
            .problems([403]),
        Op::patch("/vendor/endpoints/{id}")
            .id("updateEndpoint")
            .tag("vendors")
            .summary("Change an endpoint's URL or events, or switch it on or off (vendor)")
            .description(
                "What is left out stays; a body that changes nothing is `validation_failed`. A new URL is \
                 checked as on creation (422 `endpoint_not_allowed`). `enabled: true` switches a disabled \
                 endpoint back on (`gone` included); `enabled: false` disables it as `manual`. Two changes \
                 racing each other: one wins, the other is 409 `conflict`.",
            )
            .param(endpoint_id())
            .body::<EndpointPatch>()
            .ok::<Endpoint>("The endpoint after the change.")
            .problems([400, 403, 404, 409, 422]),
        Op::delete("/vendor/endpoints/{id}")
            .id("deleteEndpoint")
            .tag("vendors")
            .summary("Remove a webhook endpoint (vendor)")
            .description("The endpoint and its secrets are gone; the store calls it no more.")
            .param(endpoint_id())
            .no_content("Removed.")
            .problems([403, 404, 409]),
        Op::post("/vendor/endpoints/{id}/secret")
            .id("rotateEndpointSecret")
            .tag("vendors")
            .summary("Rotate an endpoint's signing secret (vendor)")
            .description(
                "A new secret, shown only in this answer. The one it replaces keeps signing beside it for \
                 24 hours, so each call carries two `v1,` signatures in `webhook-signature` meanwhile and \
                 the vendor can switch without losing an event; rotating again within that day drops the \
                 older one. A concurrent change of the endpoint is 409 `conflict`.",
            )
            .param(endpoint_id())
            .ok::<EndpointSecret>("The new secret (shown this once).")
            .problems([403, 404, 409]),
        Op::post("/vendor/endpoints/{id}/ping")
            .id("pingEndpoint")
            .tag("vendors")
            .summary("Send the endpoint a `ping` event now and see what it answers (vendor)")
            .description(
                "A `ping` event, signed as every event is (`webhook-id`, `webhook-timestamp`, \
                 `webhook-signature`), sent at once, whether or not the endpoint is enabled. `ok` is a 2xx \
                 answer; a redirect is not followed (and is not `ok`); no answer within the time limit, or \
                 no connection, is `status_code` null with `error` saying why. A 410 answer disables the \
                 endpoint (`enabled` false, `disabled_reason` `gone`). The URL is checked again before the \
                 call: 422 `endpoint_not_allowed` if it reaches inside a network now. At most 60 pings per \
                 vendor an hour (429 `rate_limited`).",
            )
            .param(endpoint_id())
            .ok::<PingResult>("What the endpoint answered.")
            .problems([403, 404, 409, 422, 429]),
    ]
}
