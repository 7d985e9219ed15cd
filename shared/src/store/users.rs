//! Companies and users. A user lives twice: under its company (`COMPANY#c / USER#u`, for the
//! company's listings and every tenant-scoped lookup) and as the claim on its email
//! (`EMAIL#e / CLAIM`, which makes emails unique and a login one read). Both are always written in
//! the same transaction, conditioned on the version that was read.

use super::items::{from_item, key, n, s, to_item};
use super::{keys, LinkToken, Store};
use crate::domain::{Company, UserRecord};
use crate::error::{AppError, AppResult};
use aws_sdk_dynamodb::types::TransactWriteItem;
use std::collections::HashMap;

impl Store {
    /// The two puts that write a user record, conditioned on `expected_version` (`None`: new user).
    pub(crate) fn user_puts(&self, user: &UserRecord, expected_version: Option<u64>) -> AppResult<Vec<TransactWriteItem>> {
        let user_item = to_item(keys::company(&user.company_id), &keys::user(&user.id), "user", user)?;
        let claim_item = to_item(keys::email(&user.email), keys::CLAIM, "email_claim", user)?;
        let user_put = match expected_version {
            None => self.put(user_item, Some(("attribute_not_exists(PK)", HashMap::new())))?,
            Some(v) => self.put(user_item, Some(("version = :v", HashMap::from([(":v".into(), n(v))]))))?,
        };
        let claim_put =
            self.put(claim_item, Some(("attribute_not_exists(PK) OR id = :uid", HashMap::from([(":uid".into(), s(&user.id))]))))?;
        Ok(vec![user_put, claim_put])
    }

    /// Creates a company with its first users, their email claims and activation links, in one
    /// transaction. A taken email is `EmailTaken`, whoever won a concurrent race.
    pub async fn create_company(&self, company: &Company, users: &[UserRecord], links: &[LinkToken]) -> AppResult<()> {
        let company_item = to_item(keys::company(&company.id), keys::META, "company", company)?;
        let mut items = vec![self.put(company_item, Some(("attribute_not_exists(PK)", HashMap::new())))?];
        for user in users {
            items.extend(self.user_puts(user, None)?);
        }
        for link in links {
            items.push(self.link_put(link)?);
        }
        match self.transact(items).await? {
            Ok(()) => Ok(()),
            // Items 2, 4, ... are the email claims.
            Err(failed) if (0..users.len()).any(|i| failed.get(2 + 2 * i) == Some(&true)) => Err(AppError::EmailTaken),
            Err(_) => Err(AppError::Conflict),
        }
    }

    /// A user of a company, read consistently; `None` for another company's id too.
    pub async fn get_user(&self, company_id: &str, user_id: &str) -> AppResult<Option<UserRecord>> {
        self.get(key(keys::company(company_id), &keys::user(user_id))).await?.map(from_item).transpose()
    }

    pub async fn get_company(&self, company_id: &str) -> AppResult<Option<Company>> {
        self.get(key(keys::company(company_id), keys::META)).await?.map(from_item).transpose()
    }

    /// Writes a changed user (both copies) together with extra transaction items, provided nobody
    /// changed the user since `expected_version` was read. Answers which extra item failed, if any.
    pub(crate) async fn save_user_with(
        &self,
        user: &UserRecord,
        expected_version: u64,
        extra: Vec<TransactWriteItem>,
    ) -> AppResult<Result<(), Vec<bool>>> {
        let extra_count = extra.len();
        let mut items = extra;
        items.extend(self.user_puts(user, Some(expected_version))?);
        match self.transact(items).await? {
            Ok(()) => Ok(Ok(())),
            Err(failed) if failed[extra_count..].iter().any(|f| *f) => Err(AppError::Conflict),
            Err(failed) => Ok(Err(failed[..extra_count].to_vec())),
        }
    }
}
