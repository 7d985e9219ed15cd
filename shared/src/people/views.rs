//! The people slice's answers.

use crate::catalog::Product;
use crate::identity::{User, UserRecord};
use crate::ids::{ProductId, SubscriptionId, TerminationId};
use serde::Serialize;
use std::collections::HashMap;

/// `GET /users/{id}`: the user, the subscriptions they hold a licence of, and those applications
/// by name ("Gestionar por usuario").
#[derive(Debug, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UserDetail {
    #[serde(flatten)]
    pub user: User,
    pub licences: Vec<SubscriptionId>,
    pub applications: Vec<UserApplication>,
}

/// One application a user holds a licence of.
#[derive(Debug, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UserApplication {
    pub subscription_id: SubscriptionId,
    pub product_id: ProductId,
    /// The product's name (its id when the product is gone from the catalog).
    pub name: String,
    pub icon_url: String,
}

impl UserDetail {
    pub fn new(u: &UserRecord, products: &HashMap<ProductId, Product>) -> UserDetail {
        let applications = u
            .licences
            .iter()
            .map(|(sub, product)| {
                let found = products.get(product);
                UserApplication {
                    subscription_id: sub.clone(),
                    product_id: product.clone(),
                    name: found.map_or_else(|| product.to_string(), |p| p.name.clone()),
                    icon_url: found.map(|p| p.icon_url.clone()).unwrap_or_default(),
                }
            })
            .collect();
        UserDetail { user: u.into(), licences: u.licences.keys().cloned().collect(), applications }
    }
}

/// What `DELETE /users/{id}` did.
pub enum Deletion {
    /// The user is gone (204).
    Deleted,
    /// The last admin asked to terminate the account (202).
    TerminationRequested(TerminationRequested),
}

/// `DELETE /users/{id}?terminate_account=true`.
#[derive(Debug, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(as = TerminationAccepted))]
pub struct TerminationRequested {
    pub termination_request_id: TerminationId,
}
