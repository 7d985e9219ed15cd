//! Delegated purchases: a sales rep orders on a company's behalf; the order waits, unsubscribed,
//! until one of the company's admins approves it (subscriptions created and the coupon redeemed,
//! checked again, in one transaction) or rejects it. A decision is made exactly once.

use crate::app::App;
use crate::checkout::{
    announce_purchase, load_cart, new_order, price_cart, price_or_replay, refusal_error, replay, spend_check, subscriptions_for, Cart,
    Priced,
};
use crate::domain::{Order, OrderStatus, UserRecord};
use crate::error::{AppError, AppResult};
use crate::mail::Notice;
use crate::store::orders::{IdempotencyRecord, OrderRefusal, OrderWrite, SpendCharge};
use time::OffsetDateTime;

/// A delegated order older than this expires unanswered.
pub const PENDING_DAYS: i64 = 30;

/// A sales rep's order for a company: priced and validated like a direct one (including spend
/// limits as of now), stored `pending_approval`, announced to the company's admins.
pub async fn place_delegated_order(app: &App, company_id: &str, rep: &UserRecord, cart: &Cart, key: &str) -> AppResult<Order> {
    let scoped_key = format!("rep:{}:{key}", rep.id);
    let fingerprint = cart.fingerprint();
    let context = load_cart(app, company_id, cart, Some(&scoped_key)).await?;
    let priced = match price_or_replay(app, company_id, cart, context, &fingerprint).await? {
        Ok(priced) => priced,
        Err(placed) => return Ok(placed),
    };
    let now = OffsetDateTime::now_utc();
    spend_check(app, &priced, now).await?;
    let mut order = new_order(company_id, &rep.id, OrderStatus::PendingApproval, &priced, now);
    order.notify_email = Some(rep.email.clone());
    let record = IdempotencyRecord { request_hash: fingerprint.clone(), order_id: order.id.clone() };
    let write = OrderWrite {
        order: &order,
        subscriptions: &[],
        redeem: None,
        trials: &[],
        idempotency: Some((&scoped_key, &record)),
        count_purchase: false,
        must_be_first: false,
        approves_pending: false,
        spend: None,
    };
    let (placed, admins) = tokio::join!(app.store.place_order(write), app.store.company_admins(company_id));
    match placed? {
        Ok(()) => {}
        Err(OrderRefusal::KeyTaken) => {
            let again = app.store.load_cart(company_id, &[], None, Some(&scoped_key)).await?;
            return replay(app, company_id, &again.idempotency.ok_or(AppError::Conflict)?, &fingerprint).await;
        }
        Err(refusal) => return Err(refusal_error(refusal)),
    }
    announce_pending(app, &order, &rep.name, &priced, admins).await;
    Ok(order)
}

/// Approves a pending order: re-prices it as of now (products still sold, the coupon still
/// valid, spend limits), then creates its subscriptions and redeems its coupon in the same
/// transaction that marks it approved.
pub async fn approve(app: &App, order: &Order, admin: &UserRecord) -> AppResult<Order> {
    if order.status != OrderStatus::PendingApproval {
        return Err(AppError::AlreadyDecided);
    }
    let cart = Cart {
        items: order.lines.iter().map(|l| (l.product_id.clone(), l.plan_id.clone(), l.seats)).collect(),
        coupon_code: order.coupon_code.clone(),
    };
    let priced = price_cart(app, &order.company_id, &cart).await?;
    let now = OffsetDateTime::now_utc();
    let (company, ledger) = spend_check(app, &priced, now).await?;
    let fresh = new_order(&order.company_id, &order.created_by, OrderStatus::Completed, &priced, now);
    let approved = Order {
        id: order.id.clone(),
        status: OrderStatus::Approved,
        created_at: order.created_at,
        decided_by: Some(admin.id.clone()),
        decided_at: Some(now),
        notify_email: order.notify_email.clone(),
        ..fresh
    };
    let subscriptions = subscriptions_for(&approved, &priced, now);
    let trials: Vec<String> = approved.lines.iter().filter(|l| l.trial_days > 0).map(|l| l.product_id.clone()).collect();
    let write = OrderWrite {
        order: &approved,
        subscriptions: &subscriptions,
        redeem: priced.coupon.as_ref(),
        trials: &trials,
        idempotency: None,
        count_purchase: true,
        must_be_first: priced.coupon.as_ref().is_some_and(|c| c.first_purchase_only),
        approves_pending: true,
        spend: Some(SpendCharge { company: &company, ledger: ledger.as_ref(), today: now.date() }),
    };
    let (placed, admins) = tokio::join!(app.store.place_order(write), app.store.company_admins(&order.company_id));
    placed?.map_err(refusal_error)?;
    tokio::join!(tell_the_rep(app, &approved, &company.name), announce_purchase(app, &approved, &priced, admins));
    Ok(approved)
}

