//! Products and variants: reads by item number, id, ids, offset walk and update date;
//! create/update/upsert (single and bulk) and stock per product, variant and location.

use futures::TryStreamExt;
use rust_decimal_macros::dec;
use smartweb_client::Error;
use smartweb_client::api::fields;
use smartweb_client::model::TextOrItems;
use smartweb_client::model::{
    Product, ProductCreate, ProductCreateOrUpdateBulkResult, ProductCreateUpdate, ProductDiscount,
    ProductStockLocation, ProductUpdate, ProductVariant, ProductVariantCreateUpdate,
    ProductVariantStockLocation, ProductVariantUpdate,
};

use super::log::{Php, arg, boolean, call, float, int, object, text};
use super::{Run, at, empty, ok, s};

/// What every product of the shop shares (`$base` in ShopData.php).
fn base() -> Product {
    Product {
        producer_id: Some(0),
        status: Some(true),
        disable_on_empty: Some(false),
        call_for_price: Some(false),
        relation_code: empty(),
        discount: Some(dec!(0)),
        discount_type: s("p"),
        delivery_id: Some(0),
        delivery_time_id: Some(0),
        discount_group_id: Some(0),
        focus_frontpage: Some(false),
        focus_cart: Some(false),
        language_iso: s("DK"),
        unit_id: Some(1),
        min_amount: Some(1),
        auto_stock: s("1"),
        out_of_stock_buy: s("0"),
        type_label: s("normal"),
        ..Default::default()
    }
}

fn red() -> ProductVariant {
    ProductVariant {
        id: Some(601),
        product_id: Some(501),
        stock: Some(5),
        stock_low: Some(1),
        price: Some(dec!(99.95)),
        buying_price: Some(dec!(31.2)),
        item_number: s("SKU-100-RED"),
        item_number_supplier: s("SUP-100R"),
        weight: Some(dec!(0.35)),
        delivery_time_id: Some(0),
        description: s("Rød"),
        status: Some(true),
        disable_on_empty: Some(false),
        discount: Some(dec!(0)),
        discount_type: s("p"),
        ean: s("5701234567908"),
        picture_ids: vec![11],
        sorting: Some(0),
        variant_type_values: vec![1],
        min_amount: Some(1),
        title: s("Rød"),
        stock_locations: vec![ProductVariantStockLocation {
            stock_location_id: Some(1),
            delivery_time_id: Some(0),
            stock: Some(5),
            buy_price: Some(dec!(31.2)),
        }],
        ..Default::default()
    }
}

fn blue() -> ProductVariant {
    ProductVariant {
        id: Some(602),
        product_id: Some(501),
        stock: Some(0),
        stock_low: Some(1),
        price: Some(dec!(84.5)),
        buying_price: Some(dec!(31.2)),
        item_number: s("SKU-100-BLUE"),
        item_number_supplier: empty(),
        weight: Some(dec!(0.35)),
        delivery_time_id: Some(-1),
        description: s("Blå"),
        status: Some(true),
        disable_on_empty: Some(true),
        discount: Some(dec!(15)),
        discount_type: s("a"),
        sorting: Some(1),
        variant_type_values: vec![2],
        min_amount: Some(1),
        title: s("Blå"),
        ..Default::default()
    }
}

fn cup() -> Product {
    Product {
        id: Some(501),
        category_id: Some(1),
        secondary_category_ids: vec![3],
        online: Some(true),
        stock: Some(12),
        item_number: s("SKU-100"),
        item_number_supplier: s("SUP-100"),
        weight: Some(dec!(0.35)),
        buying_price: Some(dec!(31.2)),
        price: Some(dec!(99.95)),
        ean: s("5701234567892"),
        focus_frontpage: Some(true),
        date_created: s("2025-03-01 12:00:00"),
        date_updated: s("2026-11-02 08:30:00"),
        related_product_ids: vec![502, 503],
        title: s("Kaffekop"),
        description: s("<p>Kop i stentøj, 30 cl</p>"),
        description_short: s("Kop i stentøj"),
        seo_link: s("kaffekop"),
        variants: vec![red(), blue()],
        discounts: vec![ProductDiscount {
            id: Some(7),
            product_id: Some(501),
            product_variant_id: Some(0),
            amount: Some(10),
            price: Some(dec!(89.95)),
            discount: Some(dec!(0)),
            currency: s("DKK"),
            discount_type: s("a"),
            user_type: s("group"),
            user_id: Some(2),
            date: Some(false),
            date_from: s("0000-00-00"),
            date_to: s("0000-00-00"),
            accumulate: Some(false),
            site: Some(1),
            language: s("DK"),
        }],
        variant_types: Some(TextOrItems::Text("Farve".to_owned())),
        sorting: Some(1),
        guideline_price: Some(dec!(119)),
        vat_group_id: Some(2),
        stock_low: Some(2),
        stock_locations: vec![ProductStockLocation {
            stock_location_id: Some(1),
            delivery_time_id: Some(0),
            stock: Some(12),
            buy_price: Some(dec!(31.2)),
        }],
        ..base()
    }
}

