use std::collections::BTreeMap;

use chrono::{NaiveDate, NaiveDateTime};
use rust_decimal::Decimal;
use rust_decimal_macros::dec;

use super::*;
use crate::context::{DeliveryCountry, VatLookup};
use crate::settings::{LineVat, Settings, VatZoneRule};
use crate::shop::{
    ShopCurrency, ShopCustomer, ShopDelivery, ShopDiscountCode, ShopOrderLine, ShopPayment,
};

pub(crate) fn settings() -> Settings {
    Settings {
        payment_terms: Some(1),
        customer_group: Some(2),
        employee: Some(3),
        layout: Some(4),
        location: Some(9),
        smartweb_category_id: Some(10),
        shipping_product_with_vat: Some("FRAGT".into()),
        shipping_product_without_vat: Some("FRAGT0".into()),
        fee_product: Some("GEBYR".into()),
        discount_product: Some("RABAT".into()),
        credit_note_product: Some("KREDIT".into()),
        rounding_line_product: Some("OERE".into()),
        order_state: OrderState::Booked,
        ..Settings::default()
    }
}

pub(crate) fn vat_lookup() -> VatLookup {
    VatLookup {
        by_product_id: BTreeMap::from([(1, dec!(25)), (2, dec!(0)), (3, dec!(25))]),
        by_item_number: BTreeMap::from([("BOOK-1".to_owned(), dec!(0))]),
    }
}

pub(crate) fn countries() -> BTreeMap<u32, DeliveryCountry> {
    let c = |id, iso: &str, tax, company_tax| DeliveryCountry {
        id,
        iso: iso.into(),
        tax: Some(tax),
        company_tax: Some(company_tax),
    };
    BTreeMap::from([
        (1, c(1, "DK", dec!(25), dec!(25))),
        (2, c(2, "SE", dec!(25), dec!(0))),
        (3, c(3, "NO", dec!(0), dec!(0))),
        (4, c(4, "DE", dec!(19), dec!(0))),
    ])
}

fn ctx<'a>(
    s: &'a Settings,
    v: &'a VatLookup,
    c: &'a BTreeMap<u32, DeliveryCountry>,
) -> MappingContext<'a> {
    MappingContext {
        settings: s,
        vat: v,
        countries: c,
        product_prices_with_vat: true,
        today: NaiveDate::from_ymd_opt(2026, 1, 2).unwrap(),
    }
}

fn line(product_id: u64, item: &str, amount: i64, price: Decimal) -> ShopOrderLine {
    ShopOrderLine {
        product_id: Some(product_id),
        item_number: item.into(),
        product_title: format!("Product {item}"),
        amount: Some(amount),
        price: Some(price),
        ..ShopOrderLine::default()
    }
}

fn customer() -> ShopCustomer {
    ShopCustomer {
        firstname: "Jens".into(),
        lastname: "Hansen".into(),
        address: "Vestergade 1".into(),
        zip: "8000".into(),
        city: "Aarhus C".into(),
        country: "Denmark".into(),
        country_code: "1".into(),
        phone: "12345678".into(),
        email: "jens@example.dk".into(),
        ..ShopCustomer::default()
    }
}

pub(crate) fn order(lines: Vec<ShopOrderLine>, total: Decimal) -> ShopOrder {
    ShopOrder {
        id: Some(1042),
        status: Some("1".into()),
        total: Some(total),
        language_iso: "DK".into(),
        created_at: NaiveDateTime::parse_from_str("2026-08-15 18:41:30", "%Y-%m-%d %H:%M:%S").ok(),
        currency: Some(ShopCurrency {
            iso: "DKK".into(),
            rate: Some(dec!(1)),
            round: Some(0),
        }),
        customer: Some(customer()),
        lines,
        ..ShopOrder::default()
    }
}

fn transfer(o: &ShopOrder, s: &Settings) -> TransferPlan {
    let (v, c) = (vat_lookup(), countries());
    match map_order(o, &ctx(s, &v, &c)) {
        Ok(OrderPlan::Transfer(plan)) => *plan,
        other => panic!("expected a transfer, got {other:?}"),
    }
}

fn map(o: &ShopOrder, s: &Settings) -> Result<OrderPlan, MappingError> {
    let (v, c) = (vat_lookup(), countries());
    map_order(o, &ctx(s, &v, &c))
}

