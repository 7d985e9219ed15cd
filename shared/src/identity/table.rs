//! Companies and users in the table. A user lives under its company (`COMPANY#c / USER#u`, for
//! the company's listings and every tenant-scoped lookup) and as the claim on its email
//! (`EMAIL#e / CLAIM`, which makes emails unique and a login one read); its name, email and status
//! are also copied onto each licence it holds. Every change writes all of them in one transaction,
//! conditioned on the version that was read, so the copies always agree.

use super::keys;
use super::records::{Company, CompanyStatus, EmailClaim, Role};
use super::user::{UserRecord, UserUpdate};
use crate::db::{attr, from_item, to_item, with_index, with_search, Db, Expr, Item, Page, Query, ToAttr, Tx};
use crate::domain::search::fold;
use crate::domain::{company_search_text, tax_id_digits, Money};
use crate::error::AppResult;
use crate::ids::{CompanyId, UserId};
use crate::views::PageRequest;
use serde::Serialize;
use std::collections::HashMap;

/// The copy of a licence holder on each licence item.
#[derive(Debug, Clone, Serialize, serde::Deserialize, PartialEq)]
pub struct Holder {
    pub name: String,
    pub email: String,
    pub status: super::records::UserStatus,
}

impl From<&UserRecord> for Holder {
    fn from(u: &UserRecord) -> Self {
        Holder { name: u.name.clone(), email: u.email.clone(), status: u.status }
    }
}

/// What a search for people looks into: their name and email, folded (see `domain::search`).
pub fn person_search(name: &str, email: &str) -> String {
    fold(&format!("{name} {email}"))
}

/// A user as an item, with the folded text `GET /users?query=` filters on.
fn user_item(user: &UserRecord) -> AppResult<Item> {
    Ok(with_search(to_item(&keys::user(&user.company_id, &user.id), user)?, person_search(&user.name, &user.email)))
}

/// What a failed user write means, besides "changed meanwhile" (the transaction's fallback).
pub struct UserRefusals<R> {
    pub email_taken: R,
    pub last_admin: R,
}

/// A new company, in the operator's list (`COMPANIES`) with the text its searches match; a CUIT
/// counts one more active company under it.
pub fn insert_company<R>(tx: &mut Tx<R>, company: &Company, taken: R) -> AppResult<()> {
    let mut item = with_index(to_item(&keys::company(&company.id), company)?, keys::COMPANIES, company.id.to_string());
    item.insert("search".into(), company_search_text(&company.name, company.tax_id.as_deref()).to_attr());
    tx.put(item).unless_exists(taken);
    count_tax_id(tx, company.tax_id.as_deref(), 1);
    Ok(())
}

/// Moves the count of active companies with this CUIT (a company opens or closes).
pub fn count_tax_id<R>(tx: &mut Tx<R>, tax_id: Option<&str>, delta: i64) {
    if let Some(tax) = tax_id {
        tx.update(keys::tax_id_count(&tax_id_digits(tax)), Expr::new("ADD active :d").value(":d", delta)).always();
    }
}

fn claim_put<R>(tx: &mut Tx<R>, user: &UserRecord, taken: R) -> AppResult<()> {
    let claim = to_item(&keys::claim(&user.email), &EmailClaim::from(user))?;
    let free_or_mine = Expr::new("attribute_not_exists(PK) OR id = :uid").value(":uid", user.id.to_string());
    tx.put(claim).when(free_or_mine, taken);
    Ok(())
}

/// Whether a new user's company is written in the same transaction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ItsCompany {
    /// The company is new too: its counts are written with it.
    AlsoNew,
    /// The company exists: the user moves its counts (and proves it is there).
    Exists,
}

/// A new user and their email claim; the claim's condition fails (`taken`) when the email has an
/// account, whoever won a concurrent race. A new user of an existing company also moves its admin
/// count, or its operator count, (and proves the company is there); a new company's counts are
/// written with it.
pub fn insert_user<R>(tx: &mut Tx<R>, user: &UserRecord, taken: R, company: ItsCompany) -> AppResult<()> {
    claim_put(tx, user, taken)?;
    tx.put(user_item(user)?).when_fallback(Expr::absent());
    if company == ItsCompany::Exists {
        let delta = if user.role == Role::Admin { 1 } else { 0 };
        let mut count = Expr::new("ADD admin_count :d").value(":d", delta);
        if user.role == Role::Operator {
            count = count.with_text("ADD admin_count :d, operator_count :one").value(":one", 1);
        }
        tx.update(keys::company(&user.company_id), count).when_fallback(Expr::present());
    }
    Ok(())
}

/// Moves the company's admin count by `delta`; a decrease needs another admin to remain, whatever
/// their status (`last_admin` otherwise).
pub fn admin_count<R>(tx: &mut Tx<R>, company: &CompanyId, delta: i64, last_admin: R) {
    move_count(tx, company, "admin_count", delta, last_admin);
}

