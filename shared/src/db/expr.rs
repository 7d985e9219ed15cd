//! Condition and update expressions with their placeholders, built together so a value can't be
//! forgotten or misnamed: `Expr::new("seats_assigned < seats AND #s = :live").name("#s", "status")
//! .value(":live", SubscriptionStatus::Active)` (a status binds as the string its enum stores).

use super::entity::StoredStr;
use super::item::Item;
use crate::error::{AppError, AppResult};
use aws_sdk_dynamodb::types::AttributeValue;
use serde::Serialize;
use std::collections::HashMap;

/// A value an expression can bind.
pub trait ToAttr {
    fn to_attr(&self) -> AttributeValue;
}

impl ToAttr for &str {
    fn to_attr(&self) -> AttributeValue {
        AttributeValue::S((*self).to_string())
    }
}

impl ToAttr for String {
    fn to_attr(&self) -> AttributeValue {
        AttributeValue::S(self.clone())
    }
}

impl ToAttr for bool {
    fn to_attr(&self) -> AttributeValue {
        AttributeValue::Bool(*self)
    }
}

impl ToAttr for AttributeValue {
    fn to_attr(&self) -> AttributeValue {
        self.clone()
    }
}

/// An entity tag or a status binds as the string it is stored as.
impl<T: StoredStr> ToAttr for T {
    fn to_attr(&self) -> AttributeValue {
        AttributeValue::S(T::stored_str(*self).to_string())
    }
}

macro_rules! number_attr {
    ($($t:ty),*) => {$(
        impl ToAttr for $t {
            fn to_attr(&self) -> AttributeValue {
                AttributeValue::N(self.to_string())
            }
        }
    )*};
}
number_attr!(i32, i64, u32, u64, usize);

/// Any serialisable value as an attribute (a map for a struct, a string for an id, …).
pub fn attr<T: Serialize>(value: &T) -> AppResult<AttributeValue> {
    serde_dynamo::to_attribute_value(value).map_err(|e| AppError::internal_at("a value as a DynamoDB attribute", e))
}

/// An expression with its attribute names and values.
#[derive(Debug, Clone, Default)]
pub struct Expr {
    text: String,
    names: HashMap<String, String>,
    values: Item,
}

impl Expr {
    pub fn new(text: impl Into<String>) -> Expr {
        Expr { text: text.into(), ..Expr::default() }
    }

    /// The same placeholders with another text (for expressions assembled from parts).
    pub fn with_text(mut self, text: impl Into<String>) -> Expr {
        self.text = text.into();
        self
    }

    /// Binds `#alias` to an attribute name (for reserved words such as `status`).
    pub fn name(mut self, alias: &str, attribute: &str) -> Expr {
        self.names.insert(alias.to_string(), attribute.to_string());
        self
    }

    /// Binds `:placeholder` to a value.
    pub fn value(mut self, placeholder: &str, value: impl ToAttr) -> Expr {
        self.values.insert(placeholder.to_string(), value.to_attr());
        self
    }

    /// `attribute_not_exists(PK)`: the item must be new.
    pub fn absent() -> Expr {
        Expr::new("attribute_not_exists(PK)")
    }

    /// `attribute_exists(PK)`: the item must be there.
    pub fn present() -> Expr {
        Expr::new("attribute_exists(PK)")
    }

    /// `attribute` contains every one of `words` (a search's filter; see `domain::search`).
    pub fn contains_all(attribute: &str, words: &[String]) -> Expr {
        let text = (0..words.len()).map(|i| format!("contains(#search, :w{i})")).collect::<Vec<_>>().join(" AND ");
        words.iter().enumerate().fold(Expr::new(text).name("#search", attribute), |e, (i, w)| e.value(&format!(":w{i}"), w.as_str()))
    }

    /// An update that, beside the `SET` clauses in `sets` (their placeholders already bound on
    /// `self`), sets each of `fields` that has a value (as `name = :name`) and removes each that
    /// has none.
    pub fn set_or_remove(mut self, sets: &[&str], fields: Vec<(&str, Option<AttributeValue>)>) -> Expr {
        let mut sets: Vec<String> = sets.iter().map(|s| s.to_string()).collect();
        let mut removes = Vec::new();
        for (name, value) in fields {
            match value {
                Some(value) => {
                    sets.push(format!("{name} = :{name}"));
                    self = self.value(&format!(":{name}"), value);
                }
                None => removes.push(name),
            }
        }
        let mut text = String::new();
        if !sets.is_empty() {
            text.push_str(&format!("SET {}", sets.join(", ")));
        }
        if !removes.is_empty() {
            text.push_str(&format!(" REMOVE {}", removes.join(", ")));
        }
        self.with_text(text.trim())
    }

    /// Joins two conditions with `AND` (their placeholders must not clash).
    pub fn and(mut self, other: Expr) -> Expr {
        self.text = format!("({}) AND ({})", self.text, other.text);
        self.names.extend(other.names);
        self.values.extend(other.values);
        self
    }

    pub(crate) fn into_parts(self) -> (String, HashMap<String, String>, Item) {
        (self.text, self.names, self.values)
    }
}
