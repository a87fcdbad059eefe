//! The report texts of the transfer: every line the engine prints about one order comes from
//! here, so the words and the decisions stay together.

use chrono::{DateTime, Utc};

/// `2026-01-01 12:03:00 UTC`.
pub(super) fn when(at: DateTime<Utc>) -> String {
    at.format("%Y-%m-%d %H:%M:%S UTC").to_string()
}

pub(super) fn already_linked(number: u64) -> String {
    format!("already transferred as Rackbeat order {number}")
}

pub(super) fn held_by_other(until: DateTime<Utc>, claimed_at: DateTime<Utc>) -> String {
    format!(
        "held until {}, because another run claimed it at {} and has not finished: it is \
         working on it, or its create ended without an answer and Rackbeat may still finish \
         that write; once the claim ends the order is looked up in Rackbeat before anything is \
         created again",
        when(until),
        when(claimed_at)
    )
}

pub(super) fn held_by_check(until: DateTime<Utc>) -> String {
    format!(
        "held until {}, because another run is making the first order on this Rackbeat \
         account, which shows whether Rackbeat keeps the reference; orders are created one at \
         a time until that is known (`sync probe --write` settles it beforehand)",
        when(until)
    )
}

pub(super) fn taken_over() -> String {
    "held by another run, which took the order over while this run worked on it (this run's \
     claim had run out); that run finishes it"
        .to_owned()
}

pub(super) fn state_store(message: &str) -> String {
    format!("state store: {message}")
}

pub(super) fn look_up_failed(reference: &str, message: &str) -> String {
    format!(
        "looking up {reference} in Rackbeat failed ({message}); it is looked up again on the \
         next run before anything is created"
    )
}

pub(super) fn refused(message: &str) -> String {
    format!("Rackbeat refused the order: {message}")
}

pub(super) fn held_after_unsure(
    reference: &str,
    until: DateTime<Utc>,
    message: &str,
    key_confirmed: bool,
) -> String {
    let mut text = format!(
        "held until {}, because creating it ended without a definite answer ({message}) and \
         Rackbeat may still finish that write; it is looked up by {reference} then, before \
         anything is created again",
        when(until)
    );
    if !key_confirmed {
        text.push_str(NO_KEY_YET);
    }
    text
}

const NO_KEY_YET: &str = "; no duplicate key is confirmed on this Rackbeat account yet, so \
     until one is, an order that is not found stays held (run `sync probe --write`)";

pub(super) fn held_unconfirmed(reference: &str) -> String {
    format!(
        "held until this Rackbeat account's duplicate key is confirmed, because an earlier \
         attempt may have created it and {reference} was not found, which proves nothing while \
         it is unknown whether Rackbeat keeps the reference; run `sync probe --write` to \
         confirm it (or make an order by hand and link it)"
    )
}

pub(super) fn no_key_possible() -> String {
    "no order is created: Rackbeat keeps neither `other_reference` nor the heading on this \
     account (the probe refuted both), so an order whose create answer is lost could not be \
     found again and might be created twice; run `sync probe --write` to check the account \
     again"
        .to_owned()
}

pub(super) fn stopped_no_echo(number: u64, field: &str, sent: &str, got: Option<&str>) -> String {
    format!(
        "Rackbeat's answer to creating order {number} did not return `{field}` as sent \
         ({sent:?}, got {}), so a lost create answer could not be found by it: this run \
         creates no more orders; run `sync probe --write` to check the account",
        got.map_or_else(|| "nothing".to_owned(), |g| format!("{g:?}"))
    )
}

pub(super) fn created(
    number: u64,
    reference: &str,
    lines: usize,
    net: &str,
    booked: bool,
) -> String {
    format!(
        "Rackbeat order {number} ({reference}), {lines} lines, net {net}, {}",
        state(booked)
    )
}

pub(super) fn recovered(number: u64, reference: &str, booked: bool) -> String {
    format!(
        "found Rackbeat order {number} ({reference}) from an earlier attempt; {}",
        state(booked)
    )
}

fn state(booked: bool) -> &'static str {
    if booked { "booked" } else { "draft" }
}

pub(super) fn found_after_unsure(reference: &str, message: &str) -> String {
    format!("its create answer was lost ({message}) and it was found by {reference}")
}

pub(super) fn left_draft(number: u64, why: &str) -> String {
    format!("left Rackbeat order {number} a draft: {why}")
}

pub(super) fn read_back_failed(message: &str) -> String {
    format!("reading it back to check its totals failed ({message})")
}

pub(super) fn booking_failed(number: u64, message: &str) -> String {
    format!("Rackbeat order {number} was created but booking failed: {message}")
}

pub(super) fn link_conflict(number: u64, message: &str) -> String {
    format!("Rackbeat order {number} exists but another link is recorded: {message}")
}

pub(super) fn link_not_saved(number: u64, message: &str) -> String {
    format!(
        "Rackbeat order {number} exists but the link could not be saved ({message}); a later \
         run finds it by its reference and links it"
    )
}

pub(super) fn duplicates(reference: &str, numbers: &[u64], kept: u64) -> String {
    let list: Vec<String> = numbers.iter().map(u64::to_string).collect();
    format!(
        "Rackbeat holds {} orders for {reference}: {}; kept {kept}",
        numbers.len(),
        list.join(", ")
    )
}

pub(super) fn deleted_extra(number: u64) -> String {
    format!("deleted the extra draft {number}")
}

pub(super) fn booked_extra(number: u64) -> String {
    format!("{number} is booked and was left for a person to cancel")
}

pub(super) fn delete_failed(number: u64, message: &str) -> String {
    format!("deleting the extra draft {number} failed ({message})")
}

pub(super) fn failure_not_recorded(message: &str) -> String {
    format!("could not record the failure: {message}")
}

pub(super) fn not_confirmed(reference: &str) -> String {
    format!(
        "the order's create answer returned {reference}, but a look-up did not find it; \
         Rackbeat's duplicate key stays unconfirmed"
    )
}

pub(super) fn unexpected(outcome: &str) -> String {
    format!("internal error: the transfer got an answer it did not ask for ({outcome})")
}
