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

/// The decision on (or the expiry of) a rep's order, to the rep who placed it, with a link to
/// their orders.
pub fn decided(mailer: &Mailer, order: &Order, company_name: &str) -> AppResult<Option<Letter>> {
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
    let action = Some(("Ver mis pedidos", mailer.page("/sales/orders")));
    let mail = notice(&Notice { subject, name: "equipo comercial", paragraphs, action })?;
    Ok(Some(Letter::new(to, mail)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::commerce::emails::tests::{admin, order, product};

    #[test]
    fn the_admins_hear_of_a_pending_order_with_a_link_to_decide() {
        let p = product();
        let order = order(&p, OrderStatus::PendingApproval);
        let letters =
            pending(&crate::mail::test_mailer(), &[admin("Ana", "ana@x.test")], &order, "Vera", &HashMap::from([(p.id.clone(), p)]))
                .unwrap();
        let text = &letters[0].mail.text;
        assert!(text.contains("Vera, tu representante comercial, hizo un pedido en nombre de tu empresa."));
        assert!(text.contains("• Nube Oficina Pro (plan basico): 3 licencias, $ 26.700,00 por mes."));
        assert!(text.contains(&format!("https://app.test/admin/approvals/{}", order.id)));
    }

    #[test]
    fn the_rep_hears_the_decision_and_its_reason() {
        let p = product();
        let rejected = Order { reason: Some("Muy caro".into()), ..order(&p, OrderStatus::Rejected) };
        let mailer = crate::mail::test_mailer();
        let letter = decided(&mailer, &rejected, "Acme SA").unwrap().unwrap();
        assert_eq!((letter.to.as_str(), letter.mail.subject.as_str()), ("ventas@x.test", "Pedido rechazado"));
        assert!(letter.mail.text.contains("para Acme SA fue rechazado"));
        assert!(letter.mail.text.contains("Motivo: Muy caro"));
        assert!(letter.mail.text.contains("https://app.test/sales/orders"), "the rep can open it");
        let expired = decided(&mailer, &order(&p, OrderStatus::Expired), "").unwrap().unwrap();
        assert!(expired.mail.text.contains("para la empresa venció sin respuesta después de 30 días"));
        assert!(decided(&mailer, &Order { notify_email: None, ..rejected }, "Acme SA").unwrap().is_none());
    }
}
