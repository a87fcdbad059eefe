use proptest::prelude::*;
use rust_decimal::Decimal;
use rust_decimal_macros::dec;

use super::*;

fn settings() -> Settings {
    Settings {
        smartweb_category_id: Some(10),
        product_group: Some(7),
        ..Settings::default()
    }
}

fn ctx(s: &Settings, with_vat: bool) -> ProductContext<'_> {
    ProductContext {
        settings: s,
        product_prices_with_vat: with_vat,
    }
}

fn rb(number: &str, name: &str, net: Decimal) -> RbProductView {
    RbProductView {
        number: number.into(),
        name: name.into(),
        sales_price: Some(net),
        vat_percent: Some(dec!(25)),
        ..RbProductView::default()
    }
}

fn sw(id: u64, item: &str, title: &str, price: Decimal) -> SwProductView {
    SwProductView {
        id: Some(id),
        item_number: item.into(),
        title: title.into(),
        price: Some(price),
        status: true,
        vat_percent: Some(dec!(25)),
        ..SwProductView::default()
    }
}

/// Applies a plan to both catalogues, as the engine would.
fn apply(plan: &ProductPlan, rackbeat: &mut Vec<RbProductView>, smartweb: &mut Vec<SwProductView>) {
    fn set<T: Clone>(target: &mut T, value: &Option<T>) {
        if let Some(v) = value {
            *target = v.clone();
        }
    }
    fn set_opt<T: Clone>(target: &mut Option<T>, value: &Option<T>) {
        if value.is_some() {
            target.clone_from(value);
        }
    }
    for action in &plan.actions {
        match action {
            ProductAction::CreateSmartweb(d) => smartweb.push(SwProductView {
                id: None,
                item_number: d.item_number.clone(),
                title: d.title.clone(),
                description: d.description.clone(),
                price: Some(d.price),
                buying_price: d.buying_price,
                weight: d.weight,
                ean: d.ean.clone(),
                status: d.status,
                vat_percent: Some(d.vat_percent),
                category_id: Some(d.category_id),
                variants: vec![],
            }),
            ProductAction::UpdateSmartwebProduct {
                item_number,
                changes: c,
                ..
            } => {
                let p = smartweb
                    .iter_mut()
                    .find(|p| p.item_number.trim() == item_number)
                    .unwrap();
                set(&mut p.title, &c.title);
                set(&mut p.description, &c.description);
                set_opt(&mut p.price, &c.price);
                set_opt(&mut p.buying_price, &c.buying_price);
                set_opt(&mut p.weight, &c.weight);
                set(&mut p.ean, &c.ean);
                set(&mut p.status, &c.status);
            }
            ProductAction::UpdateSmartwebVariant {
                item_number,
                changes: c,
                ..
            } => {
                let v = smartweb
                    .iter_mut()
                    .flat_map(|p| p.variants.iter_mut())
                    .find(|v| v.item_number.trim() == item_number)
                    .unwrap();
                set_opt(&mut v.price, &c.price);
                set_opt(&mut v.buying_price, &c.buying_price);
                set_opt(&mut v.weight, &c.weight);
                set(&mut v.ean, &c.ean);
                set(&mut v.status, &c.status);
            }
            ProductAction::CreateRackbeat(d) => rackbeat.push(RbProductView {
                number: d.number.clone(),
                name: d.name.clone(),
                description: d.description.clone(),
                sales_price: Some(d.sales_price),
                cost_price: d.cost_price,
                barcode: d.barcode.clone(),
                weight: d.weight,
                group: Some(d.group),
                is_barred: false,
                vat_percent: None,
            }),
            ProductAction::UpdateRackbeat { number, changes: c } => {
                let p = rackbeat
                    .iter_mut()
                    .find(|p| p.number.trim() == number)
                    .unwrap();
                set(&mut p.name, &c.name);
                set(&mut p.description, &c.description);
                set_opt(&mut p.sales_price, &c.sales_price);
                set_opt(&mut p.cost_price, &c.cost_price);
                set(&mut p.barcode, &c.barcode);
                set_opt(&mut p.weight, &c.weight);
            }
            ProductAction::Skip { .. } => {}
        }
    }
}

