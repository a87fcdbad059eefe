//! Units: `/units`.

use crate::api::{handler, list_and_get};
use crate::model::Unit;

handler!(
    /// Units (`/units`), from [`RackbeatClient::units`](crate::RackbeatClient::units).
    UnitsHandler
);

list_and_get!(UnitsHandler, Unit, "units");
