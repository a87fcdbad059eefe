//! MockSmartWeb products: reads, item-number arrays, limits, upserts (the `PRODUCT` fault),
//! bulk results, partial updates, variants, stock per location, language layers, catalogues.
#![cfg(feature = "mock")]

use crate::mock_support as support;

use rust_decimal_macros::dec;
use smartweb_client::mock::{MockSmartWeb, fixtures};
use smartweb_client::soap::SoapVersion;
use smartweb_client::{Error, model, ops};
use support::{call, connect, set_fields};

async fn shop() -> (MockSmartWeb, String) {
    let shop = MockSmartWeb::start().await;
    let mut shirt = fixtures::product(1, "SHIRT", "Skjorte", dec!(199), 30);
    shirt
        .variants
        .push(fixtures::variant(4, 1, "SHIRT-S", "Small", dec!(199), 10));
    shirt
        .variants
        .push(fixtures::variant(5, 1, "SHIRT-M", "Medium", dec!(199), 0));
    shop.seed_products([
        shirt,
        fixtures::product(2, "MUG", "Krus", dec!(50), 3),
        fixtures::product(3, "mug", "Lille krus", dec!(40), 3),
    ]);
    let cookie = connect(&shop, SoapVersion::V11).await;
    set_fields(
        &shop,
        &ops::ProductSetFields {
            fields: "Id,ItemNumber,Title,Price,Stock,CategoryId,DateUpdated,Variants".into(),
        },
        &cookie,
    )
    .await;
    set_fields(
        &shop,
        &ops::ProductSetVariantFields {
            fields: "Id,ProductId,ItemNumber,Stock,StockLocations".into(),
        },
        &cookie,
    )
    .await;
    (shop, cookie)
}

fn ids(products: &[model::Product]) -> Vec<i64> {
    products.iter().filter_map(|p| p.id).collect()
}

#[tokio::test]
async fn item_number_lookup_is_an_array_and_case_insensitive() {
    let (shop, cookie) = shop().await;
    let answer = call(
        &shop,
        &ops::ProductGetByItemNumber {
            item_number: "Mug".into(),
        },
        SoapVersion::V11,
        Some(&cookie),
    )
    .await;
    assert!(
        answer
            .body
            .contains("<Product_GetByItemNumberResult><item>"),
        "{}",
        answer.body
    );
    assert_eq!(
        ids(&answer.parse::<ops::ProductGetByItemNumber>().unwrap()),
        [2, 3]
    );
    let none = call(
        &shop,
        &ops::ProductGetByItemNumber {
            item_number: "NOPE".into(),
        },
        SoapVersion::V11,
        Some(&cookie),
    )
    .await;
    assert!(none.body.contains("<Product_GetByItemNumberResult/>"));
    let strict = call(
        &shop,
        &ops::SolutionSetCaseSensitiveItemNumber { enabled: true },
        SoapVersion::V11,
        Some(&cookie),
    )
    .await;
    assert!(
        strict
            .parse::<ops::SolutionSetCaseSensitiveItemNumber>()
            .unwrap()
    );
    let answer = call(
        &shop,
        &ops::ProductGetByItemNumber {
            item_number: "MUG".into(),
        },
        SoapVersion::V11,
        Some(&cookie),
    )
    .await;
    assert_eq!(
        ids(&answer.parse::<ops::ProductGetByItemNumber>().unwrap()),
        [2]
    );
}

#[tokio::test]
async fn get_all_with_limit_counts_start_from_zero() {
    let (shop, cookie) = shop().await;
    let first = call(
        &shop,
        &ops::ProductGetAllWithLimit {
            start: 0,
            length: 2,
        },
        SoapVersion::V11,
        Some(&cookie),
    )
    .await;
    assert_eq!(
        ids(&first.parse::<ops::ProductGetAllWithLimit>().unwrap()),
        [1, 2]
    );
    let rest = call(
        &shop,
        &ops::ProductGetAllWithLimit {
            start: 2,
            length: 2,
        },
        SoapVersion::V11,
        Some(&cookie),
    )
    .await;
    assert_eq!(
        ids(&rest.parse::<ops::ProductGetAllWithLimit>().unwrap()),
        [3]
    );
    let past = call(
        &shop,
        &ops::ProductGetAllWithLimit {
            start: 3,
            length: 2,
        },
        SoapVersion::V11,
        Some(&cookie),
    )
    .await;
    assert!(
        past.parse::<ops::ProductGetAllWithLimit>()
            .unwrap()
            .is_empty()
    );
    let by_ids = call(
        &shop,
        &ops::ProductGetByIds {
            product_ids: vec![3, 99, 1],
        },
        SoapVersion::V11,
        Some(&cookie),
    )
    .await;
    assert_eq!(
        ids(&by_ids.parse::<ops::ProductGetByIds>().unwrap()),
        [3, 1]
    );
    let missing = call(
        &shop,
        &ops::ProductGetById { product_id: 99 },
        SoapVersion::V11,
        Some(&cookie),
    )
    .await;
    assert!(
        missing.body.contains("<Product_GetByIdResult/>"),
        "{}",
        missing.body
    );
}