#[test]
fn danish_order_with_25_percent_vat() {
    let o = order(vec![line(1, "SKU-1", 2, dec!(80))], dec!(160));
    let p = transfer(&o, &settings());
    assert_eq!(p.smartweb_order_id, 1042);
    assert_eq!(p.kind, OrderKind::Order);
    assert!(p.book);
    assert!(p.warnings.is_empty(), "{:?}", p.warnings);
    let l = &p.order.lines[0];
    assert_eq!(l.item_id, "SKU-1");
    assert_eq!(l.quantity, dec!(2));
    assert_eq!(l.line_price, dec!(80));
    assert_eq!(l.vat_percentage, dec!(25));
    assert_eq!(l.location_id, Some(9));
    assert_eq!(p.totals.planned_net, dec!(160));
    assert_eq!(p.order.net_total(), Some(dec!(160)));
    assert_eq!(p.totals.planned_vat, dec!(40));
    assert_eq!(p.totals.planned_gross, dec!(200));
    assert_eq!(p.order.other_reference, "SW-1042");
    assert_eq!(p.order.heading, "SmartWeb order 1042");
    assert_eq!(
        p.order.order_date,
        NaiveDate::from_ymd_opt(2026, 8, 15).unwrap()
    );
    assert_eq!(p.order.currency.as_deref(), Some("DKK"));
    assert_eq!(p.order.vat_zone, "domestic");
    assert_eq!(p.order.layout_id, 4);
    assert_eq!(p.order.employee_id, Some(3));
    assert_eq!(p.order.payment_terms_id, 1);
    assert_eq!(p.customer.create.name, "Jens Hansen");
    assert_eq!(p.customer.create.locale.as_deref(), Some("da-DK"));
    assert_eq!(p.customer.create.address.country_iso.as_deref(), Some("DK"));
    assert_eq!(
        p.customer.keys,
        [CustomerKey::Email("jens@example.dk".into())]
    );
    // Empty Shipping* ⇒ delivery to the billing address.
    assert_eq!(p.order.delivery, p.order.billing);
}

#[test]
fn zero_percent_vat_product() {
    let o = order(vec![line(2, "BOOK-2", 1, dec!(199))], dec!(199));
    let p = transfer(&o, &settings());
    assert_eq!(p.order.lines[0].vat_percentage, dec!(0));
    assert_eq!(p.totals.planned_gross, dec!(199));
}

#[test]
fn item_number_lookup_when_product_id_unknown() {
    let o = order(vec![line(77, "BOOK-1", 1, dec!(50))], dec!(50));
    let p = transfer(&o, &settings());
    assert_eq!(p.order.lines[0].vat_percentage, dec!(0));
}

/// 400 at 25 % and 100 at 0 %, 50 gross shipping with VAT, a 5 fee and a 50 net discount
/// code: goods 500 − 50 = 450; shipping 40 net; fee 5 ⇒ total 495.
fn mixed_rate_order_with_code() -> ShopOrder {
    let mut o = order(
        vec![
            line(1, "SKU-1", 1, dec!(400)),
            line(2, "BOOK-2", 1, dec!(100)),
        ],
        dec!(495),
    );
    o.delivery = Some(ShopDelivery {
        title: "GLS".into(),
        price: Some(dec!(50)), // gross: shop prices with VAT, Vat=true
        vat: true,
        method_id: Some(1),
    });
    o.payment = Some(ShopPayment {
        title: "Card fee".into(),
        price: Some(dec!(5)),
        vat: false,
    });
    o.discount_codes = vec![ShopDiscountCode {
        title: "SUMMER".into(),
        kind: "amount".into(),
        value: Some(dec!(50)),
        discount: Some(dec!(50)),
        vat: false,
    }];
    o
}

#[test]
fn mixed_rates_with_shipping_fee_and_discount_code() {
    let o = mixed_rate_order_with_code();
    let p = transfer(&o, &settings());
    assert!(p.warnings.is_empty(), "{:?}", p.warnings);
    let discount: Vec<_> = p
        .order
        .lines
        .iter()
        .filter(|l| l.kind == LineKind::Discount)
        .map(|l| (l.vat_percentage, l.line_price))
        .collect();
    // split 400:100 ⇒ 40 at 25 %, 10 at 0 %
    assert_eq!(discount, [(dec!(0), dec!(-10)), (dec!(25), dec!(-40))]);
    let shipping = p
        .order
        .lines
        .iter()
        .find(|l| l.kind == LineKind::Shipping)
        .unwrap();
    assert_eq!(
        (
            shipping.item_id.as_str(),
            shipping.line_price,
            shipping.vat_percentage
        ),
        ("FRAGT", dec!(40), dec!(25))
    );
    let fee = p
        .order
        .lines
        .iter()
        .find(|l| l.kind == LineKind::Fee)
        .unwrap();
    assert_eq!(
        (fee.item_id.as_str(), fee.vat_percentage),
        ("GEBYR", dec!(0))
    );
    assert_eq!(p.totals.matched, Some(TotalBasis::WithShippingAndFee));
    // VAT: (400 − 40) × 25 % + 40 × 25 % = 90 + 10
    assert_eq!(p.totals.planned_vat, dec!(100));
    assert!(p.book);
}

