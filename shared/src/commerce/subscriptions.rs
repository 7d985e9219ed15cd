//! A company's subscriptions: listed with the session check in one round trip, and their seats
//! changed. A seat increase is a purchase: the seats added × the plan's monthly price of the day
//! count against the spend limits in the same transaction as the ledger, exactly as an order; the
//! price is checked by a condition on the catalog's own item in that transaction (so the common
//! case reads no product: two round trips); an optional `Idempotency-Key` makes a retry answer
//! the same; an `expected_total` the catalog no longer matches is `price_changed`. A decrease goes
//! down to the seats in use and bills from the next day. Every change is a dated seat event and an
//! audit entry.

use super::billing::table::{catch_up, GAP_IN_CHANGE};
use super::cart::parse_seats;
use super::spend::{self, Ledger};
use super::subscription::{Subscription, SubscriptionView};
use super::{keys, seats, table};
use crate::app::App;
use crate::audit::{self, Action, AuditEntry};
use crate::catalog::table as catalog;
use crate::change::Change;
use crate::db::{to_item, with_ttl, Entity, Record};
use crate::domain::{Money, Month};
use crate::error::{AppError, AppResult};
use crate::identity::{table as identity, Bearer, Company, ADMIN};
use crate::ids::{CompanyId, SubscriptionId, UserId};
use crate::views::{List, PageRequest};
use serde::{Deserialize, Serialize};
use serde_json::json;
use time::OffsetDateTime;

/// `GET /subscriptions`: oldest first.
pub async fn list(app: &App, bearer: &Bearer, page: AppResult<PageRequest>) -> AppResult<List<SubscriptionView>> {
    let page = bearer.admit(app, ADMIN, page).await?;
    let (_, subs) = bearer.with(app, ADMIN, table::list_subscriptions(&app.db, bearer.company_id(), &page)).await?;
    let now = app.now();
    Ok(List::page(subs, |s| SubscriptionView::new(&s, now)))
}

/// The body of `PATCH /subscriptions/{id}`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SeatsRequest {
    /// 1 to 10,000, never below the seats assigned.
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 10000))]
    pub seats: i64,
    /// The monthly cost of the change the person saw (seats added × price; 0 for a decrease).
    #[serde(default)]
    pub expected_total: Option<Money>,
}

/// What an `Idempotency-Key` of a seat change remembers: the request and its answer.
#[derive(Serialize, Deserialize)]
struct SeatsRecord {
    request_hash: String,
    answer: SubscriptionView,
}

impl Record for SeatsRecord {
    const ENTITY: Entity = Entity::Idempotency;
}

#[derive(Clone)]
enum Refusal {
    KeyTaken,
    /// The subscription (or the key) changed since the read: read again.
    Changed,
    /// The plan's price is not the one assumed.
    PriceMoved,
    SpendLimitExceeded,
}

fn cancelled() -> AppError {
    AppError::field("seats", "La suscripción está cancelada.")
}

/// Everything a change depends on, read at once (with the session check, the first time).
async fn state(
    app: &App,
    company: &CompanyId,
    id: &SubscriptionId,
    key: Option<&str>,
) -> AppResult<(Option<Subscription>, Option<Company>, Ledger, Option<SeatsRecord>)> {
    let record = async {
        match key {
            Some(k) => app.db.get::<SeatsRecord>(&keys::idempotency(company, &format!("seats:{k}"))).await,
            None => Ok(None),
        }
    };
    tokio::try_join!(
        table::get_subscription(&app.db, company, id),
        identity::get_company(&app.db, company),
        spend::ledger(&app.db, company, app.now().date()),
        record,
    )
}

/// The plan's monthly price in today's catalog; a plan no longer sold takes no more seats.
async fn current_price(app: &App, sub: &Subscription) -> AppResult<Money> {
    let product = catalog::get_product(&app.db, &sub.product_id).await?;
    let plan = product.as_ref().and_then(|p| p.plan(&sub.plan_id));
    plan.map(|p| p.price).ok_or_else(|| AppError::field("seats", "Ese plan ya no se vende: no se pueden sumar licencias."))
}

fn replay(record: SeatsRecord, fingerprint: &str) -> AppResult<SubscriptionView> {
    if record.request_hash == fingerprint {
        Ok(record.answer)
    } else {
        Err(AppError::IdempotencyConflict)
    }
}

/// What an `Idempotency-Key` is checked against: a hash of the request.
fn request_hash(id: &SubscriptionId, wanted: u32, expected: Option<Money>) -> String {
    crate::auth::tokens::hash_token(&json!({ "subscription": id, "seats": wanted, "expected_total": expected }).to_string())
}

/// One attempt at a seat change, priced: `added` seats (0 for a decrease) at `unit` make `total`.
struct Resize<'a> {
    sub: &'a Subscription,
    wanted: u32,
    unit: Money,
    added: u32,
    total: Money,
    now: OffsetDateTime,
}

