//! The sales slice's emails: a new customer's admin hears that their sales rep opened the account,
//! with the link to choose a password.

use crate::error::AppResult;
use crate::mail::{link_email, Letter, LinkEmail, Mailer};

/// The activation email of an onboarded company's first admin.
pub fn opened_by_rep(mailer: &Mailer, to: &str, name: &str, company: &str, rep: &str, token: &str, valid_hours: u64) -> AppResult<Letter> {
    let subject = format!("{rep} abrió la cuenta de {company} en Cloud Store");
    let intro = format!(
        "{rep}, tu representante comercial, abrió la cuenta de {company} en Cloud Store y te eligió como su administrador. Para empezar, elegí tu contraseña: después vas a poder aprobar los pedidos que te prepare, comprar y dar licencias a tu equipo."
    );
    let validity =
        format!("El enlace vence en {valid_hours} horas y sirve una sola vez. Si vence, pedí uno nuevo con «Olvidé mi contraseña».");
    let mail = link_email(&LinkEmail {
        subject: &subject,
        name,
        intro: &intro,
        action: "Activar mi cuenta",
        link: &mailer.link("activate", token),
        validity: &validity,
        on_behalf_of: None,
    })?;
    Ok(Letter::new(to, mail))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_admin_hears_who_opened_the_account_and_gets_the_activation_link() {
        let letter = opened_by_rep(&crate::mail::test_mailer(), "dora@x.test", "Dora", "Nueva SA", "Rita", "TOKEN", 72).unwrap();
        assert_eq!(letter.to, "dora@x.test");
        assert_eq!(letter.mail.subject, "Rita abrió la cuenta de Nueva SA en Cloud Store");
        assert!(letter.mail.text.contains("Rita, tu representante comercial, abrió la cuenta de Nueva SA"));
        assert!(letter.mail.text.contains("https://app.test/activate?token=TOKEN"));
        assert!(letter.mail.html.contains("72 horas"));
    }
}