#[test]
fn total_without_shipping_and_fee_also_matches() {
    let mut o = order(vec![line(1, "SKU-1", 1, dec!(80))], dec!(80));
    o.delivery = Some(ShopDelivery {
        title: "Post".into(),
        price: Some(dec!(70)),
        vat: false,
        method_id: None,
    });
    let p = transfer(&o, &settings());
    assert_eq!(p.totals.matched, Some(TotalBasis::GoodsOnly));
    assert!(p.book);
    let shipping = p
        .order
        .lines
        .iter()
        .find(|l| l.kind == LineKind::Shipping)
        .unwrap();
    assert_eq!(
        (shipping.item_id.as_str(), shipping.vat_percentage),
        ("FRAGT0", dec!(0))
    );
}

#[test]
fn line_discount_per_unit_becomes_exact_percentage_or_folds() {
    let mut l1 = line(1, "SKU-1", 2, dec!(100));
    l1.discount = Some(dec!(10));
    let mut l2 = line(1, "SKU-2", 3, dec!(30));
    l2.discount = Some(dec!(10)); // 33.33…% is not exact ⇒ folded into the price
    let o = order(vec![l1, l2], dec!(240));
    let p = transfer(&o, &settings());
    assert_eq!(p.order.lines[0].discount_percentage, dec!(10));
    assert_eq!(p.order.lines[0].line_price, dec!(100));
    assert_eq!(p.order.lines[0].net_total, dec!(180));
    assert_eq!(p.order.lines[1].discount_percentage, dec!(0));
    assert_eq!(p.order.lines[1].line_price, dec!(20));
    assert!(
        p.warnings
            .contains(&Warning::DiscountFolded(LinePos { line: 2, sub: None }))
    );
    assert!(p.book);
}

#[test]
fn discount_code_on_mixed_rates_with_gross_reading() {
    let mut o = order(
        vec![
            line(1, "SKU-1", 1, dec!(300)),
            line(2, "BOOK-2", 1, dec!(100)),
        ],
        dec!(0),
    );
    o.discount_codes = vec![ShopDiscountCode {
        title: "TEN".into(),
        discount: Some(dec!(40)),
        vat: true,
        ..ShopDiscountCode::default()
    }];
    // 40 gross split 300:100 ⇒ 30 gross at 25 % = 24 net, 10 at 0 % = 10 net
    o.total = Some(dec!(366));
    let p = transfer(&o, &settings());
    let discount: Vec<_> = p
        .order
        .lines
        .iter()
        .filter(|l| l.kind == LineKind::Discount)
        .map(|l| (l.vat_percentage, l.line_price))
        .collect();
    assert_eq!(discount, [(dec!(0), dec!(-10)), (dec!(25), dec!(-24))]);
    assert!(p.book, "{:?}", p.warnings);
}

#[test]
fn oere_gap_within_tolerance_gets_a_rounding_line() {
    let o = order(vec![line(1, "SKU-1", 3, dec!(33.333))], dec!(100.00));
    let p = transfer(&o, &settings());
    // 3 × 33.333 = 99.999 → 100.00: no gap
    assert!(p.warnings.is_empty(), "{:?}", p.warnings);
    let o = order(vec![line(1, "SKU-1", 3, dec!(33.33))], dec!(100.00));
    let p = transfer(&o, &settings());
    let rounding = p
        .order
        .lines
        .iter()
        .find(|l| l.kind == LineKind::Rounding)
        .unwrap();
    assert_eq!(
        (rounding.item_id.as_str(), rounding.line_price),
        ("OERE", dec!(0.01))
    );
    assert_eq!(p.totals.planned_net, dec!(100.00));
    assert!(p.warnings.contains(&Warning::RoundingLineAdded(dec!(0.01))));
    assert!(p.book);
}

#[test]
fn gap_without_rounding_product_is_accepted_with_warning() {
    let s = Settings {
        rounding_line_product: None,
        ..settings()
    };
    let o = order(vec![line(1, "SKU-1", 3, dec!(33.33))], dec!(100.00));
    let p = transfer(&o, &s);
    assert!(p.order.lines.iter().all(|l| l.kind != LineKind::Rounding));
    assert!(
        p.warnings
            .contains(&Warning::RoundingGapAccepted(dec!(0.01)))
    );
    assert!(p.book);
}

#[test]
fn totals_beyond_tolerance_plan_a_draft_with_a_warning() {
    let o = order(vec![line(1, "SKU-1", 1, dec!(80))], dec!(100));
    let p = transfer(&o, &settings());
    assert!(!p.book);
    assert!(matches!(p.warnings[0], Warning::TotalsMismatch { .. }));
    assert_eq!(p.totals.matched, None);
    assert_eq!(p.totals.difference, Some(dec!(20)));
}

#[test]
fn missing_total_never_books() {
    let mut o = order(vec![line(1, "SKU-1", 1, dec!(80))], dec!(0));
    o.total = None;
    let p = transfer(&o, &settings());
    assert!(!p.book);
    assert_eq!(p.warnings, [Warning::TotalMissing]);
}

