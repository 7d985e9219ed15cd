//! Checkout: quotes, orders and subscriptions of the admin's company.

use crate::openapi::{Op, Param};
use cloudstore::commerce::billing::statement::Statement;
use cloudstore::commerce::subscriptions::SeatsRequest;
use cloudstore::commerce::{CartRequest, OrderView, Quote, SubscriptionView};
use cloudstore::ids::{OrderId, SubscriptionId};
use serde_json::json;
use utoipa::openapi::schema::{ObjectBuilder, Type};

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
                "The order is `completed` with its new subscriptions (and, for lines with a \
                 `subscription_id`, the seats added to them). A retry with the same `Idempotency-Key` and \
                 body answers the same order (201 again); the same key with another body is 422 \
                 `idempotency_conflict`. An `expected_total` other than the order's total at today's \
                 catalog is 409 `price_changed` with both totals.",
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
            .description(
                "An increase is a purchase: the seats added × the plan's monthly price of the day count \
                 against the spend limits (422 `spend_limit_exceeded`); an `expected_total` other than that \
                 is 409 `price_changed`. A decrease goes down to the seats in use (409 `seats_in_use`) and \
                 bills from the next day. A cancelled subscription is `validation_failed`. With an \
                 `Idempotency-Key`, a retry answers the same (422 `idempotency_conflict` with another body).",
            )
            .param(subscription_id())
            .param(Param::optional_idempotency_key())
            .body::<SeatsRequest>()
            .ok::<SubscriptionView>("The subscription after the change.")
            .problems([400, 403, 404, 409, 422]),
        Op::delete("/subscriptions/{id}")
            .id("cancelSubscription")
            .tag("checkout")
            .summary("Cancel a subscription (admin)")
            .description("Its licences are released. Cancelling twice is harmless.")
            .param(subscription_id())
            .no_content("Cancelled.")
            .problems([403, 404, 409]),
        Op::get("/billing/statements/{month}")
            .id("getStatement")
            .tag("billing")
            .summary("What the company is charged for a month (admin)")
            .description(
                "The same lines and figures as the operator's export for the company: `net`, `iva` (21 %, \
                 catalog prices are net of IVA) and `total`, and the spend limits with how much of each is \
                 used today. `Accept: text/csv` gives the export's CSV columns for this company \
                 (\"Mi factura\"). A month outside 2020-01 … next month is `validation_failed`.",
            )
            .param(Param::path_text(
                "month",
                "The calendar month, `YYYY-MM`, from 2020-01 to next month.",
                ObjectBuilder::new().schema_type(Type::String).pattern(Some("^[0-9]{4}-(0[1-9]|1[0-2])$")).examples([json!("2026-11")]),
            ))
            .ok::<Statement>("The statement.")
            .or_text(200, "text/csv")
            .problems([400, 403, 404]),
    ]
}
