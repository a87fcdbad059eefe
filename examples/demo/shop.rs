//! The demo shop: "Kaffekompagniet", a small Danish webshop selling coffee, tea and
//! accessories, seeded into both fakes with data that agrees where a real shop's would.
//!
//! SmartWeb: 17 products (two with size/colour variants: 20 sellable item numbers), three
//! extra delivery countries, delivery and payment methods, and 32 orders covering private and
//! B2B customers (CVR, EAN), deliveries to Sweden and Norway, a credit note, a discount code,
//! shipping with and without VAT, a payment fee, and one order that cannot be mapped (a line
//! without an item number). Rackbeat: the layout, payment terms, employee, customer group,
//! product groups, location, line products, the catalogue (three products SmartWeb does not
//! have yet, two with a new price) with stock, and one existing B2B customer.
//!
//! Shared by `examples/demo/main.rs` and `tests/it/demo.rs` (through `#[path]`).

use chrono::{Duration, NaiveDateTime, Utc};
use rackbeat_client::mock::{MockError, MockRackbeat};
use rust_decimal::Decimal;
use rust_decimal_macros::dec;
use serde_json::json;
use smartweb_client::mock::MockSmartWeb;
use smartweb_client::mock::fixtures::{self, OrderBuilder};
use smartweb_client::model;
use smartweb_rackbeat::Settings;
use sync_core::settings::{LineVat, OrderState, ProductSource, Trigger, VatZoneRule};

/// The SmartWeb webhook secret of the demo shop (a demo value, not a secret).
pub const WEBHOOK_SECRET: &str = "demo-webhook-secret";
/// The shop's domain, as SmartWeb sends it in `X-Shop-Domain`.
pub const SHOP_DOMAIN: &str = "kaffekompagniet.mywebshop.io";
/// The first seeded order id; orders are numbered from here.
pub const FIRST_ORDER: i64 = 1001;
/// How many orders are seeded before the demo starts.
pub const SEEDED_ORDERS: i64 = 32;
/// The order that cannot be mapped (a line without an item number).
pub const UNMAPPABLE_ORDER: i64 = 1027;
/// The credit note (its `Origin` is order 1005).
pub const CREDIT_NOTE_ORDER: i64 = 1030;
/// The order placed while the demo runs, announced by a SmartWeb webhook.
pub const WEBHOOK_ORDER: i64 = FIRST_ORDER + SEEDED_ORDERS;
/// How many seeded orders should become Rackbeat orders (all but the unmappable one).
pub const TRANSFERABLE_ORDERS: usize = (SEEDED_ORDERS - 1) as usize;
/// Products Rackbeat has that SmartWeb does not (created in SmartWeb by the product sync).
pub const NEW_IN_RACKBEAT: [&str; 3] = ["KAF-004", "TE-104", "KOP-SET"];
/// Products whose Rackbeat price changed (updated in SmartWeb by the product sync).
pub const REPRICED_IN_RACKBEAT: [&str; 2] = ["KANDE-8", "TE-102"];

// VAT groups of the SmartWeb fake's demo catalogue.
const VAT_0: i64 = 1;
const VAT_25: i64 = 2;

// Delivery countries (the numeric `CountryCode` of an order's customer; 1 is Denmark).
const SE: &str = "2";
const NO: &str = "3";

/// One sellable item: the same item number in both systems.
struct Item {
    number: &'static str,
    title: &'static str,
    /// Net (ex VAT) price, as Rackbeat holds it; SmartWeb holds it gross.
    net: Decimal,
    vat: i64,
    sw_stock: i64,
    rb_stock: i64,
}

const fn item(
    number: &'static str,
    title: &'static str,
    net: Decimal,
    vat: i64,
    sw_stock: i64,
    rb_stock: i64,
) -> Item {
    Item {
        number,
        title,
        net,
        vat,
        sw_stock,
        rb_stock,
    }
}

