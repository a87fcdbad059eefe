//! The project's SOAP envelopes in `tests/data/` (in the shapes of SmartWeb's recorded
//! answers; the folder's `README.md` says which recorded shape each follows) parse into typed
//! values; key values are asserted. The recorded envelopes themselves are checked by the
//! reference stage (`tests/it/reference.rs`, `scripts/check-reference.sh`).

use crate::envelopes;

use envelopes::{data_dir, operation_of, parse, parse_any, xml_names};
use rust_decimal_macros::dec;
use smartweb_client::model::TextOrItems;
use smartweb_client::model::{Order, OrderLine, Product, ProductVariantType};
use smartweb_client::ops;
use smartweb_client::values::{OrderStatus, parse_shop_datetime};

#[test]
fn every_envelope_parses() {
    let dir = data_dir();
    let names = xml_names(&dir);
    assert_eq!(names.len(), 34, "envelope count changed: {names:?}");
    for name in &names {
        let body = std::fs::read(dir.join(name)).unwrap();
        parse_any(operation_of(name), &body).unwrap_or_else(|e| panic!("{name}: {e}"));
    }
}

fn orders() -> Vec<Order> {
    parse::<ops::OrderGetAllWithPagination>("orders__Order_GetAllWithPagination__0.xml")
}

#[test]
fn credit_note_order_17_has_origin_16_and_negative_total() {
    let orders = orders();
    assert_eq!(
        orders.iter().map(|o| o.id.unwrap()).collect::<Vec<_>>(),
        [18, 19, 16, 17]
    );
    let credit = orders.iter().find(|o| o.id == Some(17)).unwrap();
    assert_eq!(credit.origin.as_deref(), Some("16"));
    assert_eq!(credit.total, Some(dec!(-150)));
    assert_eq!(
        credit.status.as_deref().and_then(OrderStatus::parse),
        Some(OrderStatus::Draft)
    );
    let parent = orders.iter().find(|o| o.id == Some(16)).unwrap();
    assert_eq!(
        parent.origin.as_deref(),
        Some(""),
        "empty string element reads as Some(\"\")"
    );
    assert_eq!(parent.total, Some(dec!(150)));
}

#[test]
fn full_order_18_has_nested_parts_and_dates() {
    let orders = orders();
    let order = &orders[0];
    assert_eq!(order.id, Some(18));
    assert_eq!(order.total, Some(dec!(80)));
    assert_eq!(order.vat, Some(dec!(0)));
    assert_eq!(
        order.invoice_number, None,
        "<InvoiceNumber/> is None for an int"
    );
    let customer = order.customer.as_ref().unwrap();
    assert_eq!(customer.id, Some(14));
    assert_eq!(customer.b2b, Some(false));
    assert_eq!(customer.country_code.as_deref(), Some("1"));
    assert_eq!(customer.shipping_firstname.as_deref(), Some(""));
    let delivery = order.delivery.as_ref().unwrap();
    assert_eq!(delivery.id, Some(14));
    assert_eq!(delivery.delivery_method_id, Some(1));
    assert_eq!(delivery.service_type.as_deref(), Some("gls"));
    let currency = order.currency.as_ref().unwrap();
    assert_eq!(currency.iso.as_deref(), Some("DKK"));
    assert_eq!(currency.currency, Some(dec!(1)));
    assert_eq!(order.transactions.len(), 1);
    assert_eq!(order.transactions[0].amount, Some(10000));
    assert_eq!(order.transactions[0].amount_full, Some(dec!(100)));
    assert_eq!(order.order_lines.len(), 1);
    let line = &order.order_lines[0];
    assert_eq!(line.price, Some(dec!(80)));
    assert_eq!(line.amount, Some(1));
    assert!(line.packet_lines.is_empty());
    assert_eq!(
        order
            .date_delivered
            .as_deref()
            .and_then(parse_shop_datetime),
        Some(
            chrono::NaiveDate::from_ymd_opt(2026, 8, 15)
                .unwrap()
                .and_hms_opt(18, 41, 30)
                .unwrap()
        )
    );
    assert_eq!(
        order.date_sent.as_deref().and_then(parse_shop_datetime),
        None
    );
    let order_19 = orders.iter().find(|o| o.id == Some(19)).unwrap();
    assert_eq!(order_19.order_lines[0].amount, Some(3));
    assert_eq!(order_19.total, Some(dec!(240)));
}

#[test]
fn default_projection_line_has_only_its_id() {
    let orders = parse::<ops::OrderGetAllWithPagination>(
        "orders-default-projection__Order_GetAllWithPagination__0.xml",
    );
    assert_eq!(orders.len(), 1);
    assert_eq!(orders[0].id, Some(18));
    assert_eq!(
        orders[0].order_lines,
        vec![OrderLine {
            id: Some(14),
            ..OrderLine::default()
        }]
    );
}

#[test]
fn empty_pages_are_empty_vecs() {
    for name in [
        "orders__Order_GetAllWithPagination__1.xml",
        "orders-default-projection__Order_GetAllWithPagination__1.xml",
    ] {
        let page = parse::<ops::OrderGetAllWithPagination>(name);
        assert!(page.is_empty(), "{name}");
    }
    let products = parse::<ops::ProductGetAllWithLimit>("products__Product_GetAllWithLimit__1.xml");
    assert!(products.is_empty());
}

fn products() -> Vec<Product> {
    parse::<ops::ProductGetAllWithLimit>("products__Product_GetAllWithLimit__0.xml")
}