/// Rejects a pending order, with an optional reason for the sales rep.
pub async fn reject(app: &App, order: &Order, admin: &UserRecord, reason: Option<String>) -> AppResult<Order> {
    if order.status != OrderStatus::PendingApproval {
        return Err(AppError::AlreadyDecided);
    }
    let rejected = Order {
        status: OrderStatus::Rejected,
        decided_by: Some(admin.id.clone()),
        decided_at: Some(OffsetDateTime::now_utc()),
        reason,
        ..order.clone()
    };
    let rejected = app.store.close_pending_order(&rejected).await?.ok_or(AppError::AlreadyDecided)?;
    let company = app.store.get_company(&order.company_id).await?.map(|c| c.name).unwrap_or_default();
    tell_the_rep(app, &rejected, &company).await;
    Ok(rejected)
}

/// Expires pending orders older than [`PENDING_DAYS`] as of `now`; answers how many.
pub async fn expire_stale(app: &App, now: OffsetDateTime) -> AppResult<usize> {
    let before = (now - time::Duration::days(PENDING_DAYS)).unix_timestamp();
    let mut expired = 0;
    loop {
        let stale = app.store.stale_pending_orders(before, 100).await?;
        if stale.is_empty() {
            return Ok(expired);
        }
        for order in stale {
            let closed = Order { status: OrderStatus::Expired, decided_at: Some(now), ..order };
            if app.store.close_pending_order(&closed).await?.is_some() {
                expired += 1;
                tell_the_rep(app, &closed, "").await;
            }
        }
    }
}

async fn announce_pending(app: &App, order: &Order, rep_name: &str, priced: &Priced, admins: AppResult<Vec<UserRecord>>) {
    let admins = match admins {
        Ok(admins) => admins,
        Err(err) => return tracing::error!(error = ?err, "pending-order email: admins not read"),
    };
    let mut paragraphs =
        vec![format!("{rep_name}, tu representante comercial, hizo un pedido en nombre de tu empresa. Necesita tu aprobación:")];
    for line in &order.lines {
        let name = priced.context.products.get(&line.product_id).map(|p| p.name.as_str()).unwrap_or(&line.product_id);
        paragraphs.push(format!("• {name} (plan {}): {} licencias, {} por mes.", line.plan_id, line.seats, line.total));
    }
    paragraphs.push(format!("Total mensual: {}. No se contrata nada hasta que lo apruebes.", order.total));
    let action = Some(("Gestionar procesos delegados", app.mailer.page(&format!("/admin/approvals/{}", order.id))));
    app.mailer.notify_each(&admins, "Tenés un pedido para aprobar en Cloud Store", &paragraphs, action).await;
}

async fn tell_the_rep(app: &App, order: &Order, company_name: &str) {
    let Some(to) = &order.notify_email else { return };
    let (subject, what) = match order.status {
        OrderStatus::Approved => ("Pedido aprobado", "fue aprobado: las suscripciones ya están activas"),
        OrderStatus::Rejected => ("Pedido rechazado", "fue rechazado"),
        _ => ("Pedido vencido", "venció sin respuesta después de 30 días"),
    };
    let mut paragraphs =
        vec![format!("Tu pedido {} para {} {what}.", order.id, if company_name.is_empty() { "la empresa" } else { company_name })];
    if let Some(reason) = &order.reason {
        paragraphs.push(format!("Motivo: {reason}"));
    }
    let notice = Notice { subject, name: "equipo comercial", paragraphs, action: None };
    if let Ok(mail) = app.mailer.notice(&notice) {
        app.mailer.send_logged(to, &mail).await;
    }
}