/// Products without variants (SmartWeb product id = 101 + index).
const PRODUCTS: [Item; 15] = [
    item(
        "KAF-001",
        "Espresso Roma 500 g",
        dec!(79.20),
        VAT_25,
        40,
        40,
    ),
    item(
        "KAF-002",
        "Filterkaffe Morgenstund 500 g",
        dec!(63.20),
        VAT_25,
        55,
        60,
    ),
    item(
        "KAF-003",
        "Økologisk Java 1 kg",
        dec!(143.20),
        VAT_25,
        12,
        12,
    ),
    item(
        "TE-101",
        "Earl Grey løs te 100 g",
        dec!(47.20),
        VAT_25,
        30,
        25,
    ),
    item("TE-102", "Grøn Sencha 100 g", dec!(55.20), VAT_25, 18, 18),
    item(
        "TE-103",
        "Rooibos vanilje 100 g",
        dec!(39.20),
        VAT_25,
        22,
        22,
    ),
    item(
        "KRUS-01",
        "Kaffekrus i stentøj",
        dec!(71.20),
        VAT_25,
        48,
        50,
    ),
    item(
        "KANDE-8",
        "Stempelkande 8 kopper",
        dec!(239.20),
        VAT_25,
        9,
        9,
    ),
    item(
        "KVÆRN-1",
        "Håndkværn med keramikkerne",
        dec!(359.20),
        VAT_25,
        6,
        4,
    ),
    item(
        "FILTER-4",
        "Kaffefiltre nr. 4, 100 stk.",
        dec!(15.20),
        VAT_25,
        120,
        120,
    ),
    item(
        "SIRUP-KA",
        "Karamelsirup 250 ml",
        dec!(47.20),
        VAT_25,
        15,
        15,
    ),
    item(
        "CHOKO-70",
        "Mørk chokolade 70 %",
        dec!(31.20),
        VAT_25,
        35,
        30,
    ),
    item(
        "GAVEKORT-500",
        "Gavekort 500 kr.",
        dec!(500.00),
        VAT_0,
        999,
        999,
    ),
    item("SKUM-1", "Mælkeskummer", dec!(199.20), VAT_25, 7, 7),
    item(
        "BOG-KAFFE",
        "Bog: Kaffens historie",
        dec!(159.20),
        VAT_25,
        5,
        5,
    ),
];

/// Products with variants: parent item number, title, SmartWeb id, variants.
const TSHIRT: [Item; 3] = [
    item("TSHIRT-S", "Small", dec!(119.20), VAT_25, 10, 10),
    item("TSHIRT-M", "Medium", dec!(119.20), VAT_25, 14, 12),
    item("TSHIRT-L", "Large", dec!(119.20), VAT_25, 8, 8),
];
const APRON: [Item; 2] = [
    item("FORKLÆDE-SORT", "Sort", dec!(199.20), VAT_25, 6, 6),
    item("FORKLÆDE-BRUN", "Brun", dec!(199.20), VAT_25, 4, 3),
];
const TSHIRT_ID: i64 = 201;
const APRON_ID: i64 = 202;

/// The price SmartWeb shows (it holds prices with VAT).
fn gross(net: Decimal, vat: i64) -> Decimal {
    (net * (Decimal::ONE_HUNDRED + Decimal::from(rate(vat))) / Decimal::ONE_HUNDRED).round_dp(2)
}

/// The cost price (net) both systems hold.
fn cost(net: Decimal) -> Decimal {
    (net / dec!(2)).round_dp(2)
}

/// The VAT percent of a VAT group of the fake.
fn rate(vat: i64) -> i64 {
    if vat == VAT_25 { 25 } else { 0 }
}

/// The settings of the demo shop: every reference exists in the seeded Rackbeat.
pub fn settings() -> Settings {
    let rule = |countries: &str, b2b: Option<bool>, vat_zone: &str| {
        let mut rule = VatZoneRule::new(vat_zone, LineVat::Zero);
        rule.countries = vec![countries.to_owned()];
        rule.b2b = b2b;
        rule
    };
    Settings::builder()
        .trigger(Trigger::Webhooks)
        .transfer_orders(true)
        .product_source(ProductSource::Rackbeat)
        .order_state(OrderState::Booked)
        .sync_stock(true)
        .smartweb_category_id(1)
        .payment_terms(1)
        .customer_group(1)
        .employee(1)
        .layout(1)
        .product_group(1)
        .vat_zone("domestic")
        .location(1)
        .shipping_product_with_vat("FRAGT".to_owned())
        .shipping_product_without_vat("FRAGT0".to_owned())
        .fee_product("GEBYR".to_owned())
        .legacy_rb01("RB01")
        .credit_note_product("KREDIT".to_owned())
        .discount_product("RABAT".to_owned())
        .credit_notes(true)
        .vat_zone_rules(vec![
            rule("NO", None, "abroad"),
            rule("SE", Some(true), "eu"),
        ])
        .build_unchecked()
}

