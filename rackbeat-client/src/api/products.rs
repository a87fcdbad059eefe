//! Products (items): `/products`.

use reqwest::Method;

use crate::Result;
use crate::api::{handler, optional};
use crate::envelope::Page;
use crate::list::ListBuilder;
use crate::model::{NewProduct, Product, ProductLocation, ProductUpdate};

handler!(
    /// Products (`/products`), from [`RackbeatClient::products`](crate::RackbeatClient::products).
    ///
    /// `number` arguments are item numbers (SKUs); pass the product's `urlfriendly_number`
    /// (see [`Product::path_key`]) when you have it. Either way the value is percent-encoded
    /// as one path segment, so `/`, spaces and `æøå` are safe.
    ProductsHandler
);

impl ProductsHandler<'_> {
    /// `GET /products`: a list request (`search`, `simple_filter[number]`, `fields`, …).
    pub fn list(&self) -> ListBuilder<Product> {
        ListBuilder::new(self.client, &["products"])
    }

    /// `GET /products/{number}`; a 404 is [`Error::NotFound`](crate::Error::NotFound).
    pub async fn get(&self, number: &str) -> Result<Product> {
        self.client.get_one(&["products", number]).await
    }

    /// `GET /products/{number}`, with a 404 as `None`.
    pub async fn find(&self, number: &str) -> Result<Option<Product>> {
        optional(self.get(number).await)
    }

    /// `POST /products` (never retried automatically).
    pub async fn create(&self, product: &NewProduct) -> Result<Product> {
        self.client
            .send_one(Method::POST, &["products"], product)
            .await
    }

    /// `PUT /products/{number}`: a partial update.
    pub async fn update(&self, number: &str, update: &ProductUpdate) -> Result<Product> {
        self.client
            .send_one(Method::PUT, &["products", number], update)
            .await
    }

    /// `DELETE /products/{number}`.
    pub async fn delete(&self, number: &str) -> Result<()> {
        self.client
            .send_unit(Method::DELETE, &["products", number], None::<&()>)
            .await
    }

    /// `GET /products/{number}/locations`: stock per location, all pages.
    pub async fn locations(&self, number: &str) -> Result<Vec<ProductLocation>> {
        ListBuilder::new(self.client, &["products", number, "locations"])
            .all()
            .await
    }

    /// `GET /products/{number}/locations` as a list request (one page, filters).
    pub fn locations_list(&self, number: &str) -> ListBuilder<ProductLocation> {
        ListBuilder::new(self.client, &["products", number, "locations"])
    }

    /// `GET /products/{number}/locations/{location}`: stock at one location.
    pub async fn location(&self, number: &str, location: u64) -> Result<ProductLocation> {
        self.client
            .get_one(&["products", number, "locations", &location.to_string()])
            .await
    }

    /// One page of products whose `number` equals `number` exactly
    /// (`simple_filter[number]=`), for when the path form is in doubt.
    pub async fn filter_by_number(&self, number: &str) -> Result<Page<Product>> {
        self.list().simple_filter("number", number).send().await
    }
}
