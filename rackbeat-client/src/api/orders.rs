//! Customer orders: `/orders`.

use chrono::{DateTime, Utc};
use futures::TryStreamExt;
use reqwest::Method;

use crate::Result;
use crate::api::{handler, list_and_get, optional};
use crate::envelope::Page;
use crate::list::{SortDirection, TakePages};
use crate::model::{
    BookingMail, NewOrder, NewOrderLine, Order, OrderBooking, OrderLine, OrderLineUpdate, Shipment,
};

/// `search_reference` looks at no more than this many pages of search hits.
const REFERENCE_SEARCH_PAGES: usize = 5;

/// A newest-first walk never goes past this page.
const MAX_PAGES: u32 = 100_000;

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
    /// webshop's order reference there): the [search hits](Self::search_reference) first;
    /// when they hold none (or the server refuses the search with 400/422), the newest page
    /// of orders ([`newest_first`](Self::newest_first)).
    ///
    /// Why the second look: the sheet documents `search=<text>` (§1.7) but not which fields
    /// it covers, so a server may well not search `other_reference`; a just-created order is
    /// among the newest.
    pub async fn find_by_reference(&self, reference: &str) -> Result<Option<Order>> {
        if reference.is_empty() {
            return Ok(None);
        }
        let matches = |o: &Order| o.other_reference.as_deref() == Some(reference);
        match self.search_reference(reference).await {
            Ok(hits) => {
                if let Some(found) = hits.into_iter().find(matches) {
                    return Ok(Some(found));
                }
            }
            Err(e) if matches!(e.status(), Some(400 | 422)) => {}
            Err(e) => return Err(e),
        }
        let newest = self.newest_first().read_page().await?;
        Ok(newest.into_iter().find(matches))
    }

    /// Every order `search=<reference>` finds, over at most a few pages of hits (which fields
    /// the search covers is undocumented: callers check the hits themselves).
    pub async fn search_reference(&self, reference: &str) -> Result<Vec<Order>> {
        let limit = self.client.page_size();
        self.list()
            .search(reference)
            .limit(limit)
            .stream()
            .take_pages(REFERENCE_SEARCH_PAGES, limit)
            .try_collect()
            .await
    }
}

impl<'a> OrdersHandler<'a> {
    /// Orders newest first, read page by page only as far back as asked
    /// ([`NewestOrders::back_to`]): one listing serves the look-ups of a whole run.
    pub fn newest_first(&self) -> NewestOrders<'a> {
        NewestOrders {
            orders: *self,
            limit: self.client.page_size(),
            walk: Walk::Start,
            reached: None,
        }
    }
}

/// Orders newest first, read as far back as asked; from
/// [`OrdersHandler::newest_first`].
///
/// Asks for `order_by=number&order_direction=DESC`. A server that refuses the sort (400/422)
/// or ignores it (its first page comes oldest first) is read from its last page backwards; one
/// whose pages follow no order is read whole. Reading stops at the page that holds an order
/// created before the instant asked for (`created_at`: ISO 8601, or naive server time read as
/// UTC; callers allow a margin), or at the end of the list. Orders created while it reads
/// are added at the newest end, so they never hide an older one; after a deletion, call
/// [`deleted`](NewestOrders::deleted) so the page the deletion shifted is read again.
#[derive(Debug)]
pub struct NewestOrders<'a> {
    orders: OrdersHandler<'a>,
    limit: u32,
    walk: Walk,
    /// The oldest creation time read so far.
    reached: Option<DateTime<Utc>>,
}

/// Where a [`NewestOrders`] goes next.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Walk {
    /// Nothing read yet.
    Start,
    /// Sorted newest first: `next` is the next (older) page; `last` the last one read.
    Forward { next: u32, last: u32 },
    /// Oldest first (the sort was ignored): `next` counts down to page 2 (page 1 was read).
    Backward { next: u32 },
    /// No order to rely on: pages `next..=pages` are left.
    Everything { next: u32, pages: u32 },
    /// Every order has been read.
    Done,
}

