//! Delegated purchases: a company's sales rep orders on its behalf (new subscriptions, or seats
//! added to one: a line with `subscription_id`); nothing is bought until one of the company's
//! admins approves it under "Gestionar procesos delegados" (or rejects it); an order nobody
//! decides within 30 days expires. The order is priced like a direct one when placed, and priced
//! again, its coupon checked and redeemed and its spend limits applied, when approved; an admin
//! who sends the total they reviewed (`expected_total`) hears `price_changed` if the catalog moved.
//! The rep's request and the admin's decision are audit entries of the company. The rep keeps a
//! copy of each order they placed ([`copies`]), rewritten with every decision.

mod approval;
pub mod copies;
pub(crate) mod emails;

use approval::{approved, cart_of};

use crate::app::App;
use crate::audit::{Action, AuditEntry};
use crate::change::Change;
use crate::commerce::checkout::{
    self, check_expected, increases_for, new_order, price, replay, replay_twin, spend_check, subscriptions_for, trials_of,
};
use crate::commerce::purchase::audit_detail;
use crate::commerce::table::{self as commerce, CartKeys, IdempotencyRecord, OrderRefusal, OrderStep, OrderWrite, Purchase, SpendCharge};
use crate::commerce::{spend, Cart, CartRequest, Order, OrderStatus, OrderView};
use crate::db::read_if;
use crate::domain::Money;
use crate::error::{AppError, AppResult};
use crate::identity::{table as identity, Bearer, CompanyStatus, ADMIN, SALES_REP};
use crate::ids::{CompanyId, OrderId};
use crate::views::List;
use serde::Deserialize;
use time::OffsetDateTime;

/// A delegated order older than this expires unanswered.
pub(crate) const PENDING_DAYS: i64 = 30;

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
    check_expected(cart.expected_total, &priced)?;
    spend_check(&target, &ledger, &priced)?;
    let mut order = new_order(&target.id, rep.user_id(), OrderStatus::PendingApproval, &priced, now);
    order.notify_email = Some(rep.user.email.clone());
    let record = IdempotencyRecord { request_hash: fingerprint.clone(), order_id: order.id.clone() };
    let entry = AuditEntry::new(now, rep.user_id(), Action::OrderRequested, &order.id, audit_detail(&order));
    let mut change = Change::new(OrderRefusal::Conflict);
    commerce::write_order(
        &mut change.tx,
        &OrderWrite {
            order: &order,
            subscriptions: &[],
            increases: &[],
            redeem: None,
            trials: &[],
            idempotency: Some((&scoped_key, &record)),
            step: OrderStep::Requested,
            spend: None,
            audit: Some(&entry),
        },
    )?;
    copies::put(&mut change.tx, &order, &target.name)?;
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

/// The body of `POST /approvals/{id}/approve`: optionally, the total the admin reviewed.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApproveRequest {
    #[serde(default)]
    pub expected_total: Option<Money>,
}