#[test]
fn rackbeat_source_creates_updates_and_leaves_unchanged_alone() {
    let s = settings();
    let rackbeat = vec![
        rb("A", "Alpha", dec!(80)),
        rb("B", "Beta", dec!(100)),
        rb("C", "Gamma", dec!(40)),
    ];
    let smartweb = vec![
        sw(1, "A", "Alpha", dec!(100)),
        sw(2, "B", "Beta old", dec!(100)),
    ];
    let plan = plan_products(
        ProductSource::Rackbeat,
        &rackbeat,
        &smartweb,
        &ctx(&s, true),
    );
    assert_eq!(
        plan.actions,
        [
            ProductAction::UpdateSmartwebProduct {
                id: Some(2),
                item_number: "B".into(),
                changes: SwProductChanges {
                    title: Some("Beta".into()),
                    price: Some(dec!(125)),
                    ..SwProductChanges::default()
                },
            },
            ProductAction::CreateSmartweb(SwProductDraft {
                item_number: "C".into(),
                title: "Gamma".into(),
                description: String::new(),
                price: dec!(50),
                buying_price: None,
                weight: None,
                ean: String::new(),
                category_id: 10,
                vat_percent: dec!(25),
                status: true,
            }),
        ]
    );
}

#[test]
fn net_prices_when_shop_prices_exclude_vat() {
    let s = settings();
    let plan = plan_products(
        ProductSource::Rackbeat,
        &[rb("A", "Alpha", dec!(80))],
        &[sw(1, "A", "Alpha", dec!(100))],
        &ctx(&s, false),
    );
    let ProductAction::UpdateSmartwebProduct { changes, .. } = &plan.actions[0] else {
        panic!("{plan:?}");
    };
    assert_eq!(changes.price, Some(dec!(80)));
}

#[test]
fn barred_products_go_offline_and_are_never_created() {
    let s = settings();
    let mut a = rb("A", "Alpha", dec!(80));
    a.is_barred = true;
    let mut c = rb("C", "Gamma", dec!(80));
    c.is_barred = true;
    let plan = plan_products(
        ProductSource::Rackbeat,
        &[a, c],
        &[sw(1, "A", "Alpha", dec!(100))],
        &ctx(&s, true),
    );
    assert_eq!(
        plan.actions,
        [
            ProductAction::UpdateSmartwebProduct {
                id: Some(1),
                item_number: "A".into(),
                changes: SwProductChanges {
                    status: Some(false),
                    ..SwProductChanges::default()
                },
            },
            ProductAction::Skip {
                item_number: "C".into(),
                reason: ProductSkip::BarredNotCreated,
            },
        ]
    );
}

#[test]
fn variants_are_updated_by_their_item_number() {
    let s = settings();
    let mut parent = sw(1, "TEE", "T-shirt", dec!(100));
    parent.variants = vec![
        SwVariantView {
            id: Some(11),
            item_number: "TEE-RED".into(),
            title: "Red".into(),
            status: true,
            ..SwVariantView::default()
        },
        SwVariantView {
            id: Some(12),
            item_number: "TEE-BLUE".into(),
            title: "Blue".into(),
            status: true,
            ..SwVariantView::default()
        },
    ];
    let rackbeat = [
        rb("TEE-RED", "Red tee", dec!(80)),
        rb("TEE-BLUE", "Blue tee", dec!(96)),
    ];
    let plan = plan_products(
        ProductSource::Rackbeat,
        &rackbeat,
        &[parent],
        &ctx(&s, true),
    );
    // Red inherits 100 gross = 80 net: unchanged. Blue: 96 net = 120 gross.
    assert_eq!(
        plan.actions,
        [ProductAction::UpdateSmartwebVariant {
            product_id: Some(1),
            variant_id: Some(12),
            item_number: "TEE-BLUE".into(),
            changes: SwProductChanges {
                price: Some(dec!(120)),
                ..SwProductChanges::default()
            },
        }]
    );
}

#[test]
fn smartweb_source_creates_net_rackbeat_products_from_variants() {
    let s = settings();
    let mut parent = sw(1, "TEE", "T-shirt", dec!(100));
    parent.buying_price = Some(dec!(30));
    parent.variants = vec![SwVariantView {
        id: Some(11),
        item_number: "TEE-RED".into(),
        title: "Red".into(),
        price: Some(dec!(125)),
        ean: "5700000000001".into(),
        status: true,
        ..SwVariantView::default()
    }];
    let plan = plan_products(
        ProductSource::Smartweb,
        &[rb("OTHER", "x", dec!(1))],
        &[parent, sw(2, "", "No number", dec!(10))],
        &ctx(&s, true),
    );
    assert_eq!(
        plan.actions,
        [
            ProductAction::Skip {
                item_number: "TEE".into(),
                reason: ProductSkip::HasVariants
            },
            ProductAction::Skip {
                item_number: "No number".into(),
                reason: ProductSkip::MissingItemNumber
            },
            ProductAction::CreateRackbeat(RbProductDraft {
                number: "TEE-RED".into(),
                name: "T-shirt - Red".into(),
                description: String::new(),
                group: 7,
                sales_price: dec!(100),
                cost_price: Some(dec!(30)),
                barcode: "5700000000001".into(),
                weight: None,
            }),
        ]
    );
}