#[tokio::test]
async fn creating_without_category_is_the_product_fault() {
    let (shop, cookie) = shop().await;
    let data = model::ProductCreateUpdate {
        item_number: Some("NEW".into()),
        title: Some("Ny".into()),
        ..Default::default()
    };
    let answer = call(
        &shop,
        &ops::ProductCreateOrUpdate {
            product_data: data.clone(),
        },
        SoapVersion::V12,
        Some(&cookie),
    )
    .await;
    assert_eq!(answer.status, 500);
    assert!(
        answer
            .body
            .contains("<env:Code><env:Value>PRODUCT</env:Value></env:Code>"),
        "{}",
        answer.body
    );
    let err = answer.parse::<ops::ProductCreateOrUpdate>().unwrap_err();
    assert!(
        matches!(err, Error::Other { ref code, ref message } if code == "PRODUCT" && message == "A CategoryId must be set when creating a product"),
        "{err:?}"
    );
    assert!(shop.product_by_item_number("NEW").is_none());
    // With a category it is created, and an update needs none.
    let with_category = model::ProductCreateUpdate {
        category_id: Some(1),
        stock: Some(4),
        price: Some(dec!(125)),
        ..data
    };
    let id = call(
        &shop,
        &ops::ProductCreateOrUpdate {
            product_data: with_category,
        },
        SoapVersion::V12,
        Some(&cookie),
    )
    .await
    .parse::<ops::ProductCreateOrUpdate>()
    .unwrap();
    let update = model::ProductCreateUpdate {
        item_number: Some("new".into()),
        stock: Some(9),
        ..Default::default()
    };
    let same = call(
        &shop,
        &ops::ProductCreateOrUpdate {
            product_data: update,
        },
        SoapVersion::V12,
        Some(&cookie),
    )
    .await
    .parse::<ops::ProductCreateOrUpdate>()
    .unwrap();
    assert_eq!(same, id);
    let stored = shop.product(id).unwrap();
    assert_eq!(
        (stored.stock, stored.price, stored.title.as_deref()),
        (Some(9), Some(dec!(125)), Some("Ny"))
    );
    let create = model::ProductCreate {
        item_number: Some("X".into()),
        title: Some("X".into()),
        ..Default::default()
    };
    let answer = call(
        &shop,
        &ops::ProductCreate {
            product_data: create,
        },
        SoapVersion::V11,
        Some(&cookie),
    )
    .await;
    assert!(
        answer.body.contains("<faultcode>PRODUCT</faultcode>"),
        "{}",
        answer.body
    );
}

#[tokio::test]
async fn bulk_upsert_answers_one_result_per_item() {
    let (shop, cookie) = shop().await;
    let items = vec![
        model::ProductCreateUpdate {
            item_number: Some("MUG".into()),
            stock: Some(11),
            ..Default::default()
        },
        model::ProductCreateUpdate {
            item_number: Some("NOCAT".into()),
            ..Default::default()
        },
        model::ProductCreateUpdate {
            item_number: Some("LAMP".into()),
            category_id: Some(1),
            title: Some("Lampe".into()),
            ..Default::default()
        },
    ];
    let results = call(
        &shop,
        &ops::ProductCreateOrUpdateBulk {
            product_data_list: items,
        },
        SoapVersion::V11,
        Some(&cookie),
    )
    .await
    .parse::<ops::ProductCreateOrUpdateBulk>()
    .unwrap();
    assert_eq!(results.len(), 3);
    assert_eq!(results[0].id, Some(2));
    assert_eq!(results[1].id, Some(0));
    assert_eq!(
        results[1].error.as_deref(),
        Some("A CategoryId must be set when creating a product")
    );
    assert!(results[2].id.unwrap() > 3);
    assert_eq!(shop.product(2).unwrap().stock, Some(11));
    let writes = shop.stock_writes();
    assert_eq!(writes.len(), 1);
    assert_eq!(
        (
            writes[0].operation.as_str(),
            writes[0].product_id,
            writes[0].stock
        ),
        ("Product_CreateOrUpdateBulk", 2, 11)
    );
}

