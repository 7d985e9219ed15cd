//! Reading the trail: `GET /audit` (an admin, their company's entries) and `GET /operator/audit`
//! (the operator, the whole platform), newest first, filtered by kind (an action's family such as
//! `order`, or one action such as `order.placed`) and by time (`from`, `to`, RFC 3339). A time
//! range is a sort-key range (entry ids are ULIDs of the entry's time); the kind and the company
//! are filters, so a page may hold fewer entries than its limit while `next_cursor` goes on.
//!
//! The platform's entries are one index partition per month: a page reads the months from `to`
//! backwards (without `from`, the 30 days before `to`), the first with the session check, at most
//! twelve of them, and its cursor names the month to go on from.

use super::entry::{month_partition, Action, AuditEntry, PREFIX};
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

/// A page of one partition of a trail (a company's items, or a month of the platform's index):
/// the entries whose ids fall in `range`, newest first, through the kind (and company) filter.
fn trail_page(partition: Query, range: &(String, String), filter: Option<&Expr>, limit: u32, after: Option<&str>) -> AppResult<Query> {
    let q = partition.between(range.0.clone(), range.1.clone()).newest_first().limit(limit);
    match filter {
        Some(f) => q.filter(f.clone()),
        None => q,
    }
    .after(after)
}

/// `GET /audit`: the company's trail, newest first, read with the session check in one round trip.
pub async fn list(app: &App, bearer: &Bearer, query: AppResult<AuditQuery>) -> AppResult<List<AuditEntry>> {
    let built = query.and_then(check).and_then(|c| {
        let (low, high) = id_range(c.from, c.to);
        let range = (format!("{PREFIX}{low}"), format!("{PREFIX}{high}"));
        trail_page(Query::table(company_partition(bearer.company_id())), &range, c.kind.as_ref(), c.limit, c.cursor.as_deref())
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

/// The platform's trail without `from` covers the 30 days before `to`.
const DEFAULT_DAYS: i64 = 30;

/// A checked platform query: its filter, its time range and where its page starts.
struct Platform {
    limit: u32,
    filter: Option<Expr>,
    range: (String, String),
    oldest: Month,
    month: Month,
    inner: Option<String>,
}

impl Platform {
    fn query(&self, month: Month, limit: u32, after: Option<&str>) -> AppResult<Query> {
        trail_page(Query::index(month_partition(month)), &self.range, self.filter.as_ref(), limit, after)
    }
}

fn check_platform(q: OperatorAuditQuery, now: OffsetDateTime) -> AppResult<(Platform, Query)> {
    let company = match q.company_id.as_deref() {
        None => None,
        Some(raw) => Some(CompanyId::parse(raw).ok_or_else(|| AppError::field("company_id", "No es un id de empresa."))?),
    };
    let c = check(AuditQuery { limit: q.limit, cursor: q.cursor, kind: q.kind, from: q.from, to: q.to })?;
    let to = c.to.unwrap_or(now);
    // Without `from`, the last 30 days before `to`.
    let from = c.from.unwrap_or_else(|| to.checked_sub(time::Duration::days(DEFAULT_DAYS)).unwrap_or(to));
    if from > to {
        return Err(AppError::field("from", "Debe ser anterior a to (o a ahora)."));
    }
    let (oldest, newest) = (Month::of(from).max(FIRST), Month::of(to));
    let bad = || AppError::field("cursor", "El cursor no es válido.");
    let (month, inner) = match &c.cursor {
        None => (newest, None),
        Some(raw) => {
            let r: Resume = serde_json::from_slice(&URL_SAFE_NO_PAD.decode(raw).map_err(|_| bad())?).map_err(|_| bad())?;
            if r.m > newest || r.m < oldest {
                return Err(bad());
            }
            (r.m, r.c)
        }
    };
    let only = company.map(|id| Expr::new("company_id = :company").value(":company", id.to_string()));
    let filter = match (c.kind, only) {
        (Some(kind), Some(only)) => Some(kind.and(only)),
        (kind, only) => kind.or(only),
    };
    let platform = Platform { limit: c.limit, filter, range: id_range(Some(from), Some(to)), oldest, month, inner };
    let first = platform.query(month, c.limit, platform.inner.as_deref())?;
    Ok((platform, first))
}

/// `GET /operator/audit`: every company's entries (optionally one company's), newest first.
pub async fn list_platform(app: &App, bearer: &Bearer, query: AppResult<OperatorAuditQuery>) -> AppResult<List<AuditEntry>> {
    let (p, first) = bearer.admit(app, OPERATOR, query.and_then(|q| check_platform(q, app.now()))).await?;
    // The first month's page travels with the session check.
    let (_, mut page) = bearer.with(app, OPERATOR, app.db.query::<AuditEntry>(&first)).await?;
    let (mut month, mut items) = (p.month, Vec::new());
    for _ in 0..MONTHS_PER_PAGE {
        items.extend(page.items);
        if let Some(next) = page.next {
            return Ok(List { items, next_cursor: Some(encode(&Resume { m: month, c: Some(next) })) });
        }
        if month <= p.oldest {
            return Ok(List::all(items));
        }
        month = month.previous();
        if items.len() as u32 >= p.limit {
            break;
        }
        page = app.db.query::<AuditEntry>(&p.query(month, p.limit - items.len() as u32, None)?).await?;
    }
    Ok(List { items, next_cursor: Some(encode(&Resume { m: month, c: None })) })
}

fn encode(resume: &Resume) -> String {
    URL_SAFE_NO_PAD.encode(serde_json::to_vec(resume).unwrap_or_default())
}
