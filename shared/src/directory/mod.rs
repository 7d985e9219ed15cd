//! The company directory: who serves which company, kept where each reader finds it in one query.
//!
//! - Every company's META item sits in the GSI1 partition `COMPANIES`, by id (creation order):
//!   the operator's list (`identity::table::insert_company` indexes it).
//! - Each sales rep has a small copy of every company they serve in their own partition
//!   (`SALESREP#<rep>` / `COMPANY#<company>`): the rep's list is one query of their own items,
//!   never a scan. A copy is written in the same transaction as whatever changes it: the
//!   assignment (which deletes the previous rep's copy), onboarding, a handover, the closing.
//! - Both carry a `search` text (the folded name and the CUIT) that the lists' filters match;
//!   a filtered page may come back short, and its cursor continues.
//! - `TAXID#<digits>` counts the active companies with a CUIT, so duplicates are flagged.

use crate::db::{from_item, to_item, Db, Entity, Expr, Key, Page, Query, Record, ToAttr, Tx};
use crate::domain::company_search_text;
use crate::error::AppResult;
use crate::identity::keys as identity_keys;
use crate::identity::{Company, CompanyStatus, UserRecord};
use crate::ids::{CompanyId, UserId};
use crate::views::PageRequest;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use time::OffsetDateTime;

/// The partition of a sales rep's own copies (companies they serve, orders they placed).
pub fn rep_partition(rep: &UserId) -> String {
    format!("SALESREP#{rep}")
}

const COMPANY_PREFIX: &str = "COMPANY#";

fn copy_key(rep: &UserId, company: &CompanyId) -> Key {
    Key::new(rep_partition(rep), format!("{COMPANY_PREFIX}{company}"))
}

/// A rep's copy of a company they serve: what their list shows without reading the company.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct RepCompany {
    pub company_id: CompanyId,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tax_id: Option<String>,
    pub status: CompanyStatus,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
}

impl Record for RepCompany {
    const ENTITY: Entity = Entity::RepCompany;
}

impl From<&Company> for RepCompany {
    fn from(c: &Company) -> Self {
        RepCompany { company_id: c.id.clone(), name: c.name.clone(), tax_id: c.tax_id.clone(), status: c.status, created_at: c.created_at }
    }
}

/// Puts (or rewrites) `rep`'s copy of `company`.
pub fn put_copy<R>(tx: &mut Tx<R>, rep: &UserId, company: &RepCompany) -> AppResult<()> {
    let mut item = to_item(&copy_key(rep, &company.company_id), company)?;
    item.insert("search".into(), company_search_text(&company.name, company.tax_id.as_deref()).to_attr());
    tx.put(item).always();
    Ok(())
}

/// Hands `company` from the rep it names now (`from`, as read) to `to`, or to no rep: the
/// company's META names the new rep only while it still names `from` (else `changed`), `from`'s
/// copy goes, `to`'s copy comes. One company, three writes, all in `tx`.
pub fn reassign<R>(tx: &mut Tx<R>, company: &RepCompany, from: Option<&UserId>, to: Option<&UserRecord>, changed: R) -> AppResult<()> {
    crate::identity::table::set_sales_rep(tx, &company.company_id, from, to.map(|rep| (&rep.id, rep.email.as_str())), changed);
    if let Some(from) = from.filter(|from| to.map(|t| &t.id) != Some(*from)) {
        tx.delete(copy_key(from, &company.company_id)).always();
    }
    if let Some(to) = to {
        put_copy(tx, &to.id, company)?;
    }
    Ok(())
}

fn matching(query: Query, search: &str) -> Query {
    if search.is_empty() {
        return query;
    }
    query.filter(Expr::new("contains(#search, :q)").name("#search", "search").value(":q", search))
}

/// One page of the companies `rep` serves, in creation order, matching `search` (folded).
pub async fn rep_companies(db: &Db, rep: &UserId, search: &str, page: &PageRequest) -> AppResult<Page<RepCompany>> {
    db.query(&matching(Query::table(rep_partition(rep)).prefix(COMPANY_PREFIX), search).page(page)?).await
}

/// The first `limit` companies `rep` serves (a handover's next chunk).
pub async fn rep_companies_chunk(db: &Db, rep: &UserId, limit: u32) -> AppResult<Page<RepCompany>> {
    db.query(&Query::table(rep_partition(rep)).prefix(COMPANY_PREFIX).limit(limit)).await
}

/// Every company `rep` serves.
pub async fn all_rep_companies(db: &Db, rep: &UserId) -> AppResult<Vec<RepCompany>> {
    db.query_all(Query::table(rep_partition(rep)).prefix(COMPANY_PREFIX)).await
}

/// One page of every company but `own` (the operator's), in creation order, matching `search`.
pub async fn companies(db: &Db, own: &CompanyId, search: &str, page: &PageRequest) -> AppResult<Page<Company>> {
    let not_own = Expr::new("#id <> :own").name("#id", "id").value(":own", own.to_string());
    let query = match search {
        "" => Query::index(identity_keys::COMPANIES).filter(not_own),
        q => Query::index(identity_keys::COMPANIES)
            .filter(not_own.and(Expr::new("contains(#search, :q)").name("#search", "search").value(":q", q))),
    };
    db.query(&query.page(page)?).await
}

#[derive(Deserialize)]
struct TaxIdCount {
    #[serde(rename = "PK")]
    key: String,
    #[serde(default)]
    active: i64,
}

/// How many active companies carry each of these CUITs (by digits); absent ones count 0.
pub async fn tax_id_counts(db: &Db, digits: &[String]) -> AppResult<HashMap<String, i64>> {
    let keys = digits.iter().map(|d| identity_keys::tax_id_count(d)).collect();
    let mut counts = HashMap::new();
    for item in db.batch_get(keys).await? {
        let count: TaxIdCount = from_item(item)?;
        counts.insert(count.key.trim_start_matches("TAXID#").to_string(), count.active);
    }
    Ok(counts)
}
