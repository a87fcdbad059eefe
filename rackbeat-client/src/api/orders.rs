//! Customer orders: `/orders`.

use futures::TryStreamExt;
use reqwest::Method;

use crate::Result;
use crate::api::{handler, list_and_get, optional};
use crate::list::TakePages;
use crate::model::{
    BookingMail, NewOrder, NewOrderLine, Order, OrderBooking, OrderLine, OrderLineUpdate,
};

/// `find_by_reference` looks at no more than this many pages of search hits.
const REFERENCE_SEARCH_PAGES: usize = 5;

handler!(
    /// Customer orders (`/orders`), from [`RackbeatClient::orders`](crate::RackbeatClient::orders).
    OrdersHandler
);

list_and_get!(OrdersHandler, Order, "orders");

impl OrdersHandler<'_> {
    /// `GET /orders/{number}`, with a 404 as `None`.
    pub async fn find(&self, number: u64) -> Result<Option<Order>> {
        optional(self.get(number).await)
    }

    /// `POST /orders/drafts`: creates an unbooked (draft) order. Never retried automatically:
    /// after a transport error, look the order up with [`find_by_reference`](Self::find_by_reference).
    pub async fn create_draft(&self, order: &NewOrder) -> Result<Order> {
        self.client
            .send_one(Method::POST, &["orders", "drafts"], order)
            .await
    }

    /// `POST /orders`: creates an order (whether it is booked at once is unsettled; known
    /// integrations see it unbooked). Never retried automatically.
    pub async fn create(&self, order: &NewOrder) -> Result<Order> {
        self.client.send_one(Method::POST, &["orders"], order).await
    }

    /// `POST /orders/{number}/book` with `{"mail": {"send": send_mail}}`.
    pub async fn book(&self, number: u64, send_mail: bool) -> Result<()> {
        let body = OrderBooking {
            mail: Some(BookingMail {
                send: Some(send_mail),
                ..BookingMail::default()
            }),
            ..OrderBooking::default()
        };
        self.book_with(number, &body).await
    }

    /// `POST /orders/{number}/book` with a full booking body.
    pub async fn book_with(&self, number: u64, body: &OrderBooking) -> Result<()> {
        self.client
            .send_unit(
                Method::POST,
                &["orders", &number.to_string(), "book"],
                Some(body),
            )
            .await
    }

    /// `DELETE /orders/{number}`.
    pub async fn delete(&self, number: u64) -> Result<()> {
        self.client
            .send_unit(
                Method::DELETE,
                &["orders", &number.to_string()],
                None::<&()>,
            )
            .await
    }

    /// `GET /orders/{number}/lines`: all lines.
    pub async fn lines(&self, number: u64) -> Result<Vec<OrderLine>> {
        crate::list::ListBuilder::new(self.client, &["orders", &number.to_string(), "lines"])
            .all()
            .await
    }

    /// `POST /orders/{number}/lines`: adds a line (unbooked orders only). Never retried.
    pub async fn add_line(&self, number: u64, line: &NewOrderLine) -> Result<OrderLine> {
        self.client
            .send_one(
                Method::POST,
                &["orders", &number.to_string(), "lines"],
                line,
            )
            .await
    }

    /// `PUT /orders/{number}/lines/{line_id}`.
    pub async fn update_line(
        &self,
        number: u64,
        line_id: u64,
        line: &OrderLineUpdate,
    ) -> Result<OrderLine> {
        self.client
            .send_one(
                Method::PUT,
                &["orders", &number.to_string(), "lines", &line_id.to_string()],
                line,
            )
            .await
    }

    /// `DELETE /orders/{number}/lines/{line_id}`.
    pub async fn delete_line(&self, number: u64, line_id: u64) -> Result<()> {
        self.client
            .send_unit(
                Method::DELETE,
                &["orders", &number.to_string(), "lines", &line_id.to_string()],
                None::<&()>,
            )
            .await
    }

    /// The order whose `other_reference` equals `reference` exactly (the engine stores the
    /// webshop's order reference there). Lists `search=<reference>` and checks each hit,
    /// over a bounded number of pages.
    pub async fn find_by_reference(&self, reference: &str) -> Result<Option<Order>> {
        if reference.is_empty() {
            return Ok(None);
        }
        let limit = self.client.page_size();
        let found = self
            .list()
            .search(reference)
            .limit(limit)
            .stream()
            .take_pages(REFERENCE_SEARCH_PAGES, limit)
            .try_filter(|o| std::future::ready(o.other_reference.as_deref() == Some(reference)))
            .try_next()
            .await?;
        Ok(found)
    }
}