/// Moves one of the company's people counters by `delta`; a decrease keeps at least one (`last`).
fn move_count<R>(tx: &mut Tx<R>, company: &CompanyId, counter: &str, delta: i64, last: R) {
    let update = Expr::new(format!("ADD {counter} :d")).value(":d", delta);
    if delta < 0 {
        tx.update(keys::company(company), update).when(Expr::new(format!("{counter} > :one")).value(":one", 1), last)
    } else {
        tx.update(keys::company(company), update).when_fallback(Expr::present())
    }
}

/// Moves the company's count of operators (the operator's own company) by `delta`; a decrease
/// needs another operator to remain (`last_operator` otherwise).
pub fn operator_count<R>(tx: &mut Tx<R>, company: &CompanyId, delta: i64, last_operator: R) {
    move_count(tx, company, "operator_count", delta, last_operator);
}

/// Requires the company to have exactly one admin when the transaction runs (`changed` otherwise).
pub fn check_sole_admin<R>(tx: &mut Tx<R>, company: &CompanyId, changed: R) {
    tx.check(keys::company(company), Expr::new("admin_count = :one").value(":one", 1), changed);
}

/// Counts one more order of the company (`gone` when it no longer exists).
pub fn count_order<R>(tx: &mut Tx<R>, company: &CompanyId, gone: R) {
    tx.update(keys::company(company), order_counted()).if_exists(gone);
}

/// Counts the company's first order: `not_first` when it has one already.
pub fn count_first_order<R>(tx: &mut Tx<R>, company: &CompanyId, not_first: R) {
    let first = Expr::new("attribute_exists(PK) AND (attribute_not_exists(orders_count) OR orders_count = :zero)").value(":zero", 0);
    tx.update(keys::company(company), order_counted()).when(first, not_first);
}

fn order_counted() -> Expr {
    Expr::new("ADD orders_count :one").value(":one", 1)
}

/// Sets the company's spend limits; a limit left out is removed (no limit). `gone` when the
/// company no longer exists.
pub fn set_spend_limits<R>(
    tx: &mut Tx<R>,
    company: &CompanyId,
    daily: Option<Money>,
    rolling_30_days: Option<Money>,
    gone: R,
) -> AppResult<()> {
    let fields = vec![
        ("spend_limit_daily", daily.as_ref().map(attr).transpose()?),
        ("spend_limit_30d", rolling_30_days.as_ref().map(attr).transpose()?),
    ];
    tx.update(keys::company(company), Expr::default().set_or_remove(&[], fields)).if_exists(gone);
    Ok(())
}

/// Hands the company from the rep it names now (`from`, as read) to `to` (id and email), or to no
/// rep; refused (`changed`) unless it still names `from`.
pub fn set_sales_rep<R>(tx: &mut Tx<R>, company: &CompanyId, from: Option<&UserId>, to: Option<(&UserId, &str)>, changed: R) {
    let update = match to {
        Some((rep, email)) => Expr::new("SET sales_rep_id = :to, sales_rep_email = :email, GSI1PK = :companies, GSI1SK = :id")
            .value(":to", rep.to_string())
            .value(":email", email.to_string()),
        None => Expr::new("SET GSI1PK = :companies, GSI1SK = :id REMOVE sales_rep_id, sales_rep_email"),
    };
    let update = update.value(":companies", keys::COMPANIES).value(":id", company.to_string());
    tx.update(keys::company(company), update).when(rep_is(from), changed);
}

/// The company exists and names `rep` as its sales rep (none: names no rep).
fn rep_is(rep: Option<&UserId>) -> Expr {
    match rep {
        Some(rep) => Expr::new("attribute_exists(PK) AND sales_rep_id = :from").value(":from", rep.to_string()),
        None => Expr::new("attribute_exists(PK) AND attribute_not_exists(sales_rep_id)"),
    }
}

/// Closes the company (its account was terminated): refused (`changed`) when it is closed already
/// or its rep is no longer the one read.
pub fn close_company<R>(tx: &mut Tx<R>, company: &Company, changed: R) {
    let closed = CompanyStatus::Closed;
    let close = Expr::new("SET #status = :closed").name("#status", "status").value(":closed", closed);
    let as_read = match &company.sales_rep_id {
        Some(rep) => Expr::new("#status <> :closed AND sales_rep_id = :rep").value(":rep", rep.to_string()),
        None => Expr::new("#status <> :closed AND attribute_not_exists(sales_rep_id)"),
    };
    tx.update(keys::company(&company.id), close).when(as_read.name("#status", "status").value(":closed", closed), changed);
}

