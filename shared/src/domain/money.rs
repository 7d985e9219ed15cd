//! Money: integer minor units (centavos) of one currency, never floating point.
//!
//! The one rounding rule of the store: a percentage discount is computed per order line as
//! `round_half_up(line_subtotal × basis_points / 10 000)`; a fixed `amount_off` is spread over the
//! eligible lines in order, each line taking at most its own subtotal. Every total is the exact
//! sum of its parts, so quotes, orders and the billing export agree to the cent.

use serde::{Deserialize, Serialize};

/// The largest amount accepted anywhere (ten billion pesos), far below `i64` overflow even when
/// multiplied by seats and months.
pub const MAX_AMOUNT: i64 = 1_000_000_000_000;

/// An amount of money, `{"amount": <minor units>, "currency": "ARS"}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(example = json!({"amount": 1250000, "currency": "ARS"})))]
pub struct Money {
    pub amount: i64,
    pub currency: Currency,
}

/// The currencies the store knows (one, for now); anything else is refused at the edge.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Currency {
    #[serde(rename = "ARS")]
    Ars,
}

impl Money {
    pub const fn ars(amount: i64) -> Money {
        Money { amount, currency: Currency::Ars }
    }

    pub const fn zero() -> Money {
        Money::ars(0)
    }

    /// Whether the amount is within the accepted range for a price (0 to `MAX_AMOUNT`).
    pub fn is_valid_price(&self) -> bool {
        (0..=MAX_AMOUNT).contains(&self.amount)
    }

    pub fn plus(self, other: Money) -> Money {
        Money::ars(self.amount.saturating_add(other.amount))
    }

    pub fn minus(self, other: Money) -> Money {
        Money::ars(self.amount.saturating_sub(other.amount))
    }

    pub fn times(self, factor: i64) -> Money {
        Money::ars(self.amount.saturating_mul(factor))
    }

    pub fn min(self, other: Money) -> Money {
        if self.amount <= other.amount {
            self
        } else {
            other
        }
    }

    /// `basis_points` (1/100 of a percent) of this amount, rounded half up.
    pub fn percent_bp(self, basis_points: i64) -> Money {
        let product = (self.amount as i128) * (basis_points as i128);
        Money::ars(((product + 5_000) / 10_000) as i64)
    }
}

impl std::fmt::Display for Money {
    /// Argentine style: `$ 12.500,00`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let sign = if self.amount < 0 { "-" } else { "" };
        let abs = self.amount.unsigned_abs();
        let digits = (abs / 100).to_string();
        let mut grouped = String::new();
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                grouped.push('.');
            }
            grouped.push(c);
        }
        write!(f, "{sign}$ {grouped},{:02}", abs % 100)
    }
}

/// Adds up amounts.
pub fn sum(amounts: impl IntoIterator<Item = Money>) -> Money {
    amounts.into_iter().fold(Money::zero(), Money::plus)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentages_round_half_up_to_the_centavo() {
        assert_eq!(Money::ars(1_000).percent_bp(2_000), Money::ars(200));
        assert_eq!(Money::ars(1).percent_bp(5_000), Money::ars(1)); // 0.5 → 1
        assert_eq!(Money::ars(3).percent_bp(3_333), Money::ars(1)); // 0.9999 → 1
        assert_eq!(Money::ars(999).percent_bp(1_250), Money::ars(125)); // 124.875 → 125
        assert_eq!(Money::ars(MAX_AMOUNT).percent_bp(10_000), Money::ars(MAX_AMOUNT));
    }

    #[test]
    fn money_reads_the_argentine_way() {
        assert_eq!(Money::ars(1_250_000).to_string(), "$ 12.500,00");
        assert_eq!(Money::ars(5).to_string(), "$ 0,05");
        assert_eq!(Money::ars(123_456_789).to_string(), "$ 1.234.567,89");
    }

    #[test]
    fn money_serialises_as_the_contract_says() {
        let json = serde_json::to_value(Money::ars(1250)).unwrap();
        assert_eq!(json, serde_json::json!({ "amount": 1250, "currency": "ARS" }));
        assert!(serde_json::from_value::<Money>(serde_json::json!({ "amount": 1, "currency": "USD" })).is_err());
        assert!(serde_json::from_value::<Money>(serde_json::json!({ "amount": 1, "currency": "ARS", "scale": 9 })).is_err());
    }
}