#[test]
fn products_nested_arrays_are_read_by_path() {
    let products = products();
    assert_eq!(products.len(), 3, "only top-level items are products");
    let p = &products[0];
    assert_eq!(p.id, Some(1));
    assert_eq!(p.item_number.as_deref(), Some("DEMO-1"));
    assert_eq!(p.price, Some(dec!(199)));
    assert_eq!(p.buying_price, Some(dec!(79)));
    assert_eq!(p.weight, Some(dec!(0.5)));
    assert_eq!(p.vat_group_id, Some(2));
    assert_eq!(p.title.as_deref(), Some("Eksempel p&aring; produkt 1"));
    assert_eq!(
        p.description_long.as_deref(),
        Some("<p>Lang beskrivelse med &oslash; og &aring;.</p>")
    );
    assert_eq!(p.r#type.as_deref(), Some(""));
    assert_eq!(p.variants.len(), 3);
    for v in &p.variants {
        assert_eq!(v.stock_locations.len(), 1);
        assert_eq!(v.stock_locations[0].buy_price, Some(dec!(79)));
        assert_eq!(v.variant_type_values.len(), 1);
    }
    assert_eq!(
        p.variants.iter().map(|v| v.id.unwrap()).collect::<Vec<_>>(),
        [4, 5, 28]
    );
    assert_eq!(p.variants[0].variant_type_values, [4]);
    assert_eq!(
        p.variants[0].unit.as_ref().unwrap().title.as_deref(),
        Some("stk.")
    );
    assert_eq!(p.stock_locations.len(), 1);
    assert_eq!(p.pictures.len(), 1);
    assert_eq!(p.pictures[0].image_alt_texts.len(), 1);
    assert_eq!(p.discounts.len(), 7);
    assert_eq!(
        p.variant_types,
        Some(TextOrItems::Items(vec![ProductVariantType {
            id: Some(2),
            language_iso: Some("DK".into()),
            title: Some("Størrelse".into()),
            sorting: Some(0),
        }]))
    );
    assert_eq!(
        p.date_updated.as_deref().and_then(parse_shop_datetime),
        None,
        "zero date"
    );
    let p2 = &products[1];
    assert!(p2.variants.is_empty());
    assert_eq!(p2.call_for_price, Some(true));
    assert_eq!(p2.variant_types, Some(TextOrItems::Text(String::new())));
}

#[test]
fn shop_values() {
    let connected = parse::<ops::SolutionConnect>("shop__Solution_Connect__0.xml");
    assert!(connected);
    let info = parse::<ops::SolutionGetWebinfo>("shop__Solution_GetWebinfo__0.xml").unwrap();
    assert_eq!(info.product_prices_with_vat, Some(true));
    assert_eq!(info.solution_id.as_deref(), Some("shop000000"));
    assert_eq!(info.address.as_deref(), Some(""));
    let vat = parse::<ops::VatGroupGetAll>("shop__VatGroup_GetAll__0.xml");
    assert_eq!(
        vat.iter()
            .map(|v| v.vat_percentage.unwrap())
            .collect::<Vec<_>>(),
        [0, 25]
    );
    let currencies = parse::<ops::CurrencyGetAll>("shop__Currency_GetAll__0.xml");
    assert_eq!(currencies[0].iso.as_deref(), Some("DKK"));
    assert_eq!(currencies[0].decimal.as_deref(), Some(","));
    assert_eq!(currencies[0].round, Some(3));
    let languages = parse::<ops::SolutionGetLanguages>("shop__Solution_GetLanguages__0.xml");
    assert_eq!(
        languages
            .iter()
            .map(|l| l.language_iso.clone().unwrap())
            .collect::<Vec<_>>(),
        ["DK", "UK"]
    );
    let groups = parse::<ops::UserGetGroupAll>("shop__User_GetGroupAll__0.xml");
    assert_eq!(groups.len(), 4);
    assert_eq!(groups[1].producer, Some(true));
    let countries =
        parse::<ops::ProductGetDeliveryCountryAll>("shop__Product_GetDeliveryCountryAll__0.xml");
    assert_eq!(countries[0].tax, Some(25));
    assert!(countries[0].access.is_empty());
    assert!(parse::<ops::SolutionHasModule>(
        "shop__Solution_HasModule__0.xml"
    ));
}

#[test]
fn categories_and_users() {
    let categories = parse::<ops::CategoryGetAll>("categories__Category_GetAll__0.xml");
    assert_eq!(categories.len(), 2);
    assert_eq!(categories[1].parent_id, Some(1));
    assert_eq!(
        categories[0].seo_descripton.as_deref(),
        Some(""),
        "WSDL typo kept"
    );
    assert_eq!(
        categories[0].description.as_deref(),
        Some("Beskrivelse med &oslash;")
    );
    let users = parse::<ops::UserGetAll>("customers__User_GetAll__0.xml");
    assert_eq!(users.len(), 1);
    assert_eq!(
        users[0].username.as_deref(),
        Some("probe-ship@example.invalid")
    );
    assert_eq!(users[0].country_code, Some(1));
    assert_eq!(users[0].newsletter, Some(true));
    let lines = parse::<ops::OrderGetLines>("orders__Order_GetLines__0.xml");
    assert_eq!(
        lines[0].product_title.as_deref(),
        Some("PROBE server-priced 25pct at 100")
    );
    assert_eq!(lines[0].price_rounded, Some(dec!(80)));
}

#[test]
fn user_debug_redacts_the_password() {
    let user = smartweb_client::model::User {
        password: Some("hunter2-secret".into()),
        ..Default::default()
    };
    let shown = format!("{user:?}");
    assert!(!shown.contains("hunter2"), "{shown}");
    assert!(shown.contains("<redacted>"));
    let connect = ops::SolutionConnect {
        username: "api@example.invalid".into(),
        password: "hunter2-secret".into(),
    };
    let shown = format!("{connect:?}");
    assert!(!shown.contains("hunter2"), "{shown}");
    assert!(shown.contains("api@example.invalid"));
}
