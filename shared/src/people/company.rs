//! The company's profile as its admins keep it: its name, its CUIT (check digit and all) and the
//! account number of the telecom invoice its charges go on. `GET /company` and `PATCH /company`
//! (admins). A change rewrites the company item (identity's write), the copy its sales rep's list
//! shows, and the CUIT counts, with the audit entry, in one transaction.

use crate::app::App;
use crate::audit::{self, Action, AuditEntry};
use crate::db::Tx;
use crate::directory::{put_copy, RepCompany};
use crate::domain::{CompanyName, TaxId};
use crate::error::{AppError, AppResult, FieldError, Fields};
use crate::identity::company_profile::write_profile;
use crate::identity::{table as identity, Bearer, Company, ADMIN};
use crate::ids::CompanyId;
use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};
use time::OffsetDateTime;

/// `PATCH /company`: what changes; a blank `tax_id` or `billing_account` removes it.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CompanyPatch {
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<crate::domain::CompanyName>))]
    pub name: Option<String>,
    /// The CUIT, with or without dashes (its check digit must be right).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(example = "30-71234567-1", max_length = 32))]
    pub tax_id: Option<String>,
    /// Digits and dashes, up to 20.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(example = "0800-1234567", max_length = 20))]
    pub billing_account: Option<String>,
}

/// `GET /company`, `PATCH /company`.
#[derive(Debug, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CompanyProfile {
    pub id: CompanyId,
    pub name: String,
    /// `XX-XXXXXXXX-X`, or null.
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub tax_id: Option<String>,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub billing_account: Option<String>,
    #[serde(with = "time::serde::rfc3339")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub created_at: OffsetDateTime,
}

impl From<&Company> for CompanyProfile {
    fn from(c: &Company) -> Self {
        CompanyProfile {
            id: c.id.clone(),
            name: c.name.clone(),
            tax_id: c.tax_id.clone(),
            billing_account: c.billing_account.clone(),
            created_at: c.created_at,
        }
    }
}

/// What a patch changes (`Some(None)`: removed).
struct Edit {
    name: Option<String>,
    tax_id: Option<Option<String>>,
    billing_account: Option<Option<String>>,
}

fn parse(patch: CompanyPatch) -> AppResult<Edit> {
    if patch.name.is_none() && patch.tax_id.is_none() && patch.billing_account.is_none() {
        return Err(AppError::field("name", "Indicá qué cambia: name, tax_id o billing_account."));
    }
    let mut fields = Fields::new();
    let name = patch.name.map(|n| fields.take(CompanyName::parse(&n, "name").map(CompanyName::into_inner)));
    let tax_id = patch.tax_id.map(|t| fields.take(optional(&t, |t| TaxId::parse(t, "tax_id").map(TaxId::into_inner))));
    let billing_account = patch.billing_account.map(|b| fields.take(optional(&b, billing_account)));
    fields.finish(|| {
        Some(Edit {
            name: name.map(|n| n.ok_or(())).transpose().ok()?,
            tax_id: tax_id.map(|t| t.ok_or(())).transpose().ok()?,
            billing_account: billing_account.map(|b| b.ok_or(())).transpose().ok()?,
        })
    })
}

/// A blank value removes the field; anything else is parsed.
fn optional(raw: &str, parse: impl Fn(&str) -> Result<String, FieldError>) -> Result<Option<String>, FieldError> {
    match raw.trim() {
        "" => Ok(None),
        value => parse(value).map(Some),
    }
}

/// The telecom invoice's account number: digits and dashes, up to 20, at least one digit.
fn billing_account(raw: &str) -> Result<String, FieldError> {
    let valid = raw.len() <= 20 && raw.bytes().all(|b| b.is_ascii_digit() || b == b'-') && raw.bytes().any(|b| b.is_ascii_digit());
    if valid {
        Ok(raw.to_string())
    } else {
        Err(FieldError::new(
            "billing_account",
            "El número de cuenta de la factura tiene hasta 20 dígitos y guiones, por ejemplo 0800-1234567.",
        ))
    }
}

/// `GET /company`: read with the session check (one round trip).
pub async fn profile(app: &App, bearer: &Bearer) -> AppResult<CompanyProfile> {
    let (_, company) = bearer.with(app, ADMIN, identity::get_company(&app.db, bearer.company_id())).await?;
    Ok(CompanyProfile::from(&company.ok_or(AppError::Unauthorized)?))
}

/// `PATCH /company`: two round trips (the company with the session; the transaction). A patch
/// that changes nothing writes nothing.
pub async fn update_profile(app: &App, bearer: &Bearer, patch: AppResult<CompanyPatch>) -> AppResult<CompanyProfile> {
    let edit = bearer.admit(app, ADMIN, patch.and_then(parse)).await?;
    let (admin, company) = bearer.with(app, ADMIN, identity::get_company(&app.db, bearer.company_id())).await?;
    let before = company.ok_or(AppError::Unauthorized)?;
    let after = Company {
        name: edit.name.unwrap_or_else(|| before.name.clone()),
        tax_id: edit.tax_id.unwrap_or_else(|| before.tax_id.clone()),
        billing_account: edit.billing_account.unwrap_or_else(|| before.billing_account.clone()),
        ..before.clone()
    };
    let (from, to) = differences(&before, &after);
    if from.is_empty() {
        return Ok(CompanyProfile::from(&after));
    }
    let mut tx = Tx::new(AppError::Conflict);
    write_profile(&mut tx, &before, &after, AppError::Conflict);
    if let Some(rep) = &before.sales_rep_id {
        put_copy(&mut tx, rep, &RepCompany::from(&after))?;
    }
    let detail = json!({ "from": Value::Object(from), "to": Value::Object(to) });
    let entry = AuditEntry::new(app.now(), admin.user_id(), Action::CompanyUpdated, &before.id, detail);
    audit::record(&mut tx, &before.id, &entry)?;
    tx.commit(&app.db).await?;
    Ok(CompanyProfile::from(&after))
}

/// The profile fields that differ, as they were and as they are.
fn differences(before: &Company, after: &Company) -> (Map<String, Value>, Map<String, Value>) {
    let pairs = [
        ("name", json!(before.name), json!(after.name)),
        ("tax_id", json!(before.tax_id), json!(after.tax_id)),
        ("billing_account", json!(before.billing_account), json!(after.billing_account)),
    ];
    let (mut from, mut to) = (Map::new(), Map::new());
    for (field, was, is) in pairs.into_iter().filter(|(_, was, is)| was != is) {
        from.insert(field.into(), was);
        to.insert(field.into(), is);
    }
    (from, to)
}
