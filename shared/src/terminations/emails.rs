//! The terminations slice's emails: a termination asked for, to the company's sales rep (who
//! finishes it from their own page) and to the operator (who sees every request, and finishes it
//! when the company has no rep). Each links to a page its reader can open.

use crate::error::AppResult;
use crate::identity::UserRecord;
use crate::mail::{notice, Letter, Mailer, Notice};

const SUBJECT: &str = "Pedido de baja de una cuenta de Cloud Store";

fn asked(company: &str, admin: &UserRecord) -> Vec<String> {
    vec![
        format!("La empresa {company} pidió la baja de su cuenta en Cloud Store."),
        format!("La pidió {} ({}), su único administrador.", admin.name, admin.email),
    ]
}

/// "Pedido de baja", to the company's sales rep: they finish it from `/sales/terminations`.
pub fn to_rep(mailer: &Mailer, to: &str, company: &str, admin: &UserRecord) -> AppResult<Letter> {
    let mut paragraphs = asked(company, admin);
    paragraphs.push(
        "Como sos su representante comercial, completá la baja desde «Bajas» en tu panel de comercial: ahí se cancelan sus suscripciones y se deshabilitan sus usuarios. Hasta entonces, sus suscripciones quedan con la cancelación pedida."
            .to_string(),
    );
    let mail = notice(&Notice {
        subject: SUBJECT,
        name: "equipo comercial",
        paragraphs,
        action: Some(("Ver mis pedidos de baja", mailer.page("/sales/terminations"))),
    })?;
    Ok(Letter::new(to, mail))
}

/// "Pedido de baja", to the operator's mailbox: who finishes it (`rep`: their name and email),
/// or that the operator must, from `/operator/terminations`.
pub fn to_operator(mailer: &Mailer, to: &str, company: &str, admin: &UserRecord, rep: Option<&(String, String)>) -> AppResult<Letter> {
    let mut paragraphs = asked(company, admin);
    paragraphs.push(match rep {
        Some((name, email)) => format!(
            "La completa su representante comercial, {name} ({email}), a quien también le avisamos. Si hace falta, podés completarla vos desde «Bajas de cuentas» en el panel del operador."
        ),
        None => "La empresa no tiene un representante comercial activo: completá la baja desde «Bajas de cuentas» en el panel del operador.".to_string(),
    });
    let mail = notice(&Notice {
        subject: SUBJECT,
        name: "equipo de operación",
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

    fn admin() -> UserRecord {
        UserRecord::pending(
            UserId::new(),
            &CompanyId::new(),
            "ana@acme.test".into(),
            "Ana".into(),
            Role::Admin,
            "h".into(),
            time::OffsetDateTime::now_utc(),
        )
    }

    #[test]
    fn the_rep_is_sent_to_their_own_page() {
        let letter = to_rep(&crate::mail::test_mailer(), "ventas@x.test", "Acme SA", &admin()).unwrap();
        assert_eq!((letter.to.as_str(), letter.mail.subject.as_str()), ("ventas@x.test", SUBJECT));
        assert!(letter.mail.text.contains("La empresa Acme SA pidió la baja"));
        assert!(letter.mail.text.contains("Ana (ana@acme.test)"));
        assert!(letter.mail.text.contains("https://app.test/sales/terminations"));
        assert!(!letter.mail.text.contains("panel del operador"), "a rep can't open the operator's panel");
    }

    #[test]
    fn the_operator_hears_who_finishes_it() {
        let mailer = crate::mail::test_mailer();
        let rep = ("Rita".to_string(), "rita@x.test".to_string());
        let told = to_operator(&mailer, "op@x.test", "Acme SA", &admin(), Some(&rep)).unwrap();
        assert!(told.mail.text.contains("La completa su representante comercial, Rita (rita@x.test)"));
        assert!(told.mail.html.contains("https://app.test/operator/terminations"));
        let alone = to_operator(&mailer, "op@x.test", "Acme SA", &admin(), None).unwrap();
        assert!(alone.mail.text.contains("no tiene un representante comercial activo"));
    }
}
