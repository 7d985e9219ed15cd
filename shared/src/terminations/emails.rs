//! The terminations slice's emails: a termination asked for, to whoever can finish it.

use crate::error::AppResult;
use crate::identity::UserRecord;
use crate::mail::{notice, Letter, Mailer, Notice};

/// "Pedido de baja": to the company's sales rep, or the operator's mailbox.
pub fn requested(mailer: &Mailer, to: &str, company: &str, admin: &UserRecord) -> AppResult<Letter> {
    let paragraphs = vec![
        format!("La empresa {company} pidió la baja de su cuenta en Cloud Store."),
        format!("La pidió {} ({}), su único administrador.", admin.name, admin.email),
        "Sus suscripciones quedan con la cancelación pedida hasta que completes la baja desde el panel del operador.".to_string(),
    ];
    let mail = notice(&Notice {
        subject: "Pedido de baja de una cuenta de Cloud Store",
        name: "equipo comercial",
        paragraphs,
        action: Some(("Ver pedidos de baja", mailer.page("/operator/terminations"))),
    })?;
    Ok(Letter::new(to, mail))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::identity::{Role, UserRecord};
    use crate::ids::{CompanyId, UserId};

    #[test]
    fn the_request_names_the_company_and_who_asked() {
        let admin = UserRecord::pending(
            UserId::new(),
            &CompanyId::new(),
            "ana@acme.test".into(),
            "Ana".into(),
            Role::Admin,
            "h".into(),
            time::OffsetDateTime::now_utc(),
        );
        let letter = requested(&crate::mail::test_mailer(), "ventas@x.test", "Acme SA", &admin).unwrap();
        assert_eq!(letter.to, "ventas@x.test");
        assert!(letter.mail.text.contains("La empresa Acme SA pidió la baja"));
        assert!(letter.mail.text.contains("Ana (ana@acme.test)"));
        assert!(letter.mail.html.contains("https://app.test/operator/terminations"));
    }
}
