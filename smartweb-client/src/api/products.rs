//! Products and variants: reads with whole records (variants and stock locations inlined),
//! create/update/upsert, and stock per product, variant and stock location.
//!
//! Product `Price` is as entered (gross when `ShopWebinfo.ProductPricesWithVat`); stock is an
//! absolute integer (there is no delta operation).

use std::collections::HashSet;

use chrono::NaiveDateTime;
use futures::{Stream, TryStreamExt, stream};

use super::{expect_true, fields};
use crate::client::{Projection, SmartWebClient};
use crate::model::{
    Product, ProductCreate, ProductCreateOrUpdateBulkResult, ProductCreateUpdate, ProductUpdate,
    ProductVariant, ProductVariantCreateUpdate, ProductVariantUpdate,
};
use crate::soap::RecordTolerant;
use crate::values::format_shop_datetime;
use crate::{Error, ops};

/// Products per `Product_GetAllWithLimit` call.
pub const DEFAULT_PRODUCT_PAGE_SIZE: i64 = 250;

const PROJECTIONS: [(Projection, &str); 2] = [
    (Projection::Product, fields::PRODUCT),
    (Projection::ProductVariant, fields::PRODUCT_VARIANT),
];

const VARIANT_PROJECTION: [(Projection, &str); 1] =
    [(Projection::ProductVariant, fields::PRODUCT_VARIANT)];

/// How a product or variant is addressed in an update: by id or by item number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProductKey {
    /// The numeric `Id`.
    Id(i64),
    /// The `ItemNumber` (matched case-insensitively by default, API sheet §2.5).
    ItemNumber(String),
}

impl From<i64> for ProductKey {
    fn from(id: i64) -> Self {
        Self::Id(id)
    }
}

impl From<&str> for ProductKey {
    fn from(item_number: &str) -> Self {
        Self::ItemNumber(item_number.to_owned())
    }
}

impl From<String> for ProductKey {
    fn from(item_number: String) -> Self {
        Self::ItemNumber(item_number)
    }
}

impl ProductKey {
    fn split(self) -> (Option<i64>, Option<String>) {
        match self {
            Self::Id(id) => (Some(id), None),
            Self::ItemNumber(n) => (None, Some(n)),
        }
    }
}

/// Product calls; from [`SmartWebClient::products`].
#[derive(Debug, Clone, Copy)]
pub struct ProductsHandler<'a> {
    client: &'a SmartWebClient,
}

impl<'a> ProductsHandler<'a> {
    pub(super) fn new(client: &'a SmartWebClient) -> Self {
        Self { client }
    }

    /// Products with this item number (`Product_GetByItemNumber` answers an array).
    pub async fn by_item_number(&self, item_number: &str) -> Result<Vec<Product>, Error> {
        let op = ops::ProductGetByItemNumber {
            item_number: item_number.to_owned(),
        };
        self.client.call_with_projections(&PROJECTIONS, &op).await
    }

    /// The product with `product_id`; `None` for an empty result.
    pub async fn by_id(&self, product_id: i64) -> Result<Option<Product>, Error> {
        let op = ops::ProductGetById { product_id };
        self.client.call_with_projections(&PROJECTIONS, &op).await
    }

    /// The products with these ids (`Product_GetByIds`); no request for an empty list.
    pub async fn by_ids(&self, product_ids: &[i64]) -> Result<Vec<Product>, Error> {
        if product_ids.is_empty() {
            return Ok(Vec::new());
        }
        let op = ops::ProductGetByIds {
            product_ids: product_ids.to_vec(),
        };
        self.client.call_with_projections(&PROJECTIONS, &op).await
    }

