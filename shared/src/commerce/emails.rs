//! The commerce slice's emails: a purchase confirmed, to every admin of the company.

use super::order::Order;
use crate::catalog::Product;
use crate::error::AppResult;
use crate::identity::UserRecord;
use crate::ids::ProductId;
use crate::mail::{notice, Letter, Mailer, Notice};
use std::collections::HashMap;

/// "Compra confirmada": what was bought, and how the users get access.
pub fn purchase(mailer: &Mailer, admins: &[UserRecord], order: &Order, products: &HashMap<ProductId, Product>) -> AppResult<Vec<Letter>> {
    let mut paragraphs = vec!["Tu empresa compró en Cloud Store:".to_string()];
    for line in &order.lines {
        let product = products.get(&line.product_id);
        let name = product.map_or(line.product_id.as_str(), |p| p.name.as_str());
        let plan = product.and_then(|p| p.plan(&line.plan_id)).map_or(line.plan_id.as_str(), |p| p.name.as_str());
        let trial = if line.trial_days > 0 { format!(" Prueba gratis por {} días.", line.trial_days) } else { String::new() };
        paragraphs.push(format!("• {name} (plan {plan}): {} licencias, {} por mes.{trial}", line.seats, line.total));
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
