//! Products (items): `/products`.

use std::future::Future;

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use reqwest::Method;

use crate::Result;
use crate::api::{handler, optional};
use crate::envelope::{Page, Resource};
use crate::list::ListBuilder;
use crate::model::{NewProduct, Product, ProductLocation, ProductUpdate};

/// PHP's `rawurlencode`: every byte except `A-Z a-z 0-9 - _ . ~` is percent-encoded.
const RAWURLENCODE: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

handler!(
    /// Products (`/products`), from [`RackbeatClient::products`](crate::RackbeatClient::products).
    ///
    /// `number` arguments are item numbers (SKUs); pass the product's `urlfriendly_number`
    /// (see [`Product::path_key`]) when you have it. Either way the value is percent-encoded
    /// as one path segment, so `/`, spaces and `æøå` are safe.
    ///
    /// How the server decodes such a segment is an open question of the sheet (§5.10:
    /// "whether single or double percent-encoding is needed for item numbers containing
    /// `/`"; §1.10: the SDK encodes once, LR twice). So when an item path answers 404 for a
    /// number that needs encoding, the handler tries again double-encoded (LR's form), then
    /// looks the product up with `simple_filter[number]=` (§1.7, "seen working … on
    /// `/products`") and uses its `urlfriendly_number`. A number of plain characters
    /// (`A-Z a-z 0-9 - _ . ~`) is sent once, and a 404 for it is final.
    ProductsHandler
);

/// A row of `GET /items/{n}/locations/available`: a location's stock, under the list key
/// `locations`.
#[derive(serde::Deserialize)]
#[serde(transparent)]
struct AvailableLocation(ProductLocation);

impl Resource for AvailableLocation {
    const SINGULAR: &'static str = "location";
    const PLURAL: &'static str = "locations";
}

/// Whether `number` has bytes a path segment must percent-encode.
fn needs_encoding(number: &str) -> bool {
    utf8_percent_encode(number, RAWURLENCODE).to_string() != number
}

