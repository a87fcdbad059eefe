//! The demo (`cargo run --example demo`), run in-process: its steps succeed and its report
//! shows the expected outcomes.

use crate::scenario;
use crate::shop;

fn keys(items: &[smartweb_rackbeat::report::ItemOutcome]) -> Vec<String> {
    let mut keys: Vec<String> = items.iter().map(|i| i.key.clone()).collect();
    keys.sort();
    keys
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn demo_runs_every_step_with_the_expected_outcomes() {
    let mut out = Vec::new();
    let run = scenario::run_demo(&mut out).await.expect("the demo runs");
    let text = String::from_utf8(out).unwrap();

    let check = run.report(scenario::CHECK).unwrap();
    assert!(check.failed.is_empty(), "{}", check.render_table());

    let import = run.report(scenario::IMPORT).unwrap();
    assert_eq!(
        import.created.len(),
        shop::TRANSFERABLE_ORDERS,
        "{}",
        import.render_table()
    );
    assert_eq!(import.failed.len(), 1);
    let failure = &import.failed[0];
    assert_eq!(failure.key, shop::UNMAPPABLE_ORDER.to_string());
    assert!(
        failure.detail.contains("has no item number"),
        "{}",
        failure.detail
    );
    let credit = import
        .created
        .iter()
        .find(|c| c.key == shop::CREDIT_NOTE_ORDER.to_string())
        .expect("the credit note is transferred");
    assert!(credit.detail.contains("net -"), "{}", credit.detail);

    let products = run.report(scenario::PRODUCTS).unwrap();
    let mut new = shop::NEW_IN_RACKBEAT.map(str::to_owned).to_vec();
    new.sort();
    assert_eq!(keys(&products.created), new);
    let mut repriced = shop::REPRICED_IN_RACKBEAT.map(str::to_owned).to_vec();
    repriced.sort();
    assert_eq!(keys(&products.updated), repriced);
    assert!(products.failed.is_empty());

    let stock = run.report(scenario::STOCK).unwrap();
    assert!(!stock.updated.is_empty());
    assert!(stock.failed.is_empty(), "{}", stock.render_table());
    assert_eq!(run.smartweb_stock_writes, stock.updated.len());

    assert_eq!(run.webhook_reply.status, 202, "{:?}", run.webhook_reply);
    let webhook = run.report(scenario::WEBHOOK).unwrap();
    assert_eq!(
        keys(&webhook.created),
        vec![shop::WEBHOOK_ORDER.to_string()]
    );
    assert!(
        webhook
            .warnings
            .iter()
            .any(|w| w.contains("duplicate delivery ignored"))
    );

    let again = run.report(scenario::REIMPORT).unwrap();
    assert!(
        again.created.is_empty(),
        "a rerun creates nothing: {}",
        again.render_table()
    );
    assert_eq!(
        keys(&again.failed),
        vec![shop::UNMAPPABLE_ORDER.to_string()]
    );

    assert_eq!(run.rackbeat_orders, shop::TRANSFERABLE_ORDERS + 1);
    assert_eq!(run.rackbeat_booked, run.rackbeat_orders);

    for line in [
        "1. Settings check",
        "6. Order import again",
        "created  order  1033",
        "failed   order  1027  cannot be mapped",
        "Summary",
        "Rackbeat now holds 32 orders (32 booked)",
        "Still failing",
    ] {
        assert!(text.contains(line), "missing {line:?} in:\n{text}");
    }
}
