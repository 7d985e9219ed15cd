//! The cart a front end sends (to quote, to order, or a sales rep's order for a company), checked
//! for shape before anything is read: 1 to 20 lines, each a product and plan once, 1 to 10,000
//! seats, and an optional coupon code.

use crate::error::{AppError, AppResult, FieldError};
use crate::ids::{CouponCode, PlanId, ProductId};
use base64::Engine;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// Most lines one order may have (keeps the order's transaction well under 100 items).
pub const MAX_LINES: usize = 20;
/// Most seats of one line (or one subscription).
pub const MAX_SEATS: u32 = 10_000;

/// The body of `POST /checkout/quote`, `POST /orders` and `POST /companies/{id}/orders`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CartRequest {
    /// 1 to 20 lines, a product once.
    #[cfg_attr(feature = "openapi", schema(min_items = 1, max_items = 20))]
    pub items: Vec<CartItemRequest>,
    /// Compared case-insensitively.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 64))]
    pub coupon_code: Option<String>,
}

/// A line of a [`CartRequest`]: a product's plan and how many seats.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CartItemRequest {
    #[cfg_attr(feature = "openapi", schema(value_type = ProductId))]
    pub product_id: String,
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 64))]
    pub plan_id: String,
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 10000))]
    pub seats: i64,
}

/// One line of a cart.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CartLine {
    pub product_id: ProductId,
    pub plan_id: PlanId,
    pub seats: u32,
}

/// A cart whose shape is valid (not yet checked against the catalog).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Cart {
    pub lines: Vec<CartLine>,
    pub coupon_code: Option<CouponCode>,
}

/// Seats as a request gives them: 1 to [`MAX_SEATS`].
pub fn parse_seats(raw: i64, field: &str) -> Result<u32, FieldError> {
    if (1..=i64::from(MAX_SEATS)).contains(&raw) {
        Ok(raw as u32)
    } else {
        Err(FieldError::new(field, format!("Las licencias van de 1 a {MAX_SEATS}.")))
    }
}

impl TryFrom<CartRequest> for Cart {
    type Error = AppError;

    fn try_from(request: CartRequest) -> AppResult<Cart> {
        let mut errors = Vec::new();
        if request.items.is_empty() || request.items.len() > MAX_LINES {
            errors.push(FieldError::new("items", format!("Un pedido lleva de 1 a {MAX_LINES} productos.")));
        }
        let mut lines = Vec::new();
        for (i, item) in request.items.iter().enumerate() {
            let at = |f: &str| format!("items[{i}].{f}");
            let seats = parse_seats(item.seats, &at("seats")).map_err(|e| errors.push(e)).ok();
            let product_id = ProductId::parse(item.product_id.trim());
            if product_id.is_none() {
                errors.push(FieldError::new(at("product_id"), "Ese producto no está en el catálogo."));
            }
            let plan_id = PlanId::parse(item.plan_id.trim());
            if plan_id.is_none() {
                errors.push(FieldError::new(at("plan_id"), "Falta o no es válido."));
            }
            if request.items[..i].iter().any(|o| o.product_id == item.product_id) {
                errors.push(FieldError::new(at("product_id"), "El producto está repetido en el pedido."));
            }
            if let (Some(product_id), Some(plan_id), Some(seats)) = (product_id, plan_id, seats) {
                lines.push(CartLine { product_id, plan_id, seats });
            }
        }
        let coupon_code = match request.coupon_code.as_deref().map(str::trim).filter(|c| !c.is_empty()) {
            None => None,
            Some(raw) => match CouponCode::parse(raw) {
                Some(code) => Some(code),
                None => {
                    errors.push(FieldError::new("coupon_code", "El código es demasiado largo."));
                    None
                }
            },
        };
        if errors.is_empty() {
            Ok(Cart { lines, coupon_code })
        } else {
            Err(AppError::Validation(errors))
        }
    }
}

impl Cart {
    /// A stable fingerprint of the request, to tell a retry from another order under the same key.
    pub fn fingerprint(&self) -> String {
        let bytes = serde_json::to_vec(self).unwrap_or_default();
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(Sha256::digest(bytes))
    }

    pub fn product_ids(&self) -> Vec<&ProductId> {
        self.lines.iter().map(|l| &l.product_id).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(product: &str, seats: i64) -> CartItemRequest {
        CartItemRequest { product_id: product.into(), plan_id: "basico".into(), seats }
    }

    #[test]
    fn every_bad_field_of_a_cart_is_named() {
        let p = "01KMR1CGMF3GWNFANHQBRYBPZJ";
        let request = CartRequest { items: vec![item(p, 0), item(p, 3), item("nope", 1)], coupon_code: Some("x".repeat(70)) };
        let Err(AppError::Validation(errors)) = Cart::try_from(request) else { panic!("a bad cart passed") };
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["items[0].seats", "items[1].product_id", "items[2].product_id", "coupon_code"]);
    }

    #[test]
    fn the_fingerprint_tells_carts_apart_and_ignores_the_coupons_spelling() {
        let p = "01KMR1CGMF3GWNFANHQBRYBPZJ";
        let cart =
            |seats, coupon: &str| Cart::try_from(CartRequest { items: vec![item(p, seats)], coupon_code: Some(coupon.into()) }).unwrap();
        assert_eq!(cart(2, "bienvenida20").fingerprint(), cart(2, "BIENVENIDA20 ").fingerprint());
        assert_ne!(cart(2, "X").fingerprint(), cart(3, "X").fingerprint());
    }
}
