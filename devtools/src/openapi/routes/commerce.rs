//! Checkout: quotes, orders and subscriptions of the admin's company.

use crate::openapi::{Op, Param};
use cloudstore::commerce::subscriptions::SeatsRequest;
use cloudstore::commerce::{CartRequest, OrderView, Quote, SubscriptionView};
use cloudstore::ids::{OrderId, SubscriptionId};

pub fn subscription_id() -> Param {
    Param::path::<SubscriptionId>("id", "A subscription of the caller's company.")
}

pub fn operations() -> Vec<Op> {
    vec![
        Op::post("/checkout/quote")
            .id("quote")
            .tag("checkout")
            .summary("Price a cart (admin)")
            .body::<CartRequest>()
            .ok::<Quote>("The priced cart, per month.")
            .problems([400, 403, 422]),
        Op::get("/orders")
            .id("listOrders")
            .tag("checkout")
            .summary("The company's orders (admin)")
            .paged()
            .ok_list::<OrderView>("A page of orders.")
            .problems([400, 403]),
        Op::post("/orders")
            .id("createOrder")
            .tag("checkout")
            .summary("Buy a cart (admin)")
            .description(
                "The order is `completed` with its new subscriptions. A retry with the same \
                 `Idempotency-Key` and body answers the same order (201 again); the same key with another \
                 body is 422 `idempotency_conflict`.",
            )
            .param(Param::idempotency_key())
            .body::<CartRequest>()
            .created::<OrderView>("The order.")
            .problems([400, 403, 409, 422]),
        Op::get("/orders/{id}")
            .id("getOrder")
            .tag("checkout")
            .summary("An order of the company (admin)")
            .param(Param::path::<OrderId>("id", "An order of the caller's company."))
            .ok::<OrderView>("The order.")
            .problems([403, 404]),
        Op::get("/subscriptions")
            .id("listSubscriptions")
            .tag("checkout")
            .summary("The company's subscriptions (admin)")
            .paged()
            .ok_list::<SubscriptionView>("A page of subscriptions.")
            .problems([400, 403]),
        Op::patch("/subscriptions/{id}")
            .id("updateSubscription")
            .tag("checkout")
            .summary("Change the seats of a subscription (admin)")
            .description("Fewer seats than are assigned is 409 `seats_in_use`; a cancelled subscription is `validation_failed`.")
            .param(subscription_id())
            .body::<SeatsRequest>()
            .ok::<SubscriptionView>("The subscription after the change.")
            .problems([400, 403, 404, 409]),
        Op::delete("/subscriptions/{id}")
            .id("cancelSubscription")
            .tag("checkout")
            .summary("Cancel a subscription (admin)")
            .description("Its licences are released. Cancelling twice is harmless.")
            .param(subscription_id())
            .no_content("Cancelled.")
            .problems([403, 404, 409]),
    ]
}
