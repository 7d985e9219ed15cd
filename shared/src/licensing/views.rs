//! The licensing slice's answers.

use crate::catalog::Product;
use crate::identity::UserStatus;
use crate::ids::{ProductId, SubscriptionId, UserId};
use serde::Serialize;
use time::OffsetDateTime;

/// A licence in a subscription's list (`GET /subscriptions/{id}/licences`).
#[derive(Debug, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(as = Licence))]
pub struct LicenceHolder {
    pub user_id: UserId,
    pub email: String,
    pub name: String,
    pub status: UserStatus,
    #[serde(with = "time::serde::rfc3339")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub assigned_at: OffsetDateTime,
}

impl From<super::table::Licence> for LicenceHolder {
    fn from(l: super::table::Licence) -> Self {
        LicenceHolder {
            user_id: l.user_id,
            email: l.holder.email,
            name: l.holder.name,
            status: l.holder.status,
            assigned_at: l.assigned_at,
        }
    }
}

/// A licence given (`POST /subscriptions/{id}/licences`).
#[derive(Debug, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(as = LicenceAssignment))]
pub struct Assigned {
    pub subscription_id: SubscriptionId,
    pub user_id: UserId,
    pub email: String,
    pub name: String,
    #[serde(with = "time::serde::rfc3339")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub assigned_at: OffsetDateTime,
}

impl Assigned {
    pub fn new(licence: &super::table::Licence, holder: &crate::identity::UserRecord) -> Assigned {
        Assigned {
            subscription_id: licence.subscription_id.clone(),
            user_id: holder.id.clone(),
            email: holder.email.clone(),
            name: holder.name.clone(),
            assigned_at: licence.assigned_at,
        }
    }
}

/// One "Abrir aplicación" icon of `GET /me/apps`.
#[derive(Debug, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(as = App))]
pub struct AppIcon {
    pub subscription_id: SubscriptionId,
    pub product_id: ProductId,
    pub name: String,
    pub icon_url: String,
    pub launch_url: String,
    pub help_url: String,
}

impl AppIcon {
    pub fn new(subscription_id: &SubscriptionId, product: &Product) -> AppIcon {
        AppIcon {
            subscription_id: subscription_id.clone(),
            product_id: product.id.clone(),
            name: product.name.clone(),
            icon_url: product.icon_url.clone(),
            launch_url: product.launch_url.clone(),
            help_url: product.help_url.clone(),
        }
    }
}

/// `GET /me/apps`: every icon at once (not paged).
#[derive(Debug, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(as = AppList))]
pub struct Apps {
    pub items: Vec<AppIcon>,
}
