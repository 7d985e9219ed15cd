//! Buying: a cart priced against the catalog and a coupon (the quote), and turned into an order
//! exactly once per `Idempotency-Key`, refused with both totals when the catalog moved since the
//! buyer saw the quote (`expected_total`). A quote is one round trip (the cart's reads go with the
//! session check); an order two (the same, then one transaction with its audit entry).

pub(crate) use super::purchase::increases_for;
pub use super::purchase::{check_expected, new_order, price, spend_check, subscriptions_for, trials_of};

use super::cart::{Cart, CartRequest};
use super::emails;
use super::order::{Order, OrderStatus, OrderView};
use super::pricing::Quote;
use super::spend::{self, Ledger};
use super::table::{self, CartContext, CartKeys, IdempotencyRecord, OrderRefusal, OrderStep, OrderWrite, Purchase, SpendCharge};
use crate::app::App;
use crate::audit::{Action, AuditEntry};
use crate::change::Change;
use crate::error::{AppError, AppResult};
use crate::identity::{table as people_table, Bearer, UserRecord, ADMIN};
use crate::ids::CompanyId;
use crate::observe::{count, Metric};

/// `POST /checkout/quote`: what the cart costs this company now.
pub async fn quote(app: &App, bearer: &Bearer, request: AppResult<CartRequest>) -> AppResult<Quote> {
    let cart = bearer.admit(app, ADMIN, request.and_then(Cart::try_from)).await?;
    let (products, subscriptions) = (cart.product_ids(), cart.subscription_ids());
    let names = CartKeys { products: &products, subscriptions: &subscriptions, coupon: cart.coupon_code.as_ref() };
    let read = table::load_cart(&app.db, bearer.company_id(), names, None);
    let (_, context) = bearer.with(app, ADMIN, read).await?;
    Ok(price(context, &cart, app.now())?.quote)
}

/// The order an earlier request under the same key placed: the same answer for the same body,
/// `idempotency_conflict` for another.
pub(crate) async fn replay(app: &App, company: &CompanyId, record: &IdempotencyRecord, fingerprint: &str) -> AppResult<Order> {
    if record.request_hash != fingerprint {
        return Err(AppError::IdempotencyConflict);
    }
    table::get_order(&app.db, company, &record.order_id).await?.ok_or(AppError::Conflict)
}

/// After a refusal because the key was taken by a concurrent twin: the order the twin placed.
pub(crate) async fn replay_twin(app: &App, company: &CompanyId, key: &str, fingerprint: &str) -> AppResult<Order> {
    let again = table::load_cart(&app.db, company, CartKeys::default(), Some(key)).await?;
    replay(app, company, &again.idempotency.ok_or(AppError::Conflict)?, fingerprint).await
}

/// What an order's first round trip reads besides the session, all at once: the cart (and an
/// earlier request under the key), the company's spend ledger and its admins (for the email).
pub(crate) async fn order_reads(
    app: &App,
    company: &CompanyId,
    cart: &Cart,
    key: &str,
    today: time::Date,
) -> AppResult<(CartContext, Ledger, Vec<UserRecord>)> {
    let (products, subscriptions) = (cart.product_ids(), cart.subscription_ids());
    let names = CartKeys { products: &products, subscriptions: &subscriptions, coupon: cart.coupon_code.as_ref() };
    tokio::try_join!(
        table::load_cart(&app.db, company, names, Some(key)),
        spend::ledger(&app.db, company, today),
        people_table::company_admins(&app.db, company),
    )
}

/// `POST /orders`: an admin's purchase, priced, written once per `Idempotency-Key` (a retry with
/// the same body answers the same order), and announced to the company's admins.
pub async fn place_order(app: &App, bearer: &Bearer, key: AppResult<String>, request: AppResult<CartRequest>) -> AppResult<OrderView> {
    let input = key.and_then(|k| Ok((k, Cart::try_from(request?)?)));
    let (key, cart) = bearer.admit(app, ADMIN, input).await?;
    let now = app.now();
    let (caller, (context, ledger, admins)) =
        bearer.with(app, ADMIN, order_reads(app, bearer.company_id(), &cart, &key, now.date())).await?;
    let company_id = caller.company_id().clone();
    let fingerprint = cart.fingerprint();
    if let Some(existing) = &context.idempotency {
        return replay(app, &company_id, existing, &fingerprint).await.map(|o| OrderView::from(&o));
    }
    let priced = price(context, &cart, now)?;
    check_expected(cart.expected_total, &priced)?;
    let company = priced.context.company.clone().ok_or(AppError::NotFound)?;
    spend_check(&company, &ledger, &priced)?;
    let order = new_order(&company_id, caller.user_id(), OrderStatus::Completed, &priced, now);
    let subscriptions = subscriptions_for(&order, &priced, now);
    let increases = increases_for(app, &order, &priced, now).await?;
    let trials = trials_of(&order);
    let entry = AuditEntry::new(now, caller.user_id(), Action::OrderPlaced, &order.id, super::purchase::audit_detail(&order));
    let record = IdempotencyRecord { request_hash: fingerprint.clone(), order_id: order.id.clone() };
    let mut change = Change::new(OrderRefusal::Conflict);
    table::write_order(
        &mut change.tx,
        &OrderWrite {
            order: &order,
            subscriptions: &subscriptions,
            increases: &increases,
            redeem: priced.coupon.as_ref(),
            trials: &trials,
            idempotency: Some((&key, &record)),
            step: OrderStep::Placed(Purchase::with(priced.coupon.as_ref())),
            spend: Some(SpendCharge { company: &company, ledger: Some(&ledger), today: now.date() }),
            audit: Some(&entry),
        },
    )?;
    for letter in emails::purchase(&app.mailer, &company.name, &admins, &order, &priced.context.products)? {
        change.send(letter);
    }
    match change.run(app).await? {
        Ok(()) => {}
        Err(OrderRefusal::KeyTaken) => return replay_twin(app, &company_id, &key, &fingerprint).await.map(|o| OrderView::from(&o)),
        Err(refusal) => return Err(refusal.into()),
    }
    count(Metric::Orders, 1);
    count(Metric::SeatsAdded, order.lines.iter().map(|l| u64::from(l.seats)).sum());
    Ok(OrderView::from(&order))
}
