//! Reading the trail: `GET /audit` (an admin, their company's entries) and `GET /operator/audit`
//! (the operator, the whole platform), newest first, filtered by kind (an action's family such as
//! `order`, or one action such as `order.placed`) and by time (`from`, `to`, RFC 3339). A time
//! range is a sort-key range (entry ids are ULIDs of the entry's time); the kind and the company
//! are filters, so a page may hold fewer entries than its limit while `next_cursor` goes on.
//!
//! The platform's entries are one index partition per month: a page reads the months from `to`
//! backwards, at most twelve of them, and its cursor names the month to go on from.

use super::{month_partition, Action, AuditEntry, PREFIX};
use crate::app::App;
use crate::db::{Expr, Query};
use crate::domain::month::{Month, FIRST};
use crate::error::{AppError, AppResult, FieldError, Fields};
use crate::identity::keys::company_partition;
use crate::identity::{Bearer, ADMIN, OPERATOR};
use crate::ids::CompanyId;
use crate::views::{List, PageParams};
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use serde::{Deserialize, Serialize};
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

/// `GET /audit`'s parameters.
#[derive(Debug, Default, Deserialize)]
pub struct AuditQuery {
    #[serde(default)]
    pub limit: Option<u32>,
    #[serde(default)]
    pub cursor: Option<String>,
    #[serde(default)]
    pub kind: Option<String>,
    #[serde(default)]
    pub from: Option<String>,
    #[serde(default)]
    pub to: Option<String>,
}

/// `GET /operator/audit`'s parameters: the same, and a company (no `flatten`: query strings
/// carry no types, and a flattened `limit` would not parse as a number).
#[derive(Debug, Default, Deserialize)]
pub struct OperatorAuditQuery {
    #[serde(default)]
    pub limit: Option<u32>,
    #[serde(default)]
    pub cursor: Option<String>,
    #[serde(default)]
    pub kind: Option<String>,
    #[serde(default)]
    pub from: Option<String>,
    #[serde(default)]
    pub to: Option<String>,
    #[serde(default)]
    pub company_id: Option<String>,
}

/// A checked query.
struct Checked {
    limit: u32,
    cursor: Option<String>,
    kind: Option<Expr>,
    from: Option<OffsetDateTime>,
    to: Option<OffsetDateTime>,
}

fn time(fields: &mut Fields, name: &str, raw: Option<&str>) -> Option<OffsetDateTime> {
    let raw = raw?;
    fields.take(
        OffsetDateTime::parse(raw, &Rfc3339).map_err(|_| FieldError::new(name, "Una fecha y hora RFC 3339, p. ej. 2026-11-01T00:00:00Z.")),
    )
}

fn check(q: AuditQuery) -> AppResult<Checked> {
    let page = PageParams { limit: q.limit, cursor: q.cursor }.parse()?;
    let mut fields = Fields::new();
    let kind = match q.kind.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(kind) => {
            let names: Vec<String> = Action::ALL.iter().map(|a| a.name()).collect();
            let family = format!("{kind}.");
            if names.iter().any(|n| n == kind) {
                Some(Expr::new("#action = :kind").name("#action", "action").value(":kind", kind.to_string()))
            } else if names.iter().any(|n| n.starts_with(&family)) {
                Some(Expr::new("begins_with(#action, :kind)").name("#action", "action").value(":kind", family))
            } else {
                fields.push(FieldError::new("kind", "Un tipo de cambio conocido, p. ej. order o order.placed."));
                None
            }
        }
    };
    let from = time(&mut fields, "from", q.from.as_deref());
    let to = time(&mut fields, "to", q.to.as_deref());
    fields.check(from.zip(to).is_some_and(|(f, t)| t < f), "to", "Debe ser posterior a from.");
    fields.finish(|| Some(()))?;
    Ok(Checked { limit: page.limit, cursor: page.cursor, kind, from, to })
}

/// The lowest and highest entry ids of a time range (ULIDs of its first and last millisecond).
fn id_range(from: Option<OffsetDateTime>, to: Option<OffsetDateTime>) -> (String, String) {
    let ms = |t: OffsetDateTime| (t.unix_timestamp_nanos() / 1_000_000).clamp(0, i128::from(u64::MAX >> 16)) as u64;
    let low = from.map_or_else(|| "0".repeat(26), |f| ulid::Ulid::from_parts(ms(f), 0).to_string());
    let high = to.map_or_else(|| "Z".repeat(26), |t| ulid::Ulid::from_parts(ms(t), u128::MAX).to_string());
    (low, high)
}

