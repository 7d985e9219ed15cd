//! Licences: a seat of a subscription assigned to a user. Each licence is stored twice in the
//! company's partition (`LICENCE#<sub>#<user>` for the subscription's list, `USERAPP#<user>#<sub>`
//! for the user's panel), and a per-user counter (`USERLIC#<user>`) lets a user's deletion prove
//! it released every licence. Assigning is one transaction with the seat limit as its condition.

use super::items::{from_item, key, n, s, to_item, Item};
use super::pages::Page;
use super::subscriptions::subscription_sk;
use super::{keys, Store};
use crate::domain::{Subscription, UserRecord};
use crate::error::{AppError, AppResult};
use aws_sdk_dynamodb::types::{TransactWriteItem, Update};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use time::OffsetDateTime;

/// Licences released per transaction (3 writes each, plus a few more, under the 100-item limit).
pub const RELEASE_CHUNK: usize = 30;

/// A licence as stored.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Licence {
    pub subscription_id: String,
    pub user_id: String,
    pub company_id: String,
    pub product_id: String,
    #[serde(with = "time::serde::rfc3339")]
    pub assigned_at: OffsetDateTime,
}

/// How an assignment ended.
#[derive(Debug)]
pub enum Assignment {
    Assigned(Licence),
    /// The user already held a seat of this subscription.
    AlreadyAssigned(Licence),
    NoSeats,
    /// The subscription is cancelled or being cancelled.
    Closed,
    /// The user was deleted meanwhile.
    UserGone,
}

pub(crate) fn licence_sk(sub_id: &str, user_id: &str) -> String {
    format!("LICENCE#{sub_id}#{user_id}")
}

pub(crate) fn user_app_sk(user_id: &str, sub_id: &str) -> String {
    format!("USERAPP#{user_id}#{sub_id}")
}

pub(crate) fn licence_count_sk(user_id: &str) -> String {
    format!("USERLIC#{user_id}")
}

impl Store {
    fn add(&self, pk: String, sk: &str, attribute: &str, delta: i64, condition: Option<&str>) -> AppResult<TransactWriteItem> {
        let mut update = Update::builder()
            .table_name(&self.table)
            .set_key(Some(key(pk, sk)))
            .update_expression(format!("ADD {attribute} :d"))
            .expression_attribute_values(":d", n(delta));
        if let Some(c) = condition {
            update = update.condition_expression(c);
        }
        Ok(TransactWriteItem::builder().update(update.build().map_err(AppError::internal)?).build())
    }

    /// Assigns a seat of `sub` to `user` (both of the same company), in one transaction.
    pub async fn assign_licence(&self, sub: &Subscription, user: &UserRecord) -> AppResult<Assignment> {
        let company = keys::company(&sub.company_id);
        let licence = Licence {
            subscription_id: sub.id.clone(),
            user_id: user.id.clone(),
            company_id: sub.company_id.clone(),
            product_id: sub.product_id.clone(),
            assigned_at: OffsetDateTime::now_utc(),
        };
        let seat = Update::builder()
            .table_name(&self.table)
            .set_key(Some(key(company.clone(), &subscription_sk(&sub.id))))
            .update_expression("ADD seats_assigned :one")
            .condition_expression("attribute_exists(PK) AND seats_assigned < seats AND (#status = :trial OR #status = :active)")
            .expression_attribute_names("#status", "status")
            .set_expression_attribute_values(Some(HashMap::from([
                (":one".to_string(), n(1)),
                (":trial".to_string(), s("trial")),
                (":active".to_string(), s("active")),
            ])))
            .build()
            .map_err(AppError::internal)?;
        let items = vec![
            TransactWriteItem::builder().update(seat).build(),
            self.put(
                to_item(company.clone(), &licence_sk(&sub.id, &user.id), "licence", &licence)?,
                Some(("attribute_not_exists(PK)", Item::new())),
            )?,
            self.put(
                to_item(company.clone(), &user_app_sk(&user.id, &sub.id), "user_app", &licence)?,
                Some(("attribute_not_exists(PK)", Item::new())),
            )?,
            self.add(company.clone(), &licence_count_sk(&user.id), "licences", 1, None)?,
            self.check(key(company.clone(), &keys::user(&user.id)), "attribute_exists(PK)", &[], Item::new())?,
        ];
        match self.transact(items).await? {
            Ok(()) => Ok(Assignment::Assigned(licence)),
            Err(failed) if failed[1] => {
                let existing = self.get(key(company, &licence_sk(&sub.id, &user.id))).await?.map(from_item).transpose()?;
                Ok(existing.map(Assignment::AlreadyAssigned).unwrap_or(Assignment::NoSeats))
            }
            Err(failed) if failed[4] => Ok(Assignment::UserGone),
            Err(_) => {
                let current = self.get_subscription(&sub.company_id, &sub.id).await?;
                Ok(match current {
                    Some(c) if c.seats_assigned < c.seats => Assignment::Closed,
                    _ => Assignment::NoSeats,
                })
            }
        }
    }