#[tokio::test]
async fn update_changes_only_sent_fields_and_answers_ids() {
    let (shop, cookie) = shop().await;
    let now = chrono::NaiveDate::from_ymd_opt(2026, 7, 1)
        .unwrap()
        .and_hms_opt(12, 0, 0)
        .unwrap();
    shop.set_now(Some(now));
    let by_item = model::ProductUpdate {
        item_number: Some("mug".into()),
        stock: Some(0),
        ..Default::default()
    };
    let answer = call(
        &shop,
        &ops::ProductUpdate {
            product_data: by_item,
        },
        SoapVersion::V11,
        Some(&cookie),
    )
    .await;
    assert!(
        answer
            .body
            .contains("<Product_UpdateResult><item>2</item><item>3</item></Product_UpdateResult>"),
        "{}",
        answer.body
    );
    let by_id = model::ProductUpdate {
        id: Some(1),
        price: Some(dec!(249)),
        ..Default::default()
    };
    let ids = call(
        &shop,
        &ops::ProductUpdate {
            product_data: by_id,
        },
        SoapVersion::V11,
        Some(&cookie),
    )
    .await
    .parse::<ops::ProductUpdate>()
    .unwrap();
    assert_eq!(ids, [1]);
    let shirt = shop.product(1).unwrap();
    assert_eq!(
        (shirt.price, shirt.stock, shirt.title.as_deref()),
        (Some(dec!(249)), Some(30), Some("Skjorte"))
    );
    assert_eq!(shirt.variants.len(), 2, "variants untouched");
    assert_eq!(shirt.date_updated.as_deref(), Some("2026-07-01 12:00:00"));
    let changed = call(
        &shop,
        &ops::ProductGetByUpdatedDate {
            start: "2026-07-01".into(),
            end: "2026-07-02".into(),
        },
        SoapVersion::V11,
        Some(&cookie),
    )
    .await
    .parse::<ops::ProductGetByUpdatedDate>()
    .unwrap();
    assert_eq!(changed.len(), 3);
}

#[tokio::test]
async fn variants_are_created_updated_and_found_by_item_number() {
    let (shop, cookie) = shop().await;
    let create = model::ProductVariantCreate {
        product_id: Some(2),
        item_number: Some("MUG-RED".into()),
        stock: Some(2),
        price: Some(dec!(55)),
        ..Default::default()
    };
    let id = call(
        &shop,
        &ops::ProductCreateVariant {
            variant_data: create,
        },
        SoapVersion::V11,
        Some(&cookie),
    )
    .await
    .parse::<ops::ProductCreateVariant>()
    .unwrap();
    assert!(id > 5);
    let update = model::ProductVariantUpdate {
        item_number: Some("shirt-s".into()),
        stock: Some(7),
        ..Default::default()
    };
    let ids = call(
        &shop,
        &ops::ProductUpdateVariant {
            variant_data: update,
        },
        SoapVersion::V11,
        Some(&cookie),
    )
    .await
    .parse::<ops::ProductUpdateVariant>()
    .unwrap();
    assert_eq!(ids, [4]);
    let upsert = model::ProductVariantCreateUpdate {
        item_number: Some("SHIRT-M".into()),
        stock: Some(5),
        ..Default::default()
    };
    let same = call(
        &shop,
        &ops::ProductCreateOrUpdateVariant {
            variant_data: upsert,
        },
        SoapVersion::V11,
        Some(&cookie),
    )
    .await
    .parse::<ops::ProductCreateOrUpdateVariant>()
    .unwrap();
    assert_eq!(same, 5);
    let found = call(
        &shop,
        &ops::ProductGetVariantsByItemNumber {
            item_number: "Shirt-M".into(),
        },
        SoapVersion::V11,
        Some(&cookie),
    )
    .await
    .parse::<ops::ProductGetVariantsByItemNumber>()
    .unwrap();
    assert_eq!((found[0].id, found[0].stock), (Some(5), Some(5)));
    let variants = call(
        &shop,
        &ops::ProductGetVariants { product_id: 2 },
        SoapVersion::V11,
        Some(&cookie),
    )
    .await
    .parse::<ops::ProductGetVariants>()
    .unwrap();
    assert_eq!(variants[0].item_number.as_deref(), Some("MUG-RED"));
    assert_eq!(shop.variant(4).unwrap().stock, Some(7));
    let unknown = model::ProductVariantCreate {
        product_id: Some(99),
        ..Default::default()
    };
    let answer = call(
        &shop,
        &ops::ProductCreateVariant {
            variant_data: unknown,
        },
        SoapVersion::V11,
        Some(&cookie),
    )
    .await;
    assert!(matches!(
        answer.parse::<ops::ProductCreateVariant>(),
        Err(Error::Param { .. })
    ));
}

