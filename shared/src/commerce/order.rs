//! Orders: an admin's direct purchase (`completed` at once) or a sales rep's delegated one, which
//! waits for an admin's decision (`pending_approval` → `approved`, `rejected` or `expired`).

use super::pricing::QuoteLine;
use crate::db::{Entity, Record, StoredStr};
use crate::domain::Money;
use crate::ids::{CompanyId, CouponCode, OrderId, ProductId, SubscriptionId, UserId};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum OrderStatus {
    Completed,
    PendingApproval,
    Approved,
    Rejected,
    /// A delegated order nobody decided within 30 days.
    Expired,
}

impl OrderStatus {
    /// The value stored (and answered) for the status.
    pub fn as_str(self) -> &'static str {
        match self {
            OrderStatus::Completed => "completed",
            OrderStatus::PendingApproval => "pending_approval",
            OrderStatus::Approved => "approved",
            OrderStatus::Rejected => "rejected",
            OrderStatus::Expired => "expired",
        }
    }
}

impl StoredStr for OrderStatus {
    fn stored_str(self) -> &'static str {
        self.as_str()
    }
}

/// An order as stored.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Order {
    pub id: OrderId,
    pub company_id: CompanyId,
    pub status: OrderStatus,
    pub lines: Vec<QuoteLine>,
    pub subtotal: Money,
    pub discount: Money,
    pub total: Money,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub coupon_code: Option<CouponCode>,
    pub created_by: UserId,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    pub subscription_ids: Vec<SubscriptionId>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decided_by: Option<UserId>,
    #[serde(default, with = "time::serde::rfc3339::option", skip_serializing_if = "Option::is_none")]
    pub decided_at: Option<OffsetDateTime>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// Internal: where the decision on a delegated order is emailed (the sales rep who placed it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notify_email: Option<String>,
}

impl Record for Order {
    const ENTITY: Entity = Entity::Order;
}

/// The contract's `Order`.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(as = Order))]
pub struct OrderView {
    pub id: OrderId,
    pub company_id: CompanyId,
    pub status: OrderStatus,
    pub lines: Vec<QuoteLine>,
    pub subtotal: Money,
    pub discount: Money,
    /// Net of IVA, as catalog prices are.
    pub total: Money,
    /// `round_half_up(total × 21 %)`, as the statement computes it.
    pub iva: Money,
    /// `total + iva`.
    pub total_with_iva: Money,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub coupon_code: Option<CouponCode>,
    pub created_by: UserId,
    #[serde(with = "time::serde::rfc3339")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub created_at: OffsetDateTime,
    /// Empty until the order is completed or approved.
    pub subscription_ids: Vec<SubscriptionId>,
    /// The admin who approved or rejected a delegated order.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub decided_by: Option<UserId>,
    #[serde(with = "time::serde::rfc3339::option", skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = DateTime))]
    pub decided_at: Option<OffsetDateTime>,
    /// A rejection's reason, when the admin gave one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

impl From<&Order> for OrderView {
    fn from(o: &Order) -> Self {
        let iva = super::billing::invoice::iva(o.total);
        OrderView {
            id: o.id.clone(),
            company_id: o.company_id.clone(),
            status: o.status,
            lines: o.lines.clone(),
            subtotal: o.subtotal,
            discount: o.discount,
            total: o.total,
            iva,
            total_with_iva: o.total.plus(iva),
            coupon_code: o.coupon_code.clone(),
            created_by: o.created_by.clone(),
            created_at: o.created_at,
            subscription_ids: o.subscription_ids.clone(),
            decided_by: o.decided_by.clone(),
            decided_at: o.decided_at,
            reason: o.reason.clone(),
        }
    }
}

/// What an order's write is, which decides how it is written and whether it counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OrderStep {
    /// An admin's purchase: a new order, counted among the company's purchases.
    Placed(Purchase),
    /// A sales rep's request: a new pending order, not a purchase until it is approved.
    Requested,
    /// An admin's approval: the order replaces the pending one (still pending, or refused as
    /// already decided) and is counted among the company's purchases.
    Approved(Purchase),
}

/// Whether a purchase must be the company's first (a first-purchase-only coupon applies).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purchase {
    Any,
    MustBeFirst,
}

impl Purchase {
    /// `MustBeFirst` when the coupon applied is for first purchases only.
    pub fn with(coupon: Option<&crate::catalog::Coupon>) -> Purchase {
        if coupon.is_some_and(|c| c.first_purchase_only) {
            Purchase::MustBeFirst
        } else {
            Purchase::Any
        }
    }
}

/// A company's mark on a coupon it redeemed (one per coupon and company, so a company redeems a
/// coupon once), naming the order.
#[derive(Debug, Serialize)]
pub struct RedemptionMark<'a> {
    pub order_id: &'a OrderId,
}

impl Record for RedemptionMark<'_> {
    const ENTITY: Entity = Entity::Redemption;
}

/// A company's mark on a product whose welcome trial it used (one per product and company),
/// naming the trial's subscription (`None`, stored as null, when the order made none).
#[derive(Debug, Serialize)]
pub struct TrialUsed<'a> {
    pub product_id: &'a ProductId,
    pub company_id: &'a CompanyId,
    pub subscription_id: Option<&'a SubscriptionId>,
}

impl Record for TrialUsed<'_> {
    const ENTITY: Entity = Entity::Trial;
}

#[cfg(test)]
mod tests {
    use super::OrderStatus as S;

    #[test]
    fn a_status_is_written_in_conditions_as_it_is_stored() {
        for status in [S::Completed, S::PendingApproval, S::Approved, S::Rejected, S::Expired] {
            // No wildcard: a new status stops this compiling, a reminder to list it above.
            match status {
                S::Completed | S::PendingApproval | S::Approved | S::Rejected | S::Expired => {}
            }
            assert_eq!(serde_json::to_value(status).unwrap(), status.as_str());
        }
    }
}
