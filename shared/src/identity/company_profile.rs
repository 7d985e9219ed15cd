//! The company item's profile fields (name, CUIT, billing account) as its admins change them: the
//! write stays identity's, as every write of the company item does.

use super::keys;
use super::records::{Company, CompanyStatus};
use crate::db::{Expr, ToAttr, Tx};
use crate::domain::company_search_text;

/// Writes `after`'s name, CUIT and billing account over `before` (as read), with the text the
/// lists' searches match; refused (`changed`) when the company's CUIT, sales rep or status moved
/// meanwhile. An active company's CUIT counts move with it (duplicates stay flagged right).
pub fn write_profile<R>(tx: &mut Tx<R>, before: &Company, after: &Company, changed: R) {
    let fields = vec![
        ("tax_id", after.tax_id.clone().map(|t| t.to_attr())),
        ("billing_account", after.billing_account.clone().map(|a| a.to_attr())),
    ];
    let update = Expr::default()
        .name("#name", "name")
        .name("#search", "search")
        .value(":name", after.name.clone())
        .value(":search", company_search_text(&after.name, after.tax_id.as_deref()).to_attr())
        .set_or_remove(&["#name = :name", "#search = :search"], fields);
    tx.update(keys::company(&before.id), update).when(as_read(before), changed);
    if before.status == CompanyStatus::Active && before.tax_id != after.tax_id {
        super::table::count_tax_id(tx, before.tax_id.as_deref(), -1);
        super::table::count_tax_id(tx, after.tax_id.as_deref(), 1);
    }
}

/// The company still has the CUIT, sales rep and status it was read with.
fn as_read(company: &Company) -> Expr {
    let mut parts = vec!["attribute_exists(PK)", "#status = :status"];
    parts.push(if company.tax_id.is_some() { "tax_id = :read_tax" } else { "attribute_not_exists(tax_id)" });
    parts.push(if company.sales_rep_id.is_some() { "sales_rep_id = :read_rep" } else { "attribute_not_exists(sales_rep_id)" });
    let mut condition = Expr::new(parts.join(" AND ")).name("#status", "status").value(":status", company.status);
    if let Some(tax) = &company.tax_id {
        condition = condition.value(":read_tax", tax.clone());
    }
    if let Some(rep) = &company.sales_rep_id {
        condition = condition.value(":read_rep", rep.to_string());
    }
    condition
}