#[test]
fn positive_vat_field_is_checked() {
    let mut o = order(vec![line(1, "SKU-1", 1, dec!(80))], dec!(80));
    o.vat = Some(dec!(20));
    assert!(transfer(&o, &settings()).book);
    o.vat = Some(dec!(16));
    let p = transfer(&o, &settings());
    assert!(!p.book);
    assert!(matches!(p.warnings[0], Warning::VatMismatch { .. }));
}

fn foreign_settings() -> Settings {
    Settings {
        vat_zone_rules: vec![
            VatZoneRule {
                countries: vec!["NO".into()],
                except_countries: vec![],
                b2b: None,
                vat_zone: "abroad".into(),
                line_vat: LineVat::Zero,
            },
            VatZoneRule {
                countries: vec![],
                except_countries: vec!["DK".into()],
                b2b: Some(true),
                vat_zone: "eu".into(),
                line_vat: LineVat::Zero,
            },
            VatZoneRule {
                countries: vec![],
                except_countries: vec!["DK".into()],
                b2b: Some(false),
                vat_zone: "eu".into(),
                line_vat: LineVat::DeliveryCountry,
            },
        ],
        ..settings()
    }
}

#[test]
fn foreign_private_delivery_uses_country_rate_and_zone() {
    let mut o = order(vec![line(1, "SKU-1", 1, dec!(100))], dec!(140));
    let c = o.customer.as_mut().unwrap();
    c.shipping_firstname = "Anna".into();
    c.shipping_address = "Storgatan 1".into();
    c.shipping_zip = "11122".into();
    c.shipping_city = "Stockholm".into();
    c.shipping_country = "Sweden".into();
    c.shipping_country_code = "4".into(); // DE, 19 %
    o.delivery = Some(ShopDelivery {
        title: "DHL".into(),
        price: Some(dec!(40)),
        vat: true,
        method_id: None,
    });
    let s = Settings {
        fee_price_basis: crate::settings::PriceBasis::Net,
        ..foreign_settings()
    };
    let p = transfer(&o, &s);
    assert_eq!(p.order.vat_zone, "eu");
    assert!(p.order.lines.iter().all(|l| l.vat_percentage == dec!(19)));
    assert_eq!(p.order.delivery.country_iso.as_deref(), Some("DE"));
    assert_eq!(p.order.billing.country_iso.as_deref(), Some("DK"));
    assert_eq!(p.order.delivery.name, "Anna");
    assert_eq!(p.order.delivery.email, "jens@example.dk");
    assert!(p.book, "{:?}", p.warnings);
}

#[test]
fn export_outside_eu_is_zero_rated() {
    let mut o = order(vec![line(1, "SKU-1", 1, dec!(100))], dec!(100));
    o.customer.as_mut().unwrap().country_code = "3".into();
    let p = transfer(&o, &foreign_settings());
    assert_eq!(p.order.vat_zone, "abroad");
    assert_eq!(p.order.lines[0].vat_percentage, dec!(0));
}

#[test]
fn b2b_customer_with_cvr_and_ean() {
    let mut o = order(vec![line(1, "SKU-1", 1, dec!(100))], dec!(100));
    let c = o.customer.as_mut().unwrap();
    c.company = "Firma ApS".into();
    c.b2b = true;
    c.cvr = "12345678".into();
    c.ean = "5790000000000".into();
    c.country_code = "2".into(); // SE business ⇒ reverse charge rule
    let p = transfer(&o, &foreign_settings());
    let n = &p.customer.create;
    assert!(n.is_company);
    assert_eq!(n.name, "Firma ApS");
    assert_eq!(n.company_vat.as_deref(), Some("12345678"));
    assert_eq!(n.ean.as_deref(), Some("5790000000000"));
    assert_eq!(n.vat_zone, "eu");
    assert_eq!(n.customer_group_id, 2);
    assert_eq!(n.payment_terms_id, 1);
    assert_eq!(p.order.billing.name, "Firma ApS, att. Jens Hansen");
    assert_eq!(
        p.customer.keys,
        [
            CustomerKey::Ean("5790000000000".into()),
            CustomerKey::Cvr("12345678".into()),
            CustomerKey::Email("jens@example.dk".into()),
        ]
    );
    assert_eq!(p.order.lines[0].vat_percentage, dec!(0));
}

#[test]
fn domestic_b2b_falls_back_to_default_zone() {
    let mut o = order(vec![line(1, "SKU-1", 1, dec!(100))], dec!(100));
    o.customer.as_mut().unwrap().b2b = true;
    let p = transfer(&o, &foreign_settings());
    assert_eq!(p.order.vat_zone, "domestic");
    assert_eq!(p.order.lines[0].vat_percentage, dec!(25));
}