impl Resize<'_> {
    /// Refuses a change below the seats assigned, and an increase over the company's spend limits;
    /// answers the company.
    fn allowed(&self, company: Option<Company>, ledger: &Ledger) -> AppResult<Company> {
        if self.sub.seats_assigned > self.wanted {
            return Err(AppError::SeatsInUse);
        }
        let company = company.ok_or(AppError::NotFound)?;
        if self.added > 0 && !ledger.fits(&company, self.total) {
            return Err(AppError::SpendLimitExceeded);
        }
        Ok(company)
    }

    /// Its transaction and answer: the seat event, the answer remembered under the
    /// `Idempotency-Key` (with the request's fingerprint), on an increase the catalog's price and
    /// the spend limits, and the audit entry.
    fn change(
        &self,
        company_id: &CompanyId,
        company: &Company,
        ledger: &Ledger,
        caller: &UserId,
        remember: Option<(&str, &str)>,
    ) -> AppResult<(Change<Refusal>, SubscriptionView)> {
        let (sub, now) = (self.sub, self.now);
        let mut change = Change::new(Refusal::Changed);
        let after = seats::resize(&mut change.tx, sub, self.wanted, sub.lots_for(self.wanted, self.unit), now, Refusal::Changed)?;
        let answer = SubscriptionView::new(&after, now);
        if let Some((key, fingerprint)) = remember {
            let remembered = SeatsRecord { request_hash: fingerprint.to_string(), answer: answer.clone() };
            let item = to_item(&keys::idempotency(company_id, &format!("seats:{key}")), &remembered)?;
            change.tx.put(with_ttl(item, now.unix_timestamp() + table::IDEMPOTENCY_TTL_SECS)).unless_exists(Refusal::KeyTaken);
        }
        let mut detail = json!({
            "seats": { "from": sub.seats, "to": self.wanted },
            "price": { "from": sub.price(), "to": after.price() },
        });
        if self.added > 0 {
            change.tx.check(catalog::product(&sub.product_id), catalog::plan_price_is(&sub.plan_id, self.unit), Refusal::PriceMoved);
            spend::charge(&mut change.tx, company, Some(ledger), now.date(), self.total, Refusal::SpendLimitExceeded);
            detail["added_total"] = json!(self.total);
        }
        let entry = AuditEntry::new(now, caller, Action::SubscriptionSeatsChanged, &sub.id, detail);
        audit::record(&mut change.tx, company_id, &entry)?;
        Ok((change, answer))
    }
}

/// `PATCH /subscriptions/{id}`: the new number of seats; below those assigned is `seats_in_use`.
pub async fn change_seats(
    app: &App,
    bearer: &Bearer,
    id: &str,
    key: AppResult<Option<String>>,
    request: AppResult<SeatsRequest>,
) -> AppResult<SubscriptionView> {
    let input = key.and_then(|k| request.and_then(|r| Ok((k, parse_seats(r.seats, "seats")?, r.expected_total))));
    let (key, wanted, expected) = bearer.admit(app, ADMIN, input).await?;
    let Some(id) = SubscriptionId::parse(id) else {
        bearer.caller_as(app, ADMIN).await?;
        return Err(AppError::NotFound);
    };
    let company_id = bearer.company_id().clone();
    let fingerprint = request_hash(&id, wanted, expected);
    let (caller, mut read) = bearer.with(app, ADMIN, state(app, &company_id, &id, key.as_deref())).await?;
    let mut price: Option<Money> = None;
    for _ in 0..6 {
        let (sub, company, ledger, record) = read;
        if let Some(record) = record {
            return replay(record, &fingerprint);
        }
        let sub = sub.ok_or(AppError::NotFound)?;
        if !sub.is_live() {
            return Err(cancelled());
        }
        let now = app.now();
        if wanted == sub.seats {
            return Ok(SubscriptionView::new(&sub, now));
        }
        let sub = catch_up(&app.db, sub, Month::of(now), GAP_IN_CHANGE).await?;
        let added = wanted.saturating_sub(sub.seats);
        let unit = price.unwrap_or_else(|| sub.lots().last().map_or(sub.unit_price, |l| l.unit_price));
        let total = unit.times(i64::from(added));
        if let Some(expected) = expected.filter(|e| *e != total) {
            if added > 0 && price.is_none() {
                // The panel may have seen a catalog that moved since these seats were bought.
                price = Some(current_price(app, &sub).await?);
                read = (Some(sub), company, ledger, None);
                continue;
            }
            return Err(AppError::PriceChanged { expected: expected.amount, current: total.amount });
        }
        let resize = Resize { sub: &sub, wanted, unit, added, total, now };
        let company = resize.allowed(company, &ledger)?;
        let remember = key.as_deref().map(|k| (k, fingerprint.as_str()));
        let (change, answer) = resize.change(&company_id, &company, &ledger, caller.user_id(), remember)?;
        match change.run(app).await? {
            Ok(()) => return Ok(answer),
            Err(Refusal::SpendLimitExceeded) => return Err(AppError::SpendLimitExceeded),
            Err(Refusal::PriceMoved) => price = Some(current_price(app, &sub).await?),
            Err(Refusal::KeyTaken | Refusal::Changed) => {}
        }
        read = state(app, &company_id, &id, key.as_deref()).await?;
        if read.0.as_ref().is_some_and(|s| s.is_live() && s.seats_assigned > wanted) {
            return Err(AppError::SeatsInUse);
        }
    }
    Err(AppError::Conflict)
}
