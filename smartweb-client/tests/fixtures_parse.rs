//! Every recorded response envelope in `../shared/reference/smartweb/fixtures/xml/` parses
//! into typed values; key values are asserted.

use std::path::PathBuf;

use rust_decimal_macros::dec;
use smartweb_client::Error;
use smartweb_client::model::{Order, OrderLine, Product, ProductVariantType};
use smartweb_client::ops;
use smartweb_client::soap::{Operation, parse_response};
use smartweb_client::values::{OrderStatus, parse_shop_datetime};
use smartweb_client::xml::TextOrItems;

fn fixture_dir() -> Option<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../shared/reference/smartweb/fixtures/xml");
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!("note: {} is absent; fixture tests skipped", dir.display());
        None
    }
}

fn load(name: &str) -> Option<Vec<u8>> {
    let dir = fixture_dir()?;
    Some(std::fs::read(dir.join(name)).unwrap())
}

fn parse<O: Operation>(name: &str) -> Option<O::Output> {
    let body = load(name)?;
    Some(parse_response::<O>(&body).unwrap_or_else(|e| panic!("{name}: {e}")))
}

/// Parses one fixture file by the operation named in its file name; returns a short summary.
fn parse_any(op: &str, body: &[u8]) -> Result<usize, Error> {
    macro_rules! count {
        ($t:ty, vec) => {
            parse_response::<$t>(body).map(|v| v.len())
        };
        ($t:ty, one) => {
            parse_response::<$t>(body).map(|v| usize::from(v.is_some()))
        };
        ($t:ty, flag) => {
            parse_response::<$t>(body).map(usize::from)
        };
    }
    match op {
        "Category_GetAll" => count!(ops::CategoryGetAll, vec),
        "Category_GetPictures" => count!(ops::CategoryGetPictures, vec),
        "User_GetAll" => count!(ops::UserGetAll, vec),
        "User_SetFields" => count!(ops::UserSetFields, flag),
        "Order_GetAllWithPagination" => count!(ops::OrderGetAllWithPagination, vec),
        "Order_GetLines" => count!(ops::OrderGetLines, vec),
        "Order_SetFields" => count!(ops::OrderSetFields, flag),
        "Order_SetOrderLineFields" => count!(ops::OrderSetOrderLineFields, flag),
        "Product_GetAdditionalTypes" => count!(ops::ProductGetAdditionalTypes, vec),
        "Product_GetAllWithLimit" => count!(ops::ProductGetAllWithLimit, vec),
        "Product_GetVariantTypeAll" => count!(ops::ProductGetVariantTypeAll, vec),
        "Product_GetVariantTypeValuesByType" => {
            count!(ops::ProductGetVariantTypeValuesByType, vec)
        }
        "Product_SetFields" => count!(ops::ProductSetFields, flag),
        "Product_SetVariantFields" => count!(ops::ProductSetVariantFields, flag),
        "Currency_GetAll" => count!(ops::CurrencyGetAll, vec),
        "Product_GetAdditionalTypesAll" => count!(ops::ProductGetAdditionalTypesAll, vec),
        "Product_GetDeliveryCountryAll" => count!(ops::ProductGetDeliveryCountryAll, vec),
        "Product_GetDeliveryTimeAll" => count!(ops::ProductGetDeliveryTimeAll, vec),
        "Solution_Connect" => count!(ops::SolutionConnect, flag),
        "Solution_GetLanguages" => count!(ops::SolutionGetLanguages, vec),
        "Solution_GetWebinfo" => count!(ops::SolutionGetWebinfo, one),
        "Solution_HasModule" => count!(ops::SolutionHasModule, flag),
        "User_GetGroupAll" => count!(ops::UserGetGroupAll, vec),
        "VatGroup_GetAll" => count!(ops::VatGroupGetAll, vec),
        other => panic!("fixture for an operation this test does not know: {other}"),
    }
}

