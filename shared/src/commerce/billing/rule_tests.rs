//! The billing rule on fixed dates, and a property test: random histories of purchases, seat
//! changes and cancellations, written into month records the way the store writes them, billed by
//! the rule, against an independent day-by-day oracle that reads the raw history.

use super::*;
use crate::catalog::Duration as CouponDuration;
use crate::commerce::billing::record::{gap, SeatEvent, SeatEventKind, Terms};
use crate::commerce::subscription::SubscriptionDiscount;
use crate::domain::Month;
use crate::ids::{CompanyId, CouponCode};
use proptest::prelude::*;
use time::macros::datetime;
use time::OffsetDateTime;

fn terms(created: OffsetDateTime, trial_days: i64, discount: Option<SubscriptionDiscount>) -> Terms {
    Terms {
        subscription_id: SubscriptionId::new(),
        company_id: CompanyId::new(),
        product_id: ProductId::new(),
        product_name: "App".into(),
        plan_id: PlanId::parse("p").unwrap(),
        created_at: created,
        trial_ends_at: (trial_days > 0).then(|| created + Duration::days(trial_days)),
        discount,
    }
}

fn state(seats: u32, unit: i64) -> SeatState {
    SeatState { seats, monthly: Money::ars(unit * i64::from(seats)) }
}

fn event(at: OffsetDateTime, kind: SeatEventKind, after: SeatState) -> SeatEvent {
    SeatEvent::new(at, kind, after)
}

fn month(raw: &str) -> Month {
    Month::parse(raw).unwrap()
}

fn percent(bp: i64, duration: CouponDuration) -> SubscriptionDiscount {
    SubscriptionDiscount {
        code: CouponCode::parse("X").unwrap(),
        percent_off_bp: Some(bp),
        amount_off: None,
        duration,
        duration_in_months: None,
    }
}

#[test]
fn a_purchase_bills_from_its_day_and_a_quiet_month_bills_whole() {
    let t = terms(datetime!(2026-11-25 15:00 UTC), 0, None);
    let bought = MonthRecord {
        month: month("2026-11"),
        terms: t.clone(),
        opening: None,
        events: vec![event(t.created_at, SeatEventKind::Purchased, state(2, 1_000))],
    };
    let nov = charge(&bought).unwrap();
    // The 25th to the 30th: 6 days of 2 seats at 1.000 a month.
    assert_eq!((nov.seats, nov.seat_days, nov.billable_days, nov.days_in_month), (2, 12, 6, 30));
    assert_eq!((nov.subtotal.amount, nov.amount.amount, nov.unit_price), (400, 400, Some(Money::ars(1_000))));
    let dec = charge(&MonthRecord { month: month("2026-12"), terms: t.clone(), opening: Some(state(2, 1_000)), events: vec![] }).unwrap();
    assert_eq!((dec.seat_days, dec.amount.amount), (62, 2_000));
    assert!(charge(&MonthRecord { month: month("2026-10"), terms: t, opening: None, events: vec![] }).is_none());
}

#[test]
fn a_day_bills_its_peak_so_a_decrease_counts_from_the_next_day() {
    let t = terms(datetime!(2026-10-01 00:00 UTC), 0, None);
    let events = vec![
        event(datetime!(2026-11-10 09:00 UTC), SeatEventKind::Decreased, state(1, 3_000)),
        event(datetime!(2026-11-20 18:00 UTC), SeatEventKind::Increased, state(4, 3_000)),
        event(datetime!(2026-11-20 19:00 UTC), SeatEventKind::Decreased, state(2, 3_000)),
    ];
    let c = charge(&MonthRecord { month: month("2026-11"), terms: t, opening: Some(state(10, 3_000)), events }).unwrap();
    // 1st–10th: 10 seats (the 10th held 10 in its morning); 11th–19th: 1; 20th: 4; 21st–30th: 2.
    assert_eq!((c.seats, c.seat_days), (10, 10 * 10 + 9 + 4 + 2 * 10));
    assert_eq!(c.amount.amount, round_half_up(3_000 * 133, 30));
}

#[test]
fn a_cancellation_stops_billing_the_next_day_and_trials_are_free() {
    let t = terms(datetime!(2026-11-03 12:00 UTC), 10, None);
    let events = vec![
        event(t.created_at, SeatEventKind::Purchased, state(3, 900)),
        event(datetime!(2026-11-20 23:59:59 UTC), SeatEventKind::Cancelled, SeatState::NONE),
    ];
    let c = charge(&MonthRecord { month: month("2026-11"), terms: t, opening: None, events }).unwrap();
    // Live the 3rd to the 20th (18 days): the trial ends on the 13th, so the 3rd–12th are free.
    assert_eq!((c.trial_days_free, c.billable_days, c.seat_days), (10, 8, 24));
    assert_eq!(c.amount.amount, round_half_up(2_700 * 8, 30));
}

