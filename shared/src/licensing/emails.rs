//! The licensing slice's emails: a licence given, to its holder.

use crate::catalog::Product;
use crate::error::AppResult;
use crate::identity::{UserRecord, UserStatus};
use crate::mail::{notice, Letter, Notice};

/// "Ya podés usar …": how to open the application, and to activate first if need be; it names
/// the company whose admin gave the licence.
pub fn licence_assigned(user: &UserRecord, product: &Product, company: &str) -> AppResult<Letter> {
    let who = if company.is_empty() { "Tu empresa".to_string() } else { format!("Tu empresa, {company},") };
    let mut paragraphs = vec![
        format!("{who} te asignó una licencia de {}.", product.name),
        format!("Para usarla, entrá a tu panel de Cloud Store y tocá \"Abrir aplicación\", o andá directo a {}.", product.launch_url),
    ];
    if !product.help_url.is_empty() {
        paragraphs.push(format!("Si necesitás ayuda: {}", product.help_url));
    }
    if user.status != UserStatus::Active {
        paragraphs
            .push("Primero activá tu cuenta con el enlace que te enviamos por email; después vas a ver la aplicación en tu panel.".into());
    }
    let subject = format!("Ya podés usar {}", product.name);
    let mail = notice(&Notice {
        subject: &subject,
        name: &user.name,
        paragraphs,
        action: Some(("Abrir aplicación", product.launch_url.clone())),
    })?;
    Ok(Letter::new(&user.email, mail))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::commerce::emails::tests::{admin, product};

    #[test]
    fn the_holder_learns_how_to_open_the_application_and_to_activate_first() {
        let user = admin("Ana", "ana@x.test");
        let letter = licence_assigned(&user, &product(), "Acme SA").unwrap();
        assert_eq!((letter.to.as_str(), letter.mail.subject.as_str()), ("ana@x.test", "Ya podés usar Nube Oficina Pro"));
        assert!(letter.mail.text.contains("Tu empresa, Acme SA, te asignó una licencia de Nube Oficina Pro."), "{}", letter.mail.text);
        assert!(letter.mail.text.contains("Abrir aplicación: https://apps.test/nube"));
        assert!(letter.mail.text.contains("Si necesitás ayuda: https://apps.test/ayuda"));
        assert!(letter.mail.text.contains("Primero activá tu cuenta"), "a pending user is told to activate first");
    }
}