#[test]
fn duplicates_are_reported_not_guessed() {
    let s = settings();
    let plan = plan_products(
        ProductSource::Rackbeat,
        &[rb("B", "Beta", dec!(80))],
        &[sw(1, "B", "Beta", dec!(100)), sw(2, "B", "Beta", dec!(100))],
        &ctx(&s, true),
    );
    assert!(plan.is_noop());
    assert_eq!(
        plan.actions.last(),
        Some(&ProductAction::Skip {
            item_number: "B".into(),
            reason: ProductSkip::Duplicate("SmartWeb"),
        })
    );
}

#[test]
fn unknown_vat_blocks_net_price_from_gross_shop() {
    let s = settings();
    let mut p = sw(1, "A", "Alpha", dec!(100));
    p.vat_percent = None;
    let plan = plan_products(ProductSource::Smartweb, &[], &[p], &ctx(&s, true));
    assert_eq!(
        plan.actions,
        [ProductAction::Skip {
            item_number: "A".into(),
            reason: ProductSkip::UnknownVat
        }]
    );
}

fn money() -> impl Strategy<Value = Option<Decimal>> {
    prop::option::of((0i64..2_000_000, 0u32..4).prop_map(|(m, s)| Decimal::new(m, s)))
}

fn item() -> impl Strategy<Value = String> {
    prop::sample::select(vec!["", "A", "B", "C", "D", " A", "E-1", "E-2"]).prop_map(str::to_owned)
}

fn text() -> impl Strategy<Value = String> {
    prop::sample::select(vec!["", "x", "y", " y "]).prop_map(str::to_owned)
}

fn rate() -> impl Strategy<Value = Option<Decimal>> {
    prop::option::of(prop::sample::select(vec![dec!(0), dec!(25), dec!(12.5)]))
}

prop_compose! {
    fn rb_product()(number in item(), name in text(), description in text(), sales_price in money(),
        cost_price in money(), barcode in text(), weight in money(), is_barred in any::<bool>(),
        vat_percent in rate()) -> RbProductView {
        RbProductView { number, name, description, sales_price, cost_price, barcode, weight,
            group: Some(1), is_barred, vat_percent }
    }
}

prop_compose! {
    fn sw_variant()(item_number in item(), title in text(), price in money(), buying_price in money(),
        weight in money(), ean in text(), status in any::<bool>()) -> SwVariantView {
        SwVariantView { id: None, item_number, title, price, buying_price, weight, ean, status }
    }
}

prop_compose! {
    fn sw_product()(item_number in item(), title in text(), description in text(), price in money(),
        buying_price in money(), weight in money(), ean in text(), status in any::<bool>(),
        vat_percent in rate(), variants in prop::collection::vec(sw_variant(), 0..3)) -> SwProductView {
        SwProductView { id: None, item_number, title, description, price, buying_price, weight, ean,
            status, vat_percent, category_id: Some(1), variants }
    }
}

proptest! {
    #[test]
    fn planning_is_idempotent(
        mut rackbeat in prop::collection::vec(rb_product(), 0..6),
        mut smartweb in prop::collection::vec(sw_product(), 0..6),
        from_smartweb in any::<bool>(),
        with_vat in any::<bool>(),
        half_even in any::<bool>(),
    ) {
        let mut s = settings();
        if half_even {
            s.rounding = crate::money::RoundingStrategy::HalfEven;
        }
        let source = if from_smartweb { ProductSource::Smartweb } else { ProductSource::Rackbeat };
        let c = ctx(&s, with_vat);
        let first = plan_products(source, &rackbeat, &smartweb, &c);
        apply(&first, &mut rackbeat, &mut smartweb);
        let second = plan_products(source, &rackbeat, &smartweb, &c);
        prop_assert!(second.is_noop(), "first: {:#?}\nsecond: {:#?}", first, second);
    }
}
