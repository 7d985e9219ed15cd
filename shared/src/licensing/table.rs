//! Licences in the table. A licence is one item in the company's partition
//! (`LICENCE#<sub>#<user>`, for the subscription's list, with a copy of its holder's name, email
//! and status that the identity slice keeps current), and an entry in its holder's user record
//! (`licences`: subscription → product, for their panel and their deletion). The subscription's
//! `seats_assigned` moves in the same transaction as every licence, so it always equals the
//! licences and never exceeds `seats`.

use crate::commerce::keys as commerce_keys;
use crate::commerce::{Subscription, SubscriptionStatus};
use crate::db::{to_item, with_search, Db, Entity, Expr, Page, Query, Record, Tx};
use crate::error::AppResult;
use crate::identity::keys::{self as identity_keys, company_partition};
use crate::identity::table::{person_search, Holder};
use crate::identity::UserRecord;
use crate::ids::{CompanyId, ProductId, SubscriptionId, UserId};
use crate::views::PageRequest;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

/// A licence as stored.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Licence {
    pub subscription_id: SubscriptionId,
    pub user_id: UserId,
    pub company_id: CompanyId,
    pub product_id: ProductId,
    #[serde(with = "time::serde::rfc3339")]
    pub assigned_at: OffsetDateTime,
    pub holder: Holder,
}

impl Record for Licence {
    const ENTITY: Entity = Entity::Licence;
}

fn prefix(sub: &SubscriptionId) -> String {
    format!("LICENCE#{sub}#")
}

/// Gives `user` (as read) a seat of `sub`: the seat counted (refused with `full` when none is
/// left or the subscription is closed), the licence (`held` when the user has one already), and
/// the user's record (the fallback, "changed meanwhile", when it moved since the read).
pub fn assign<R>(tx: &mut Tx<R>, sub: &Subscription, user: &UserRecord, now: OffsetDateTime, full: R, held: R) -> AppResult<Licence> {
    let seat = Expr::new("ADD seats_assigned :one").value(":one", 1);
    tx.update(commerce_keys::subscription(&sub.company_id, &sub.id), seat)
        .when(Expr::present().and(Expr::new("seats_assigned < seats")).and(live()), full);
    give(tx, sub, user, now, held)
}

/// Counts `count` more seats of `sub` as read: refused with `full` unless that many are free
/// (its seats no fewer than read, and at most `seats − count` assigned) and it is live.
pub fn take_seats<R>(tx: &mut Tx<R>, sub: &Subscription, count: u32, full: R) {
    let seats = Expr::new("ADD seats_assigned :n").value(":n", count);
    let room =
        Expr::new("seats >= :seats AND seats_assigned <= :room").value(":seats", sub.seats).value(":room", sub.seats.saturating_sub(count));
    tx.update(commerce_keys::subscription(&sub.company_id, &sub.id), seats).when(Expr::present().and(room).and(live()), full);
}

/// The subscription is still live (seats may change hands); `closed` otherwise.
pub fn still_live<R>(tx: &mut Tx<R>, sub: &Subscription, closed: R) {
    tx.check(commerce_keys::subscription(&sub.company_id, &sub.id), Expr::present().and(live()), closed);
}

fn live() -> Expr {
    Expr::new("#status = :trial OR #status = :active")
        .name("#status", "status")
        .value(":trial", SubscriptionStatus::Trial)
        .value(":active", SubscriptionStatus::Active)
}

/// The licence of `user` in `sub` and its entry in the user's record, without counting a seat
/// (the caller's transaction counts it, or moves it from another holder): `held` when the user
/// has the licence already, the fallback when the user changed since the read.
pub fn give<R>(tx: &mut Tx<R>, sub: &Subscription, user: &UserRecord, now: OffsetDateTime, held: R) -> AppResult<Licence> {
    let licence = Licence {
        subscription_id: sub.id.clone(),
        user_id: user.id.clone(),
        company_id: sub.company_id.clone(),
        product_id: sub.product_id.clone(),
        assigned_at: now,
        holder: Holder::from(user),
    };
    let key = identity_keys::licence(&sub.company_id, &sub.id, &user.id);
    let item = with_search(to_item(&key, &licence)?, person_search(&user.name, &user.email));
    tx.put(item).unless_exists(held);
    let record = Expr::new("SET licences.#sub = :product, version = version + :one")
        .name("#sub", sub.id.as_str())
        .value(":product", sub.product_id.as_str())
        .value(":one", 1);
    let unchanged = Expr::new("version = :v").value(":v", user.version);
    tx.update(identity_keys::user(&user.company_id, &user.id), record).when_fallback(unchanged);
    Ok(licence)
}