/// Writes a change of a user: the user (conditioned on the version read), the claim (moved to a
/// new email, `email_taken` if that one has an account), the admin count when the role changes
/// (`last_admin` for the last one), and the holder copy on each licence when it changed.
pub fn save_user<R>(tx: &mut Tx<R>, update: &UserUpdate, refusals: UserRefusals<R>) -> AppResult<()> {
    let (before, after) = (update.before(), update.after());
    if (before.role == Role::Admin) != (after.role == Role::Admin) {
        let delta = if after.role == Role::Admin { 1 } else { -1 };
        admin_count(tx, &before.company_id, delta, refusals.last_admin);
    }
    if before.email != after.email {
        let mine = Expr::new("id = :uid").value(":uid", before.id.to_string());
        tx.delete(keys::claim(&before.email)).when_fallback(mine);
    }
    claim_put(tx, after, refusals.email_taken)?;
    tx.put(user_item(after)?).when_fallback(Expr::new("version = :v").value(":v", before.version));
    if Holder::from(before) != Holder::from(after) {
        let holder = attr(&Holder::from(after))?;
        let search = person_search(&after.name, &after.email);
        for sub in after.licences.keys() {
            let set = Expr::new("SET holder = :h, #search = :s")
                .name("#search", "search")
                .value(":h", holder.clone())
                .value(":s", search.clone());
            tx.update(keys::licence(&after.company_id, sub, &after.id), set).when_fallback(Expr::present());
        }
    }
    Ok(())
}

/// Deletes a user (conditioned on the version read) with their claim and activation link, and
/// one admin from the count (`last_admin` for the last one). Their licences are the licensing
/// slice's to release in the same transaction; their sessions fail from the next request on.
pub fn delete_user<R>(tx: &mut Tx<R>, user: &UserRecord, last_admin: R) {
    if user.role == Role::Admin {
        admin_count(tx, &user.company_id, -1, last_admin);
    }
    tx.delete(keys::user(&user.company_id, &user.id)).when_fallback(Expr::new("version = :v").value(":v", user.version));
    tx.delete(keys::claim(&user.email)).when_fallback(Expr::new("id = :uid").value(":uid", user.id.to_string()));
    if let Some(link) = &user.activation_token {
        tx.delete(keys::link(link)).always();
    }
}

/// A user of a company, read consistently; `None` for another company's id too.
pub async fn get_user(db: &Db, company: &CompanyId, user: &UserId) -> AppResult<Option<UserRecord>> {
    db.get(&keys::user(company, user)).await
}

pub async fn get_company(db: &Db, company: &CompanyId) -> AppResult<Option<Company>> {
    db.get(&keys::company(company)).await
}

/// The claim of an email, if it has an account: one consistent read.
pub async fn claim(db: &Db, email: &str) -> AppResult<Option<EmailClaim>> {
    db.get(&keys::claim(email)).await
}

/// One page of the company's users, in creation order; with `words`, those whose name or email
/// contains every word (a filtered query of the company's users: it reads them all, up to the
/// page's last match).
pub async fn list_users(db: &Db, company: &CompanyId, page: &PageRequest, words: Option<&[String]>) -> AppResult<Page<UserRecord>> {
    let query = Query::table(keys::company_partition(company)).prefix(keys::USER_PREFIX).page(page)?;
    match words {
        Some(words) => db.query_filled(&query.filter(Expr::contains_all("search", words))).await,
        None => db.query(&query).await,
    }
}

/// Every admin of the company (for the emails admins receive).
pub async fn company_admins(db: &Db, company: &CompanyId) -> AppResult<Vec<UserRecord>> {
    let admins = Expr::new("#role = :admin").name("#role", "role").value(":admin", Role::Admin.as_str());
    db.query_all(Query::table(keys::company_partition(company)).prefix(keys::USER_PREFIX).filter(admins)).await
}

/// Every user of the company.
pub async fn all_users(db: &Db, company: &CompanyId) -> AppResult<Vec<UserRecord>> {
    db.query_all(Query::table(keys::company_partition(company)).prefix(keys::USER_PREFIX)).await
}

/// Users of a company by id, in one batched read.
pub async fn users_by_id(db: &Db, company: &CompanyId, ids: &[&UserId]) -> AppResult<HashMap<UserId, UserRecord>> {
    let wanted = ids.iter().map(|id| keys::user(company, id)).collect();
    db.batch_get(wanted).await?.into_iter().map(|item| from_item::<UserRecord>(item).map(|u| (u.id.clone(), u))).collect()
}

/// Companies by id, in batched reads.
pub async fn companies_by_id(db: &Db, ids: &[&CompanyId]) -> AppResult<HashMap<CompanyId, Company>> {
    let wanted = ids.iter().map(|id| keys::company(id)).collect();
    db.batch_get(wanted).await?.into_iter().map(|item| from_item::<Company>(item).map(|c| (c.id.clone(), c))).collect()
}
