//! The help centre's articles for the local stack and the tests: the same file a new stack loads
//! on its first deploy (`shared/data/help-articles.yaml`, `cloudstore::help::starter`).

use cloudstore::help::Article;
use cloudstore::{App, AppError};

/// The articles as data.
pub use cloudstore::help::starter::ARTICLES_YAML;

/// Every seeded article, each checked as `POST /help` would check it.
pub fn articles() -> Vec<Article> {
    cloudstore::help::starter::articles(time::OffsetDateTime::now_utc()).expect("shared/data/help-articles.yaml")
}

/// Seeds the articles that are missing.
pub async fn seed_help(app: &App) -> Result<(), AppError> {
    cloudstore::help::seed(app, &articles()).await.map(|_| ())
}
