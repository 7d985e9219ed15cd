//! What the table holds: every item's type ([`Entity`], stored in its `entity` attribute), the
//! records written as items ([`Record`], each naming its entity), and the values stored as one of
//! a fixed set of strings ([`StoredStr`]: entity tags, the status enums), which expressions bind
//! as those strings. The tags are written here and nowhere else; each status enum's `as_str` is
//! the one place its values are.

use aws_sdk_dynamodb::types::AttributeValue;
use serde::Serialize;
use std::collections::HashMap;

/// The attribute that carries an item's type.
pub(super) const ATTRIBUTE: &str = "entity";

/// Declares the entities once: the [`Entity`] enum, its tags as stored and its [`Entity::ALL`]
/// list, so a tag can't be missing from the list or spelt twice.
macro_rules! entities {
    ($($(#[doc = $doc:tt])* $variant:ident = $tag:literal,)*) => {
        /// The type of an item, stored as its `entity` attribute (so mixed query and batch results
        /// map back to their records).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Entity {
            $($(#[doc = $doc])* $variant,)*
        }

        impl Entity {
            /// Every entity the table holds, in declaration order.
            pub const ALL: &'static [Entity] = &[$(Entity::$variant,)*];

            /// The tag as stored (the item's `entity` attribute).
            pub fn as_str(self) -> &'static str {
                match self {
                    $(Entity::$variant => $tag,)*
                }
            }
        }
    };
}

entities! {
    /// A customer company, or the operator's own (`identity`).
    Company = "company",
    User = "user",
    /// A user's copy under their email, which makes it unique.
    EmailClaim = "email_claim",
    Session = "session",
    RefreshToken = "refresh_token",
    /// An activation or password-reset link.
    LinkToken = "link_token",
    /// A login's failure counter.
    LoginThrottle = "login_throttle",
    /// A user's seat of a subscription (`licensing`).
    Licence = "licence",
    Product = "product",
    Coupon = "coupon",
    Order = "order",
    Subscription = "subscription",
    /// What an `Idempotency-Key` remembers (an order's, a seat change's).
    Idempotency = "idempotency",
    /// A company's redemption of a coupon.
    Redemption = "redemption",
    /// A company's welcome trial of a product.
    Trial = "trial",
    /// A company's spend ledger of one day.
    Spend = "spend",
    /// One subscription's seats in one calendar month.
    BillingMonth = "billing_month",
    Audit = "audit",
    /// An email waiting in (or done with) the outbox.
    Outbox = "outbox",
    /// An address SES reported as bouncing or complaining.
    Suppression = "suppression",
    /// A sales rep's copy of a delegated order they placed.
    RepOrder = "rep_order",
    /// A sales rep's copy of a company they serve.
    RepCompany = "rep_company",
    Termination = "termination",
    /// A termination's id, naming its company.
    TerminationPointer = "termination_pointer",
    HelpArticle = "help_article",
    /// The marker naming the operator's own company.
    OperatorCompany = "operator_company",
    /// An hourly rate-limit counter.
    RateLimit = "rate_limit",
    /// A vendor's profile in the operator's vendor list (`vendors`).
    Vendor = "vendor",
    /// A vendor's webhook endpoint, its secrets sealed (`vendors`).
    Endpoint = "endpoint",
}

impl Entity {
    /// The entity of a raw item (`None` when it has no tag, or one this code does not know).
    pub fn of(item: &HashMap<String, AttributeValue>) -> Option<Entity> {
        let tag: &str = item.get(ATTRIBUTE)?.as_s().ok()?;
        Entity::ALL.iter().copied().find(|e| e.as_str() == tag)
    }
}

/// A record written as an item: its serialised fields and the entity it is stored as (see
/// `db::to_item`).
pub trait Record: Serialize {
    const ENTITY: Entity;
}

/// A value stored as one of a fixed set of strings (an entity tag, a status): an expression binds
/// it as that string (`.value(":trial", SubscriptionStatus::Trial)`), so the string is written
/// only where the type declares it.
pub trait StoredStr: Copy {
    fn stored_str(self) -> &'static str;
}

impl StoredStr for Entity {
    fn stored_str(self) -> &'static str {
        self.as_str()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_entity_has_its_own_tag_and_is_found_by_it() {
        let tags: std::collections::BTreeSet<&str> = Entity::ALL.iter().map(|e| e.as_str()).collect();
        assert_eq!(tags.len(), Entity::ALL.len());
        assert!(tags.iter().all(|t| !t.is_empty() && t.chars().all(|c| c.is_ascii_lowercase() || c == '_')), "{tags:?}");
        for entity in Entity::ALL {
            let item = HashMap::from([(ATTRIBUTE.to_string(), AttributeValue::S(entity.as_str().to_string()))]);
            assert_eq!(Entity::of(&item), Some(*entity));
        }
        assert_eq!(Entity::of(&HashMap::new()), None);
        assert_eq!(Entity::of(&HashMap::from([(ATTRIBUTE.to_string(), AttributeValue::S("unrelated".into()))])), None);
    }
}