#[test]
fn credit_note_is_not_mapped_when_disabled() {
    let mut o = order(vec![line(1, "SKU-1", -1, dec!(80))], dec!(-80));
    o.origin = "1041".into();
    o.status = Some("100".into());
    let s = Settings {
        credit_notes: false,
        ..settings()
    };
    assert_eq!(
        map(&o, &s).unwrap(),
        OrderPlan::Skip(SkipReason::CreditNotesDisabled {
            origin: "1041".into()
        })
    );
}

#[test]
fn credit_note_becomes_negative_credit_note_lines_per_rate() {
    let mut o = order(
        vec![line(1, "SKU-1", -1, dec!(80)), line(2, "", -1, dec!(20))],
        dec!(-100),
    );
    o.origin = "1041".into();
    o.status = Some("100".into());
    let s = Settings {
        credit_notes: true,
        ..settings()
    };
    let p = transfer(&o, &s);
    assert_eq!(
        p.kind,
        OrderKind::CreditNote {
            origin: "1041".into()
        }
    );
    let lines: Vec<_> = p
        .order
        .lines
        .iter()
        .map(|l| (l.kind, l.item_id.as_str(), l.line_price, l.vat_percentage))
        .collect();
    assert_eq!(
        lines,
        [
            (LineKind::CreditNote, "KREDIT", dec!(-20), dec!(0)),
            (LineKind::CreditNote, "KREDIT", dec!(-80), dec!(25)),
        ]
    );
    assert_eq!(p.totals.planned_net, dec!(-100));
    assert!(p.book, "{:?}", p.warnings);
}

#[test]
fn credit_note_waits_for_its_status() {
    let mut o = order(vec![line(1, "SKU-1", -1, dec!(80))], dec!(-80));
    o.origin = "1041".into();
    o.status = Some("99".into());
    let s = Settings {
        credit_notes: true,
        ..settings()
    };
    assert_eq!(
        map(&o, &s).unwrap(),
        OrderPlan::Skip(SkipReason::StatusNotImported {
            status: "99".into()
        })
    );
}

#[test]
fn status_filter_and_transfer_switch() {
    let mut o = order(vec![line(1, "SKU-1", 1, dec!(80))], dec!(80));
    o.status = Some("5".into());
    assert_eq!(
        map(&o, &settings()).unwrap(),
        OrderPlan::Skip(SkipReason::StatusNotImported { status: "5".into() })
    );
    let s = Settings {
        transfer_orders: false,
        ..settings()
    };
    assert_eq!(
        map(&o, &s).unwrap(),
        OrderPlan::Skip(SkipReason::TransferDisabled)
    );
}

#[test]
fn every_problem_is_listed() {
    let mut o = order(
        vec![
            line(1, "SKU-1", 1, dec!(80)),
            line(1, "", 1, dec!(80)),
            line(55, "UNKNOWN", 1, dec!(10)),
        ],
        dec!(170),
    );
    let c = o.customer.as_mut().unwrap();
    c.firstname.clear();
    c.lastname.clear();
    c.email.clear();
    let s = Settings {
        layout: None,
        ..settings()
    };
    let err = map(&o, &s).unwrap_err();
    assert_eq!(err.order_id, Some(1042));
    assert_eq!(
        err.problems,
        [
            MappingProblem::SettingMissing("layout"),
            MappingProblem::MissingCustomerName,
            MappingProblem::MissingCustomerEmail,
            MappingProblem::MissingItemNumber(LinePos { line: 2, sub: None }),
            MappingProblem::UnknownVatRate {
                pos: LinePos { line: 3, sub: None },
                item_number: "UNKNOWN".into(),
                product_id: Some(55),
            },
        ]
    );
    let text = err.to_string();
    assert!(text.contains("line 2 has no item number"), "{text}");
    assert!(text.contains("line 3 (item `UNKNOWN`"), "{text}");
}

#[test]
fn default_vat_percent_covers_deleted_products() {
    let mut l = line(55, "GONE", 1, dec!(10));
    l.offline_product = true;
    let o = order(vec![l], dec!(10));
    let s = Settings {
        default_vat_percent: Some(dec!(25)),
        ..settings()
    };
    let p = transfer(&o, &s);
    assert_eq!(p.order.lines[0].vat_percentage, dec!(25));
    assert!(
        p.warnings
            .contains(&Warning::DefaultVatUsed(LinePos { line: 1, sub: None }))
    );
}

