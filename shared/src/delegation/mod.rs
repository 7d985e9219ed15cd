//! Delegated purchases: a company's sales rep orders on its behalf; nothing is bought until one of
//! the company's admins approves it under "Gestionar procesos delegados" (or rejects it); an order
//! nobody decides within 30 days expires. The order is priced like a direct one when placed, and
//! priced again, its coupon checked and redeemed and its spend limits applied, when approved.

pub mod emails;

use crate::app::App;
use crate::change::Change;
use crate::commerce::checkout::{self, new_order, price, replay, replay_twin, spend_check, subscriptions_for, trials_of};
use crate::commerce::table::{self as commerce, IdempotencyRecord, OrderRefusal, OrderWrite, SpendCharge};
use crate::commerce::{spend, Cart, CartRequest, Order, OrderStatus, OrderView};
use crate::db::read_if;
use crate::error::{AppError, AppResult};
use crate::identity::{table as identity, Bearer, CompanyStatus, ADMIN, SALES_REP};
use crate::ids::{CompanyId, OrderId};
use crate::views::List;
use serde::Deserialize;
use time::OffsetDateTime;

/// A delegated order older than this expires unanswered.
pub const PENDING_DAYS: i64 = 30;

/// `POST /companies/{company_id}/orders`: only the sales rep assigned to the company may buy for
/// it. Priced and checked like a direct order (spend limits included, as of now), stored
/// `pending_approval`, announced to the company's admins. Two round trips.
pub async fn place(
    app: &App,
    bearer: &Bearer,
    company: &str,
    key: AppResult<String>,
    request: AppResult<CartRequest>,
) -> AppResult<OrderView> {
    let company = CompanyId::parse(company);
    let input = key.and_then(|k| Ok((k, Cart::try_from(request?)?)));
    let (key, cart) = bearer.admit(app, SALES_REP, input).await?;
    let scoped_key = format!("rep:{}:{key}", bearer.user_id());
    let now = app.now();
    let reads = read_if(company.as_ref().map(|c| async { checkout::order_reads(app, c, &cart, &scoped_key, now.date()).await.map(Some) }));
    let (rep, reads) = bearer.with(app, SALES_REP, reads).await?;
    let (context, ledger, admins) = reads.ok_or(AppError::NotFound)?;
    let target = context.company.clone().ok_or(AppError::NotFound)?;
    if target.sales_rep_id.as_ref() != Some(rep.user_id()) || target.status != CompanyStatus::Active {
        return Err(AppError::Forbidden);
    }
    let fingerprint = cart.fingerprint();
    if let Some(existing) = &context.idempotency {
        return replay(app, &target.id, existing, &fingerprint).await.map(|o| OrderView::from(&o));
    }
    let priced = price(context, &cart, now)?;
    spend_check(&target, &ledger, &priced)?;
    let mut order = new_order(&target.id, rep.user_id(), OrderStatus::PendingApproval, &priced, now);
    order.notify_email = Some(rep.user.email.clone());
    let record = IdempotencyRecord { request_hash: fingerprint.clone(), order_id: order.id.clone() };
    let mut change = Change::new(OrderRefusal::Conflict);
    commerce::write_order(
        &mut change.tx,
        &OrderWrite {
            order: &order,
            subscriptions: &[],
            redeem: None,
            trials: &[],
            idempotency: Some((&scoped_key, &record)),
            count_purchase: false,
            must_be_first: false,
            approves_pending: false,
            spend: None,
        },
    )?;
    for letter in emails::pending(&app.mailer, &admins, &order, &rep.user.name, &priced.context.products)? {
        change.send(letter);
    }
    match change.run(app).await? {
        Ok(()) => Ok(OrderView::from(&order)),
        Err(OrderRefusal::KeyTaken) => replay_twin(app, &target.id, &scoped_key, &fingerprint).await.map(|o| OrderView::from(&o)),
        Err(refusal) => Err(refusal.into()),
    }
}

/// `GET /approvals`: the company's orders waiting for a decision, oldest first, in one round trip.
pub async fn list(app: &App, bearer: &Bearer) -> AppResult<List<OrderView>> {
    let (_, pending) = bearer.with(app, ADMIN, commerce::pending_orders(&app.db, bearer.company_id())).await?;
    Ok(List::all(pending.iter().map(OrderView::from).collect()))
}

/// A delegated order of the admin's company, read with the session check; `not_found` for
/// anything else (a direct order included).
async fn delegated(app: &App, bearer: &Bearer, id: &str) -> AppResult<(crate::identity::Caller, Order)> {
    let id = OrderId::parse(id);
    let (caller, order) =
        bearer.with(app, ADMIN, read_if(id.as_ref().map(|id| commerce::get_order(&app.db, bearer.company_id(), id)))).await?;
    let order = order.filter(|o| o.status != OrderStatus::Completed).ok_or(AppError::NotFound)?;
    Ok((caller, order))
}

/// `GET /approvals/{id}`.
pub async fn read(app: &App, bearer: &Bearer, id: &str) -> AppResult<OrderView> {
    delegated(app, bearer, id).await.map(|(_, o)| OrderView::from(&o))
}

