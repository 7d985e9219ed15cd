//! The reminders' emails, to the company's admins: a sales rep's order that will expire
//! unanswered, and a welcome trial about to turn into a charge. Dates read as a person in
//! Argentina reads them (UTC−3, "28 de noviembre de 2026").

use crate::catalog::Product;
use crate::commerce::{Order, Subscription};
use crate::domain::Money;
use crate::error::AppResult;
use crate::identity::UserRecord;
use crate::ids::ProductId;
use crate::mail::{notice, Letter, Mailer, Notice};
use std::collections::HashMap;
use time::{OffsetDateTime, UtcOffset};

const MONTHS: [&str; 12] =
    ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre"];

/// "28 de noviembre de 2026", in Argentina's time (UTC−3 all year).
pub fn day_in_argentina(at: OffsetDateTime) -> String {
    let local = at.to_offset(UtcOffset::from_hms(-3, 0, 0).unwrap_or(UtcOffset::UTC));
    format!("{} de {} de {}", local.day(), MONTHS[usize::from(u8::from(local.month())) - 1], local.year())
}

fn to_each(admins: &[UserRecord], subject: &str, paragraphs: Vec<String>, action: (&str, String)) -> AppResult<Vec<Letter>> {
    admins
        .iter()
        .map(|admin| {
            let mail = notice(&Notice { subject, name: &admin.name, paragraphs: paragraphs.clone(), action: Some(action.clone()) })?;
            Ok(Letter::new(&admin.email, mail))
        })
        .collect()
}

/// "Un pedido de tu comercial vence en 3 días": what waits, until when, and where to decide.
pub fn order_expiring(
    mailer: &Mailer,
    admins: &[UserRecord],
    order: &Order,
    expires_at: OffsetDateTime,
    products: &HashMap<ProductId, Product>,
) -> AppResult<Vec<Letter>> {
    let mut paragraphs = vec![format!(
        "Tu comercial hizo un pedido para tu empresa que todavía espera tu aprobación. Si nadie lo aprueba ni lo rechaza, vence el {}.",
        day_in_argentina(expires_at)
    )];
    for line in &order.lines {
        let name = products.get(&line.product_id).map_or(line.product_id.as_str(), |p| p.name.as_str());
        paragraphs.push(format!("• {name}: {} licencias, {} por mes.", line.seats, line.total));
    }
    paragraphs.push(format!("Total mensual: {}. No se contrata nada hasta que lo apruebes.", order.total));
    let action = ("Gestionar procesos delegados", mailer.page(&format!("/admin/approvals/{}", order.id)));
    to_each(admins, "Un pedido de tu comercial vence en 3 días", paragraphs, action)
}

/// "Tu prueba gratis de … termina pronto": the day it ends, and what is charged from then on.
pub fn trial_ending(mailer: &Mailer, admins: &[UserRecord], sub: &Subscription, plan: &str, monthly: Money) -> AppResult<Vec<Letter>> {
    let ends = sub.trial_ends_at.map(day_in_argentina).unwrap_or_default();
    let paragraphs = vec![
        format!("La prueba gratis de {} (plan {plan}) termina el {ends}.", sub.product_name),
        format!("Desde ese día la suscripción se cobra con tu factura de comunicaciones: {monthly} por mes por {} licencias.", sub.seats),
        "Si no vas a seguir usándola, cancelala antes de esa fecha desde Gestionar › Suscripciones y licencias.".to_string(),
    ];
    let subject = format!("Tu prueba gratis de {} termina el {ends}", sub.product_name);
    to_each(admins, &subject, paragraphs, ("Ver suscripciones", mailer.page("/admin/subscriptions")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::commerce::emails::tests::{admin, order, product};
    use crate::commerce::{OrderStatus, SubscriptionStatus};
    use crate::ids::{CompanyId, OrderId, PlanId, SubscriptionId};
    use time::macros::datetime;

    #[test]
    fn dates_read_in_argentina() {
        assert_eq!(day_in_argentina(datetime!(2026-12-01 02:00 UTC)), "30 de noviembre de 2026");
        assert_eq!(day_in_argentina(datetime!(2026-01-15 12:00 UTC)), "15 de enero de 2026");
    }

    #[test]
    fn the_admins_hear_when_a_pending_order_expires_and_where_to_decide() {
        let p = product();
        let order = order(&p, OrderStatus::PendingApproval);
        let products = HashMap::from([(p.id.clone(), p)]);
        let letters =
            order_expiring(&crate::mail::test_mailer(), &[admin("Ana", "ana@x.test")], &order, datetime!(2026-12-10 15:00 UTC), &products)
                .unwrap();
        let mail = &letters[0].mail;
        assert_eq!((letters[0].to.as_str(), mail.subject.as_str()), ("ana@x.test", "Un pedido de tu comercial vence en 3 días"));
        assert!(mail.text.contains("Si nadie lo aprueba ni lo rechaza, vence el 10 de diciembre de 2026."), "{}", mail.text);
        assert!(mail.text.contains("• Nube Oficina Pro: 3 licencias, $ 26.700,00 por mes."));
        assert!(
            mail.text.contains(&format!("Gestionar procesos delegados: https://app.test/admin/approvals/{}", order.id)),
            "{}",
            mail.text
        );
    }

    #[test]
    fn the_admins_hear_when_a_trial_turns_into_a_charge_and_how_much() {
        let sub = Subscription {
            id: SubscriptionId::new(),
            company_id: CompanyId::new(),
            order_id: OrderId::new(),
            product_id: product().id,
            plan_id: PlanId::parse("basico").unwrap(),
            product_name: "Nube Oficina Pro".into(),
            seats: 3,
            seats_assigned: 1,
            status: SubscriptionStatus::Trial,
            trial_ends_at: Some(datetime!(2026-12-20 12:00 UTC)),
            unit_price: Money::ars(890_000),
            discount: None,
            created_at: datetime!(2026-11-20 12:00 UTC),
            cancelled_at: None,
            lots: Vec::new(),
            version: 0,
            billed_through: None,
        };
        let letters =
            trial_ending(&crate::mail::test_mailer(), &[admin("Ana", "ana@x.test")], &sub, "Básico", Money::ars(2_670_000)).unwrap();
        let mail = &letters[0].mail;
        assert_eq!(mail.subject, "Tu prueba gratis de Nube Oficina Pro termina el 20 de diciembre de 2026");
        assert!(mail.text.contains("La prueba gratis de Nube Oficina Pro (plan Básico) termina el 20 de diciembre de 2026."));
        assert!(mail.text.contains("$ 26.700,00 por mes por 3 licencias"), "{}", mail.text);
        assert!(mail.text.contains("https://app.test/admin/subscriptions"));
    }
}
