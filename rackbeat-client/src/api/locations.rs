//! Stock locations: `/locations`.

use crate::api::{handler, list_and_get};
use crate::list::ListBuilder;
use crate::model::Location;

handler!(
    /// Stock locations (`/locations`), from
    /// [`RackbeatClient::locations`](crate::RackbeatClient::locations).
    LocationsHandler
);

list_and_get!(LocationsHandler, Location, "locations");

impl LocationsHandler<'_> {
    /// `GET /locations/flat`: every location of the hierarchy in one flat list.
    pub fn flat(&self) -> ListBuilder<Location> {
        ListBuilder::new(self.client, &["locations", "flat"])
    }

    /// `GET /locations/{number}/children`.
    pub fn children(&self, number: u64) -> ListBuilder<Location> {
        ListBuilder::new(self.client, &["locations", &number.to_string(), "children"])
    }
}
