//! Curated product calls against the scripted fake: the GetAllWithLimit walk, upsert checks,
//! stock writes.

use crate::session_support;

use futures::TryStreamExt;
use session_support::{FakeShop, Seen, default_answer, fault, ok};
use smartweb_client::api::{ProductKey, fields};
use smartweb_client::{Error, model, ops};

fn product(id: i64) -> model::Product {
    model::Product {
        id: Some(id),
        item_number: Some(format!("SKU-{id}")),
        ..Default::default()
    }
}

fn starts(shop: &FakeShop) -> Vec<i64> {
    shop.seen()
        .iter()
        .filter(|s| s.op == "Product_GetAllWithLimit")
        .map(|s| s.args::<ops::ProductGetAllWithLimit>().start)
        .collect()
}

#[tokio::test]
async fn all_walks_by_offset_dedupes_and_ends_on_an_empty_page() {
    // A 1-based server answering Start=0 like Start=1: each next page repeats one product.
    // The short page (Start 6) is not taken as the end: only an empty page is.
    let shop = FakeShop::start(|s: &Seen| match s.op.as_str() {
        "Product_GetAllWithLimit" => {
            let args: ops::ProductGetAllWithLimit = s.args();
            let page: Vec<model::Product> = match args.start {
                0 => vec![product(1), product(2), product(3)],
                3 => vec![product(3), product(4), product(5)],
                6 => vec![product(6)],
                7 => vec![],
                other => panic!("unexpected Start {other}"),
            };
            ok::<ops::ProductGetAllWithLimit>(&page)
        }
        _ => default_answer(s),
    })
    .await;
    let client = shop.client();
    let products: Vec<model::Product> = client.products().all(3).try_collect().await.unwrap();
    let ids: Vec<i64> = products.iter().filter_map(|p| p.id).collect();
    assert_eq!(ids, [1, 2, 3, 4, 5, 6]);
    assert_eq!(starts(&shop), [0, 3, 6, 7]);
    let product_fields: ops::ProductSetFields = shop
        .seen()
        .iter()
        .find(|s| s.op == "Product_SetFields")
        .unwrap()
        .args();
    assert_eq!(product_fields.fields, fields::PRODUCT);
    assert_eq!(client.request_stats().get("Product_SetVariantFields"), 1);
}

#[tokio::test]
async fn all_restarts_from_one_when_start_zero_is_rejected_and_ends_on_an_empty_page() {
    let shop = FakeShop::start(|s: &Seen| match s.op.as_str() {
        "Product_GetAllWithLimit" => {
            let args: ops::ProductGetAllWithLimit = s.args();
            match args.start {
                0 => fault("PARAM", "Start must be greater than 0"),
                1 => ok::<ops::ProductGetAllWithLimit>(&vec![product(1), product(2)]),
                _ => ok::<ops::ProductGetAllWithLimit>(&vec![]),
            }
        }
        _ => default_answer(s),
    })
    .await;
    let products: Vec<model::Product> =
        shop.client().products().all(2).try_collect().await.unwrap();
    assert_eq!(products.len(), 2);
    assert_eq!(starts(&shop), [0, 1, 3]);
}

#[tokio::test]
async fn bulk_upsert_checks_category_ids_before_sending() {
    let shop = FakeShop::start(|s: &Seen| match s.op.as_str() {
        "Product_CreateOrUpdateBulk" => {
            ok::<ops::ProductCreateOrUpdateBulk>(&vec![model::ProductCreateOrUpdateBulkResult {
                id: Some(1),
                ..Default::default()
            }])
        }
        "Product_CreateOrUpdate" => ok::<ops::ProductCreateOrUpdate>(&31),
        _ => default_answer(s),
    })
    .await;
    let client = shop.client();
    let with_category = |sku: &str| model::ProductCreateUpdate {
        item_number: Some(sku.to_owned()),
        category_id: Some(4),
        ..Default::default()
    };
    let without = |sku: &str| model::ProductCreateUpdate {
        item_number: Some(sku.to_owned()),
        ..Default::default()
    };
    let err = client
        .products()
        .bulk_upsert(vec![with_category("A"), without("B"), without("C")])
        .await
        .unwrap_err();
    match err {
        Error::MissingCategoryId { item_numbers } => assert_eq!(item_numbers, ["B", "C"]),
        other => panic!("{other:?}"),
    }
    let err = client.products().upsert(without("D")).await.unwrap_err();
    assert!(matches!(err, Error::MissingCategoryId { .. }));
    assert!(shop.seen().is_empty(), "nothing may be sent");

    let results = client
        .products()
        .bulk_upsert(vec![with_category("A")])
        .await
        .unwrap();
    assert_eq!(results[0].id, Some(1));
    assert_eq!(
        client.products().upsert(with_category("E")).await.unwrap(),
        31
    );
}

