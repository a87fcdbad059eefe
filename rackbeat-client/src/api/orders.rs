//! Customer orders: `/orders`.

use futures::TryStreamExt;
use reqwest::Method;

use crate::Result;
use crate::api::{handler, list_and_get, optional};
use crate::list::{SortDirection, TakePages};
use crate::model::{
    BookingMail, NewOrder, NewOrderLine, Order, OrderBooking, OrderLine, OrderLineUpdate, Shipment,
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

    /// `POST /orders/drafts`: creates an unbooked (draft) order. Retried only after a 429:
    /// after a transport error, look the order up with [`find_by_reference`](Self::find_by_reference).
    pub async fn create_draft(&self, order: &NewOrder) -> Result<Order> {
        self.client
            .send_one(Method::POST, &["orders", "drafts"], order)
            .await
    }

    /// `POST /orders`: creates an order (whether it is booked at once is unsettled; known
    /// integrations see it unbooked). Retried only after a 429.
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

    /// `POST /orders/{number}/lines`: adds a line (unbooked orders only). Retried only after a 429.
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

    /// The order's shipments, oldest first as the server lists them.
    ///
    /// The sheet gives two paths: `GET /orders/{number}/shipments`, and
    /// `GET /order-shipments?order_number={number}`, which is asked when the first answers
    /// 404. A server that ignores the `order_number` filter cannot leak another order's
    /// shipments: those carrying a different `order_number` are left out.
    pub async fn shipments(&self, number: u64) -> Result<Vec<Shipment>> {
        let key = number.to_string();
        let nested =
            crate::list::ListBuilder::<Shipment>::new(self.client, &["orders", &key, "shipments"])
                .all()
                .await;
        match nested {
            Err(e) if e.is_not_found() => {}
            other => return other,
        }
        let mut shipments =
            crate::list::ListBuilder::<Shipment>::new(self.client, &["order-shipments"])
                .param("order_number", key)
                .all()
                .await?;
        shipments.retain(|s| s.order_number.is_none_or(|n| n == number));
        Ok(shipments)
    }

    /// The order whose `other_reference` equals `reference` exactly (the engine stores the
    /// webshop's order reference there). Lists `search=<reference>` and checks each hit,
    /// over a bounded number of pages; when that finds nothing (or the server refuses the
    /// search with 400/422), checks the newest page of orders too.
    ///
    /// Why the second look: the sheet documents `search=<text>` (§1.7) but not which fields
    /// it covers, so a server may well not search `other_reference`. A just-created order is
    /// among the newest, so one page sorted `order_by=number&order_direction=DESC` (or, when
    /// the server ignores the sort, the last page) finds it after a lost create answer.
    pub async fn find_by_reference(&self, reference: &str) -> Result<Option<Order>> {
        if reference.is_empty() {
            return Ok(None);
        }
        let limit = self.client.page_size();
        let searched = self
            .list()
            .search(reference)
            .limit(limit)
            .stream()
            .take_pages(REFERENCE_SEARCH_PAGES, limit)
            .try_filter(|o| std::future::ready(o.other_reference.as_deref() == Some(reference)))
            .try_next()
            .await;
        match searched {
            Ok(Some(found)) => return Ok(Some(found)),
            Ok(None) => {}
            Err(e) if matches!(e.status(), Some(400 | 422)) => {}
            Err(e) => return Err(e),
        }
        self.newest_with_reference(reference, limit).await
    }

    /// The order with `other_reference == reference` among the newest `limit` orders.
    async fn newest_with_reference(&self, reference: &str, limit: u32) -> Result<Option<Order>> {
        let first = match self
            .list()
            .order_by("number", SortDirection::Descending)
            .limit(limit)
            .send()
            .await
        {
            Err(e) if matches!(e.status(), Some(400 | 422)) => {
                self.list().limit(limit).send().await?
            }
            other => other?,
        };
        let ascending = first.items.windows(2).all(|w| match w {
            [a, b] => a.number <= b.number,
            _ => true,
        });
        let last_page = first.pages.filter(|p| *p > 1 && ascending);
        let matches = |o: &Order| o.other_reference.as_deref() == Some(reference);
        if let Some(found) = first.items.into_iter().find(matches) {
            return Ok(Some(found));
        }
        // The sort was ignored: the newest orders are on the last page.
        let Some(last) = last_page.and_then(|p| u32::try_from(p).ok()) else {
            return Ok(None);
        };
        let page = self.list().limit(limit).page(last).send().await?;
        Ok(page.items.into_iter().find(matches))
    }
}
