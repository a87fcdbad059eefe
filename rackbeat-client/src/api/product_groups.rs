//! Product groups: `/product-groups`.

use reqwest::Method;

use crate::Result;
use crate::api::{handler, list_and_get};
use crate::model::{NewProductGroup, ProductGroup};

handler!(
    /// Product groups (`/product-groups`), from
    /// [`RackbeatClient::product_groups`](crate::RackbeatClient::product_groups).
    ProductGroupsHandler
);

list_and_get!(ProductGroupsHandler, ProductGroup, "product-groups");

impl ProductGroupsHandler<'_> {
    /// `POST /product-groups` (retried only after a 429).
    pub async fn create(&self, group: &NewProductGroup) -> Result<ProductGroup> {
        self.client
            .send_one(Method::POST, &["product-groups"], group)
            .await
    }

    /// `PUT /product-groups/{number}`.
    pub async fn update(&self, number: u64, group: &NewProductGroup) -> Result<ProductGroup> {
        self.client
            .send_one(Method::PUT, &["product-groups", &number.to_string()], group)
            .await
    }

    /// `DELETE /product-groups/{number}`.
    pub async fn delete(&self, number: u64) -> Result<()> {
        self.client
            .send_unit(
                Method::DELETE,
                &["product-groups", &number.to_string()],
                None::<&()>,
            )
            .await
    }
}