#[test]
fn bundles_transfer_the_bundle_line_or_its_components() {
    let mut bundle = line(1, "BUNDLE", 1, dec!(150));
    bundle.packet_lines = vec![
        line(1, "PART-A", 1, dec!(100)),
        line(2, "BOOK-2", 1, dec!(50)),
    ];
    let o = order(vec![bundle], dec!(150));
    let p = transfer(&o, &settings());
    let items: Vec<_> = p.order.lines.iter().map(|l| l.item_id.as_str()).collect();
    assert_eq!(items, ["BUNDLE"]);
    let s = Settings {
        bundles: crate::settings::BundleMode::Components,
        ..settings()
    };
    let p = transfer(&o, &s);
    let items: Vec<_> = p
        .order
        .lines
        .iter()
        .map(|l| (l.item_id.as_str(), l.vat_percentage))
        .collect();
    assert_eq!(items, [("PART-A", dec!(25)), ("BOOK-2", dec!(0))]);
    assert!(p.book);
}

#[test]
fn variant_line_uses_its_own_item_number_and_title() {
    let mut l = line(1, "SKU-1-RED", 1, dec!(80));
    l.variant_id = Some(5);
    l.variant_title = "Red".into();
    let p = transfer(&order(vec![l], dec!(80)), &settings());
    assert_eq!(p.order.lines[0].item_id, "SKU-1-RED");
    assert_eq!(p.order.lines[0].name, "Product SKU-1-RED - Red");
}

#[test]
fn missing_date_and_currency_fall_back_with_warnings() {
    let mut o = order(vec![line(1, "SKU-1", 1, dec!(80))], dec!(80));
    o.created_at = None;
    o.currency = None;
    let p = transfer(&o, &settings());
    assert_eq!(
        p.order.order_date,
        NaiveDate::from_ymd_opt(2026, 1, 2).unwrap()
    );
    assert_eq!(p.order.currency, None);
    assert_eq!(p.warnings, [Warning::DateMissing, Warning::CurrencyMissing]);
    assert!(p.book);
}

#[test]
fn empty_order_reports_problems_without_panicking() {
    let err = map(&ShopOrder::default(), &settings()).unwrap_err();
    assert_eq!(err.order_id, None);
    assert!(err.problems.contains(&MappingProblem::MissingOrderId));
    assert!(err.problems.contains(&MappingProblem::MissingStatus));
    assert!(err.problems.contains(&MappingProblem::MissingCustomer));
    assert!(err.problems.contains(&MappingProblem::NoLines));
}

#[test]
fn draft_order_state_never_books() {
    let s = Settings {
        order_state: OrderState::Draft,
        ..settings()
    };
    let p = transfer(&order(vec![line(1, "SKU-1", 1, dec!(80))], dec!(80)), &s);
    assert!(!p.book);
}

#[test]
fn half_even_rounding_applies_to_line_totals() {
    // 1 × 10.125 = 10.125: half-up 10.13, half-even 10.12
    let o = order(vec![line(1, "SKU-1", 1, dec!(10.125))], dec!(10.12));
    let s = Settings {
        rounding: crate::money::RoundingStrategy::HalfEven,
        rounding_line_product: None,
        totals_tolerance: dec!(0),
        ..settings()
    };
    let p = transfer(&o, &s);
    assert_eq!(p.order.lines[0].net_total, dec!(10.12));
    assert!(p.book, "{:?}", p.warnings);
    let up = Settings {
        rounding: crate::money::RoundingStrategy::HalfUp,
        ..s
    };
    let p = transfer(&o, &up);
    assert_eq!(p.order.lines[0].net_total, dec!(10.13));
    assert!(!p.book);
}

#[test]
fn negative_quantity_without_origin_fails_with_its_reason() {
    // The hostile tester's order: one line of −2, no credit-note origin. It used to be
    // skipped as "credit note … credit notes are turned off".
    let o = order(vec![line(1, "SKU-1", -2, dec!(80))], dec!(-160));
    for credit_notes in [false, true] {
        let s = Settings {
            credit_notes,
            ..settings()
        };
        let err = map(&o, &s).unwrap_err();
        assert_eq!(err.order_id, Some(1042));
        assert_eq!(
            err.problems,
            [
                MappingProblem::NegativeTotal(dec!(-160)),
                MappingProblem::NegativeQuantity {
                    pos: LinePos { line: 1, sub: None },
                    quantity: -2
                },
            ],
            "credit_notes = {credit_notes}"
        );
        let text = err.to_string();
        assert!(text.contains("line 1 has quantity -2"), "{text}");
        assert!(text.contains("not a credit note"), "{text}");
    }
    // A bundle's negative sub-line is found too.
    let mut bundle = line(1, "SET-1", 1, dec!(0));
    bundle.packet_lines = vec![
        line(1, "SKU-1", 1, dec!(10)),
        line(1, "SKU-2", -1, dec!(10)),
    ];
    let o = order(vec![bundle], dec!(0));
    let s = Settings {
        bundles: crate::settings::BundleMode::Components,
        ..settings()
    };
    let err = map(&o, &s).unwrap_err();
    assert_eq!(
        err.problems,
        [MappingProblem::NegativeQuantity {
            pos: LinePos {
                line: 1,
                sub: Some(2)
            },
            quantity: -1
        }]
    );
}