#[tokio::test]
async fn stock_is_written_per_location_for_products_and_variants() {
    let (shop, cookie) = shop().await;
    let product = ops::ProductUpdateStockForStockLocation {
        product_id: 2,
        stock_location_id: 1,
        stock: 12,
    };
    assert!(
        call(&shop, &product, SoapVersion::V11, Some(&cookie))
            .await
            .parse::<ops::ProductUpdateStockForStockLocation>()
            .unwrap()
    );
    let variant = ops::ProductUpdateVariantStockForStockLocation {
        variant_id: 4,
        stock_location_id: 2,
        stock: 6,
    };
    assert!(
        call(&shop, &variant, SoapVersion::V11, Some(&cookie))
            .await
            .parse::<ops::ProductUpdateVariantStockForStockLocation>()
            .unwrap()
    );
    let mug = shop.product(2).unwrap();
    assert_eq!(mug.stock_locations[0].stock, Some(12));
    assert_eq!(mug.stock, Some(3), "product stock is left alone");
    let small = shop.variant(4).unwrap();
    assert_eq!(
        (
            small.stock_locations[0].stock_location_id,
            small.stock_locations[0].stock
        ),
        (Some(2), Some(6))
    );
    let writes = shop.stock_writes();
    assert_eq!(writes.len(), 2);
    assert_eq!(
        (writes[1].variant_id, writes[1].stock_location_id),
        (Some(4), Some(2))
    );
    let read = call(
        &shop,
        &ops::ProductGetVariants { product_id: 1 },
        SoapVersion::V11,
        Some(&cookie),
    )
    .await
    .parse::<ops::ProductGetVariants>()
    .unwrap();
    assert_eq!(read[0].stock_locations[0].stock, Some(6));
    let unknown = ops::ProductUpdateStockForStockLocation {
        product_id: 99,
        stock_location_id: 1,
        stock: 1,
    };
    assert!(
        call(&shop, &unknown, SoapVersion::V11, Some(&cookie))
            .await
            .parse::<ops::ProductUpdateStockForStockLocation>()
            .is_err()
    );
}

#[tokio::test]
async fn texts_exist_only_in_their_language_layer() {
    let (shop, cookie) = shop().await;
    assert!(
        call(
            &shop,
            &ops::SolutionSetLanguage {
                language_iso: Some("UK".into())
            },
            SoapVersion::V11,
            Some(&cookie)
        )
        .await
        .parse::<ops::SolutionSetLanguage>()
        .unwrap()
    );
    let product = call(
        &shop,
        &ops::ProductGetById { product_id: 2 },
        SoapVersion::V11,
        Some(&cookie),
    )
    .await
    .parse::<ops::ProductGetById>()
    .unwrap()
    .unwrap();
    assert_eq!(product.title, None);
    assert_eq!(product.price, Some(dec!(50)));
}