/// `GET /audit`: the company's trail, newest first, read with the session check in one round trip.
pub async fn list(app: &App, bearer: &Bearer, query: AppResult<AuditQuery>) -> AppResult<List<AuditEntry>> {
    let built = query.and_then(check).and_then(|c| {
        let (low, high) = id_range(c.from, c.to);
        let mut q = Query::table(company_partition(bearer.company_id())).between(format!("{PREFIX}{low}"), format!("{PREFIX}{high}"));
        if let Some(kind) = c.kind {
            q = q.filter(kind);
        }
        q.newest_first().limit(c.limit).after(c.cursor.as_deref())
    });
    let query = bearer.admit(app, ADMIN, built).await?;
    let (_, entries) = bearer.with(app, ADMIN, app.db.query::<AuditEntry>(&query)).await?;
    Ok(List::page(entries, |e| e))
}

/// Where the next page of the platform's trail goes on: a month and, within it, a query cursor.
#[derive(Serialize, Deserialize)]
struct Resume {
    m: Month,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    c: Option<String>,
}

const MONTHS_PER_PAGE: usize = 12;

/// `GET /operator/audit`: every company's entries (optionally one company's), newest first.
pub async fn list_platform(app: &App, bearer: &Bearer, query: AppResult<OperatorAuditQuery>) -> AppResult<List<AuditEntry>> {
    let now = app.now();
    let checked = query.and_then(|q| {
        let company = match q.company_id.as_deref() {
            None => None,
            Some(raw) => Some(CompanyId::parse(raw).ok_or_else(|| AppError::field("company_id", "No es un id de empresa."))?),
        };
        let c = check(AuditQuery { limit: q.limit, cursor: q.cursor, kind: q.kind, from: q.from, to: q.to })?;
        let bad = || AppError::field("cursor", "El cursor no es válido.");
        let resume = match &c.cursor {
            None => None,
            Some(raw) => Some(serde_json::from_slice::<Resume>(&URL_SAFE_NO_PAD.decode(raw).map_err(|_| bad())?).map_err(|_| bad())?),
        };
        Ok((c, company, resume))
    });
    let (c, company, resume) = bearer.admit(app, OPERATOR, checked).await?;
    bearer.caller_as(app, OPERATOR).await?;
    let oldest = c.from.map_or(FIRST, Month::of).max(FIRST);
    let newest = Month::of(c.to.unwrap_or(now));
    let (mut month, mut inner) = match resume {
        Some(r) if r.m <= newest && r.m >= oldest => (r.m, r.c),
        Some(_) => return Err(AppError::field("cursor", "El cursor no es válido.")),
        None => (newest, None),
    };
    let (low, high) = id_range(c.from, c.to);
    let mut items = Vec::new();
    for _ in 0..MONTHS_PER_PAGE {
        let mut q = Query::index(month_partition(month)).between(low.clone(), high.clone()).newest_first();
        let only = company.as_ref().map(|id| Expr::new("company_id = :company").value(":company", id.to_string()));
        let filter = match (c.kind.clone(), only) {
            (Some(kind), Some(only)) => Some(kind.and(only)),
            (kind, only) => kind.or(only),
        };
        if let Some(filter) = filter {
            q = q.filter(filter);
        }
        let page = app.db.query::<AuditEntry>(&q.limit(c.limit - items.len() as u32).after(inner.as_deref())?).await?;
        items.extend(page.items);
        if let Some(next) = page.next {
            return Ok(List { items, next_cursor: Some(encode(&Resume { m: month, c: Some(next) })) });
        }
        inner = None;
        if month <= oldest {
            return Ok(List::all(items));
        }
        month = month.previous();
        if items.len() as u32 >= c.limit {
            break;
        }
    }
    Ok(List { items, next_cursor: Some(encode(&Resume { m: month, c: None })) })
}

fn encode(resume: &Resume) -> String {
    URL_SAFE_NO_PAD.encode(serde_json::to_vec(resume).unwrap_or_default())
}
