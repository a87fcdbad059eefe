//! Shop settings and catalogues (no projections: these types always come back whole).

use super::SmartWebClient;
use crate::model::{
    Category, Currency, Delivery, OrderStatusCode, PaymentMethod, ProductDeliveryCountry,
    ShopWebinfo, SolutionLanguage, VatGroup,
};
use crate::{Error, ops};

/// Shop-wide reads; from [`SmartWebClient::shop`].
#[derive(Debug, Clone, Copy)]
pub struct ShopHandler<'a> {
    client: &'a SmartWebClient,
}

impl<'a> ShopHandler<'a> {
    pub(super) fn new(client: &'a SmartWebClient) -> Self {
        Self { client }
    }

    /// Shop identity and settings (`Solution_GetWebinfo`); `ProductPricesWithVat` says
    /// whether product prices include VAT. Also the cheapest check that the login works.
    pub async fn webinfo(&self) -> Result<ShopWebinfo, Error> {
        self.client
            .call(&ops::SolutionGetWebinfo {})
            .await?
            .ok_or_else(|| Error::Decode {
                path: "Envelope/Body/Solution_GetWebinfoResponse".to_owned(),
                message: "empty Solution_GetWebinfoResult".to_owned(),
                excerpt: String::new(),
            })
    }

    /// The language layers (`Solution_GetLanguages`).
    pub async fn languages(&self) -> Result<Vec<SolutionLanguage>, Error> {
        self.client.call(&ops::SolutionGetLanguages {}).await
    }

    /// VAT groups (`VatGroup_GetAll`); products point at them with `VatGroupId`.
    pub async fn vat_groups(&self) -> Result<Vec<VatGroup>, Error> {
        self.client.call(&ops::VatGroupGetAll {}).await
    }

    /// Currencies (`Currency_GetAll`).
    pub async fn currencies(&self) -> Result<Vec<Currency>, Error> {
        self.client.call(&ops::CurrencyGetAll {}).await
    }

    /// Delivery countries (`Product_GetDeliveryCountryAll`); `Id` is the numeric country
    /// code that order and user writes expect.
    pub async fn delivery_countries(&self) -> Result<Vec<ProductDeliveryCountry>, Error> {
        self.client
            .call(&ops::ProductGetDeliveryCountryAll {})
            .await
    }

    /// Delivery methods (`Delivery_GetAll`).
    pub async fn deliveries(&self) -> Result<Vec<Delivery>, Error> {
        self.client.call(&ops::DeliveryGetAll {}).await
    }

    /// Payment methods (`Payment_GetAll`). Note: may carry gateway credentials.
    pub async fn payments(&self) -> Result<Vec<PaymentMethod>, Error> {
        self.client.call(&ops::PaymentGetAll {}).await
    }

    /// Order status codes with their localized titles (`OrderStatusCode_GetAll`).
    pub async fn order_status_codes(&self) -> Result<Vec<OrderStatusCode>, Error> {
        self.client.call(&ops::OrderStatusCodeGetAll {}).await
    }

    /// Categories (`Category_GetAll`).
    pub async fn categories(&self) -> Result<Vec<Category>, Error> {
        self.client.call(&ops::CategoryGetAll {}).await
    }
}
