//! A change a use case makes: one transaction and the emails that announce it. The emails are
//! written into the outbox by that same transaction (`crate::outbox`), so an email goes out if and
//! only if its change was stored, and the request never waits on SES: the `send-email` function
//! delivers them from the table's stream.

use crate::app::App;
use crate::db::Tx;
use crate::error::{AppError, AppResult};
use crate::mail::Letter;

pub struct Change<R = AppError> {
    pub tx: Tx<R>,
    letters: Vec<Letter>,
}

impl<R> Change<R> {
    /// An empty change; `fallback` is what a failed condition means by default.
    pub fn new(fallback: R) -> Change<R> {
        Change { tx: Tx::new(fallback), letters: Vec::new() }
    }

    /// Announces the change with `letter`, delivered once the change is written.
    pub fn send(&mut self, letter: Letter) {
        self.letters.push(letter);
    }

    /// Writes the transaction with its emails in the outbox; a refused transaction sends nothing.
    pub async fn run(mut self, app: &App) -> AppResult<Result<(), R>> {
        let now = app.now();
        for letter in &self.letters {
            crate::outbox::enqueue(&mut self.tx, letter, now)?;
        }
        self.tx.run(&app.db).await
    }
}

impl<R: Into<AppError>> Change<R> {
    /// Writes and announces the change; a refusal is the error it means.
    pub async fn commit(self, app: &App) -> AppResult<()> {
        self.run(app).await?.map_err(Into::into)
    }
}
