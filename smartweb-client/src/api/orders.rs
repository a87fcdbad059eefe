//! Orders: paged reads with whole records (lines, customer, delivery, payment, discount
//! codes, currency inlined), and the write-backs the integration makes.
//!
//! Dates are the shop's local wall-clock time (`NaiveDateTime`), sent as
//! `yyyy-mm-dd hh:mm:ss`; see [`crate::values`].

use std::collections::HashSet;

use chrono::NaiveDateTime;
use futures::{Stream, TryStreamExt, stream};

use super::{expect_true, fields};
use crate::client::{Projection, SmartWebClient};
use crate::model::Order;
use crate::soap::RecordTolerant;
use crate::values::{OrderStatus, format_shop_datetime};
use crate::{Error, ops};

/// Orders per page of the `*WithPagination` reads.
pub const DEFAULT_ORDER_PAGE_SIZE: i64 = 100;

const PROJECTIONS: [(Projection, &str); 2] = [
    (Projection::Order, fields::ORDER),
    (Projection::OrderLine, fields::ORDER_LINE),
];

/// Order calls; from [`SmartWebClient::orders`].
#[derive(Debug, Clone, Copy)]
pub struct OrdersHandler<'a> {
    client: &'a SmartWebClient,
    page_size: i64,
}

#[derive(Debug, Clone, Copy)]
enum DateKind {
    Created,
    Updated,
}

impl<'a> OrdersHandler<'a> {
    pub(super) fn new(client: &'a SmartWebClient) -> Self {
        Self {
            client,
            page_size: DEFAULT_ORDER_PAGE_SIZE,
        }
    }

    /// Uses `page_size` orders per page for the streams (at least 1).
    pub fn page_size(mut self, page_size: i64) -> Self {
        self.page_size = page_size.max(1);
        self
    }