/// Weighs 0.05 g: PHP writes the weight as `5.0E-5`.
fn seed_bag() -> Product {
    Product {
        id: Some(502),
        category_id: Some(1),
        online: Some(true),
        stock: Some(40),
        item_number: s("SKU-200"),
        item_number_supplier: empty(),
        weight: Some(dec!(0.00005)),
        buying_price: Some(dec!(12.5)),
        price: Some(dec!(84.5)),
        ean: empty(),
        date_created: s("2025-09-12 08:00:00"),
        date_updated: s("2026-10-15 10:00:00"),
        title: s("Frøpose (økologisk)"),
        description: empty(),
        description_short: empty(),
        variant_types: Some(TextOrItems::Text(String::new())),
        sorting: Some(2),
        guideline_price: Some(dec!(0)),
        vat_group_id: Some(2),
        stock_low: Some(0),
        ..base()
    }
}

fn gift_card() -> Product {
    Product {
        id: Some(503),
        category_id: Some(3),
        online: Some(false),
        stock: Some(0),
        item_number: s("GAVEKORT-250"),
        weight: Some(dec!(0)),
        buying_price: Some(dec!(0)),
        price: Some(dec!(250)),
        date_created: s("2026-11-20 12:00:00"),
        date_updated: s("2026-11-20 12:00:00"),
        title: s("Gavekort 250 kr."),
        variant_types: Some(TextOrItems::Text(String::new())),
        sorting: Some(3),
        vat_group_id: Some(1),
        type_label: s("gift-card-without-code"),
        ..base()
    }
}

/// How ext/soap hands over an `ArrayOf…` argument: an object with an `item` property that
/// holds the value itself for one item and an array for more.
fn items(values: Vec<Php>) -> Php {
    match <[Php; 1]>::try_from(values) {
        Ok([one]) => object(vec![arg("item", one)]),
        Err(values) if values.is_empty() => object(vec![]),
        Err(values) => object(vec![arg("item", Php::Array(values))]),
    }
}