    /// Every product, `page_size` at a time over `Product_GetAllWithLimit(Start, Length)`.
    ///
    /// Whether `Start` counts from 0 or 1 is unknown (API sheet §2.9): the stream starts at
    /// 0 (retrying from 1 if the server rejects 0 with `PARAM`), advances by the number of
    /// products returned, drops products whose `Id` it already yielded (so a 1-based server
    /// costs one duplicate per page, never a gap), and ends on an empty page or a page that
    /// brings no new product. A short page does **not** end the walk: the sheet saw no cap
    /// ("No cap was seen up to `Length` 500 (honoured) and 2,500 (accepted)") but does not
    /// rule one out, and a server capping `Length` answers short pages before the end.
    ///
    /// A product the page holds but that cannot be decoded comes as
    /// [`Error::UnreadableRecord`] after the page's other products, and the walk goes on.
    pub fn all(
        &self,
        page_size: i64,
    ) -> impl Stream<Item = Result<Product, Error>> + Send + 'static {
        let length = page_size.max(1);
        let state = AllState {
            client: self.client.clone(),
            start: 0,
            first: true,
            done: false,
            seen: HashSet::new(),
        };
        stream::try_unfold(state, move |mut state| async move {
            if state.done {
                return Ok(None);
            }
            let op = RecordTolerant(ops::ProductGetAllWithLimit {
                start: state.start,
                length,
            });
            let page = match state.client.call_with_projections(&PROJECTIONS, &op).await {
                Err(Error::Param { .. }) if state.first && state.start == 0 => {
                    state.start = 1;
                    let op = RecordTolerant(ops::ProductGetAllWithLimit { start: 1, length });
                    state
                        .client
                        .call_with_projections(&PROJECTIONS, &op)
                        .await?
                }
                other => other?,
            };
            state.first = false;
            if page.is_empty() {
                return Ok(None);
            }
            let returned = page.records.len().saturating_add(page.unreadable.len());
            let returned = i64::try_from(returned).unwrap_or(i64::MAX);
            state.start = state.start.saturating_add(returned);
            let seen = &mut state.seen;
            let fresh: Vec<Product> = page
                .records
                .into_iter()
                .filter(|p| p.id.is_none_or(|id| seen.insert(id)))
                .collect();
            let unreadable: Vec<Error> = page
                .unreadable
                .into_iter()
                .filter(|u| u.id.is_none_or(|id| seen.insert(id)))
                .map(|u| Error::UnreadableRecord {
                    id: u.id,
                    source: Box::new(u.error),
                })
                .collect();
            // A page of products already yielded: the end of a 1-based walk (its last page
            // repeats one product), or a server ignoring `Start`. Either way nothing is left.
            state.done = fresh.is_empty() && unreadable.is_empty();
            let items: Vec<Result<Product, Error>> = fresh
                .into_iter()
                .map(Ok)
                .chain(unreadable.into_iter().map(Err))
                .collect();
            Ok(Some((items, state)))
        })
        .map_ok(stream::iter)
        .try_flatten()
    }

    /// Products updated in `[start, end]`, shop-local time (`Product_GetByUpdatedDate`).
    pub async fn updated_since(
        &self,
        start: NaiveDateTime,
        end: NaiveDateTime,
    ) -> Result<Vec<Product>, Error> {
        let op = ops::ProductGetByUpdatedDate {
            start: format_shop_datetime(&start),
            end: format_shop_datetime(&end),
        };
        self.client.call_with_projections(&PROJECTIONS, &op).await
    }

    /// Creates a product (`Product_Create`), returning its id. `CategoryId` is checked first.
    pub async fn create(&self, product: ProductCreate) -> Result<i64, Error> {
        if product.category_id.is_none() {
            return Err(Error::MissingCategoryId {
                item_numbers: vec![product.item_number.clone().unwrap_or_default()],
            });
        }
        self.client
            .call(&ops::ProductCreate {
                product_data: product,
            })
            .await
    }

    /// Updates only the fields set in `product` (`Product_Update`; key `Id` or `ItemNumber`),
    /// returning the ids the server reports.
    pub async fn update(&self, product: ProductUpdate) -> Result<Vec<i64>, Error> {
        self.client
            .call(&ops::ProductUpdate {
                product_data: product,
            })
            .await
    }

    /// Creates or updates by `ItemNumber` (`Product_CreateOrUpdate`), returning the id.
    /// `CategoryId` is checked first (the server requires it although the WSDL does not).
    pub async fn upsert(&self, product: ProductCreateUpdate) -> Result<i64, Error> {
        check_categories(std::slice::from_ref(&product))?;
        self.client
            .call(&ops::ProductCreateOrUpdate {
                product_data: product,
            })
            .await
    }

    /// Creates or updates many products in one call (`Product_CreateOrUpdateBulk`); one
    /// result (`Id`, `Error`) per product. If any product lacks `CategoryId`, nothing is sent
    /// and [`Error::MissingCategoryId`] names them all.
    pub async fn bulk_upsert(
        &self,
        products: Vec<ProductCreateUpdate>,
    ) -> Result<Vec<ProductCreateOrUpdateBulkResult>, Error> {
        if products.is_empty() {
            return Ok(Vec::new());
        }
        check_categories(&products)?;
        self.client
            .call(&ops::ProductCreateOrUpdateBulk {
                product_data_list: products,
            })
            .await
    }

    /// The variants of a product (`Product_GetVariants`).
    pub async fn variants(&self, product_id: i64) -> Result<Vec<ProductVariant>, Error> {
        let op = ops::ProductGetVariants { product_id };
        self.client
            .call_with_projections(&VARIANT_PROJECTION, &op)
            .await
    }

    /// Variants with this item number (`Product_GetVariantsByItemNumber`).
    pub async fn variants_by_item_number(
        &self,
        item_number: &str,
    ) -> Result<Vec<ProductVariant>, Error> {
        let op = ops::ProductGetVariantsByItemNumber {
            item_number: item_number.to_owned(),
        };
        self.client
            .call_with_projections(&VARIANT_PROJECTION, &op)
            .await
    }

    /// Creates or updates a variant by `ItemNumber` (`Product_CreateOrUpdateVariant`).
    pub async fn upsert_variant(&self, variant: ProductVariantCreateUpdate) -> Result<i64, Error> {
        self.client
            .call(&ops::ProductCreateOrUpdateVariant {
                variant_data: variant,
            })
            .await
    }

    /// Updates only the fields set in `variant` (`Product_UpdateVariant`; key `Id` or
    /// `ItemNumber`).
    pub async fn update_variant(&self, variant: ProductVariantUpdate) -> Result<Vec<i64>, Error> {
        self.client
            .call(&ops::ProductUpdateVariant {
                variant_data: variant,
            })
            .await
    }

    /// Sets a product's stock (`Product_Update { Id | ItemNumber, Stock }`, nothing else sent).
    pub async fn set_stock(
        &self,
        product: impl Into<ProductKey>,
        stock: i64,
    ) -> Result<Vec<i64>, Error> {
        let (id, item_number) = product.into().split();
        self.update(ProductUpdate {
            id,
            item_number,
            stock: Some(stock),
            ..Default::default()
        })
        .await
    }

    /// Sets a variant's stock (`Product_UpdateVariant { Id | ItemNumber, Stock }`).
    pub async fn set_variant_stock(
        &self,
        variant: impl Into<ProductKey>,
        stock: i64,
    ) -> Result<Vec<i64>, Error> {
        let (id, item_number) = variant.into().split();
        self.update_variant(ProductVariantUpdate {
            id,
            item_number,
            stock: Some(stock),
            ..Default::default()
        })
        .await
    }

    /// Sets a product's stock at one stock location
    /// (`Product_UpdateStockForStockLocation`). Location ids come from
    /// `Product.StockLocations[].StockLocationId`.
    pub async fn set_stock_at_location(
        &self,
        product_id: i64,
        stock_location_id: i64,
        stock: i64,
    ) -> Result<(), Error> {
        let op = ops::ProductUpdateStockForStockLocation {
            product_id,
            stock_location_id,
            stock,
        };
        expect_true(
            "Product_UpdateStockForStockLocation",
            self.client.call(&op).await?,
        )
    }

    /// Sets a variant's stock at one stock location
    /// (`Product_UpdateVariantStockForStockLocation`).
    pub async fn set_variant_stock_at_location(
        &self,
        variant_id: i64,
        stock_location_id: i64,
        stock: i64,
    ) -> Result<(), Error> {
        let op = ops::ProductUpdateVariantStockForStockLocation {
            variant_id,
            stock_location_id,
            stock,
        };
        expect_true(
            "Product_UpdateVariantStockForStockLocation",
            self.client.call(&op).await?,
        )
    }
}

struct AllState {
    client: SmartWebClient,
    start: i64,
    first: bool,
    done: bool,
    seen: HashSet<i64>,
}

fn check_categories(products: &[ProductCreateUpdate]) -> Result<(), Error> {
    let missing: Vec<String> = products
        .iter()
        .filter(|p| p.category_id.is_none())
        .map(|p| p.item_number.clone().unwrap_or_default())
        .collect();
    if missing.is_empty() {
        Ok(())
    } else {
        Err(Error::MissingCategoryId {
            item_numbers: missing,
        })
    }
}
