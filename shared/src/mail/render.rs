//! The two layouts every email uses, each rendered twice from one data struct: as HTML (escaped)
//! and as plain text. A link email carries one single-use link; a notice, a few paragraphs and an
//! optional button.

use super::letter::Rendered;
use crate::error::{AppError, AppResult};
use askama::Template;

/// An email whose point is one link (activation, reset).
pub struct LinkEmail<'a> {
    pub subject: &'a str,
    pub name: &'a str,
    pub intro: &'a str,
    /// The button's label.
    pub action: &'a str,
    pub link: &'a str,
    /// How long the link works, in words.
    pub validity: &'a str,
    /// The company whose admin made the store send this email, named in it (the name the
    /// greeting carries was typed by that admin).
    pub on_behalf_of: Option<&'a str>,
}

#[derive(Template)]
#[template(path = "link.html")]
struct LinkHtml<'a> {
    m: &'a LinkEmail<'a>,
}

#[derive(Template)]
#[template(path = "link.txt")]
struct LinkText<'a> {
    m: &'a LinkEmail<'a>,
}

pub fn link_email(mail: &LinkEmail<'_>) -> AppResult<Rendered> {
    Ok(Rendered {
        subject: mail.subject.to_string(),
        html: LinkHtml { m: mail }.render().map_err(|e| AppError::internal_at("rendering a link email (HTML)", e))?,
        text: LinkText { m: mail }.render().map_err(|e| AppError::internal_at("rendering a link email (text)", e))?,
    })
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

pub fn notice(notice: &Notice<'_>) -> AppResult<Rendered> {
    Ok(Rendered {
        subject: notice.subject.to_string(),
        html: NoticeHtml { m: notice }.render().map_err(|e| AppError::internal_at("rendering a notice email (HTML)", e))?,
        text: NoticeText { m: notice }.render().map_err(|e| AppError::internal_at("rendering a notice email (text)", e))?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_html_escapes_names_and_both_bodies_carry_the_link() {
        let mail = link_email(&LinkEmail {
            subject: "S",
            name: "<b>Ana</b>",
            intro: "Hola",
            action: "Activar",
            link: "https://app.test/activate?token=abc",
            validity: "72 horas",
            on_behalf_of: Some("<i>Acme</i> SA"),
        })
        .unwrap();
        assert!(!mail.html.contains("<b>Ana"), "{}", mail.html);
        assert!(mail.html.contains("&#60;b&#62;Ana&#60;/b&#62;"), "{}", mail.html);
        assert!(mail.html.contains("https://app.test/activate?token=abc"));
        assert!(mail.text.contains("https://app.test/activate?token=abc"));
        assert!(mail.text.contains("72 horas"));
        assert!(mail.text.contains("Te escribimos a pedido de <i>Acme</i> SA."), "{}", mail.text);
        assert!(mail.html.contains("a pedido de &#60;i&#62;Acme&#60;/i&#62; SA"), "{}", mail.html);
    }

    #[test]
    fn a_notice_without_a_button_has_none() {
        let mail = notice(&Notice { subject: "S", name: "Ana", paragraphs: vec!["<p>uno</p>".into()], action: None }).unwrap();
        assert!(!mail.html.contains("<a href"));
        assert!(mail.html.contains("&#60;p&#62;uno&#60;/p&#62;"), "{}", mail.html);
        assert!(mail.text.contains("<p>uno</p>"), "plain text is not escaped");
    }
}
