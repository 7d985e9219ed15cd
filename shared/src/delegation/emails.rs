//! The delegation slice's emails: a sales rep's order waiting for the admins, and the decision
//! (or the expiry) told to the rep.

use crate::catalog::Product;
use crate::commerce::{Order, OrderStatus};
use crate::error::AppResult;
use crate::identity::UserRecord;
use crate::ids::ProductId;
use crate::mail::{notice, Letter, Mailer, Notice};
use std::collections::HashMap;

/// "Tenés un pedido para aprobar": to each admin of the company.
pub fn pending(
    mailer: &Mailer,
    admins: &[UserRecord],
    order: &Order,
    rep_name: &str,
    products: &HashMap<ProductId, Product>,
) -> AppResult<Vec<Letter>> {
    let mut paragraphs =
        vec![format!("{rep_name}, tu representante comercial, hizo un pedido en nombre de tu empresa. Necesita tu aprobación:")];
    for line in &order.lines {
        let name = products.get(&line.product_id).map_or(line.product_id.as_str(), |p| p.name.as_str());
        paragraphs.push(format!("• {name} (plan {}): {} licencias, {} por mes.", line.plan_id, line.seats, line.total));
    }
    paragraphs.push(format!("Total mensual: {}. No se contrata nada hasta que lo apruebes.", order.total));
    let action = ("Gestionar procesos delegados", mailer.page(&format!("/admin/approvals/{}", order.id)));
    admins
        .iter()
        .map(|admin| {
            let mail = notice(&Notice {
                subject: "Tenés un pedido para aprobar en Cloud Store",
                name: &admin.name,
                paragraphs: paragraphs.clone(),
                action: Some(action.clone()),
            })?;
            Ok(Letter::new(&admin.email, mail))
        })
        .collect()
}

/// The decision on (or the expiry of) a rep's order, to the rep who placed it.
pub fn decided(order: &Order, company_name: &str) -> AppResult<Option<Letter>> {
    let Some(to) = &order.notify_email else { return Ok(None) };
    let (subject, what) = match order.status {
        OrderStatus::Approved => ("Pedido aprobado", "fue aprobado: las suscripciones ya están activas"),
        OrderStatus::Rejected => ("Pedido rechazado", "fue rechazado"),
        _ => ("Pedido vencido", "venció sin respuesta después de 30 días"),
    };
    let company = if company_name.is_empty() { "la empresa" } else { company_name };
    let mut paragraphs = vec![format!("Tu pedido {} para {company} {what}.", order.id)];
    if let Some(reason) = &order.reason {
        paragraphs.push(format!("Motivo: {reason}"));
    }
    let mail = notice(&Notice { subject, name: "equipo comercial", paragraphs, action: None })?;
    Ok(Some(Letter::new(to, mail)))
}