    /// The writes that release `licences` (each of a different subscription or user as the
    /// caller arranges), counting seats back.
    fn release_writes(&self, licences: &[Licence], per_user: bool) -> AppResult<Vec<TransactWriteItem>> {
        let mut items = Vec::new();
        let mut seats_back: HashMap<&str, i64> = HashMap::new();
        let mut counts_back: HashMap<&str, i64> = HashMap::new();
        for l in licences {
            let company = keys::company(&l.company_id);
            items.push(self.delete(key(company.clone(), &licence_sk(&l.subscription_id, &l.user_id)), Some("attribute_exists(PK)"))?);
            items.push(self.delete(key(company, &user_app_sk(&l.user_id, &l.subscription_id)), None)?);
            *seats_back.entry(&l.subscription_id).or_default() += 1;
            *counts_back.entry(&l.user_id).or_default() += 1;
        }
        let company = licences.first().map(|l| keys::company(&l.company_id)).unwrap_or_default();
        for (sub, k) in seats_back {
            items.push(self.add(company.clone(), &subscription_sk(sub), "seats_assigned", -k, None)?);
        }
        if !per_user {
            for (user, k) in counts_back {
                items.push(self.add(company.clone(), &licence_count_sk(user), "licences", -k, None)?);
            }
        }
        Ok(items)
    }

    /// Takes one licence back; `false` if the user held none of this subscription.
    pub async fn release_licence(&self, company_id: &str, sub_id: &str, user_id: &str) -> AppResult<bool> {
        let Some(licence) =
            self.get(key(keys::company(company_id), &licence_sk(sub_id, user_id))).await?.map(from_item::<Licence>).transpose()?
        else {
            return Ok(false);
        };
        Ok(self.transact(self.release_writes(&[licence], false)?).await?.is_ok())
    }

    /// Every licence of a user (their "open application" icons), strongly consistent.
    pub async fn user_licences(&self, company_id: &str, user_id: &str) -> AppResult<Vec<Licence>> {
        let mut all = Vec::new();
        let mut after: Option<String> = None;
        loop {
            let page: Page<Licence> =
                self.query_prefix(keys::company(company_id), &format!("USERAPP#{user_id}#"), 100, after.as_deref(), false).await?;
            all.extend(page.items);
            match page.next {
                Some(next) => after = Some(next),
                None => return Ok(all),
            }
        }
    }

    /// One page of a subscription's licences.
    pub async fn list_licences(&self, company_id: &str, sub_id: &str, limit: u32, after: Option<&str>) -> AppResult<Page<Licence>> {
        self.query_prefix(keys::company(company_id), &format!("LICENCE#{sub_id}#"), limit, after, false).await
    }

    /// Releases every licence of a (cancelled) subscription, a chunk per transaction.
    pub async fn release_subscription_licences(&self, sub: &Subscription) -> AppResult<()> {
        for _ in 0..1_000 {
            let page = self.list_licences(&sub.company_id, &sub.id, RELEASE_CHUNK as u32, None).await?;
            if page.items.is_empty() {
                return Ok(());
            }
            // A chunk that lost a race with a single release is simply read again.
            self.transact(self.release_writes(&page.items, false)?).await?.ok();
        }
        Err(AppError::Conflict)
    }

    /// Releases a user's licences in chunks until at most [`RELEASE_CHUNK`] remain; answers
    /// those, and the writes that release them together with the user's counter, whose condition
    /// proves no licence was assigned since they were read.
    pub(crate) async fn release_user_licences_for_delete(&self, user: &UserRecord) -> AppResult<Vec<TransactWriteItem>> {
        for _ in 0..1_000 {
            let licences = self.user_licences(&user.company_id, &user.id).await?;
            if licences.len() > RELEASE_CHUNK {
                let chunk = &licences[..RELEASE_CHUNK];
                let mut items = self.release_writes(chunk, true)?;
                items.push(self.add(
                    keys::company(&user.company_id),
                    &licence_count_sk(&user.id),
                    "licences",
                    -(chunk.len() as i64),
                    None,
                )?);
                // The last admin can't be deleted, so must not lose licences to a refused attempt.
                if user.role == crate::domain::Role::Admin {
                    let company = key(keys::company(&user.company_id), keys::META);
                    items.push(self.check(company, "admin_count > :one", &[], HashMap::from([(":one".to_string(), n(1))]))?);
                }
                let guarded = items.len() - 1;
                if let Err(failed) = self.transact(items).await? {
                    if user.role == crate::domain::Role::Admin && failed.get(guarded).copied().unwrap_or(false) {
                        return Err(AppError::LastAdmin);
                    }
                }
                continue;
            }
            let mut items = self.release_writes(&licences, true)?;
            let counter = key(keys::company(&user.company_id), &licence_count_sk(&user.id));
            let held = licences.len() as i64;
            let condition = if held == 0 { "attribute_not_exists(licences) OR licences = :n" } else { "licences = :n" };
            let delete = aws_sdk_dynamodb::types::Delete::builder()
                .table_name(&self.table)
                .set_key(Some(counter))
                .condition_expression(condition)
                .expression_attribute_values(":n", n(held))
                .build()
                .map_err(AppError::internal)?;
            items.push(TransactWriteItem::builder().delete(delete).build());
            return Ok(items);
        }
        Err(AppError::Conflict)
    }

    /// The subscription ids a user holds a licence of.
    pub async fn licences_of_user(&self, user: &UserRecord) -> AppResult<Vec<String>> {
        Ok(self.user_licences(&user.company_id, &user.id).await?.into_iter().map(|l| l.subscription_id).collect())
    }
}
