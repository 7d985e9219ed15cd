//! The identity slice's emails: the activation link (for each reason a person needs one) and the
//! password-reset link.

use crate::error::AppResult;
use crate::mail::{link_email, Letter, LinkEmail, Mailer};

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
    fn intro(self) -> &'static str {
        match self {
            ActivationReason::NewAccount => "Se creó tu cuenta en Cloud Store. Para empezar a usarla, elegí tu contraseña.",
            ActivationReason::EmailChanged => {
                "Tu email de acceso a Cloud Store cambió a esta dirección. Para volver a entrar, confirmala eligiendo tu contraseña."
            }
            ActivationReason::PasswordChangeRequested => {
                "El administrador de tu empresa pidió que elijas una contraseña nueva para Cloud Store."
            }
            ActivationReason::Requested => {
                "Pediste ingresar a Cloud Store, pero tu cuenta todavía no está activa. Activala eligiendo tu contraseña."
            }
        }
    }
}

/// The activation email: a link to choose a password, valid `valid_hours`.
pub fn activation(mailer: &Mailer, to: &str, name: &str, token: &str, reason: ActivationReason, valid_hours: u64) -> AppResult<Letter> {
    let validity = format!("El enlace vence en {valid_hours} horas y sirve una sola vez.");
    let mail = link_email(&LinkEmail {
        subject: "Activá tu cuenta de Cloud Store",
        name,
        intro: reason.intro(),
        action: "Activar mi cuenta",
        link: &mailer.link("activate", token),
        validity: &validity,
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
            let letter = activation(&mailer(), "ana@x.test", "Ana", "TOKEN", reason, 72).unwrap();
            assert_eq!(letter.to, "ana@x.test");
            assert!(letter.mail.text.contains(reason.intro()));
            assert!(letter.mail.text.contains("https://app.test/activate?token=TOKEN"));
            assert!(letter.mail.html.contains("72 horas"));
        }
    }

    #[test]
    fn the_reset_email_links_to_the_reset_page() {
        let letter = reset(&mailer(), "ana@x.test", "Ana", "TOKEN", 60).unwrap();
        assert!(letter.mail.text.contains("https://app.test/reset-password?token=TOKEN"));
        assert!(letter.mail.subject.contains("Restablecé"));
        assert!(letter.mail.text.contains("60 minutos"));
    }
}