pub async fn run(run: &mut Run<'_>) {
    let client = run.client.clone();
    let products = client.products();

    let found = products.by_item_number("sku-100").await;
    run.arrived(
        "product by item number",
        vec![
            call(
                "Product_SetFields",
                vec![arg("Fields", text(fields::PRODUCT))],
            ),
            call(
                "Product_SetVariantFields",
                vec![arg("Fields", text(fields::PRODUCT_VARIANT))],
            ),
            call(
                "Product_GetByItemNumber",
                vec![arg("ItemNumber", text("sku-100"))],
            ),
        ],
    );
    run.eq(
        "product SKU-100 (matched case-insensitively)",
        &ok(found),
        &Ok(vec![cup()]),
    );

    let by_id = products.by_id(502).await;
    run.arrived(
        "product 502",
        vec![call("Product_GetById", vec![arg("ProductId", int(502))])],
    );
    run.eq(
        "product 502 (weight 5.0E-5)",
        &ok(by_id),
        &Ok(Some(seed_bag())),
    );

    let one = products.by_ids(&[501]).await;
    run.arrived(
        "products by one id",
        vec![call(
            "Product_GetByIds",
            vec![arg("ProductIds", items(vec![int(501)]))],
        )],
    );
    run.eq("products by one id", &ok(one), &Ok(vec![cup()]));

    let two = products.by_ids(&[503, 501]).await;
    run.arrived(
        "products by two ids",
        vec![call(
            "Product_GetByIds",
            vec![arg("ProductIds", items(vec![int(503), int(501)]))],
        )],
    );
    run.eq(
        "products by two ids",
        &ok(two),
        &Ok(vec![cup(), gift_card()]),
    );

    let all: Result<Vec<Product>, Error> = products.all(2).try_collect().await;
    let limit = |start, length| {
        call(
            "Product_GetAllWithLimit",
            vec![arg("Start", int(start)), arg("Length", int(length))],
        )
    };
    run.arrived(
        "every product, two at a time",
        vec![limit(0, 2), limit(2, 2), limit(3, 2)],
    );
    run.eq(
        "every product",
        &ok(all),
        &Ok(vec![cup(), seed_bag(), gift_card()]),
    );

    let updated = products
        .updated_since(at("2026-11-01 00:00:00"), at("2026-11-30 23:59:59"))
        .await;
    run.arrived(
        "products updated in November",
        vec![call(
            "Product_GetByUpdatedDate",
            vec![
                arg("Start", text("2026-11-01 00:00:00")),
                arg("End", text("2026-11-30 23:59:59")),
            ],
        )],
    );
    run.eq(
        "products updated in November",
        &ok(updated),
        &Ok(vec![cup(), gift_card()]),
    );

    let variants = products.variants(501).await;
    run.arrived(
        "variants of 501",
        vec![call(
            "Product_GetVariants",
            vec![arg("ProductId", int(501))],
        )],
    );
    run.eq("variants of 501", &ok(variants), &Ok(vec![red(), blue()]));

    let by_number = products.variants_by_item_number("SKU-100-BLUE").await;
    run.arrived(
        "variant by item number",
        vec![call(
            "Product_GetVariantsByItemNumber",
            vec![arg("ItemNumber", text("SKU-100-BLUE"))],
        )],
    );
    run.eq(
        "variant SKU-100-BLUE (a null Ean is left out)",
        &ok(by_number),
        &Ok(vec![blue()]),
    );

    let stock = products.set_stock("SKU-200", 37).await;
    run.arrived(
        "stock by item number",
        vec![call(
            "Product_Update",
            vec![arg(
                "ProductData",
                object(vec![
                    arg("Stock", int(37)),
                    arg("ItemNumber", text("SKU-200")),
                ]),
            )],
        )],
    );
    run.eq(
        "stock by item number answers the id",
        &ok(stock),
        &Ok(vec![502]),
    );

    let stock = products.set_stock(501_i64, 11).await;
    run.arrived(
        "stock by id",
        vec![call(
            "Product_Update",
            vec![arg(
                "ProductData",
                object(vec![arg("Id", int(501)), arg("Stock", int(11))]),
            )],
        )],
    );
    run.eq("stock by id", &ok(stock), &Ok(vec![501]));

    let stock = products.set_variant_stock("SKU-100-RED", 4).await;
    run.arrived(
        "variant stock by item number",
        vec![call(
            "Product_UpdateVariant",
            vec![arg(
                "VariantData",
                object(vec![
                    arg("Stock", int(4)),
                    arg("ItemNumber", text("SKU-100-RED")),
                ]),
            )],
        )],
    );
    run.eq("variant stock by item number", &ok(stock), &Ok(vec![601]));

    let at_location = products.set_stock_at_location(501, 1, 11).await;
    run.arrived(
        "stock at a location",
        vec![call(
            "Product_UpdateStockForStockLocation",
            vec![
                arg("ProductId", int(501)),
                arg("StockLocationId", int(1)),
                arg("Stock", int(11)),
            ],
        )],
    );
    run.eq("stock at a location", &ok(at_location), &Ok(()));

    let at_location = products.set_variant_stock_at_location(601, 1, 4).await;
    run.arrived(
        "variant stock at a location",
        vec![call(
            "Product_UpdateVariantStockForStockLocation",
            vec![
                arg("VariantId", int(601)),
                arg("StockLocationId", int(1)),
                arg("Stock", int(4)),
            ],
        )],
    );
    run.eq("variant stock at a location", &ok(at_location), &Ok(()));

    let updated = products
        .update(ProductUpdate {
            id: Some(501),
            secondary_category_ids: vec![3, 4],
            online: Some(true),
            price: Some(dec!(89.95)),
            title: s("Kaffekop, stentøj"),
            guideline_price: Some(dec!(119.00)),
            ..Default::default()
        })
        .await;
    run.arrived(
        "product update",
        vec![call(
            "Product_Update",
            vec![arg(
                "ProductData",
                object(vec![
                    arg("Id", int(501)),
                    arg("SecondaryCategoryIds", items(vec![int(3), int(4)])),
                    arg("Online", boolean(true)),
                    arg("Price", float(dec!(89.95))),
                    arg("Title", text("Kaffekop, stentøj")),
                    arg("GuidelinePrice", float(dec!(119))),
                ]),
            )],
        )],
    );
    run.eq("product update", &ok(updated), &Ok(vec![501]));

    let upserted = products
        .upsert(ProductCreateUpdate {
            category_id: Some(1),
            online: Some(true),
            stock: Some(100),
            item_number: s("SKU-600"),
            weight: Some(dec!(0.00005)),
            price: Some(dec!(49.95)),
            title: s("Frøpose (vilde blomster)"),
            ..Default::default()
        })
        .await;
    run.arrived(
        "product upsert (a weight of 0.00005 arrives as the float 5.0E-5)",
        vec![call(
            "Product_CreateOrUpdate",
            vec![arg(
                "ProductData",
                object(vec![
                    arg("CategoryId", int(1)),
                    arg("Online", boolean(true)),
                    arg("Stock", int(100)),
                    arg("ItemNumber", text("SKU-600")),
                    arg("Weight", float(dec!(0.00005))),
                    arg("Price", float(dec!(49.95))),
                    arg("Title", text("Frøpose (vilde blomster)")),
                ]),
            )],
        )],
    );
    run.eq("product upsert creates 504", &ok(upserted), &Ok(504));

    let created = products
        .create(ProductCreate {
            category_id: Some(3),
            online: Some(false),
            stock: Some(0),
            item_number: s("GAVEKORT-500"),
            price: Some(dec!(500)),
            title: s("Gavekort 500 kr."),
            ..Default::default()
        })
        .await;
    run.arrived(
        "product create",
        vec![call(
            "Product_Create",
            vec![arg(
                "ProductData",
                object(vec![
                    arg("CategoryId", int(3)),
                    arg("Online", boolean(false)),
                    arg("Stock", int(0)),
                    arg("ItemNumber", text("GAVEKORT-500")),
                    arg("Price", float(dec!(500))),
                    arg("Title", text("Gavekort 500 kr.")),
                ]),
            )],
        )],
    );
    run.eq("product create", &ok(created), &Ok(504));

    let uncategorised = products
        .create(ProductCreate {
            item_number: s("SKU-900"),
            ..Default::default()
        })
        .await;
    run.arrived("product create without a category", vec![]);
    run.that(
        "a product without CategoryId is refused before sending",
        matches!(&uncategorised, Err(Error::MissingCategoryId { item_numbers }) if item_numbers == &["SKU-900"]),
        || format!("{uncategorised:?}"),
    );

    let bulk = products
        .bulk_upsert(vec![
            ProductCreateUpdate {
                category_id: Some(1),
                stock: Some(12),
                item_number: s("SKU-100"),
                ..Default::default()
            },
            ProductCreateUpdate {
                category_id: Some(1),
                item_number: s("SKU-700"),
                price: Some(dec!(10)),
                title: s("Kaffefilter"),
                ..Default::default()
            },
        ])
        .await;
    run.arrived(
        "bulk upsert of two",
        vec![call(
            "Product_CreateOrUpdateBulk",
            vec![arg(
                "ProductDataList",
                items(vec![
                    object(vec![
                        arg("CategoryId", int(1)),
                        arg("Stock", int(12)),
                        arg("ItemNumber", text("SKU-100")),
                    ]),
                    object(vec![
                        arg("CategoryId", int(1)),
                        arg("ItemNumber", text("SKU-700")),
                        arg("Price", float(dec!(10))),
                        arg("Title", text("Kaffefilter")),
                    ]),
                ]),
            )],
        )],
    );
    let result = |id| ProductCreateOrUpdateBulkResult {
        id: Some(id),
        error: empty(),
    };
    run.eq(
        "bulk upsert of two",
        &ok(bulk),
        &Ok(vec![result(501), result(504)]),
    );

    let bulk = products
        .bulk_upsert(vec![ProductCreateUpdate {
            category_id: Some(1),
            item_number: s("SKU-200"),
            stock: Some(36),
            ..Default::default()
        }])
        .await;
    run.arrived(
        "bulk upsert of one (a one-item array)",
        vec![call(
            "Product_CreateOrUpdateBulk",
            vec![arg(
                "ProductDataList",
                items(vec![object(vec![
                    arg("CategoryId", int(1)),
                    arg("Stock", int(36)),
                    arg("ItemNumber", text("SKU-200")),
                ])]),
            )],
        )],
    );
    run.eq("bulk upsert of one", &ok(bulk), &Ok(vec![result(502)]));

    let variant = products
        .upsert_variant(ProductVariantCreateUpdate {
            product_id: Some(501),
            stock: Some(3),
            price: Some(dec!(99.95)),
            item_number: s("SKU-100-GREEN"),
            ..Default::default()
        })
        .await;
    run.arrived(
        "variant upsert",
        vec![call(
            "Product_CreateOrUpdateVariant",
            vec![arg(
                "VariantData",
                object(vec![
                    arg("ProductId", int(501)),
                    arg("Stock", int(3)),
                    arg("Price", float(dec!(99.95))),
                    arg("ItemNumber", text("SKU-100-GREEN")),
                ]),
            )],
        )],
    );
    run.eq("variant upsert creates 603", &ok(variant), &Ok(603));

    let variant = products
        .update_variant(ProductVariantUpdate {
            id: Some(602),
            price: Some(dec!(79.95)),
            disable_on_empty: Some(false),
            ..Default::default()
        })
        .await;
    run.arrived(
        "variant update",
        vec![call(
            "Product_UpdateVariant",
            vec![arg(
                "VariantData",
                object(vec![
                    arg("Id", int(602)),
                    arg("Price", float(dec!(79.95))),
                    arg("DisableOnEmpty", boolean(false)),
                ]),
            )],
        )],
    );
    run.eq("variant update", &ok(variant), &Ok(vec![602]));
}
