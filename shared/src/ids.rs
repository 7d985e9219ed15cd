//! Identifiers. Every record id is a ULID (26 characters of Crockford base32, sorting by creation
//! time, which keeps listings in a stable order); each kind has its own type so a user id can't be
//! passed where a subscription id is meant. Ids from a request are parsed with `parse`, which
//! accepts only the canonical form: anything else names nothing the store could hold, and the
//! route answers `not_found` without a read.

use serde::{Deserialize, Serialize};

macro_rules! ulid_id {
    ($($(#[$doc:meta])* $name:ident;)*) => {$(
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(value_type = String, min_length = 1, example = "01KMR1CGMF3GWNFANHQBRYBPZJ"))]
        pub struct $name(String);

        impl $name {
            /// A new, unique id.
            #[allow(clippy::new_without_default)]
            pub fn new() -> Self {
                $name(ulid::Ulid::new().to_string())
            }

            /// The id a request names, if it is one in canonical form.
            pub fn parse(raw: &str) -> Option<Self> {
                raw.parse::<ulid::Ulid>().ok().filter(|u| u.to_string() == raw).map(|_| $name(raw.to_string()))
            }

            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }
    )*};
}

ulid_id! {
    /// A customer company (the tenant), or the operator's own company.
    CompanyId;
    /// A person with an account.
    UserId;
    /// A signed-in session (what an access token names).
    SessionId;
    /// A product of the catalog.
    ProductId;
    /// A subscription of a company to a product's plan.
    SubscriptionId;
    /// An order (direct or delegated).
    OrderId;
    /// An account termination request.
    TerminationId;
    /// An audit entry.
    AuditId;
    /// An article of the help centre.
    ArticleId;
    /// A vendor's webhook endpoint.
    EndpointId;
}

/// A plan of a product: chosen by the operator (`basico`, `pro`…), unique within its product.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(value_type = String, min_length = 1, max_length = 64, example = "basico"))]
pub struct PlanId(String);

impl PlanId {
    /// The longest plan id accepted.
    pub const MAX_LEN: usize = 64;

    /// A plan id from a request: 1 to 64 characters with no spaces or control characters.
    pub fn parse(raw: &str) -> Option<Self> {
        let ok = !raw.is_empty() && raw.len() <= Self::MAX_LEN && !raw.chars().any(|c| c.is_whitespace() || c.is_control());
        ok.then(|| PlanId(raw.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for PlanId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// A coupon's code: upper-cased, so codes compare case-insensitively.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(value_type = String, min_length = 1, max_length = 64, example = "BIENVENIDA20"))]
pub struct CouponCode(String);

impl CouponCode {
    /// A code as typed: trimmed, upper-cased; 1 to 64 characters (`None` when empty or longer).
    pub fn parse(raw: &str) -> Option<Self> {
        let code = raw.trim().to_uppercase();
        (!code.is_empty() && code.len() <= 64 && !code.chars().any(char::is_control)).then_some(CouponCode(code))
    }

    /// A code the operator creates: 3 to 32 letters, digits, `-` or `_`.
    pub fn parse_new(raw: &str) -> Option<Self> {
        let code = raw.trim().to_uppercase();
        let ok = (3..=32).contains(&code.len()) && code.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
        ok.then_some(CouponCode(code))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for CouponCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_canonical_ulids_are_ids() {
        let id = UserId::new();
        assert_eq!(UserId::parse(id.as_str()), Some(id.clone()));
        for bad in ["", "x", "01kmr1cgmf3gwnfanhqbrybpzj", "01KMR1CGMF3GWNFANHQBRYBPZJ0", "../../etc"] {
            assert!(UserId::parse(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn coupon_codes_compare_case_insensitively() {
        assert_eq!(CouponCode::parse(" bienvenida20 "), CouponCode::parse("BIENVENIDA20"));
        assert!(CouponCode::parse_new("ab").is_none());
        assert!(CouponCode::parse_new("OK-CODE_1").is_some());
        assert!(CouponCode::parse("").is_none());
    }
}
