//! The operator's back office: sales-rep assignment, spend limits, termination requests, and the
//! whole-store subscription read behind the monthly billing export.

use super::items::{from_item, key, s, to_item, Item};
use super::terminations::{TerminationRequest, TERMINATIONS};
use super::{keys, Store};
use crate::domain::{Company, Money, Subscription, UserRecord};
use crate::error::{AppError, AppResult};
use aws_sdk_dynamodb::types::ReturnValue;
use std::collections::HashMap;

pub(crate) fn termination_pointer(id: &str) -> String {
    format!("TERMINATION#{id}")
}

impl Store {
    async fn update_company(&self, company_id: &str, expression: &str, values: Item) -> AppResult<Company> {
        let mut update = self
            .client
            .update_item()
            .table_name(&self.table)
            .set_key(Some(key(keys::company(company_id), keys::META)))
            .update_expression(expression)
            .condition_expression("attribute_exists(PK)")
            .return_values(ReturnValue::AllNew);
        if !values.is_empty() {
            update = update.set_expression_attribute_values(Some(values));
        }
        match update.send().await {
            Ok(out) => from_item(out.attributes.unwrap_or_default()),
            Err(e) if e.as_service_error().is_some_and(|e| e.is_conditional_check_failed_exception()) => Err(AppError::NotFound),
            Err(e) => Err(AppError::internal(e)),
        }
    }

    /// Assigns the sales rep who serves a company (and indexes the company under the rep).
    pub async fn set_sales_rep(&self, company_id: &str, rep: &UserRecord) -> AppResult<Company> {
        let values = HashMap::from([
            (":id".to_string(), s(&rep.id)),
            (":email".to_string(), s(&rep.email)),
            (":gpk".to_string(), s(format!("SALESREP#{}", rep.id))),
            (":gsk".to_string(), s(company_id)),
        ]);
        self.update_company(company_id, "SET sales_rep_id = :id, sales_rep_email = :email, GSI1PK = :gpk, GSI1SK = :gsk", values).await
    }

    /// Sets (or, with `None`, lifts) a company's spend limits.
    pub async fn set_spend_limits(&self, company_id: &str, daily: Option<Money>, rolling: Option<Money>) -> AppResult<Company> {
        let mut sets = Vec::new();
        let mut removes = Vec::new();
        let mut values = Item::new();
        for (name, value) in [("spend_limit_daily", daily), ("spend_limit_30d", rolling)] {
            match value {
                Some(money) => {
                    sets.push(format!("{name} = :{name}"));
                    values.insert(format!(":{name}"), serde_dynamo::to_attribute_value(money).map_err(AppError::internal)?);
                }
                None => removes.push(name.to_string()),
            }
        }
        let mut expression = String::new();
        if !sets.is_empty() {
            expression.push_str(&format!("SET {}", sets.join(", ")));
        }
        if !removes.is_empty() {
            expression.push_str(&format!(" REMOVE {}", removes.join(", ")));
        }
        self.update_company(company_id, expression.trim(), values).await
    }

    /// Marks a company closed (its account was terminated).
    pub async fn close_company(&self, company_id: &str) -> AppResult<Company> {
        let out = self
            .client
            .update_item()
            .table_name(&self.table)
            .set_key(Some(key(keys::company(company_id), keys::META)))
            .update_expression("SET #status = :closed")
            .condition_expression("attribute_exists(PK)")
            .expression_attribute_names("#status", "status")
            .expression_attribute_values(":closed", s("closed"))
            .return_values(ReturnValue::AllNew)
            .send()
            .await
            .map_err(AppError::internal)?;
        from_item(out.attributes.unwrap_or_default())
    }

    /// Every termination request, oldest first.
    pub async fn list_terminations(&self) -> AppResult<Vec<TerminationRequest>> {
        let mut all = Vec::new();
        let mut start: Option<Item> = None;
        loop {
            let out = self
                .client
                .query()
                .table_name(&self.table)
                .index_name("GSI1")
                .key_condition_expression("GSI1PK = :p")
                .expression_attribute_values(":p", s(TERMINATIONS))
                .set_exclusive_start_key(start)
                .send()
                .await
                .map_err(AppError::internal)?;
            for item in out.items.unwrap_or_default() {
                all.push(from_item(item)?);
            }
            match out.last_evaluated_key {
                Some(k) => start = Some(k),
                None => return Ok(all),
            }
        }
    }

    /// A termination request by its id.
    pub async fn get_termination(&self, id: &str) -> AppResult<Option<TerminationRequest>> {
        let Some(pointer) = self.get(key(termination_pointer(id), "TERMINATION")).await? else { return Ok(None) };
        let company_id = pointer.get("company_id").and_then(|v| v.as_s().ok()).cloned().unwrap_or_default();
        self.get(key(keys::company(&company_id), "TERMINATION")).await?.map(from_item).transpose()
    }

    /// Stores the request's new state (completed), keeping it listed.
    pub async fn save_termination(&self, request: &TerminationRequest) -> AppResult<()> {
        let mut item = to_item(keys::company(&request.company_id), "TERMINATION", "termination", request)?;
        item.insert("GSI1PK".into(), s(TERMINATIONS));
        item.insert("GSI1SK".into(), s(format!("{}#{}", request.created_at.unix_timestamp(), request.id)));
        self.transact(vec![self.put(item, None)?]).await?.map_err(|_| AppError::Conflict)
    }

    /// Every subscription of every company: the one full read of the table, for the monthly
    /// billing export (a filtered, paginated scan).
    pub async fn every_subscription(&self) -> AppResult<Vec<Subscription>> {
        let mut all = Vec::new();
        let mut start: Option<Item> = None;
        loop {
            let out = self
                .client
                .scan()
                .table_name(&self.table)
                .filter_expression("entity = :e")
                .expression_attribute_values(":e", s("subscription"))
                .set_exclusive_start_key(start)
                .send()
                .await
                .map_err(AppError::internal)?;
            for item in out.items.unwrap_or_default() {
                all.push(from_item(item)?);
            }
            match out.last_evaluated_key {
                Some(k) => start = Some(k),
                None => return Ok(all),
            }
        }
    }

    /// Companies by id (batched, at most 100 per call).
    pub async fn companies_by_id(&self, ids: &[&str]) -> AppResult<HashMap<String, Company>> {
        let mut found = HashMap::new();
        for chunk in ids.chunks(100) {
            let wanted = chunk.iter().map(|id| key(keys::company(id), keys::META)).collect();
            for item in self.batch_get(wanted).await? {
                let company: Company = from_item(item)?;
                found.insert(company.id.clone(), company);
            }
        }
        Ok(found)
    }
}