/// `POST /approvals/{id}/approve`: prices the order again as of now (products still sold, the
/// coupon still valid, spend limits), then creates its subscriptions and redeems its coupon in the
/// same transaction that marks it approved; the rep and the admins are emailed.
pub async fn approve(app: &App, bearer: &Bearer, id: &str) -> AppResult<OrderView> {
    let (caller, order) = delegated(app, bearer, id).await?;
    if order.status != OrderStatus::PendingApproval {
        return Err(AppError::AlreadyDecided);
    }
    let cart = Cart {
        lines: order
            .lines
            .iter()
            .map(|l| crate::commerce::cart::CartLine { product_id: l.product_id.clone(), plan_id: l.plan_id.clone(), seats: l.seats })
            .collect(),
        coupon_code: order.coupon_code.clone(),
    };
    let now = app.now();
    let products = cart.product_ids();
    let (context, ledger, admins) = tokio::try_join!(
        commerce::load_cart(&app.db, &order.company_id, &products, cart.coupon_code.as_ref(), None),
        spend::ledger(&app.db, &order.company_id, now.date()),
        identity::company_admins(&app.db, &order.company_id),
    )?;
    let priced = price(context, &cart, now)?;
    let company = priced.context.company.clone().ok_or(AppError::NotFound)?;
    spend_check(&company, &ledger, &priced)?;
    let fresh = new_order(&order.company_id, &order.created_by, OrderStatus::Completed, &priced, now);
    let approved = Order {
        id: order.id.clone(),
        status: OrderStatus::Approved,
        created_at: order.created_at,
        decided_by: Some(caller.user_id().clone()),
        decided_at: Some(now),
        notify_email: order.notify_email.clone(),
        ..fresh
    };
    let subscriptions = subscriptions_for(&approved, &priced, now);
    let trials = trials_of(&approved);
    let mut change = Change::new(OrderRefusal::Conflict);
    commerce::write_order(
        &mut change.tx,
        &OrderWrite {
            order: &approved,
            subscriptions: &subscriptions,
            redeem: priced.coupon.as_ref(),
            trials: &trials,
            idempotency: None,
            count_purchase: true,
            must_be_first: priced.coupon.as_ref().is_some_and(|c| c.first_purchase_only),
            approves_pending: true,
            spend: Some(SpendCharge { company: &company, ledger: Some(&ledger), today: now.date() }),
        },
    )?;
    if let Some(letter) = emails::decided(&approved, &company.name)? {
        change.send(letter);
    }
    for letter in crate::commerce::emails::purchase(&app.mailer, &admins, &approved, &priced.context.products)? {
        change.send(letter);
    }
    change.run(app).await?.map_err(AppError::from)?;
    crate::observe::count(crate::observe::Metric::Orders, 1);
    Ok(OrderView::from(&approved))
}

/// The body of `POST /approvals/{id}/reject`: an optional reason for the sales rep.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RejectRequest {
    /// For the sales rep: up to 500 characters, trimmed; blank means none.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 500))]
    pub reason: Option<String>,
}

/// `POST /approvals/{id}/reject`.
pub async fn reject(app: &App, bearer: &Bearer, id: &str, request: AppResult<RejectRequest>) -> AppResult<OrderView> {
    let reason = request.and_then(|r| {
        let reason = r.reason.map(|r| r.trim().to_string()).filter(|r| !r.is_empty());
        if reason.as_ref().is_some_and(|r| r.chars().count() > 500) {
            return Err(AppError::field("reason", "El motivo no puede superar 500 caracteres."));
        }
        Ok(reason)
    });
    let reason = bearer.admit(app, ADMIN, reason).await?;
    let ((caller, order), company) = tokio::try_join!(delegated(app, bearer, id), identity::get_company(&app.db, bearer.company_id()))?;
    if order.status != OrderStatus::PendingApproval {
        return Err(AppError::AlreadyDecided);
    }
    let rejected =
        Order { status: OrderStatus::Rejected, decided_by: Some(caller.user_id().clone()), decided_at: Some(app.now()), reason, ..order };
    let rejected = commerce::close_pending_order(&app.db, &rejected).await?.ok_or(AppError::AlreadyDecided)?;
    let company = company.map(|c| c.name).unwrap_or_default();
    if let Some(letter) = emails::decided(&rejected, &company)? {
        app.mailer.deliver(vec![letter]).await;
    }
    Ok(OrderView::from(&rejected))
}

/// Expires pending orders older than [`PENDING_DAYS`] as of `now` (the daily schedule); answers
/// how many, and tells each rep.
pub async fn expire_stale(app: &App, now: OffsetDateTime) -> AppResult<usize> {
    let before = (now - time::Duration::days(PENDING_DAYS)).unix_timestamp();
    let mut expired = 0;
    loop {
        let stale = commerce::stale_pending_orders(&app.db, before, 100).await?;
        if stale.is_empty() {
            return Ok(expired);
        }
        for order in stale {
            let closed = Order { status: OrderStatus::Expired, decided_at: Some(now), ..order };
            if commerce::close_pending_order(&app.db, &closed).await?.is_some() {
                expired += 1;
                if let Some(letter) = emails::decided(&closed, "")? {
                    app.mailer.deliver(vec![letter]).await;
                }
            }
        }
    }
}

/// What one run of the daily expiry did.
#[derive(Debug, serde::Serialize)]
pub struct ExpiryReport {
    pub expired: usize,
}
