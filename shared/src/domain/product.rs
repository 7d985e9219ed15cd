//! Products of the catalog ("fichas de producto") and their monthly plans.

use super::money::Money;
use serde::{Deserialize, Serialize};

/// A plan of a product: a monthly price per seat and, when `trial_days > 0`, the welcome promotion.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Plan {
    pub id: String,
    pub name: String,
    /// Monthly price of one seat.
    pub price: Money,
    pub trial_days: u32,
}

/// A product as stored and as the contract shows it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Product {
    pub id: String,
    pub name: String,
    pub vendor: String,
    pub category: String,
    pub summary: String,
    pub description: String,
    pub features: Vec<String>,
    pub screenshots: Vec<String>,
    pub manual_url: String,
    pub help_url: String,
    pub launch_url: String,
    pub icon_url: String,
    pub plans: Vec<Plan>,
    /// Archived products are out of the catalog; existing subscriptions keep working.
    pub active: bool,
}

impl Product {
    pub fn plan(&self, plan_id: &str) -> Option<&Plan> {
        self.plans.iter().find(|p| p.id == plan_id)
    }
}