impl NewestOrders<'_> {
    /// Whether every order created at or after `since` has been read.
    pub fn covers(&self, since: DateTime<Utc>) -> bool {
        self.walk == Walk::Done || self.reached.is_some_and(|r| r < since)
    }

    /// Reads further back until every order created at or after `since` has been read;
    /// returns the orders this call read (a page read again returns its orders again).
    pub async fn back_to(&mut self, since: DateTime<Utc>) -> Result<Vec<Order>> {
        let mut read = Vec::new();
        while !self.covers(since) {
            read.extend(self.read_page().await?);
        }
        Ok(read)
    }

    /// Notes that an order this listing returned was deleted: in a newest-first walk the
    /// deletion moves an unread order onto the page last read, so that page is read again.
    pub fn deleted(&mut self) {
        if let Walk::Forward { next, last } = self.walk
            && last < next
        {
            self.walk = Walk::Forward { next: last, last };
        }
    }

    /// Reads the next older page (the first call may read two: page 1, then the last page
    /// when the server lists oldest first). Empty once everything is read.
    pub async fn read_page(&mut self) -> Result<Vec<Order>> {
        let (page, items) = match self.walk {
            Walk::Done => return Ok(Vec::new()),
            Walk::Start => return self.first().await,
            Walk::Forward { next, .. } => (next, self.page(next, true).await?),
            // The server ignored or refused the sort: ask without it.
            Walk::Backward { next } | Walk::Everything { next, .. } => {
                (next, self.page(next, false).await?)
            }
        };
        let count = items.items.len();
        let pages = pages_of(&items);
        self.walk = match self.walk {
            Walk::Forward { .. } if count == 0 || pages.is_some_and(|p| page >= p) => Walk::Done,
            Walk::Forward { .. } if pages.is_none() && count < self.applied(&items) => Walk::Done,
            Walk::Forward { .. } => Walk::Forward {
                next: page.saturating_add(1).min(MAX_PAGES),
                last: page,
            },
            Walk::Backward { .. } if page <= 2 => Walk::Done,
            Walk::Backward { .. } => Walk::Backward { next: page - 1 },
            Walk::Everything { pages, .. } if page >= pages => Walk::Done,
            Walk::Everything { pages, .. } => Walk::Everything {
                next: page + 1,
                pages,
            },
            other => other,
        };
        if matches!(self.walk, Walk::Forward { .. } | Walk::Backward { .. }) {
            self.note(&items.items);
        }
        Ok(items.items)
    }

    /// Page 1, sorted if the server takes the sort; decides the walk.
    async fn first(&mut self) -> Result<Vec<Order>> {
        let (first, sorted) = match self.page(1, true).await {
            Err(e) if matches!(e.status(), Some(400 | 422)) => (self.page(1, false).await?, false),
            other => (other?, true),
        };
        let pages = pages_of(&first);
        let numbers: Vec<u64> = first.items.iter().map(|o| o.number).collect();
        let descending = numbers.windows(2).all(|w| matches!(w, [a, b] if a >= b));
        let ascending = numbers.windows(2).all(|w| matches!(w, [a, b] if a <= b));
        let more = match pages {
            Some(p) => p > 1,
            None => first.items.len() >= self.applied(&first),
        };
        self.walk = if !more || first.items.is_empty() {
            Walk::Done
        } else if sorted && descending {
            Walk::Forward { next: 2, last: 1 }
        } else if ascending && numbers.len() > 1 && pages.is_some() {
            Walk::Backward {
                next: pages.unwrap_or(2),
            }
        } else {
            Walk::Everything {
                next: 2,
                pages: pages.unwrap_or(MAX_PAGES),
            }
        };
        let mut items = first.items;
        match self.walk {
            Walk::Forward { .. } => self.note(&items),
            // The newest orders are on the last page: read it now.
            Walk::Backward { .. } => {
                let newest = Box::pin(self.read_page()).await?;
                items.extend(newest);
            }
            _ => {}
        }
        Ok(items)
    }

    async fn page(&self, page: u32, sorted: bool) -> Result<Page<Order>> {
        let list = self.orders.list().limit(self.limit).page(page);
        let list = if sorted {
            list.order_by("number", SortDirection::Descending)
        } else {
            list
        };
        list.send().await
    }

    /// The page size the server says it applied (it may cap ours).
    fn applied(&self, page: &Page<Order>) -> usize {
        let limit = page
            .limit
            .filter(|l| *l > 0)
            .unwrap_or(u64::from(self.limit));
        usize::try_from(limit).unwrap_or(usize::MAX)
    }

    /// Remembers the oldest creation time on a page read in a sorted walk.
    fn note(&mut self, items: &[Order]) {
        let oldest = items.iter().filter_map(Order::created_instant).min();
        self.reached = match (self.reached, oldest) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
    }
}

/// `pages` as a page number, when the envelope has it.
fn pages_of(page: &Page<Order>) -> Option<u32> {
    page.pages.map(|p| u32::try_from(p).unwrap_or(MAX_PAGES))
}