/// Seeds both fakes. Order dates are spread over the last 18 days before `now` (shop time),
/// so the first order import (30 days back) finds them all.
pub fn seed(sw: &MockSmartWeb, rb: &MockRackbeat) -> Result<(), MockError> {
    seed_smartweb_shop(sw);
    seed_rackbeat(rb)?;
    let now = shop_now();
    for (i, order) in orders().into_iter().enumerate() {
        let hours = (SEEDED_ORDERS - i as i64) * 13 + 2;
        let mut order = order;
        order.date_delivered = Some(stamp(now - Duration::hours(hours)));
        sw.seed_order(order);
    }
    Ok(())
}

/// Seeds the order placed while the demo runs (the webhook announces it) and returns its id.
pub fn seed_webhook_order(sw: &MockSmartWeb) -> i64 {
    let mut order = OrderBuilder::new(WEBHOOK_ORDER)
        .status(1)
        .customer("Sofie", "Lund", "sofie.lund@example.dk")
        .line(p(0), "KAF-001", "Espresso Roma 500 g", 2, dec!(79.20))
        .line(p(6), "KRUS-01", "Kaffekrus i stentøj", 2, dec!(71.20))
        .delivery(1, "GLS Pakkeshop", dec!(49.00))
        .build();
    address(&mut order, "Vestergade 12", "5000", "Odense C");
    order.date_delivered = Some(stamp(shop_now() - Duration::minutes(1)));
    sw.seed_order(order)
}

fn shop_now() -> NaiveDateTime {
    Utc::now()
        .with_timezone(&chrono_tz::Europe::Copenhagen)
        .naive_local()
}

fn stamp(at: NaiveDateTime) -> String {
    at.format("%Y-%m-%d %H:%M:%S").to_string()
}

/// The SmartWeb product id of `PRODUCTS[i]`.
fn p(i: usize) -> i64 {
    101 + i as i64
}

fn seed_smartweb_shop(sw: &MockSmartWeb) {
    for (i, it) in PRODUCTS.iter().enumerate() {
        let mut product = fixtures::product(
            p(i),
            it.number,
            it.title,
            gross(it.net, it.vat),
            it.sw_stock,
        );
        product.vat_group_id = Some(it.vat);
        product.buying_price = Some(cost(it.net));
        sw.seed_product(product);
    }
    for (id, parent, title, variants, first_variant) in [
        (
            TSHIRT_ID,
            "TSHIRT",
            "T-shirt Kaffekompagniet",
            &TSHIRT[..],
            9001,
        ),
        (APRON_ID, "FORKLÆDE", "Barista-forklæde", &APRON[..], 9101),
    ] {
        let stock = variants.iter().map(|v| v.sw_stock).sum();
        let price = gross(variants.first().map_or(Decimal::ZERO, |v| v.net), VAT_25);
        let mut product = fixtures::product(id, parent, title, price, stock);
        product.variants = variants
            .iter()
            .enumerate()
            .map(|(j, v)| {
                let mut variant = fixtures::variant(
                    first_variant + j as i64,
                    id,
                    v.number,
                    v.title,
                    gross(v.net, v.vat),
                    v.sw_stock,
                );
                variant.buying_price = Some(cost(v.net));
                variant
            })
            .collect();
        sw.seed_product(product);
    }
    for (id, iso, tax, company_tax) in [(2, "SE", 25, 0), (3, "NO", 0, 0)] {
        sw.seed_delivery_country(model::ProductDeliveryCountry {
            id: Some(id),
            iso: Some(iso.to_owned()),
            code: Some(iso.to_owned()),
            tax: Some(tax),
            company_tax: Some(company_tax),
            access: Vec::new(),
            primary: Some(false),
        });
    }
    for (id, title, vat) in [(2, "PostNord Erhverv", true), (3, "Bring til Norge", false)] {
        sw.seed_delivery(model::Delivery {
            id: Some(id),
            service_type: Some("postnord".to_owned()),
            vat: Some(vat),
            title: Some(title.to_owned()),
            language_iso: Some("DK".to_owned()),
            price: Some(Decimal::ZERO),
            primary: Some(false),
            ..Default::default()
        });
    }
    sw.seed_payment(model::PaymentMethod {
        id: Some(2),
        title: Some("MobilePay".to_owned()),
        language_iso: Some("DK".to_owned()),
        vat: Some(false),
        fixed_fee: Some(dec!(3.75)),
        percentage_fee: Some(Decimal::ZERO),
        ..Default::default()
    });
}