/// Moves `licence` (of `sub`) to `to`: the licence leaves its holder (`gone` when it was released
/// meanwhile) and is given to `to` (`held` when they have one), the seat staying counted.
pub fn transfer<R>(
    tx: &mut Tx<R>,
    sub: &Subscription,
    licence: &Licence,
    to: &UserRecord,
    now: OffsetDateTime,
    gone: R,
    held: R,
) -> AppResult<Licence> {
    release_licence(tx, licence, gone);
    give(tx, sub, to, now, held)
}

/// Takes `licence` back: the licence (`gone` when it was released meanwhile), the seat, and the
/// entry in its holder's record.
pub fn release<R>(tx: &mut Tx<R>, licence: &Licence, gone: R) {
    release_seats(tx, &licence.company_id, &licence.subscription_id, 1);
    release_licence(tx, licence, gone);
}

/// Takes back the licences of one subscription (`gone` when one was released meanwhile), and
/// their seats unless `seats_elsewhere` (the same transaction then moves the subscription's count).
pub fn release_many<R: Clone>(tx: &mut Tx<R>, sub: &Subscription, licences: &[Licence], gone: R, seats_elsewhere: bool) {
    if !seats_elsewhere && !licences.is_empty() {
        release_seats(tx, &sub.company_id, &sub.id, licences.len() as i64);
    }
    for licence in licences {
        release_licence(tx, licence, gone.clone());
    }
}

fn release_seats<R>(tx: &mut Tx<R>, company: &CompanyId, sub: &SubscriptionId, count: i64) {
    tx.update(commerce_keys::subscription(company, sub), Expr::new("ADD seats_assigned :d").value(":d", -count)).always();
}

fn release_licence<R>(tx: &mut Tx<R>, licence: &Licence, gone: R) {
    tx.delete(identity_keys::licence(&licence.company_id, &licence.subscription_id, &licence.user_id)).if_exists(gone);
    let record =
        Expr::new("REMOVE licences.#sub SET version = version + :one").name("#sub", licence.subscription_id.as_str()).value(":one", 1);
    tx.update(identity_keys::user(&licence.company_id, &licence.user_id), record).when_fallback(Expr::present());
}

/// The writes that release every licence of a user being deleted (whose record goes in the same
/// transaction): each licence and its seat.
pub fn release_for_deletion<R>(tx: &mut Tx<R>, user: &UserRecord) {
    for sub in user.licences.keys() {
        tx.delete(identity_keys::licence(&user.company_id, sub, &user.id)).when_fallback(Expr::present());
        release_seats(tx, &user.company_id, sub, 1);
    }
}

pub async fn get(db: &Db, company: &CompanyId, sub: &SubscriptionId, user: &UserId) -> AppResult<Option<Licence>> {
    db.get(&identity_keys::licence(company, sub, user)).await
}

/// One page of a subscription's licences; with `words`, those whose holder's name or email holds
/// every word.
pub async fn list(
    db: &Db,
    company: &CompanyId,
    sub: &SubscriptionId,
    page: &PageRequest,
    words: Option<&[String]>,
) -> AppResult<Page<Licence>> {
    let query = Query::table(company_partition(company)).prefix(prefix(sub)).page(page)?;
    match words {
        Some(words) => db.query_filled(&query.filter(Expr::contains_all("search", words))).await,
        None => db.query(&query).await,
    }
}

/// The first `limit` licences of a subscription (to release them in chunks).
pub async fn first(db: &Db, company: &CompanyId, sub: &SubscriptionId, limit: u32) -> AppResult<Vec<Licence>> {
    Ok(db.query(&Query::table(company_partition(company)).prefix(prefix(sub)).limit(limit)).await?.items)
}
