//! Key shapes of the commerce slice. `docs/data-model.md` lists the access pattern behind each.

use crate::db::Key;
use crate::domain::Month;
use crate::identity::keys::company_partition;
use crate::ids::{CompanyId, CouponCode, OrderId, ProductId, SubscriptionId};
use time::Date;

pub fn partition(company: &CompanyId) -> String {
    company_partition(company)
}

pub const ORDER_PREFIX: &str = "ORDER#";
pub const SUB_PREFIX: &str = "SUB#";
pub const SPEND_PREFIX: &str = "SPEND#";

pub fn order(company: &CompanyId, order: &OrderId) -> Key {
    Key::new(partition(company), format!("{ORDER_PREFIX}{order}"))
}

pub fn subscription(company: &CompanyId, sub: &SubscriptionId) -> Key {
    Key::new(partition(company), format!("{SUB_PREFIX}{sub}"))
}

/// The welcome trial of a product is used by the company.
pub fn trial(company: &CompanyId, product: &ProductId) -> Key {
    Key::new(partition(company), format!("TRIAL#{product}"))
}

pub fn idempotency(company: &CompanyId, key: &str) -> Key {
    Key::new(partition(company), format!("IDEMPOTENCY#{key}"))
}

/// The company redeemed the coupon (once per company).
pub fn redemption(code: &CouponCode, company: &CompanyId) -> Key {
    Key::new(crate::catalog::table::coupon_partition(code), partition(company))
}

pub fn spend_sk(day: Date) -> String {
    format!("{SPEND_PREFIX}{day}")
}

pub fn spend_day(company: &CompanyId, day: Date) -> Key {
    Key::new(partition(company), spend_sk(day))
}

/// GSI1 partition of delegated orders waiting for a decision, sorted by creation.
pub const PENDING_ORDERS: &str = "PENDING_ORDERS";

/// One subscription's billing record of a month (`commerce::billing`).
pub fn billing_record(company: &CompanyId, month: Month, sub: &SubscriptionId) -> Key {
    Key::new(partition(company), format!("{}{sub}", billing_month_prefix(month)))
}

/// Sort-key prefix of a company's billing records of a month.
pub fn billing_month_prefix(month: Month) -> String {
    format!("BILL#{month}#")
}

/// The billing index partitions are split in this many shards, by subscription, so that no one
/// partition takes every billing write of the platform (`docs/data-model.md#capacity`).
pub const BILLING_SHARDS: u32 = 4;

/// The shard of a subscription: from the last character of its id, which is random.
pub fn billing_shard(sub: &SubscriptionId) -> u32 {
    sub.as_str().bytes().last().map_or(0, |b| u32::from(b) % BILLING_SHARDS)
}

/// GSI1 partition of a month's billing records (one shard of it).
pub fn billing_index(month: Month, shard: u32) -> String {
    format!("BILLING#{month}#{shard}")
}

/// GSI1 partition of the live subscriptions (one shard), sorted by their last billed month.
pub fn open_subscriptions(shard: u32) -> String {
    format!("BILLING#OPEN#{shard}")
}

/// GSI1 partition of subscriptions in a welcome trial, sorted by the trial's end, for the reminder
/// sent before the trial turns into a charge (the reminder takes the subscription out of it).
pub const TRIAL_ENDS: &str = "TRIAL_ENDS";

/// Sort key of a trial in [`TRIAL_ENDS`]: the end in zero-padded Unix seconds, then the ids.
pub fn trial_end_sort_key(ends_at: time::OffsetDateTime, company: &CompanyId, sub: &SubscriptionId) -> String {
    format!("{:012}#{company}#{sub}", ends_at.unix_timestamp())
}