fn seed_rackbeat(rb: &MockRackbeat) -> Result<(), MockError> {
    rb.seed_layout(json!({"number": 1, "name": "Standard ordre"}))?;
    rb.seed_payment_terms(json!({"number": 1, "name": "Netto 8 dage", "type": "net", "days": 8}))?;
    rb.seed_customer_group(json!({"number": 1, "name": "Webshop-kunder"}))?;
    rb.seed_location(json!({"number": 1, "name": "Hovedlager Aarhus"}))?;
    rb.seed_employee(json!({"number": 1, "name": "Mette Kjær", "initials": "MK"}))?;
    rb.seed_product_group(json!({
        "number": 1, "name": "Varer",
        "vat_domestic": 25, "vat_eu": 0, "vat_abroad": 0, "vat_domestic_exempt": 0
    }))?;
    rb.seed_product_group(json!({
        "number": 2, "name": "Momsfrit (fragt, gebyrer, gavekort)",
        "vat_domestic": 0, "vat_eu": 0, "vat_abroad": 0, "vat_domestic_exempt": 0
    }))?;
    for (number, name, group) in [
        ("FRAGT", "Fragt", 1),
        ("FRAGT0", "Fragt uden moms", 2),
        ("GEBYR", "Betalingsgebyr", 2),
        ("KREDIT", "Kreditnota fra webshop", 1),
        ("RABAT", "Rabatkode", 1),
    ] {
        rb.seed_product(json!({
            "number": number, "name": name, "group": group, "sales_price": "0.00"
        }))?;
    }
    let catalogue = PRODUCTS.iter().chain(&TSHIRT).chain(&APRON);
    for it in catalogue {
        let group = if it.vat == VAT_25 { 1 } else { 2 };
        let mut net = it.net;
        if REPRICED_IN_RACKBEAT.contains(&it.number) {
            net += dec!(16.00);
        }
        let name = match it.number {
            n if n.starts_with("TSHIRT") => format!("T-shirt Kaffekompagniet - {}", it.title),
            n if n.starts_with("FORKLÆDE") => format!("Barista-forklæde - {}", it.title),
            _ => it.title.to_owned(),
        };
        rb.seed_product(json!({
            "number": it.number, "name": name, "group": group,
            "sales_price": net.to_string(), "cost_price": cost(it.net).to_string()
        }))?;
        rb.seed_stock(it.number, 1, Decimal::from(it.rb_stock))?;
    }
    for (number, name, net, stock) in [
        ("KAF-004", "Koffeinfri Colombia 500 g", dec!(71.20), 20),
        ("TE-104", "Chai masala 100 g", dec!(47.20), 16),
        ("KOP-SET", "Espressokopper, 4 stk.", dec!(127.20), 10),
    ] {
        rb.seed_product(json!({
            "number": number, "name": name, "group": 1, "sales_price": net.to_string()
        }))?;
        rb.seed_stock(number, 1, Decimal::from(stock))?;
    }
    // A B2B customer who already trades with the shop: found by CVR, not created again.
    rb.seed_customer(json!({
        "number": 5001, "name": "Café Solsikke ApS", "company_vat": "DK31415926",
        "contact_email": "indkob@cafesolsikke.dk", "group": 1, "payment_terms": 1
    }))?;
    Ok(())
}

fn address(order: &mut model::Order, street: &str, zip: &str, city: &str) {
    if let Some(c) = order.customer.as_mut() {
        c.address = Some(street.to_owned());
        c.zip = Some(zip.to_owned());
        c.city = Some(city.to_owned());
    }
}

