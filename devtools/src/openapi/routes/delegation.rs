//! Delegated purchases: a sales rep orders for a company, its admins approve or reject.

use crate::openapi::{Op, Param};
use cloudstore::commerce::{CartRequest, OrderView};
use cloudstore::delegation::RejectRequest;
use cloudstore::ids::{CompanyId, OrderId};

fn order_id() -> Param {
    Param::path::<OrderId>("order_id", "A delegated order of the caller's company.")
}

pub fn operations() -> Vec<Op> {
    vec![
        Op::post("/companies/{company_id}/orders")
            .id("createDelegatedOrder")
            .tag("approvals")
            .summary("Order on a company's behalf (its sales rep)")
            .description(
                "The order is `pending_approval` and the company's admins are emailed. Only the sales rep \
                 assigned to the (active) company may order for it. Idempotent per sales rep and key, like \
                 `POST /orders`.",
            )
            .param(Param::path::<CompanyId>("company_id", "A customer company."))
            .param(Param::idempotency_key())
            .body::<CartRequest>()
            .created::<OrderView>("The pending order.")
            .problems([400, 403, 404, 409, 422]),
        Op::get("/approvals")
            .id("listApprovals")
            .tag("approvals")
            .summary("The company's orders waiting for approval (admin)")
            .description("Answers every pending order in one page (`next_cursor` is always null).")
            .ok_list::<OrderView>("The pending orders.")
            .problems([403]),
        Op::get("/approvals/{order_id}")
            .id("getApproval")
            .tag("approvals")
            .summary("A delegated order, in full (admin)")
            .param(order_id())
            .ok::<OrderView>("The order.")
            .problems([403, 404]),
        Op::post("/approvals/{order_id}/approve")
            .id("approveOrder")
            .tag("approvals")
            .summary("Approve a delegated order (admin)")
            .description(
                "The order is re-priced as of now (a product no longer sold is `validation_failed`, a \
                 coupon that no longer applies a `coupon_*` problem, a spend limit `spend_limit_exceeded`), \
                 its subscriptions are created and the sales rep is emailed. Deciding twice is 409 \
                 `already_decided`.",
            )
            .param(order_id())
            .ok::<OrderView>("The `approved` order.")
            .problems([400, 403, 404, 409, 422]),
        Op::post("/approvals/{order_id}/reject")
            .id("rejectOrder")
            .tag("approvals")
            .summary("Reject a delegated order (admin)")
            .description("The body is optional. The sales rep is emailed. Deciding twice is 409 `already_decided`.")
            .param(order_id())
            .optional_body::<RejectRequest>()
            .ok::<OrderView>("The `rejected` order.")
            .problems([400, 403, 404, 409]),
    ]
}