#[tokio::test]
async fn stock_writes_send_only_the_key_and_the_stock() {
    let shop = FakeShop::start(|s: &Seen| match s.op.as_str() {
        "Product_Update" => ok::<ops::ProductUpdate>(&vec![12]),
        "Product_UpdateVariant" => ok::<ops::ProductUpdateVariant>(&vec![40]),
        "Product_UpdateStockForStockLocation" => {
            ok::<ops::ProductUpdateStockForStockLocation>(&true)
        }
        "Product_UpdateVariantStockForStockLocation" => {
            ok::<ops::ProductUpdateVariantStockForStockLocation>(&true)
        }
        _ => default_answer(s),
    })
    .await;
    let client = shop.client();
    assert_eq!(
        client.products().set_stock("SKU-12", 5).await.unwrap(),
        [12]
    );
    client
        .products()
        .set_stock(ProductKey::Id(12), 6)
        .await
        .unwrap();
    client.products().set_variant_stock(40, 7).await.unwrap();
    client
        .products()
        .set_stock_at_location(12, 2, 8)
        .await
        .unwrap();
    client
        .products()
        .set_variant_stock_at_location(40, 2, 9)
        .await
        .unwrap();

    let seen = shop.seen();
    let updates: Vec<model::ProductUpdate> = seen
        .iter()
        .filter(|s| s.op == "Product_Update")
        .map(|s| s.args::<ops::ProductUpdate>().product_data)
        .collect();
    assert_eq!(
        updates[0],
        model::ProductUpdate {
            item_number: Some("SKU-12".to_owned()),
            stock: Some(5),
            ..Default::default()
        }
    );
    assert_eq!(
        updates[1],
        model::ProductUpdate {
            id: Some(12),
            stock: Some(6),
            ..Default::default()
        }
    );
    let variant: ops::ProductUpdateVariant = seen
        .iter()
        .find(|s| s.op == "Product_UpdateVariant")
        .unwrap()
        .args();
    assert_eq!(
        (variant.variant_data.id, variant.variant_data.stock),
        (Some(40), Some(7))
    );
    let at: ops::ProductUpdateStockForStockLocation = seen
        .iter()
        .find(|s| s.op == "Product_UpdateStockForStockLocation")
        .unwrap()
        .args();
    assert_eq!((at.product_id, at.stock_location_id, at.stock), (12, 2, 8));
    let vat: ops::ProductUpdateVariantStockForStockLocation = seen
        .iter()
        .find(|s| s.op == "Product_UpdateVariantStockForStockLocation")
        .unwrap()
        .args();
    assert_eq!(
        (vat.variant_id, vat.stock_location_id, vat.stock),
        (40, 2, 9)
    );
    // Writes need no projections.
    assert_eq!(client.request_stats().get("Product_SetFields"), 0);
}

#[tokio::test]
async fn item_number_reads_return_arrays() {
    let shop = FakeShop::start(|s: &Seen| match s.op.as_str() {
        "Product_GetByItemNumber" => {
            ok::<ops::ProductGetByItemNumber>(&vec![product(1), product(2)])
        }
        "Product_GetVariantsByItemNumber" => {
            ok::<ops::ProductGetVariantsByItemNumber>(&vec![model::ProductVariant {
                id: Some(9),
                ..Default::default()
            }])
        }
        _ => default_answer(s),
    })
    .await;
    let client = shop.client();
    assert_eq!(
        client.products().by_item_number("sku").await.unwrap().len(),
        2
    );
    let variants = client
        .products()
        .variants_by_item_number("sku-v")
        .await
        .unwrap();
    assert_eq!(variants[0].id, Some(9));
    assert!(client.products().by_ids(&[]).await.unwrap().is_empty());
    assert_eq!(client.request_stats().get("Product_GetByIds"), 0);
}