#[test]
fn a_credit_note_is_known_by_its_origin_not_by_its_signs() {
    let mut o = order(vec![line(1, "SKU-1", -1, dec!(80))], dec!(-80));
    assert!(!is_credit_note(&o));
    o.origin = " 1041 ".into();
    assert!(is_credit_note(&o));
    // With credit notes off, a real credit note is still a skip, not a failure.
    assert_eq!(
        map(&o, &settings()).unwrap(),
        OrderPlan::Skip(SkipReason::CreditNotesDisabled {
            origin: "1041".into()
        })
    );
}

#[test]
fn control_characters_and_huge_names_never_reach_rackbeat_unchanged() {
    let mut big = line(1, "SKU-1", 1, dec!(80));
    big.product_title = "K".repeat(100 * 1024);
    let mut o = order(vec![big], dec!(80));
    let c = o.customer.as_mut().unwrap();
    c.firstname = "Je\0ns".into();
    c.address = "Vestergade 1\r\n2. sal\u{1b}".into();
    let p = transfer(&o, &settings());
    assert_eq!(p.customer.create.name, "Jens Hansen");
    assert_eq!(p.order.billing.name, "Jens Hansen");
    assert_eq!(p.order.billing.street, "Vestergade 1 2. sal");
    assert_eq!(p.order.delivery.street, "Vestergade 1 2. sal");
    assert_eq!(p.order.lines[0].name.chars().count(), TEXT_LIMIT);
    assert_eq!(
        p.warnings,
        [
            Warning::TextCleaned {
                field: "billing name".into(),
                removed: 1,
                cut_from: None
            },
            Warning::TextCleaned {
                field: "billing street".into(),
                removed: 1,
                cut_from: None
            },
            Warning::TextCleaned {
                field: "customer name".into(),
                removed: 1,
                cut_from: None
            },
            Warning::TextCleaned {
                field: "order line 1 text".into(),
                removed: 0,
                cut_from: Some(100 * 1024)
            },
        ]
    );
    assert!(p.book, "cleaned text does not hold the order back");
    let every_text = format!("{:?}", p.order) + &format!("{:?}", p.customer);
    assert!(!every_text.contains('\0') && !every_text.contains('\u{1b}'));
}

#[test]
fn identifiers_with_control_characters_or_too_long_fail_the_order() {
    let mut o = order(
        vec![
            line(1, "SKU\0-1", 1, dec!(80)),
            line(1, &"S".repeat(200), 1, dec!(1)),
        ],
        dec!(81),
    );
    o.customer.as_mut().unwrap().email = "jens@example.dk\u{7}".into();
    let err = map(&o, &settings()).unwrap_err();
    assert_eq!(
        err.problems,
        [
            MappingProblem::UnusableIdentifier {
                field: "customer e-mail".into(),
                fault: IdentifierFault::ControlCharacters(1)
            },
            MappingProblem::UnusableIdentifier {
                field: "line 1 item number".into(),
                fault: IdentifierFault::ControlCharacters(1)
            },
            MappingProblem::UnusableIdentifier {
                field: "line 2 item number".into(),
                fault: IdentifierFault::TooLong(200)
            },
        ]
    );
}

/// The seed's settings: everything the hosted app asks for, and no `discount_product`.
fn seed_settings() -> Settings {
    Settings {
        discount_product: None,
        ..settings()
    }
}

fn code(title: &str, discount: Decimal, vat: bool) -> ShopDiscountCode {
    ShopDiscountCode {
        title: title.into(),
        kind: "amount".into(),
        value: Some(discount),
        discount: Some(discount),
        vat,
    }
}

#[test]
fn discount_code_without_discount_product_is_spread_over_the_lines_per_rate() {
    let o = mixed_rate_order_with_code();
    let p = transfer(&o, &seed_settings());
    assert!(!p.order.lines.iter().any(|l| l.kind == LineKind::Discount));
    let products: Vec<_> = p
        .order
        .lines
        .iter()
        .filter(|l| l.kind == LineKind::Product)
        .map(|l| {
            (
                l.item_id.as_str(),
                l.line_price,
                l.vat_percentage,
                l.net_total,
            )
        })
        .collect();
    // split 400:100 ⇒ 40 off the 25 % line, 10 off the 0 % line
    assert_eq!(
        products,
        [
            ("SKU-1", dec!(360), dec!(25), dec!(360)),
            ("BOOK-2", dec!(90), dec!(0), dec!(90)),
        ]
    );
    assert_eq!(
        p.warnings,
        [Warning::DiscountCodeSpread {
            code: "SUMMER".into(),
            net: dec!(50)
        }]
    );
    assert_eq!(p.totals.matched, Some(TotalBasis::WithShippingAndFee));
    assert_eq!(p.totals.difference, Some(dec!(0)));
    // The same VAT as with a discount line: (400 − 40) × 25 % + 40 × 25 %.
    assert_eq!(p.totals.planned_vat, dec!(100));
    assert!(p.book);
    // And the same net and VAT as the discount-line plan.
    let with_lines = transfer(&o, &settings());
    assert_eq!(with_lines.totals.planned_net, p.totals.planned_net);
    assert_eq!(with_lines.totals.planned_vat, p.totals.planned_vat);
}

