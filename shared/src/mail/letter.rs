//! An email as rendered, and an email with its recipient.

/// A rendered email, ready to send.
#[derive(Debug, Clone, PartialEq)]
pub struct Rendered {
    pub subject: String,
    pub text: String,
    pub html: String,
}

/// An email and its recipient.
#[derive(Debug, Clone, PartialEq)]
pub struct Letter {
    pub to: String,
    pub mail: Rendered,
}

impl Letter {
    pub fn new(to: impl Into<String>, mail: Rendered) -> Letter {
        Letter { to: to.into(), mail }
    }
}