#[tokio::test]
async fn catalogues_and_webinfo_are_served() {
    let shop = MockSmartWeb::builder().prices_with_vat(false).start().await;
    let cookie = connect(&shop, SoapVersion::V11).await;
    let info = call(
        &shop,
        &ops::SolutionGetWebinfo {},
        SoapVersion::V11,
        Some(&cookie),
    )
    .await
    .parse::<ops::SolutionGetWebinfo>()
    .unwrap()
    .unwrap();
    assert_eq!(info.product_prices_with_vat, Some(false));
    let vat = call(
        &shop,
        &ops::VatGroupGetAll {},
        SoapVersion::V11,
        Some(&cookie),
    )
    .await
    .parse::<ops::VatGroupGetAll>()
    .unwrap();
    assert_eq!(
        vat.iter()
            .filter_map(|g| g.vat_percentage)
            .collect::<Vec<_>>(),
        [0, 25]
    );
    let countries = call(
        &shop,
        &ops::ProductGetDeliveryCountryAll {},
        SoapVersion::V11,
        Some(&cookie),
    )
    .await
    .parse::<ops::ProductGetDeliveryCountryAll>()
    .unwrap();
    assert_eq!(countries[0].iso.as_deref(), Some("DK"));
    let currencies = call(
        &shop,
        &ops::CurrencyGetAll {},
        SoapVersion::V11,
        Some(&cookie),
    )
    .await
    .parse::<ops::CurrencyGetAll>()
    .unwrap();
    assert_eq!(currencies[0].iso.as_deref(), Some("DKK"));
    assert_eq!(
        call(
            &shop,
            &ops::DeliveryGetAll {},
            SoapVersion::V11,
            Some(&cookie)
        )
        .await
        .parse::<ops::DeliveryGetAll>()
        .unwrap()
        .len(),
        1
    );
    assert_eq!(
        call(
            &shop,
            &ops::PaymentGetAll {},
            SoapVersion::V11,
            Some(&cookie)
        )
        .await
        .parse::<ops::PaymentGetAll>()
        .unwrap()
        .len(),
        1
    );
    assert_eq!(
        call(
            &shop,
            &ops::UserGetGroupAll {},
            SoapVersion::V11,
            Some(&cookie)
        )
        .await
        .parse::<ops::UserGetGroupAll>()
        .unwrap()
        .len(),
        1
    );
    let category = call(
        &shop,
        &ops::CategoryGetById { category_id: 1 },
        SoapVersion::V11,
        Some(&cookie),
    )
    .await
    .parse::<ops::CategoryGetById>()
    .unwrap()
    .unwrap();
    assert_eq!(category.parent_id, Some(0));
    assert_eq!(
        call(
            &shop,
            &ops::CategoryGetAll {},
            SoapVersion::V11,
            Some(&cookie)
        )
        .await
        .parse::<ops::CategoryGetAll>()
        .unwrap()
        .len(),
        1
    );
}

#[tokio::test]
async fn users_are_created_and_updated() {
    let (shop, cookie) = shop().await;
    set_fields(
        &shop,
        &ops::UserSetFields {
            fields: "Id,Email,Firstname".into(),
        },
        &cookie,
    )
    .await;
    let create = model::UserCreate {
        email: Some("a@example.invalid".into()),
        firstname: Some("A".into()),
        user_group_id: Some(1),
        ..Default::default()
    };
    let id = call(
        &shop,
        &ops::UserCreate { user_data: create },
        SoapVersion::V11,
        Some(&cookie),
    )
    .await
    .parse::<ops::UserCreate>()
    .unwrap();
    let update = model::UserUpdate {
        id: Some(id),
        firstname: Some("B".into()),
        ..Default::default()
    };
    assert_eq!(
        call(
            &shop,
            &ops::UserUpdate { user_data: update },
            SoapVersion::V11,
            Some(&cookie)
        )
        .await
        .parse::<ops::UserUpdate>()
        .unwrap(),
        id
    );
    let user = call(
        &shop,
        &ops::UserGetById { user_id: id },
        SoapVersion::V11,
        Some(&cookie),
    )
    .await
    .parse::<ops::UserGetById>()
    .unwrap()
    .unwrap();
    assert_eq!(
        (user.firstname.as_deref(), user.email.as_deref()),
        (Some("B"), Some("a@example.invalid"))
    );
    let bad = model::UserCreate {
        consent_date: Some(String::new()),
        ..Default::default()
    };
    let answer = call(
        &shop,
        &ops::UserCreate { user_data: bad },
        SoapVersion::V11,
        Some(&cookie),
    )
    .await;
    assert!(
        matches!(answer.parse::<ops::UserCreate>(), Err(Error::Param { ref message }) if message.contains("ConsentDate ''"))
    );
}
