//! The commerce slice's emails: a purchase confirmed, to every admin of the company.

use super::order::Order;
use crate::catalog::Product;
use crate::error::AppResult;
use crate::identity::UserRecord;
use crate::ids::ProductId;
use crate::mail::{notice, Letter, Mailer, Notice};
use std::collections::HashMap;

/// "Compra confirmada": what was bought (by `company`, named), and how the users get access.
pub fn purchase(
    mailer: &Mailer,
    company: &str,
    admins: &[UserRecord],
    order: &Order,
    products: &HashMap<ProductId, Product>,
) -> AppResult<Vec<Letter>> {
    let mut paragraphs = vec![format!("Tu empresa, {company}, compró en Cloud Store:")];
    for line in &order.lines {
        let product = products.get(&line.product_id);
        let name = product.map_or(line.product_id.as_str(), |p| p.name.as_str());
        let plan = product.and_then(|p| p.plan(&line.plan_id)).map_or(line.plan_id.as_str(), |p| p.name.as_str());
        let trial = if line.trial_days > 0 { format!(" Prueba gratis por {} días.", line.trial_days) } else { String::new() };
        let seats = if line.subscription_id.is_some() { "licencias más en tu suscripción" } else { "licencias" };
        paragraphs.push(format!("• {name} (plan {plan}): {} {seats}, {} por mes.{trial}", line.seats, line.total));
    }
    paragraphs.push(format!("Total mensual: {}.", order.total));
    paragraphs.push("Para que tus usuarios accedan, asigná las licencias desde el panel de control: Suscripciones → Licencias. Cada usuario recibe un email y ve el ícono \"Abrir aplicación\" en su panel.".into());
    let action = ("Asignar licencias", mailer.page("/admin/subscriptions"));
    admins
        .iter()
        .map(|admin| {
            let mail = notice(&Notice {
                subject: "Compra confirmada en Cloud Store",
                name: &admin.name,
                paragraphs: paragraphs.clone(),
                action: Some(action.clone()),
            })?;
            Ok(Letter::new(&admin.email, mail))
        })
        .collect()
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::catalog::Plan;
    use crate::commerce::pricing::QuoteLine;
    use crate::commerce::OrderStatus;
    use crate::domain::Money;
    use crate::identity::Role;
    use crate::ids::{CompanyId, OrderId, PlanId, UserId};

    pub(crate) fn product() -> Product {
        Product {
            id: ProductId::new(),
            name: "Nube Oficina Pro".into(),
            vendor: "Andes".into(),
            category: "Productividad".into(),
            summary: String::new(),
            description: String::new(),
            features: vec![],
            screenshots: vec![],
            manual_url: String::new(),
            help_url: "https://apps.test/ayuda".into(),
            launch_url: "https://apps.test/nube".into(),
            icon_url: String::new(),
            plans: vec![Plan { id: PlanId::parse("basico").unwrap(), name: "Básico".into(), price: Money::ars(890_000), trial_days: 30 }],
            active: true,
            vendor_id: None,
        }
    }

    pub(crate) fn order(product: &Product, status: OrderStatus) -> Order {
        let line = QuoteLine {
            product_id: product.id.clone(),
            plan_id: PlanId::parse("basico").unwrap(),
            seats: 3,
            unit_price: Money::ars(890_000),
            subtotal: Money::ars(2_670_000),
            discount: Money::zero(),
            total: Money::ars(2_670_000),
            trial_days: 30,
            subscription_id: None,
        };
        Order {
            id: OrderId::new(),
            company_id: CompanyId::new(),
            status,
            lines: vec![line],
            subtotal: Money::ars(2_670_000),
            discount: Money::zero(),
            total: Money::ars(2_670_000),
            coupon_code: None,
            created_by: UserId::new(),
            created_at: time::OffsetDateTime::now_utc(),
            subscription_ids: vec![],
            decided_by: None,
            decided_at: None,
            reason: None,
            notify_email: Some("ventas@x.test".into()),
        }
    }

    pub(crate) fn admin(name: &str, email: &str) -> UserRecord {
        UserRecord::pending(
            UserId::new(),
            &CompanyId::new(),
            email.into(),
            name.into(),
            Role::Admin,
            "h".into(),
            time::OffsetDateTime::now_utc(),
        )
    }

    #[test]
    fn each_admin_hears_what_was_bought_by_name_with_its_price() {
        let p = product();
        let order = order(&p, OrderStatus::Completed);
        let admins = [admin("Ana", "ana@x.test"), admin("Beto", "beto@x.test")];
        let letters =
            purchase(&crate::mail::test_mailer(), "Acme SA", &admins, &order, &HashMap::from([(p.id.clone(), p.clone())])).unwrap();
        assert_eq!(letters.iter().map(|l| l.to.as_str()).collect::<Vec<_>>(), ["ana@x.test", "beto@x.test"]);
        let text = &letters[1].mail.text;
        assert!(text.contains("Hola, Beto:"));
        assert!(text.contains("Tu empresa, Acme SA, compró en Cloud Store:"), "{text}");
        assert!(text.contains("• Nube Oficina Pro (plan Básico): 3 licencias, $ 26.700,00 por mes. Prueba gratis por 30 días."), "{text}");
        assert!(text.contains("Total mensual: $ 26.700,00."));
        assert!(text.contains("https://app.test/admin/subscriptions"));
    }
}