#[test]
fn coupons_apply_in_their_months_and_the_line_is_rounded_once() {
    let created = datetime!(2026-11-11 10:00 UTC);
    let once = terms(created, 0, Some(percent(2_000, CouponDuration::Once)));
    let bought = || vec![event(created, SeatEventKind::Purchased, state(1, 1_000))];
    let nov = charge(&MonthRecord { month: month("2026-11"), terms: once.clone(), opening: None, events: bought() }).unwrap();
    // 20 days of 1.000/30 = 666,67 → 667; less 20 %: 533,33 → 533; the discount is what is left.
    assert_eq!((nov.subtotal.amount, nov.amount.amount, nov.discount.amount), (667, 533, 134));
    let dec = charge(&MonthRecord { month: month("2026-12"), terms: once, opening: Some(state(1, 1_000)), events: vec![] }).unwrap();
    assert_eq!(dec.discount.amount, 0);
    let fixed = SubscriptionDiscount { percent_off_bp: None, amount_off: Some(Money::ars(5_000)), ..percent(0, CouponDuration::Forever) };
    let big = terms(created, 0, Some(fixed));
    let free = charge(&MonthRecord { month: month("2027-05"), terms: big, opening: Some(state(2, 1_000)), events: vec![] }).unwrap();
    assert_eq!((free.subtotal.amount, free.amount.amount), (2_000, 0));
}

#[test]
fn seats_bought_at_two_prices_have_no_single_unit_price() {
    let t = terms(datetime!(2026-10-01 00:00 UTC), 0, None);
    let mixed = SeatState { seats: 3, monthly: Money::ars(1_000 + 2 * 1_500) };
    let events = vec![event(datetime!(2026-11-16 00:00 UTC), SeatEventKind::Increased, mixed)];
    let c = charge(&MonthRecord { month: month("2026-11"), terms: t, opening: Some(state(1, 1_000)), events }).unwrap();
    assert_eq!(c.unit_price, None);
    assert_eq!(c.subtotal.amount, round_half_up(1_000 * 15 + 4_000 * 15, 30));
}

#[test]
fn rounding_is_half_up() {
    assert_eq!((round_half_up(5, 10), round_half_up(4, 10), round_half_up(15, 10), round_half_up(0, 7)), (1, 0, 2, 0));
    assert_eq!(round_half_up(1, 0), 0);
}

// ---- The property test ----

/// One change of a generated history: seconds after the previous one, and what it does.
#[derive(Debug, Clone)]
enum Step {
    Resize { seats: u32, unit: i64 },
    Cancel,
}

/// Month records as the store writes them: a record per month with an event, the quiet months in
/// between copied from the state they opened with.
fn write_records(t: &Terms, history: &[(OffsetDateTime, SeatEventKind, SeatState)]) -> Vec<MonthRecord> {
    let mut records: Vec<MonthRecord> = Vec::new();
    let mut current = SeatState::NONE;
    for (at, kind, after) in history {
        let now = Month::of(*at);
        let last = records.last().map(|r| r.month);
        for quiet in gap(last, now) {
            records.push(MonthRecord { month: quiet, terms: t.clone(), opening: Some(current), events: vec![] });
        }
        if last != Some(now) {
            let opening = (*kind != SeatEventKind::Purchased).then_some(current);
            records.push(MonthRecord { month: now, terms: t.clone(), opening, events: vec![] });
        }
        records.last_mut().unwrap().events.push(event(*at, *kind, *after));
        current = *after;
    }
    records
}

/// The oracle: for each day, the states held at its first instant and right after each change
/// inside it, read from the whole history; nothing shared with the rule but the definitions.
fn oracle(t: &Terms, history: &[(OffsetDateTime, SeatEventKind, SeatState)], m: Month) -> (u32, u64, i64) {
    let first = m.first_day().unwrap();
    let created = t.created_at;
    let months_since = (i64::from(first.year()) * 12 + first.month() as i64) - (i64::from(created.year()) * 12 + created.month() as i64);
    let (mut peak, mut seat_days, mut net) = (0u32, 0u64, 0i128);
    for offset in 0..i64::from(m.days()) {
        let day = first + Duration::days(offset);
        let start = day.midnight().assume_utc();
        let end = start + Duration::days(1);
        let at_start = history.iter().rev().find(|(at, _, _)| *at <= start).map_or(SeatState::NONE, |h| h.2);
        let inside = history.iter().filter(|(at, _, _)| *at > start && *at < end).map(|h| h.2);
        let seats = inside.clone().map(|s| s.seats).chain([at_start.seats]).max().unwrap();
        let price = inside.map(|s| s.monthly.amount).chain([at_start.monthly.amount]).max().unwrap() as i128;
        if seats == 0 {
            continue;
        }
        peak = peak.max(seats);
        if t.trial_ends_at.is_some_and(|end| day < end.date()) {
            continue;
        }
        seat_days += u64::from(seats);
        let discounted = match &t.discount {
            Some(d) if d.months().is_none_or(|n| months_since < i64::from(n)) => match (d.percent_off_bp, d.amount_off) {
                (Some(bp), _) => price * (10_000 - i128::from(bp)),
                (None, Some(off)) => (price - i128::from(off.amount).min(price)) * 10_000,
                _ => price * 10_000,
            },
            _ => price * 10_000,
        };
        net += discounted;
    }
    let denominator = 10_000 * i128::from(m.days());
    (peak, seat_days, ((2 * net + denominator) / (2 * denominator)) as i64)
}