#[test]
fn every_fixture_envelope_parses() {
    let Some(dir) = fixture_dir() else { return };
    let mut names: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.ends_with(".xml"))
        .collect();
    names.sort();
    assert_eq!(names.len(), 34, "fixture count changed: {names:?}");
    for name in &names {
        let op = name.split("__").nth(1).unwrap();
        let body = std::fs::read(dir.join(name)).unwrap();
        parse_any(op, &body).unwrap_or_else(|e| panic!("{name}: {e}"));
    }
}

fn orders() -> Option<Vec<Order>> {
    parse::<ops::OrderGetAllWithPagination>("orders__Order_GetAllWithPagination__0.xml")
}

#[test]
fn credit_note_order_17_has_origin_16_and_negative_total() {
    let Some(orders) = orders() else { return };
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
    let Some(orders) = orders() else { return };
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
    let Some(orders) = parse::<ops::OrderGetAllWithPagination>(
        "orders-default-projection__Order_GetAllWithPagination__0.xml",
    ) else {
        return;
    };
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
        let Some(page) = parse::<ops::OrderGetAllWithPagination>(name) else {
            return;
        };
        assert!(page.is_empty(), "{name}");
    }
    let Some(products) =
        parse::<ops::ProductGetAllWithLimit>("products__Product_GetAllWithLimit__1.xml")
    else {
        return;
    };
    assert!(products.is_empty());
}

fn products() -> Option<Vec<Product>> {
    parse::<ops::ProductGetAllWithLimit>("products__Product_GetAllWithLimit__0.xml")
}

#[test]
fn products_nested_arrays_are_read_by_path() {
    let Some(products) = products() else { return };
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
    let Some(connected) = parse::<ops::SolutionConnect>("shop__Solution_Connect__0.xml") else {
        return;
    };
    assert!(connected);
    let info = parse::<ops::SolutionGetWebinfo>("shop__Solution_GetWebinfo__0.xml")
        .unwrap()
        .unwrap();
    assert_eq!(info.product_prices_with_vat, Some(true));
    assert_eq!(info.solution_id.as_deref(), Some("shop000000"));
    assert_eq!(info.address.as_deref(), Some(""));
    let vat = parse::<ops::VatGroupGetAll>("shop__VatGroup_GetAll__0.xml").unwrap();
    assert_eq!(
        vat.iter()
            .map(|v| v.vat_percentage.unwrap())
            .collect::<Vec<_>>(),
        [0, 25]
    );
    let currencies = parse::<ops::CurrencyGetAll>("shop__Currency_GetAll__0.xml").unwrap();
    assert_eq!(currencies[0].iso.as_deref(), Some("DKK"));
    assert_eq!(currencies[0].decimal.as_deref(), Some(","));
    assert_eq!(currencies[0].round, Some(3));
    let languages =
        parse::<ops::SolutionGetLanguages>("shop__Solution_GetLanguages__0.xml").unwrap();
    assert_eq!(
        languages
            .iter()
            .map(|l| l.language_iso.clone().unwrap())
            .collect::<Vec<_>>(),
        ["DK", "UK"]
    );
    let groups = parse::<ops::UserGetGroupAll>("shop__User_GetGroupAll__0.xml").unwrap();
    assert_eq!(groups.len(), 4);
    assert_eq!(groups[1].producer, Some(true));
    let countries =
        parse::<ops::ProductGetDeliveryCountryAll>("shop__Product_GetDeliveryCountryAll__0.xml")
            .unwrap();
    assert_eq!(countries[0].tax, Some(25));
    assert!(countries[0].access.is_empty());
    assert!(parse::<ops::SolutionHasModule>("shop__Solution_HasModule__0.xml").unwrap());
}

#[test]
fn categories_and_users() {
    let Some(categories) = parse::<ops::CategoryGetAll>("categories__Category_GetAll__0.xml")
    else {
        return;
    };
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
    let users = parse::<ops::UserGetAll>("customers__User_GetAll__0.xml").unwrap();
    assert_eq!(users.len(), 1);
    assert_eq!(
        users[0].username.as_deref(),
        Some("probe-ship@example.invalid")
    );
    assert_eq!(users[0].country_code, Some(1));
    assert_eq!(users[0].newsletter, Some(true));
    let lines = parse::<ops::OrderGetLines>("orders__Order_GetLines__0.xml").unwrap();
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