    /// Orders created in `[start, end]` (shop-local time) with one of `statuses` (all
    /// statuses when empty), page by page over `Order_GetByDateWithPagination`.
    ///
    /// Pages count from 1 and the stream ends at the first empty page. `Status` is always
    /// sent (a comma list, or the nil form when `statuses` is empty). An order the page holds
    /// but that cannot be decoded comes as [`Error::UnreadableRecord`] after the page's other
    /// orders; the stream goes on with the next page.
    pub fn by_created(
        &self,
        start: NaiveDateTime,
        end: NaiveDateTime,
        statuses: &[OrderStatus],
    ) -> impl Stream<Item = Result<Order, Error>> + Send + 'static {
        self.pages(DateKind::Created, start, end, statuses)
    }

    /// Orders updated in `[start, end]` (shop-local time), like [`by_created`](Self::by_created)
    /// over `Order_GetByDateUpdatedWithPagination`.
    ///
    /// Orders never updated may carry a zero `DateUpdated`; whether they fall in an "updated"
    /// window is unknown (API sheet §3.1), so poll [`by_created`](Self::by_created) too.
    pub fn by_updated(
        &self,
        start: NaiveDateTime,
        end: NaiveDateTime,
        statuses: &[OrderStatus],
    ) -> impl Stream<Item = Result<Order, Error>> + Send + 'static {
        self.pages(DateKind::Updated, start, end, statuses)
    }

    fn pages(
        &self,
        kind: DateKind,
        start: NaiveDateTime,
        end: NaiveDateTime,
        statuses: &[OrderStatus],
    ) -> impl Stream<Item = Result<Order, Error>> + Send + 'static {
        let start = format_shop_datetime(&start);
        let end = format_shop_datetime(&end);
        let status = status_list(statuses);
        let page_size = self.page_size;
        let state = PageState {
            client: self.client.clone(),
            page: 1,
            seen: HashSet::new(),
        };
        stream::try_unfold(state, move |mut state| {
            let (start, end, status) = (start.clone(), end.clone(), status.clone());
            async move {
                let orders = match kind {
                    DateKind::Created => {
                        let op = ops::OrderGetByDateWithPagination {
                            start,
                            end,
                            status,
                            page: state.page,
                            page_size,
                        };
                        state
                            .client
                            .call_with_projections(&PROJECTIONS, &RecordTolerant(op))
                            .await?
                    }
                    DateKind::Updated => {
                        let op = ops::OrderGetByDateUpdatedWithPagination {
                            start,
                            end,
                            status,
                            page: state.page,
                            page_size,
                        };
                        state
                            .client
                            .call_with_projections(&PROJECTIONS, &RecordTolerant(op))
                            .await?
                    }
                };
                if orders.is_empty() {
                    return Ok(None);
                }
                // A server that ignored `Page` would repeat itself forever: stop when a page
                // brings nothing new.
                let before = state.seen.len();
                let ids = orders.records.iter().map(|o| o.id);
                let ids: Vec<Option<i64>> =
                    ids.chain(orders.unreadable.iter().map(|u| u.id)).collect();
                state.seen.extend(ids.iter().flatten());
                if state.seen.len() == before && ids.iter().all(Option::is_some) {
                    tracing::warn!(
                        page = state.page,
                        "SmartWeb repeated an order page; stopping"
                    );
                    return Ok(None);
                }
                state.page += 1;
                Ok(Some((orders, state)))
            }
        })
        .map_ok(|page| {
            // The orders that decoded, then one error per order that did not, so a caller
            // can import the rest and report that one.
            let unreadable = page.unreadable.into_iter().map(|u| {
                Err(Error::UnreadableRecord {
                    id: u.id,
                    source: Box::new(u.error),
                })
            });
            stream::iter(page.records.into_iter().map(Ok).chain(unreadable))
        })
        .try_flatten()
    }

    /// The order with `order_id`, whole; `None` when the server returns an empty result.
    pub async fn by_id(&self, order_id: i64) -> Result<Option<Order>, Error> {
        self.client
            .call_with_projections(&PROJECTIONS, &ops::OrderGetById { order_id })
            .await
    }

    /// The order with order number `number` (`Order_GetByNumber(Start = End = number)`).
    pub async fn by_number(&self, number: i64) -> Result<Option<Order>, Error> {
        let op = ops::OrderGetByNumber {
            start: Some(number),
            end: Some(number),
        };
        let orders = self.client.call_with_projections(&PROJECTIONS, &op).await?;
        Ok(orders.into_iter().next())
    }

    /// Sets the order's status (`Order_UpdateStatus`).
    ///
    /// Status 1 ([`OrderStatus::Received`]) **always e-mails the customer**, so it is refused
    /// with [`Error::ReceivedStatusRefused`] unless `allow_received` is `true`. Other
    /// statuses may e-mail too, depending on the shop's settings. Never retried.
    pub async fn update_status(
        &self,
        order_id: i64,
        status: OrderStatus,
        allow_received: bool,
    ) -> Result<(), Error> {
        if status == OrderStatus::Received && !allow_received {
            return Err(Error::ReceivedStatusRefused { order_id });
        }
        let op = ops::OrderUpdateStatus {
            order_id,
            status: status.id(),
        };
        expect_true("Order_UpdateStatus", self.client.call(&op).await?)
    }

    /// Sets the order's tracking code (`Order_UpdateTrackingCode`).
    pub async fn update_tracking_code(
        &self,
        order_id: i64,
        tracking_code: &str,
    ) -> Result<(), Error> {
        let op = ops::OrderUpdateTrackingCode {
            order_id,
            tracking_code: tracking_code.to_owned(),
        };
        expect_true("Order_UpdateTrackingCode", self.client.call(&op).await?)
    }

    /// Replaces the order's internal comment (`Order_UpdateComment`; the server replaces the
    /// whole text, so append on the caller's side if needed).
    pub async fn update_comment(&self, order_id: i64, text: &str) -> Result<(), Error> {
        let op = ops::OrderUpdateComment {
            order_id,
            text: text.to_owned(),
        };
        expect_true("Order_UpdateComment", self.client.call(&op).await?)
    }
}

struct PageState {
    client: SmartWebClient,
    page: i64,
    seen: HashSet<i64>,
}

/// `"1,2,3"`, or `None` (sent in the nil form: all statuses) for an empty list.
fn status_list(statuses: &[OrderStatus]) -> Option<String> {
    if statuses.is_empty() {
        return None;
    }
    Some(
        statuses
            .iter()
            .map(|s| s.id().to_string())
            .collect::<Vec<_>>()
            .join(","),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_are_a_comma_list_or_nil() {
        assert_eq!(status_list(&[]), None);
        assert_eq!(
            status_list(&[
                OrderStatus::Received,
                OrderStatus::Sent,
                OrderStatus::Other(42)
            ]),
            Some("1,3,42".to_owned())
        );
    }
}