/// `POST /approvals/{id}/approve`: prices the order again as of now (products still sold, the
/// coupon still valid, the total the admin reviewed, spend limits), then creates its subscriptions
/// (or adds its seats), redeems its coupon and records the decision in the same transaction that
/// marks it approved; the rep and the admins are emailed.
pub async fn approve(app: &App, bearer: &Bearer, id: &str, request: AppResult<ApproveRequest>) -> AppResult<OrderView> {
    let expected = bearer.admit(app, ADMIN, request).await?.expected_total;
    let (caller, order) = delegated(app, bearer, id).await?;
    if order.status != OrderStatus::PendingApproval {
        return Err(AppError::AlreadyDecided);
    }
    let cart = cart_of(&order, expected);
    let now = app.now();
    let (products, subscriptions) = (cart.product_ids(), cart.subscription_ids());
    let names = CartKeys { products: &products, subscriptions: &subscriptions, coupon: cart.coupon_code.as_ref() };
    let (context, ledger, admins) = tokio::try_join!(
        commerce::load_cart(&app.db, &order.company_id, names, None),
        spend::ledger(&app.db, &order.company_id, now.date()),
        identity::company_admins(&app.db, &order.company_id),
    )?;
    let priced = price(context, &cart, now)?;
    check_expected(expected, &priced)?;
    let company = priced.context.company.clone().ok_or(AppError::NotFound)?;
    spend_check(&company, &ledger, &priced)?;
    let approved = approved(&order, &priced, caller.user_id(), now);
    let subscriptions = subscriptions_for(&approved, &priced, now);
    let increases = increases_for(app, &approved, &priced, now).await?;
    let trials = trials_of(&approved);
    let mut detail = audit_detail(&approved);
    detail["placed_total"] = serde_json::json!(order.total);
    let entry = AuditEntry::new(now, caller.user_id(), Action::OrderApproved, &approved.id, detail);
    let mut change = Change::new(OrderRefusal::Conflict);
    commerce::write_order(
        &mut change.tx,
        &OrderWrite {
            order: &approved,
            subscriptions: &subscriptions,
            increases: &increases,
            redeem: priced.coupon.as_ref(),
            trials: &trials,
            idempotency: None,
            step: OrderStep::Approved(Purchase::with(priced.coupon.as_ref())),
            spend: Some(SpendCharge { company: &company, ledger: Some(&ledger), today: now.date() }),
            audit: Some(&entry),
        },
    )?;
    copies::put(&mut change.tx, &approved, &company.name)?;
    if let Some(letter) = emails::decided(&app.mailer, &approved, &company.name)? {
        change.send(letter);
    }
    for letter in crate::commerce::emails::purchase(&app.mailer, &company.name, &admins, &approved, &priced.context.products)? {
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
    let now = app.now();
    let entry = AuditEntry::new(
        now,
        caller.user_id(),
        Action::OrderRejected,
        &order.id,
        serde_json::json!({ "reason": reason, "total": order.total }),
    );
    let rejected =
        Order { status: OrderStatus::Rejected, decided_by: Some(caller.user_id().clone()), decided_at: Some(now), reason, ..order };
    let company = company.map(|c| c.name).unwrap_or_default();
    close(app, &rejected, &company, Some(&entry)).await?.ok_or(AppError::AlreadyDecided)?;
    Ok(OrderView::from(&rejected))
}

/// Decides a pending order that creates nothing (rejection or expiry), with the rep's copy and the
/// decision's audit entry if a person made it, and tells the rep; `None` when it was no longer
/// pending.
async fn close(app: &App, order: &Order, company_name: &str, audit: Option<&AuditEntry>) -> AppResult<Option<()>> {
    let mut change = Change::new(());
    commerce::close_pending(&mut change.tx, order, ())?;
    copies::put(&mut change.tx, order, company_name)?;
    if let Some(entry) = audit {
        crate::audit::record(&mut change.tx, &order.company_id, entry)?;
    }
    if let Some(letter) = emails::decided(&app.mailer, order, company_name)? {
        change.send(letter);
    }
    Ok(change.run(app).await?.ok())
}

/// Expires pending orders older than `PENDING_DAYS` as of `now` (the daily schedule); answers
/// how many, and tells each rep.
pub async fn expire_stale(app: &App, now: OffsetDateTime) -> AppResult<usize> {
    let before = (now - time::Duration::days(PENDING_DAYS)).unix_timestamp();
    let mut expired = 0;
    loop {
        let stale = commerce::stale_pending_orders(&app.db, before, 100).await?;
        if stale.is_empty() {
            return Ok(expired);
        }
        let mut names = std::collections::HashMap::new();
        for order in stale {
            if !names.contains_key(&order.company_id) {
                let company = identity::get_company(&app.db, &order.company_id).await?;
                names.insert(order.company_id.clone(), company.map(|c| c.name).unwrap_or_default());
            }
            let closed = Order { status: OrderStatus::Expired, decided_at: Some(now), ..order };
            if close(app, &closed, &names[&closed.company_id], None).await?.is_some() {
                expired += 1;
            }
        }
    }
}

/// What one run of the daily expiry did.
#[derive(Debug, serde::Serialize)]
pub struct ExpiryReport {
    pub expired: usize,
}
