//! The email templates. Each email is one data struct rendered twice: as HTML (escaped) and as
//! plain text.

use super::Rendered;
use crate::error::{AppError, AppResult};
use askama::Template;

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

struct LinkMail<'a> {
    name: &'a str,
    intro: &'a str,
    action: &'a str,
    link: &'a str,
    validity: String,
}

#[derive(Template)]
#[template(path = "link.html")]
struct LinkHtml<'a> {
    m: &'a LinkMail<'a>,
}

#[derive(Template)]
#[template(path = "link.txt")]
struct LinkText<'a> {
    m: &'a LinkMail<'a>,
}

fn render(subject: &str, mail: &LinkMail<'_>) -> AppResult<Rendered> {
    Ok(Rendered {
        subject: subject.to_string(),
        html: LinkHtml { m: mail }.render().map_err(AppError::internal)?,
        text: LinkText { m: mail }.render().map_err(AppError::internal)?,
    })
}

pub(super) fn activation(name: &str, link: &str, reason: ActivationReason, valid_hours: u64) -> AppResult<Rendered> {
    let mail = LinkMail {
        name,
        intro: reason.intro(),
        action: "Activar mi cuenta",
        link,
        validity: format!("El enlace vence en {valid_hours} horas y sirve una sola vez."),
    };
    render("Activá tu cuenta de Cloud Store", &mail)
}

pub(super) fn reset(name: &str, link: &str, valid_minutes: u64) -> AppResult<Rendered> {
    let mail = LinkMail {
        name,
        intro: "Recibimos un pedido para restablecer tu contraseña de Cloud Store. Si no fuiste vos, ignorá este mensaje: tu contraseña no cambia.",
        action: "Elegir una contraseña nueva",
        link,
        validity: format!("El enlace vence en {valid_minutes} minutos y sirve una sola vez."),
    };
    render("Restablecé tu contraseña de Cloud Store", &mail)
}

/// A notice: a greeting, a few paragraphs and an optional button.
pub struct Notice<'a> {
    pub subject: &'a str,
    pub name: &'a str,
    pub paragraphs: Vec<String>,
    /// The button's label and where it leads.
    pub action: Option<(&'a str, String)>,
}

#[derive(Template)]
#[template(path = "notice.html")]
struct NoticeHtml<'a> {
    m: &'a Notice<'a>,
}

#[derive(Template)]
#[template(path = "notice.txt")]
struct NoticeText<'a> {
    m: &'a Notice<'a>,
}

pub(super) fn notice(notice: &Notice<'_>) -> AppResult<Rendered> {
    Ok(Rendered {
        subject: notice.subject.to_string(),
        html: NoticeHtml { m: notice }.render().map_err(AppError::internal)?,
        text: NoticeText { m: notice }.render().map_err(AppError::internal)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_html_escapes_names_and_both_bodies_carry_the_link() {
        let mail = activation("<b>Ana</b>", "https://app.test/activate?token=abc", ActivationReason::NewAccount, 72).unwrap();
        assert!(mail.html.contains("&lt;b&gt;Ana&lt;/b&gt;"));
        assert!(mail.html.contains("https://app.test/activate?token=abc"));
        assert!(mail.text.contains("https://app.test/activate?token=abc"));
        assert!(mail.text.contains("72 horas"));
    }
}
