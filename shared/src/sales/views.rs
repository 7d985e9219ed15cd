//! The rep's answers: a company they serve with what they need to sell to it, and a new
//! customer's id.

use crate::commerce::{Order, Subscription, SubscriptionStatus};
use crate::directory::RepCompany;
use crate::domain::Money;
use crate::identity::{CompanyStatus, UserRecord, UserStatus};
use crate::ids::{CompanyId, OrderId, PlanId, ProductId, SubscriptionId, UserId};
use serde::Serialize;
use time::OffsetDateTime;

/// `GET /sales/companies`: a company the rep serves.
#[derive(Debug, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SalesCompany {
    pub id: CompanyId,
    pub name: String,
    /// The CUIT, `XX-XXXXXXXX-X`, or `null`.
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub tax_id: Option<String>,
    pub status: CompanyStatus,
    /// Who to talk to: the company's admins.
    pub admins: Vec<Contact>,
    /// Its subscriptions that are not cancelled.
    pub subscriptions: Vec<SalesSubscription>,
    /// The rep's orders waiting for an admin's approval.
    pub pending_orders: Vec<PendingOrder>,
}

#[derive(Debug, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Contact {
    pub id: UserId,
    pub name: String,
    pub email: String,
    pub status: UserStatus,
}

#[derive(Debug, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SalesSubscription {
    pub id: SubscriptionId,
    pub product_id: ProductId,
    pub product_name: String,
    pub plan_id: PlanId,
    pub seats: u32,
    pub status: SubscriptionStatus,
}

#[derive(Debug, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PendingOrder {
    pub id: OrderId,
    pub total: Money,
    #[serde(with = "time::serde::rfc3339")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub created_at: OffsetDateTime,
}

impl SalesCompany {
    pub fn new(company: RepCompany, admins: &[UserRecord], subscriptions: &[Subscription], pending: &[Order]) -> SalesCompany {
        SalesCompany {
            id: company.company_id,
            name: company.name,
            tax_id: company.tax_id,
            status: company.status,
            admins: admins
                .iter()
                .map(|a| Contact { id: a.id.clone(), name: a.name.clone(), email: a.email.clone(), status: a.status })
                .collect(),
            subscriptions: subscriptions
                .iter()
                .filter(|s| s.status != SubscriptionStatus::Cancelled)
                .map(|s| SalesSubscription {
                    id: s.id.clone(),
                    product_id: s.product_id.clone(),
                    product_name: s.product_name.clone(),
                    plan_id: s.plan_id.clone(),
                    seats: s.seats,
                    status: s.status,
                })
                .collect(),
            pending_orders: pending.iter().map(|o| PendingOrder { id: o.id.clone(), total: o.total, created_at: o.created_at }).collect(),
        }
    }
}

/// `POST /sales/companies`: the new customer.
#[derive(Debug, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Onboarded {
    pub company_id: CompanyId,
}
