//! Unit tests of `tx.rs`: refusals by position, repeated keys, placeholders.

use super::*;

#[derive(Debug, PartialEq)]
enum Why {
    Changed,
    Taken,
    Last,
}

fn tx() -> Tx<Why> {
    let mut tx = Tx::new(Why::Changed);
    tx.update(Key::new("C", "META"), Expr::new("ADD n :d").value(":d", -1)).when(Expr::new("n > :one").value(":one", 1), Why::Last);
    tx.put(Item::new()).when_fallback(Expr::new("version = :v").value(":v", 3));
    tx.put(Item::new()).unless_exists(Why::Taken);
    tx
}

#[test]
fn the_first_failed_write_with_a_meaning_names_the_refusal() {
    assert_eq!(tx().refusal(&[false, false, true]), Why::Taken);
    assert_eq!(tx().refusal(&[true, false, true]), Why::Last);
    assert_eq!(tx().refusal(&[false, true, true]), Why::Taken);
    assert_eq!(tx().refusal(&[false, true, false]), Why::Changed);
    assert_eq!(tx().refusal(&[]), Why::Changed);
}

#[test]
fn a_key_named_twice_is_caught_before_dynamodb_refuses_it() {
    let mut t = Tx::new(Why::Changed);
    t.update(Key::new("C", "SUB#1"), Expr::new("SET a = :a").value(":a", 1)).always();
    assert!(t.repeated_key().is_none());
    t.delete(Key::new("C", "SUB#1")).always();
    assert_eq!(t.repeated_key(), Some(("C".into(), "SUB#1".into())));
}

#[test]
fn every_write_builds_with_its_placeholders() {
    let t = tx();
    assert_eq!(t.len(), 3);
    for w in &t.writes {
        w.build("table").unwrap();
    }
}
