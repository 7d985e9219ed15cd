//! The identity slice's emails: the activation link (for each reason a person needs one), the
//! password-reset link, and "ya tenés una cuenta" for a signup with an address that has one. An
//! email an admin made the store send names the admin's company.

use crate::error::AppResult;
use crate::mail::{link_email, notice, Letter, LinkEmail, Mailer, Notice};

/// Why a person gets an activation link; the email says so.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ActivationReason {
    /// A company signed up, or an admin created the user.
    NewAccount,
    /// An admin changed the user's email.
    EmailChanged,
    /// An admin asked the user to choose a new password.
    PasswordChangeRequested,
    /// The person asked for a reset before activating.
    Requested,
}

impl ActivationReason {
    /// The opening line; `company` is the company whose admin caused the email, if one did.
    fn intro(self, company: Option<&str>) -> String {
        match (self, company) {
            (ActivationReason::NewAccount, None) => "Se creó tu cuenta en Cloud Store. Para empezar a usarla, elegí tu contraseña.".into(),
            (ActivationReason::NewAccount, Some(company)) => {
                format!("{company} te dio de alta en Cloud Store. Para empezar a usar tu cuenta, elegí tu contraseña.")
            }
            (ActivationReason::EmailChanged, company) => format!(
                "{} cambió tu email de acceso a Cloud Store a esta dirección. Para volver a entrar, confirmala eligiendo tu contraseña.",
                company.unwrap_or("Tu empresa")
            ),
            (ActivationReason::PasswordChangeRequested, company) => {
                format!("El administrador de {} pidió que elijas una contraseña nueva para Cloud Store.", company.unwrap_or("tu empresa"))
            }
            (ActivationReason::Requested, _) => {
                "Pediste ingresar a Cloud Store, pero tu cuenta todavía no está activa. Activala eligiendo tu contraseña.".into()
            }
        }
    }
}

/// The activation email: a link to choose a password, valid `valid_hours`. `company` names who
/// asked for it when an admin did.
pub fn activation(
    mailer: &Mailer,
    to: &str,
    name: &str,
    token: &str,
    reason: ActivationReason,
    valid_hours: u64,
    company: Option<&str>,
) -> AppResult<Letter> {
    let validity = format!("El enlace vence en {valid_hours} horas y sirve una sola vez.");
    let mail = link_email(&LinkEmail {
        subject: "Activá tu cuenta de Cloud Store",
        name,
        intro: &reason.intro(company),
        action: "Activar mi cuenta",
        link: &mailer.link("activate", token),
        validity: &validity,
        on_behalf_of: company,
    })?;
    Ok(Letter::new(to, mail))
}

/// The password-reset email, valid `valid_minutes`.
pub fn reset(mailer: &Mailer, to: &str, name: &str, token: &str, valid_minutes: u64) -> AppResult<Letter> {
    let validity = format!("El enlace vence en {valid_minutes} minutos y sirve una sola vez.");
    let mail = link_email(&LinkEmail {
        subject: "Restablecé tu contraseña de Cloud Store",
        name,
        intro: "Recibimos un pedido para restablecer tu contraseña de Cloud Store. Si no fuiste vos, ignorá este mensaje: tu contraseña no cambia.",
        action: "Elegir una contraseña nueva",
        link: &mailer.link("reset-password", token),
        validity: &validity,
        on_behalf_of: None,
    })?;
    Ok(Letter::new(to, mail))
}

/// "Ya tenés una cuenta": someone signed up with the address of an existing account. It carries
/// no token: where to sign in, and where to ask for a reset link.
pub fn already_registered(mailer: &Mailer, to: &str, name: &str) -> AppResult<Letter> {
    let paragraphs = vec![
        "Alguien intentó crear una cuenta de Cloud Store con esta dirección, pero ya tenés una: no creamos otra.".to_string(),
        format!("Para entrar, ingresá en {} con tu email y tu contraseña.", mailer.page("/login")),
        format!(
            "Si no recordás la contraseña (o tu cuenta todavía no está activa), pedí un enlace nuevo en {}.",
            mailer.page("/forgot-password")
        ),
        "Si no fuiste vos, ignorá este mensaje: tu cuenta no cambió.".to_string(),
    ];
    let mail = notice(&Notice {
        subject: "Ya tenés una cuenta en Cloud Store",
        name,
        paragraphs,
        action: Some(("Ingresar", mailer.page("/login"))),
    })?;
    Ok(Letter::new(to, mail))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mail::test_mailer as mailer;

    #[test]
    fn each_activation_reason_says_why_and_links_to_the_activation_page() {
        for reason in [
            ActivationReason::NewAccount,
            ActivationReason::EmailChanged,
            ActivationReason::PasswordChangeRequested,
            ActivationReason::Requested,
        ] {
            let letter = activation(&mailer(), "ana@x.test", "Ana", "TOKEN", reason, 72, None).unwrap();
            assert_eq!(letter.to, "ana@x.test");
            assert!(letter.mail.text.contains(&reason.intro(None)));
            assert!(letter.mail.text.contains("https://app.test/activate?token=TOKEN"));
            assert!(letter.mail.html.contains("72 horas"));
            assert!(!letter.mail.text.contains("a pedido de"));
        }
    }

    #[test]
    fn an_admins_invitation_names_the_company_that_sent_it() {
        let letter = activation(&mailer(), "ana@x.test", "Ana", "TOKEN", ActivationReason::NewAccount, 72, Some("Acme SA")).unwrap();
        assert!(letter.mail.text.contains("Acme SA te dio de alta en Cloud Store."), "{}", letter.mail.text);
        assert!(letter.mail.text.contains("Te escribimos a pedido de Acme SA."), "{}", letter.mail.text);
        let moved = activation(&mailer(), "ana@x.test", "Ana", "T", ActivationReason::EmailChanged, 72, Some("Acme SA")).unwrap();
        assert!(moved.mail.text.contains("Acme SA cambió tu email de acceso"), "{}", moved.mail.text);
    }

    #[test]
    fn the_reset_email_links_to_the_reset_page() {
        let letter = reset(&mailer(), "ana@x.test", "Ana", "TOKEN", 60).unwrap();
        assert!(letter.mail.text.contains("https://app.test/reset-password?token=TOKEN"));
        assert!(letter.mail.subject.contains("Restablecé"));
        assert!(letter.mail.text.contains("60 minutos"));
    }

    #[test]
    fn the_already_registered_notice_points_to_sign_in_and_reset_and_carries_no_token() {
        let letter = already_registered(&mailer(), "ana@x.test", "Ana").unwrap();
        assert_eq!(letter.mail.subject, "Ya tenés una cuenta en Cloud Store");
        assert!(letter.mail.text.contains("https://app.test/login"));
        assert!(letter.mail.text.contains("https://app.test/forgot-password"));
        assert!(!letter.mail.text.contains("token"));
    }
}
