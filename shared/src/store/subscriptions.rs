//! Subscriptions: seats bought, seats assigned, and their life cycle. `seats_assigned` never
//! exceeds `seats`: every change of either is conditioned on the other.

use super::items::{from_item, key, n, s};
use super::pages::Page;
use super::{keys, Store};
use crate::domain::{Subscription, SubscriptionStatus};
use crate::error::{AppError, AppResult};
use std::collections::HashMap;
use time::OffsetDateTime;

pub fn subscription_sk(id: &str) -> String {
    format!("SUB#{id}")
}

impl Store {
    /// A subscription and a user of one company, in one strongly consistent `BatchGetItem` (what
    /// assigning a licence needs before its transaction).
    pub async fn subscription_and_user(
        &self,
        company_id: &str,
        sub_id: &str,
        user_id: &str,
    ) -> AppResult<(Option<Subscription>, Option<crate::domain::UserRecord>)> {
        let company = keys::company(company_id);
        let wanted = vec![key(company.clone(), &subscription_sk(sub_id)), key(company, &keys::user(user_id))];
        let (mut sub, mut user) = (None, None);
        for item in self.batch_get(wanted).await? {
            match item.get("entity").and_then(|e| e.as_s().ok()).map(String::as_str) {
                Some("subscription") => sub = Some(from_item(item)?),
                Some("user") => user = Some(from_item(item)?),
                _ => {}
            }
        }
        Ok((sub, user))
    }

    pub async fn get_subscription(&self, company_id: &str, id: &str) -> AppResult<Option<Subscription>> {
        self.get(key(keys::company(company_id), &subscription_sk(id))).await?.map(from_item).transpose()
    }

    /// The company's subscriptions, oldest first.
    pub async fn list_subscriptions(&self, company_id: &str, limit: u32, after: Option<&str>) -> AppResult<Page<Subscription>> {
        self.query_prefix(keys::company(company_id), "SUB#", limit, after, false).await
    }

    /// Every subscription of the company (for account-wide changes).
    pub async fn all_subscriptions(&self, company_id: &str) -> AppResult<Vec<Subscription>> {
        let mut all = Vec::new();
        let mut after: Option<String> = None;
        loop {
            let page = self.list_subscriptions(company_id, 100, after.as_deref()).await?;
            all.extend(page.items);
            match page.next {
                Some(next) => after = Some(next),
                None => return Ok(all),
            }
        }
    }

    /// Sets the seats of a live subscription, never below those assigned: `Ok(false)` when more
    /// seats are assigned than asked for.
    pub async fn set_seats(&self, sub: &Subscription, seats: u32) -> AppResult<bool> {
        let result = self
            .client
            .update_item()
            .table_name(&self.table)
            .set_key(Some(key(keys::company(&sub.company_id), &subscription_sk(&sub.id))))
            .update_expression("SET seats = :seats")
            .condition_expression("attribute_exists(PK) AND seats_assigned <= :seats AND #status <> :cancelled")
            .expression_attribute_names("#status", "status")
            .set_expression_attribute_values(Some(HashMap::from([
                (":seats".to_string(), n(seats)),
                (":cancelled".to_string(), s("cancelled")),
            ])))
            .send()
            .await;
        match result {
            Ok(_) => Ok(true),
            Err(e) if e.as_service_error().is_some_and(|e| e.is_conditional_check_failed_exception()) => Ok(false),
            Err(e) => Err(AppError::internal(e)),
        }
    }

    /// Moves a subscription to `status` unless it is already cancelled; answers whether it moved.
    pub async fn set_subscription_status(&self, sub: &Subscription, status: SubscriptionStatus) -> AppResult<bool> {
        let status_name = serde_json::to_value(status).map_err(AppError::internal)?;
        let mut update = self
            .client
            .update_item()
            .table_name(&self.table)
            .set_key(Some(key(keys::company(&sub.company_id), &subscription_sk(&sub.id))))
            .condition_expression("attribute_exists(PK) AND #status <> :cancelled")
            .expression_attribute_names("#status", "status")
            .expression_attribute_values(":status", s(status_name.as_str().unwrap_or_default()))
            .expression_attribute_values(":cancelled", s("cancelled"));
        update = if status == SubscriptionStatus::Cancelled {
            let now = OffsetDateTime::now_utc().format(&time::format_description::well_known::Rfc3339).map_err(AppError::internal)?;
            update.update_expression("SET #status = :status, cancelled_at = :now").expression_attribute_values(":now", s(now))
        } else {
            update.update_expression("SET #status = :status")
        };
        match update.send().await {
            Ok(_) => Ok(true),
            Err(e) if e.as_service_error().is_some_and(|e| e.is_conditional_check_failed_exception()) => Ok(false),
            Err(e) => Err(AppError::internal(e)),
        }
    }
}
