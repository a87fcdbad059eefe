//! A customer the state store's index remembers but Rackbeat no longer knows: dropped, looked
//! up again, and the order created once more; never a second retry, never for a customer
//! Rackbeat itself named in the same transfer.

use chrono::Duration;

use super::io::{Action, Failure, Outcome, VerdictKind};
use super::key::SeenOrder;
use super::machine::{Job, Policy, TransferOrder};
use super::sim::{order, start_time};
use crate::facts::{AccountFacts, Assumption, Finding, Verdict as FactVerdict};

/// An account whose duplicate key is confirmed (`other_reference`, searchable), so a create
/// needs no reference check.
fn job() -> Job {
    let given = |a| {
        Finding::new(
            a,
            FactVerdict::Confirmed,
            "given",
            start_time() - Duration::days(30),
        )
    };
    Job::new(
        AccountFacts::from_findings(vec![
            given(Assumption::ReferenceKept),
            given(Assumption::ReferenceSearchable),
        ]),
        Policy::DEFAULT,
    )
}

/// The create answer Rackbeat gives for `order` as order `number`.
fn created(order: &TransferOrder, number: u64) -> Outcome {
    Outcome::Order(SeenOrder {
        number,
        other_reference: Some(order.reference().to_owned()),
        heading: Some(order.draft.heading.clone()),
        ..SeenOrder::default()
    })
}

/// Drives one transfer: answers each action with the next scripted outcome for it (by
/// `answer`), and returns every action issued, the `Done` last.
fn drive(order: &TransferOrder, mut answer: impl FnMut(&Action) -> Outcome) -> Vec<Action> {
    let mut job = job();
    let mut transfer = job.transfer(order.clone());
    let mut now = start_time();
    let mut action = transfer.start(now);
    let mut actions = Vec::new();
    loop {
        actions.push(action.clone());
        if matches!(action, Action::Done(_)) || actions.len() > 40 {
            return actions;
        }
        let outcome = match &action {
            Action::Claim { .. } => Outcome::Claimed { attempt: 1 },
            Action::LookUp { .. } => Outcome::Found(Vec::new()),
            Action::Extend { .. }
            | Action::ForgetCustomer { .. }
            | Action::RecordLink { .. }
            | Action::RecordFailure { .. }
            | Action::ClearFailure
            | Action::Release => Outcome::Done,
            other => answer(other),
        };
        now += Duration::seconds(1);
        action = transfer.handle(outcome, now);
    }
}

fn creates(actions: &[Action]) -> Vec<u64> {
    actions
        .iter()
        .filter_map(|a| match a {
            Action::CreateDraft { customer } => Some(*customer),
            _ => None,
        })
        .collect()
}

fn verdict(actions: &[Action]) -> &super::io::Verdict {
    match actions.last() {
        Some(Action::Done(verdict)) => verdict,
        other => panic!("the transfer did not end: {other:?}"),
    }
}

const REFUSED: &str = "customer_id: The selected Customer is invalid.";

#[test]
fn a_stale_remembered_customer_is_dropped_looked_up_and_the_order_created_once_more() {
    let order = order(1042, false);
    let mut resolves = 0;
    let actions = drive(&order, |action| match action {
        Action::ResolveCustomer => {
            resolves += 1;
            if resolves == 1 {
                Outcome::RememberedCustomer(41)
            } else {
                Outcome::Customer(42)
            }
        }
        Action::CreateDraft { customer: 41 } => Outcome::UnknownCustomer(REFUSED.into()),
        Action::CreateDraft { .. } => created(&order, 5001),
        other => panic!("unexpected {other:?}"),
    });
    assert_eq!(creates(&actions), [41, 42]);
    let forget = actions
        .iter()
        .position(|a| *a == Action::ForgetCustomer { customer: 41 })
        .expect("the stale entry is dropped");
    let second_resolve = actions
        .iter()
        .rposition(|a| *a == Action::ResolveCustomer)
        .unwrap();
    assert!(forget < second_resolve, "{actions:#?}");
    // The retried create is covered by a fresh lease, like the first.
    assert!(matches!(
        actions.get(second_resolve + 1),
        Some(Action::Extend { .. })
    ));
    assert!(actions.contains(&Action::RecordLink {
        number: 5001,
        booked: false
    }));
    let verdict = verdict(&actions);
    assert_eq!(verdict.kind, VerdictKind::Created);
    assert_eq!(verdict.number, Some(5001));
    assert!(
        verdict.warnings.iter().any(|w| w.contains("customer 41")),
        "{:?}",
        verdict.warnings
    );
}

#[test]
fn a_remembered_customer_refused_twice_fails_the_order_after_one_retry() {
    let order = order(1042, false);
    let actions = drive(&order, |action| match action {
        Action::ResolveCustomer => Outcome::RememberedCustomer(41),
        Action::CreateDraft { .. } => Outcome::UnknownCustomer(REFUSED.into()),
        other => panic!("unexpected {other:?}"),
    });
    assert_eq!(creates(&actions), [41, 41], "one retry, never more");
    let verdict = verdict(&actions);
    assert_eq!(verdict.kind, VerdictKind::Failed);
    assert!(verdict.detail.contains(REFUSED), "{}", verdict.detail);
    assert!(actions.contains(&Action::Release));
    assert!(
        actions
            .iter()
            .any(|a| matches!(a, Action::RecordFailure { .. }))
    );
}

#[test]
fn a_customer_rackbeat_named_now_is_not_retried() {
    let order = order(1042, false);
    let actions = drive(&order, |action| match action {
        Action::ResolveCustomer => Outcome::Customer(42),
        Action::CreateDraft { .. } => Outcome::UnknownCustomer(REFUSED.into()),
        other => panic!("unexpected {other:?}"),
    });
    assert_eq!(creates(&actions), [42]);
    assert!(
        !actions
            .iter()
            .any(|a| matches!(a, Action::ForgetCustomer { .. }))
    );
    assert_eq!(verdict(&actions).kind, VerdictKind::Failed);
}

#[test]
fn another_refusal_of_a_remembered_customer_keeps_its_entry() {
    let order = order(1042, false);
    let actions = drive(&order, |action| match action {
        Action::ResolveCustomer => Outcome::RememberedCustomer(41),
        Action::CreateDraft { .. } => {
            Outcome::Failed(Failure::rejected("lines.0.item_id: Product needed"))
        }
        other => panic!("unexpected {other:?}"),
    });
    assert_eq!(creates(&actions), [41]);
    assert!(
        !actions
            .iter()
            .any(|a| matches!(a, Action::ForgetCustomer { .. }))
    );
    assert_eq!(verdict(&actions).kind, VerdictKind::Failed);
}
