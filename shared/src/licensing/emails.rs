//! The licensing slice's emails: a licence given, to its holder.

use crate::catalog::Product;
use crate::error::AppResult;
use crate::identity::{UserRecord, UserStatus};
use crate::mail::{notice, Letter, Notice};

/// "Ya podés usar …": how to open the application, and to activate first if need be.
pub fn licence_assigned(user: &UserRecord, product: &Product) -> AppResult<Letter> {
    let mut paragraphs = vec![
        format!("Tu empresa te asignó una licencia de {}.", product.name),
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
