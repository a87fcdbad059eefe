//! Document layouts: `/layouts`.

use crate::api::{handler, list_and_get};
use crate::model::Layout;

handler!(
    /// Document layouts (`/layouts`), from [`RackbeatClient::layouts`](crate::RackbeatClient::layouts).
    LayoutsHandler
);

list_and_get!(LayoutsHandler, Layout, "layouts");