fn company(order: &mut model::Order, name: &str, cvr: &str, ean: &str) {
    if let Some(c) = order.customer.as_mut() {
        c.company = Some(name.to_owned());
        c.b2b = Some(true);
        c.cvr = Some(cvr.to_owned());
        c.ean = Some(ean.to_owned());
    }
}

fn abroad(
    order: &mut model::Order,
    country: &str,
    code: &str,
    street: &str,
    zip: &str,
    city: &str,
) {
    if let Some(c) = order.customer.as_mut() {
        c.country = Some(country.to_owned());
        c.country_code = Some(code.to_owned());
        c.address = Some(street.to_owned());
        c.zip = Some(zip.to_owned());
        c.city = Some(city.to_owned());
    }
}

fn payment_fee(order: &mut model::Order, fee: Decimal) {
    order.payment_id = Some(2);
    if let Some(pay) = order.payment.as_mut() {
        pay.payment_method_id = Some(2);
        pay.title = Some("MobilePay".to_owned());
        pay.price = Some(fee);
        pay.vat = Some(false);
    }
}

fn no_vat_delivery(order: &mut model::Order) {
    if let Some(d) = order.delivery.as_mut() {
        d.vat = Some(false);
    }
}

/// Private customers: name, e-mail, street, zip, city.
const PEOPLE: [(&str, &str, &str, &str, &str, &str); 12] = [
    (
        "Anne",
        "Jensen",
        "anne.jensen@example.dk",
        "Nørregade 4",
        "8000",
        "Aarhus C",
    ),
    (
        "Lars",
        "Nielsen",
        "lars.nielsen@example.dk",
        "Strandvejen 101",
        "2900",
        "Hellerup",
    ),
    (
        "Mette",
        "Hansen",
        "mette.h@example.dk",
        "Algade 17",
        "9000",
        "Aalborg",
    ),
    (
        "Søren",
        "Pedersen",
        "soren.p@example.dk",
        "Torvet 2",
        "6700",
        "Esbjerg",
    ),
    (
        "Ida",
        "Christensen",
        "ida.c@example.dk",
        "Bredgade 30",
        "7400",
        "Herning",
    ),
    (
        "Jonas",
        "Larsen",
        "jonas.larsen@example.dk",
        "Østergade 8",
        "4000",
        "Roskilde",
    ),
    (
        "Freja",
        "Sørensen",
        "freja.s@example.dk",
        "Kongensgade 55",
        "6000",
        "Kolding",
    ),
    (
        "Mikkel",
        "Rasmussen",
        "mikkel.r@example.dk",
        "Havnegade 3",
        "5700",
        "Svendborg",
    ),
    (
        "Karen",
        "Jørgensen",
        "karen.j@example.dk",
        "Skolevej 12",
        "8600",
        "Silkeborg",
    ),
    (
        "Rasmus",
        "Petersen",
        "rasmus.p@example.dk",
        "Møllevej 7",
        "3400",
        "Hillerød",
    ),
    (
        "Line",
        "Madsen",
        "line.madsen@example.dk",
        "Parkvej 21",
        "7100",
        "Vejle",
    ),
    (
        "Henrik",
        "Kristensen",
        "henrik.k@example.dk",
        "Engvej 9",
        "8700",
        "Horsens",
    ),
];

/// Builds an order for a private customer with some product lines.
fn private(id: i64, who: usize, lines: &[(usize, i64)]) -> OrderBuilder {
    let (first, last, email, ..) = PEOPLE[who % PEOPLE.len()];
    let mut b = OrderBuilder::new(id)
        .status(if id % 4 == 0 { 2 } else { 1 })
        .customer(first, last, email);
    for &(i, qty) in lines {
        let it = &PRODUCTS[i];
        b = b.line(p(i), it.number, it.title, qty, it.net);
    }
    b
}

fn finish(b: OrderBuilder, who: usize) -> model::Order {
    let mut order = b.build();
    let (.., street, zip, city) = PEOPLE[who % PEOPLE.len()];
    address(&mut order, street, zip, city);
    order
}