impl ProductsHandler<'_> {
    /// `GET /products`: a list request (`search`, `simple_filter[number]`, `fields`, …).
    pub fn list(&self) -> ListBuilder<Product> {
        ListBuilder::new(self.client, &["products"])
    }

    /// `GET /products/{number}`; a 404 is [`Error::NotFound`](crate::Error::NotFound).
    pub async fn get(&self, number: &str) -> Result<Product> {
        let client = self.client;
        let found = self
            .by_path_forms(number, |segment| async move {
                client.get_one(&["products", &segment]).await
            })
            .await;
        match found {
            Err(e) if e.is_not_found() && needs_encoding(number) => {
                self.exact_by_filter(number).await.ok_or(e)
            }
            other => other,
        }
    }

    /// `GET /products/{number}`, with a 404 as `None`.
    pub async fn find(&self, number: &str) -> Result<Option<Product>> {
        optional(self.get(number).await)
    }

    /// `POST /products` (retried only after a 429).
    pub async fn create(&self, product: &NewProduct) -> Result<Product> {
        self.client
            .send_one(Method::POST, &["products"], product)
            .await
    }

    /// `PUT /products/{number}`: a partial update.
    pub async fn update(&self, number: &str, update: &ProductUpdate) -> Result<Product> {
        let client = self.client;
        self.at_item(number, |segment| async move {
            client
                .send_one(Method::PUT, &["products", &segment], update)
                .await
        })
        .await
    }

    /// `DELETE /products/{number}`.
    pub async fn delete(&self, number: &str) -> Result<()> {
        let client = self.client;
        self.at_item(number, |segment| async move {
            client
                .send_unit(Method::DELETE, &["products", &segment], None::<&()>)
                .await
        })
        .await
    }

    /// `GET /products/{number}/locations`: stock per location, all pages.
    pub async fn locations(&self, number: &str) -> Result<Vec<ProductLocation>> {
        let client = self.client;
        let all = self
            .at_item(number, |segment| async move {
                ListBuilder::<ProductLocation>::new(client, &["products", &segment, "locations"])
                    .all()
                    .await
            })
            .await?;
        Ok(all.into_iter().map(|l| l.with_number(None)).collect())
    }

    /// `GET /items/{urlfriendly number}/locations/available`: the **available** stock per
    /// location (the official SDK's `ItemLocationAvailableStockResource`, list key
    /// `locations`), all pages. A 404 means the item is unknown or the account does not
    /// serve the endpoint.
    pub async fn available_locations(&self, number: &str) -> Result<Vec<ProductLocation>> {
        let client = self.client;
        let all = self
            .at_item(number, |segment| async move {
                ListBuilder::<AvailableLocation>::new(
                    client,
                    &["items", &segment, "locations", "available"],
                )
                .all()
                .await
            })
            .await?;
        Ok(all.into_iter().map(|l| l.0.with_number(None)).collect())
    }

    /// `GET /products/{number}/locations` as a list request (one page, filters). The
    /// number is sent as given (no 404 fallback; see [`locations`](Self::locations)).
    pub fn locations_list(&self, number: &str) -> ListBuilder<ProductLocation> {
        ListBuilder::new(self.client, &["products", number, "locations"])
    }

    /// `GET /products/{number}/locations/{location}`: stock at one location. A missing
    /// `number` in the answer is filled in with `location`.
    pub async fn location(&self, number: &str, location: u64) -> Result<ProductLocation> {
        let client = self.client;
        let location_segment = location.to_string();
        let location_segment = location_segment.as_str();
        let found: ProductLocation = self
            .at_item(number, |segment| async move {
                client
                    .get_one(&["products", &segment, "locations", location_segment])
                    .await
            })
            .await?;
        Ok(found.with_number(Some(location)))
    }

    /// One page of products whose `number` equals `number` exactly
    /// (`simple_filter[number]=`), for when the path form is in doubt.
    pub async fn filter_by_number(&self, number: &str) -> Result<Page<Product>> {
        self.list().simple_filter("number", number).send().await
    }

    /// Runs `op` with the number's path forms in turn while they answer 404: as given, then
    /// (when it needs encoding) its `rawurlencode` form, which the client encodes again.
    async fn by_path_forms<T, F, Fut>(&self, number: &str, op: F) -> Result<T>
    where
        F: Fn(String) -> Fut,
        Fut: Future<Output = Result<T>>,
    {
        let first = op(number.to_owned()).await;
        match first {
            Err(e) if e.is_not_found() && needs_encoding(number) => {
                op(utf8_percent_encode(number, RAWURLENCODE).to_string()).await
            }
            other => other,
        }
    }

    /// [`by_path_forms`](Self::by_path_forms), then (still 404, number needing encoding) the
    /// `urlfriendly_number` of the product found by `simple_filter[number]`.
    async fn at_item<T, F, Fut>(&self, number: &str, op: F) -> Result<T>
    where
        F: Fn(String) -> Fut,
        Fut: Future<Output = Result<T>>,
    {
        match self.by_path_forms(number, &op).await {
            Err(e) if e.is_not_found() && needs_encoding(number) => {
                let resolved = self
                    .exact_by_filter(number)
                    .await
                    .and_then(|p| p.urlfriendly_number)
                    .filter(|k| !k.is_empty() && k != number);
                match resolved {
                    Some(key) => op(key).await,
                    None => Err(e),
                }
            }
            other => other,
        }
    }

    /// The product whose `number` is exactly `number`, by `simple_filter[number]=`; `None`
    /// when the filter finds nothing or the server refuses it.
    async fn exact_by_filter(&self, number: &str) -> Option<Product> {
        let page = self
            .list()
            .simple_filter("number", number)
            .limit(self.client.page_size())
            .send()
            .await
            .ok()?;
        page.items.into_iter().find(|p| p.number == number)
    }
}
