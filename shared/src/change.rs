//! A change a use case makes: one transaction and the emails that announce it. The emails go out
//! only once the transaction is written, so nobody hears of a change that did not happen.

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

    /// Announces the change with `letter` once it is written.
    pub fn send(&mut self, letter: Letter) {
        self.letters.push(letter);
    }

    /// Writes the transaction, then sends the emails; a refused transaction sends nothing.
    pub async fn run(self, app: &App) -> AppResult<Result<(), R>> {
        let written = self.tx.run(&app.db).await?;
        if written.is_ok() {
            app.mailer.deliver(self.letters).await;
        }
        Ok(written)
    }
}

impl<R: Into<AppError>> Change<R> {
    /// Writes and announces the change; a refusal is the error it means.
    pub async fn commit(self, app: &App) -> AppResult<()> {
        self.run(app).await?.map_err(Into::into)
    }
}
