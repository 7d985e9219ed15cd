//! A pending order as the admin approves it: the cart it is priced again from, and the order it
//! becomes.

use crate::commerce::purchase::{new_order, Priced};
use crate::commerce::{Cart, Order, OrderStatus};
use crate::domain::Money;
use crate::ids::UserId;
use time::OffsetDateTime;

/// The order as approved: priced as of now, with its first id, date and mailbox, and who decided.
pub(super) fn approved(order: &Order, priced: &Priced, by: &UserId, now: OffsetDateTime) -> Order {
    Order {
        id: order.id.clone(),
        status: OrderStatus::Approved,
        created_at: order.created_at,
        decided_by: Some(by.clone()),
        decided_at: Some(now),
        notify_email: order.notify_email.clone(),
        ..new_order(&order.company_id, &order.created_by, OrderStatus::Completed, priced, now)
    }
}

/// The cart a pending order is priced again from: its lines and coupon, and the total the admin
/// reviewed.
pub(super) fn cart_of(order: &Order, expected: Option<Money>) -> Cart {
    Cart {
        lines: order
            .lines
            .iter()
            .map(|l| crate::commerce::cart::CartLine {
                product_id: l.product_id.clone(),
                plan_id: l.plan_id.clone(),
                seats: l.seats,
                subscription_id: l.subscription_id.clone(),
            })
            .collect(),
        coupon_code: order.coupon_code.clone(),
        expected_total: expected,
    }
}
