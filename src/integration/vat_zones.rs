//! Reads the VAT zones a Rackbeat account knows (the rules are in `sync_core::vat_zones`):
//! every product group, and the `vat_zone` of the first page of customers and of orders
//! (Rackbeat has no VAT-zone endpoint, sheet §2.7).

use serde_json::Value;
use sync_core::vat_zones::AccountZones;

use super::Integration;

impl Integration {
    /// Reads the zones the Rackbeat account knows: every product group, and the first page
    /// of customers and of orders.
    pub(crate) async fn account_vat_zones(&self) -> Result<AccountZones, rackbeat_client::Error> {
        let rb = &self.inner.rackbeat;
        let mut zones = AccountZones::default();
        for group in rb.product_groups().list().all().await? {
            zones.add_group(&group);
        }
        let limit = rb.page_size().to_string();
        for resource in ["customers", "orders"] {
            let page = rb
                .get_json(
                    &[resource],
                    &[("limit", limit.as_str()), ("fields", "vat_zone")],
                )
                .await?;
            zones.add_in_use(zones_in_use(page.get(resource)));
        }
        Ok(zones)
    }
}

/// The `vat_zone` of each object of a raw list.
fn zones_in_use(items: Option<&Value>) -> impl Iterator<Item = &str> {
    items
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|item| item.get("vat_zone").and_then(Value::as_str))
}