/// The 32 seeded orders, ids 1001..=1032 (dates are set by [`seed`]).
fn orders() -> Vec<model::Order> {
    let mut orders = Vec::new();
    let mut id = FIRST_ORDER;
    let mut next = || {
        let this = id;
        id += 1;
        this
    };
    let gls = |b: OrderBuilder| b.delivery(1, "GLS Pakkeshop", dec!(49.00));

    // 1001–1020: private Danish customers, shipping with VAT (or free above 499 kr.).
    let baskets: [&[(usize, i64)]; 20] = [
        &[(0, 2), (9, 1)],
        &[(1, 1)],
        &[(2, 1), (6, 2)],
        &[(3, 2), (5, 1)],
        &[(7, 1), (1, 2)],
        &[(8, 1)],
        &[(4, 3)],
        &[(11, 4), (10, 1)],
        &[(13, 1), (0, 1)],
        &[(14, 1)],
        &[(0, 1), (1, 1), (2, 1)],
        &[(6, 4)],
        &[(12, 1)],
        &[(3, 1), (4, 1), (5, 1)],
        &[(9, 3), (1, 1)],
        &[(10, 2), (11, 2)],
        &[(7, 1), (6, 2)],
        &[(0, 3)],
        &[(8, 1), (9, 2)],
        &[(2, 2)],
    ];
    for (n, lines) in baskets.iter().enumerate() {
        let order_id = next();
        let b = private(order_id, n, lines);
        let net: Decimal = lines
            .iter()
            .map(|&(i, q)| PRODUCTS[i].net * Decimal::from(q))
            .sum();
        let b = if net >= dec!(399.20) {
            b.delivery(1, "GLS Pakkeshop", Decimal::ZERO)
        } else {
            gls(b)
        };
        let mut order = finish(b, n);
        if n % 5 == 3 {
            payment_fee(&mut order, dec!(3.75));
        }
        orders.push(order);
    }

    // 1021: variants (T-shirts in two sizes and an apron), paid with MobilePay (fee).
    let order_id = next();
    let b = OrderBuilder::new(order_id)
        .status(1)
        .customer("Emma", "Olsen", "emma.olsen@example.dk")
        .variant_line(
            TSHIRT_ID,
            9000 + 1,
            "TSHIRT-S",
            "T-shirt Kaffekompagniet",
            1,
            dec!(119.20),
        )
        .variant_line(
            TSHIRT_ID,
            9000 + 3,
            "TSHIRT-L",
            "T-shirt Kaffekompagniet",
            1,
            dec!(119.20),
        )
        .variant_line(
            APRON_ID,
            9101,
            "FORKLÆDE-SORT",
            "Barista-forklæde",
            1,
            dec!(199.20),
        )
        .delivery(1, "GLS Pakkeshop", Decimal::ZERO);
    let mut order = b.build();
    address(&mut order, "Søndergade 40", "8700", "Horsens");
    payment_fee(&mut order, dec!(3.75));
    orders.push(order);

    // 1022: discount code VELKOMMEN20 (20 kr. off, net).
    let order_id = next();
    let order = finish(
        gls(private(order_id, 6, &[(0, 1), (3, 1)]).discount_code("VELKOMMEN20", dec!(20.00))),
        6,
    );
    orders.push(order);

    // 1023: B2B, an existing Rackbeat customer found by CVR, shipping with VAT.
    let order_id = next();
    let b = OrderBuilder::new(order_id)
        .status(1)
        .customer("Peter", "Holm", "indkob@cafesolsikke.dk")
        .line(p(0), "KAF-001", "Espresso Roma 500 g", 12, dec!(79.20))
        .line(
            p(9),
            "FILTER-4",
            "Kaffefiltre nr. 4, 100 stk.",
            10,
            dec!(15.20),
        )
        .delivery(2, "PostNord Erhverv", dec!(95.00));
    let mut order = b.build();
    company(&mut order, "Café Solsikke ApS", "DK31415926", "");
    address(&mut order, "Mejlgade 19", "8000", "Aarhus C");
    orders.push(order);

    // 1024: B2B, a new company customer with CVR.
    let order_id = next();
    let b = OrderBuilder::new(order_id)
        .status(1)
        .customer("Camilla", "Berg", "camilla@kontorkaffe.dk")
        .line(
            p(1),
            "KAF-002",
            "Filterkaffe Morgenstund 500 g",
            20,
            dec!(63.20),
        )
        .line(p(6), "KRUS-01", "Kaffekrus i stentøj", 12, dec!(71.20))
        .delivery(2, "PostNord Erhverv", dec!(95.00));
    let mut order = b.build();
    company(&mut order, "Kontorkaffe ApS", "DK27182818", "");
    address(&mut order, "Vesterbrogade 120", "1620", "København V");
    orders.push(order);

    // 1025: B2B, a public institution invoiced by EAN (OIOUBL).
    let order_id = next();
    let b = OrderBuilder::new(order_id)
        .status(1)
        .customer("Bente", "Skov", "indkoeb@aarhus-bibliotek.example.dk")
        .line(p(3), "TE-101", "Earl Grey løs te 100 g", 10, dec!(47.20))
        .line(p(5), "TE-103", "Rooibos vanilje 100 g", 10, dec!(39.20))
        .delivery(2, "PostNord Erhverv", dec!(95.00));
    let mut order = b.build();
    company(
        &mut order,
        "Aarhus Kommune, Hovedbiblioteket",
        "DK55133018",
        "5798000020000",
    );
    address(&mut order, "Hack Kampmanns Plads 2", "8000", "Aarhus C");
    orders.push(order);

    // 1026: B2B delivery to Sweden: EU zone, no VAT on the lines (reverse charge).
    let order_id = next();
    let b = OrderBuilder::new(order_id)
        .status(1)
        .customer("Erik", "Lindqvist", "erik@kaffebaren.se")
        .line(p(2), "KAF-003", "Økologisk Java 1 kg", 6, dec!(143.20))
        .line(
            p(8),
            "KVÆRN-1",
            "Håndkværn med keramikkerne",
            1,
            dec!(359.20),
        )
        .delivery(2, "PostNord Erhverv", dec!(76.00));
    let mut order = b.build();
    company(&mut order, "Kaffebaren i Malmö AB", "SE556677889901", "");
    abroad(&mut order, "Sverige", SE, "Södergatan 5", "211 34", "Malmö");
    no_vat_delivery(&mut order);
    orders.push(order);

    // 1027: cannot be mapped: a hand-typed line without an item number.
    let order_id = next();
    let order = finish(
        gls(private(order_id, 9, &[(0, 1)]).line(
            0,
            "",
            "Specialbestilling: gavekurv",
            1,
            dec!(240.00),
        )),
        9,
    );
    orders.push(order);

    // 1028: private delivery to Norway: outside the EU, shipping without VAT.
    let order_id = next();
    let b = OrderBuilder::new(order_id)
        .status(1)
        .customer("Ingrid", "Haugen", "ingrid.haugen@example.no")
        .line(p(4), "TE-102", "Grøn Sencha 100 g", 2, dec!(55.20))
        .line(p(11), "CHOKO-70", "Mørk chokolade 70 %", 3, dec!(31.20))
        .delivery(3, "Bring til Norge", dec!(99.00));
    let mut order = b.build();
    abroad(
        &mut order,
        "Norge",
        NO,
        "Thorvald Meyers gate 40",
        "0555",
        "Oslo",
    );
    no_vat_delivery(&mut order);
    orders.push(order);

    // 1029: a returning customer (same e-mail as order 1001: the customer is reused).
    let order_id = next();
    orders.push(finish(gls(private(order_id, 0, &[(10, 1), (11, 1)])), 0));

    // 1030: a credit note for order 1005 (one stempelkande returned).
    let order_id = next();
    let (first, last, email, street, zip, city) = PEOPLE[4];
    let mut order = OrderBuilder::new(order_id)
        .status(100)
        .origin(1005)
        .customer(first, last, email)
        .line(p(7), "KANDE-8", "Stempelkande 8 kopper", 1, dec!(239.20))
        .delivery(1, "GLS Pakkeshop", Decimal::ZERO)
        .build();
    address(&mut order, street, zip, city);
    orders.push(order);

    // 1031–1032: two more private orders, one with the gift card (0 % VAT).
    let order_id = next();
    orders.push(finish(gls(private(order_id, 10, &[(12, 1), (0, 1)])), 10));
    let order_id = next();
    orders.push(finish(gls(private(order_id, 11, &[(13, 1), (14, 1)])), 11));

    debug_assert_eq!(orders.len() as i64, SEEDED_ORDERS);
    orders
}
