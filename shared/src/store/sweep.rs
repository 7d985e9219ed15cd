//! The scheduled expiry of activation links. Reads only what is due, through the expiry index
//! (`GSI1PK = LINKEXP#activation`, sorted by expiry), never a table scan.

use super::items::{from_item, key, s};
use super::{keys, LinkToken, Store};
use crate::domain::{UserRecord, UserStatus};
use crate::error::{AppError, AppResult};
use aws_sdk_dynamodb::types::{TransactWriteItem, Update};

impl Store {
    /// Items of a GSI1 partition whose sort key is below `upper`, oldest first (the scheduled
    /// sweeps' "what is due" read).
    pub(crate) async fn index_due<T: serde::de::DeserializeOwned>(&self, partition: &str, upper: String, limit: i32) -> AppResult<Vec<T>> {
        let out = self
            .client
            .query()
            .table_name(&self.table)
            .index_name("GSI1")
            .key_condition_expression("GSI1PK = :p AND GSI1SK < :upper")
            .expression_attribute_values(":p", s(partition))
            .expression_attribute_values(":upper", s(upper))
            .limit(limit)
            .send()
            .await
            .map_err(AppError::internal)?;
        out.items.unwrap_or_default().into_iter().map(from_item).collect()
    }

    /// Activation links whose expiry is at or before `now` (Unix seconds), oldest first.
    pub async fn due_activation_links(&self, now: i64, limit: i32) -> AppResult<Vec<LinkToken>> {
        self.index_due(keys::ACTIVATION_EXPIRY, format!("{:012}", now + 1), limit).await
    }

    /// Expires one link: it leaves the index (it stays stored, so a late click answers
    /// `token_expired`, until TTL), and if it is still the user's current link the user becomes
    /// `activation_expired`. Safe to run twice or from overlapping runs: answers whether this call
    /// expired the user.
    pub async fn expire_activation(&self, link: &LinkToken) -> AppResult<bool> {
        let unindex = Update::builder()
            .table_name(&self.table)
            .set_key(Some(key(keys::token(&link.hash), keys::TOKEN)))
            .update_expression("REMOVE GSI1PK, GSI1SK")
            .condition_expression("attribute_exists(GSI1PK)")
            .build()
            .map_err(AppError::internal)?;
        let unindex = TransactWriteItem::builder().update(unindex).build();
        let user: Option<UserRecord> = self.get_user(&link.company_id, &link.user_id).await?;
        // Only a user still waiting on this very link expires; a disabled one (a terminated
        // account) stays disabled, never becoming someone who may ask for a new link.
        let current =
            user.filter(|u| u.status == UserStatus::PendingActivation && u.activation_token.as_deref() == Some(link.hash.as_str()));
        let Some(user) = current else {
            // The user activated, got a newer link, was disabled, or is gone: only the index entry goes.
            self.transact(vec![unindex]).await?.ok();
            return Ok(false);
        };
        let mut next = user.clone();
        next.status = UserStatus::ActivationExpired;
        next.activation_token = None;
        next.version += 1;
        match self.save_user_with(&next, user.version, vec![unindex]).await {
            Ok(done) => Ok(done.is_ok()),
            // The user changed meanwhile: the next run looks again.
            Err(AppError::Conflict) => Ok(false),
            Err(e) => Err(e),
        }
    }
}