fn steps() -> impl Strategy<Value = Vec<(i64, Step)>> {
    let step = prop_oneof![
        8 => (1u32..=60, prop_oneof![Just(1_000i64), Just(1_299), 1i64..=9_999_999]).prop_map(|(seats, unit)| Step::Resize { seats, unit }),
        1 => Just(Step::Cancel),
    ];
    prop::collection::vec((1i64..=40 * 86_400, step), 0..25)
}

fn discounts() -> impl Strategy<Value = Option<SubscriptionDiscount>> {
    let duration = prop_oneof![Just(CouponDuration::Once), Just(CouponDuration::Repeating), Just(CouponDuration::Forever)];
    prop_oneof![
        Just(None),
        (1i64..=10_000, duration.clone(), 1u32..=3).prop_map(|(bp, duration, months)| Some(SubscriptionDiscount {
            duration_in_months: (duration == CouponDuration::Repeating).then_some(months),
            ..percent(bp, duration)
        })),
        (1i64..=50_000_000, duration).prop_map(|(off, duration)| Some(SubscriptionDiscount {
            percent_off_bp: None,
            amount_off: Some(Money::ars(off)),
            duration_in_months: (duration == CouponDuration::Repeating).then_some(2),
            ..percent(0, duration)
        })),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn the_rule_agrees_with_a_day_by_day_oracle(
        start in 0i64..(400 * 86_400),
        seats in 1u32..=60,
        unit in 1i64..=9_999_999,
        trial_days in prop_oneof![Just(0i64), 1i64..=45],
        discount in discounts(),
        changes in steps(),
    ) {
        let created = datetime!(2026-01-01 00:00 UTC) + Duration::seconds(start);
        let t = terms(created, trial_days, discount);
        let mut history = vec![(created, SeatEventKind::Purchased, state(seats, unit))];
        let (mut at, mut lots) = (created, vec![(seats, unit)]);
        for (gap_seconds, step) in changes {
            at += Duration::seconds(gap_seconds);
            let held: u32 = lots.iter().map(|l| l.0).sum();
            let (kind, after) = match step {
                Step::Cancel => (SeatEventKind::Cancelled, SeatState::NONE),
                Step::Resize { seats, .. } if seats == held => continue,
                Step::Resize { seats, unit } if seats > held => {
                    lots.push((seats - held, unit));
                    (SeatEventKind::Increased, lots_state(&lots))
                }
                Step::Resize { seats, .. } => {
                    shrink(&mut lots, held - seats);
                    (SeatEventKind::Decreased, lots_state(&lots))
                }
            };
            history.push((at, kind, after));
            if kind == SeatEventKind::Cancelled {
                break;
            }
        }
        let records = write_records(&t, &history);
        let last = records.last().unwrap().month;
        let final_state = history.last().unwrap().2;
        for m in Month::of(created).through(last.next().next()) {
            // A month after the last record is read from the subscription as it stands.
            let record = records.iter().find(|r| r.month == m).cloned().unwrap_or(MonthRecord {
                month: m, terms: t.clone(), opening: Some(final_state), events: vec![],
            });
            let (peak, seat_days, amount) = oracle(&t, &history, m);
            match charge(&record) {
                Some(c) => prop_assert_eq!((c.seats, c.seat_days, c.amount.amount), (peak, seat_days, amount), "{}", m),
                None => prop_assert_eq!(peak, 0, "{}", m),
            }
        }
    }
}

fn lots_state(lots: &[(u32, i64)]) -> SeatState {
    SeatState { seats: lots.iter().map(|l| l.0).sum(), monthly: Money::ars(lots.iter().map(|l| i64::from(l.0) * l.1).sum()) }
}

fn shrink(lots: &mut Vec<(u32, i64)>, mut by: u32) {
    while by > 0 {
        let Some(last) = lots.last_mut() else { return };
        let taken = by.min(last.0);
        last.0 -= taken;
        by -= taken;
        if last.0 == 0 {
            lots.pop();
        }
    }
}