#[test]
fn spread_discount_reconciles_to_the_oere_with_remainders_and_line_discounts() {
    let mut l2 = line(3, "SKU-3", 7, dec!(14.29));
    l2.discount = Some(dec!(10)); // per unit: 10/14.29 is no exact percentage ⇒ folded
    let mut l3 = line(1, "SKU-4", 2, dec!(19.99));
    l3.discount = Some(dec!(1.999)); // exactly 10 %
    let lines = vec![
        line(1, "SKU-1", 3, dec!(33.33)),
        l2,
        l3,
        line(2, "BOOK-2", 1, dec!(9.95)),
    ];
    // goods: 99.99 + 30.03 + 35.98 + 9.95 = 175.95; two codes of 10.01 and 3.33
    let mut o = order(lines, dec!(175.95) - dec!(13.34));
    o.discount_codes = vec![code("A", dec!(10.01), false), code("B", dec!(3.33), false)];
    let p = transfer(&o, &seed_settings());
    assert_eq!(p.totals.difference, Some(dec!(0)), "{:?}", p.order.lines);
    assert_eq!(p.totals.planned_net, dec!(162.61));
    assert!(!p.warnings.iter().any(|w| matches!(
        w,
        Warning::RoundingLineAdded(_) | Warning::RoundingGapAccepted(_)
    )));
    for l in &p.order.lines {
        assert_eq!(
            crate::money::line_net_total(
                l.quantity,
                l.line_price,
                l.discount_percentage,
                crate::money::RoundingStrategy::HalfUp
            )
            .unwrap(),
            l.net_total,
            "{l:?}"
        );
        assert!(
            l.line_price.scale() <= 6 && l.line_price >= Decimal::ZERO,
            "{l:?}"
        );
    }
    assert_eq!(
        p.order.lines[2].discount_percentage,
        dec!(10),
        "line discounts stay"
    );
    assert!(p.book);
}

#[test]
fn gross_discount_code_is_spread_net_per_rate() {
    let mut o = order(
        vec![
            line(1, "SKU-1", 1, dec!(300)),
            line(2, "BOOK-2", 1, dec!(100)),
        ],
        dec!(366),
    );
    o.discount_codes = vec![code("TEN", dec!(40), true)];
    // 40 gross split 300:100 ⇒ 30 gross at 25 % = 24 net, 10 at 0 % = 10 net
    let p = transfer(&o, &seed_settings());
    let prices: Vec<_> = p.order.lines.iter().map(|l| l.line_price).collect();
    assert_eq!(prices, [dec!(276), dec!(90)]);
    assert!(p.book, "{:?}", p.warnings);
}

#[test]
fn a_discount_larger_than_the_goods_fails_naming_discount_product() {
    let mut o = order(vec![line(1, "SKU-1", 1, dec!(40))], dec!(0));
    o.discount_codes = vec![code("GIFT", dec!(50), false)];
    let err = map(&o, &seed_settings()).unwrap_err();
    assert_eq!(
        err.problems,
        [MappingProblem::DiscountExceedsGoods {
            vat_percentage: dec!(25),
            discount: dec!(50),
            goods: dec!(40)
        }]
    );
    assert!(err.to_string().contains("set `discount_product`"), "{err}");
    // With the setting the same order is a negative discount line, as before.
    let p = transfer(&o, &settings());
    assert!(p.order.lines.iter().any(|l| l.kind == LineKind::Discount));
}

#[test]
fn a_credit_note_s_discount_code_folds_into_its_credit_lines_without_discount_product() {
    let mut o = order(vec![line(1, "SKU-1", -1, dec!(80))], dec!(-90));
    o.origin = "1041".into();
    o.status = Some("100".into());
    o.discount_codes = vec![code("X", dec!(10), false)];
    let s = Settings {
        credit_notes: true,
        ..seed_settings()
    };
    let p = transfer(&o, &s);
    // Only `credit_note_product` lines, exactly as with `discount_product` set.
    assert!(
        p.order
            .lines
            .iter()
            .all(|l| l.kind == LineKind::CreditNote && l.item_id == "KREDIT")
    );
    let with_setting = transfer(
        &o,
        &Settings {
            credit_notes: true,
            ..settings()
        },
    );
    assert_eq!(p.order.lines, with_setting.order.lines);
    assert_eq!(p.totals, with_setting.totals);
}
