//! The catalog as one function instance last read it, for at most a minute: the same freshness
//! the public catalog promises (`Cache-Control: max-age=60`). It lets a user's "Abrir aplicación"
//! icons come with the session check alone; a product missing from it (archived, or added in the
//! last minute) is read from the table.

use super::product::Product;
use super::table;
use crate::db::Db;
use crate::error::AppResult;
use crate::ids::ProductId;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const FRESH_FOR: Duration = Duration::from_secs(60);

type Snapshot = Arc<HashMap<ProductId, Product>>;

#[derive(Default)]
pub struct CatalogCache(Mutex<Option<(Instant, Snapshot)>>);

impl CatalogCache {
    fn fresh(&self) -> Option<Snapshot> {
        let guard = self.0.lock().ok()?;
        guard.as_ref().filter(|(at, _)| at.elapsed() < FRESH_FOR).map(|(_, s)| s.clone())
    }

    /// The active products: from memory when fresh, else one index query.
    pub async fn snapshot(&self, db: &Db) -> AppResult<Snapshot> {
        if let Some(snapshot) = self.fresh() {
            return Ok(snapshot);
        }
        let products: HashMap<ProductId, Product> = table::whole_catalog(db).await?.into_iter().map(|p| (p.id.clone(), p)).collect();
        let snapshot = Arc::new(products);
        if let Ok(mut guard) = self.0.lock() {
            *guard = Some((Instant::now(), snapshot.clone()));
        }
        Ok(snapshot)
    }

    /// The products with these ids: from the snapshot, and those it lacks from the table.
    pub async fn products(&self, db: &Db, snapshot: &Snapshot, ids: &[&ProductId]) -> AppResult<HashMap<ProductId, Product>> {
        let mut found: HashMap<ProductId, Product> =
            ids.iter().filter_map(|id| snapshot.get(*id)).map(|p| (p.id.clone(), p.clone())).collect();
        let missing: Vec<&ProductId> = ids.iter().copied().filter(|id| !found.contains_key(*id)).collect();
        if !missing.is_empty() {
            found.extend(table::products_by_id(db, &missing).await?);
        }
        Ok(found)
    }
}
