//! Customer groups: `/customer-groups`.

use crate::api::{handler, list_and_get};
use crate::model::CustomerGroup;

handler!(
    /// Customer groups (`/customer-groups`), from [`RackbeatClient::customer_groups`](crate::RackbeatClient::customer_groups).
    CustomerGroupsHandler
);

list_and_get!(CustomerGroupsHandler, CustomerGroup, "customer-groups");
