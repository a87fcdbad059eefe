//! sync-core plans → Rackbeat request bodies.

use rackbeat_client::model::{NewCustomer as RbNewCustomer, NewOrder, NewOrderLine, VatZone};

use crate::order::{Address, DraftOrder, NewCustomer};

fn some(text: &str) -> Option<String> {
    let t = text.trim();
    (!t.is_empty()).then(|| t.to_owned())
}

/// The `POST /orders/drafts` body for a planned order, for the customer `customer_number`.
#[must_use]
pub fn new_order(order: &DraftOrder, customer_number: u64) -> NewOrder {
    let billing = &order.billing;
    let delivery = &order.delivery;
    NewOrder {
        customer_id: customer_number,
        layout_id: Some(u64::from(order.layout_id)),
        employee_id: order.employee_id.map(u64::from),
        our_reference_id: order.employee_id.map(u64::from),
        payment_terms_id: Some(u64::from(order.payment_terms_id)),
        other_reference: some(&order.other_reference),
        vat_zone: Some(VatZone::from(order.vat_zone.clone())),
        heading: some(&order.heading),
        currency: order.currency.as_deref().and_then(some),
        currency_rate: order.currency_rate,
        order_date: Some(order.order_date),
        address_name: some(&billing.name),
        address_street: some(&billing.street),
        address_street2: some(&billing.street2),
        address_state: some(&billing.state),
        address_city: some(&billing.city),
        address_zipcode: some(&billing.zipcode),
        address_country: country(billing),
        delivery_address_name: some(&delivery.name),
        delivery_address_street: some(&delivery.street),
        delivery_address_street2: some(&delivery.street2),
        delivery_address_state: some(&delivery.state),
        delivery_address_city: some(&delivery.city),
        delivery_address_zipcode: some(&delivery.zipcode),
        delivery_address_country: country(delivery),
        lines: order
            .lines
            .iter()
            .map(|l| NewOrderLine {
                item_id: l.item_id.clone(),
                quantity: l.quantity,
                name: some(&l.name),
                line_price: Some(l.line_price),
                discount_percentage: Some(l.discount_percentage),
                vat_percentage: Some(l.vat_percentage),
                location_id: l.location_id.map(u64::from),
                ..NewOrderLine::default()
            })
            .collect(),
        ..NewOrder::default()
    }
}

/// Rackbeat was seen with country names in `address_country`; the name is sent when known,
/// else the ISO code.
fn country(address: &Address) -> Option<String> {
    some(&address.country).or_else(|| address.country_iso.as_deref().and_then(some))
}

/// The `POST /customers` body for a planned customer.
#[must_use]
pub fn new_customer(customer: &NewCustomer) -> RbNewCustomer {
    let a = &customer.address;
    RbNewCustomer {
        name: some(&customer.name),
        company_name: customer.is_company.then(|| some(&customer.name)).flatten(),
        company_vat: customer.company_vat.as_deref().and_then(some),
        ean: customer.ean.as_deref().and_then(some),
        address_street: some(&a.street),
        address_street2: some(&a.street2),
        address_city: some(&a.city),
        address_zipcode: some(&a.zipcode),
        address_country: country(a),
        contact_email: customer.contact_email.as_deref().and_then(some),
        contact_phone: customer.contact_phone.as_deref().and_then(some),
        locale: customer.locale.as_deref().and_then(some),
        payment_terms_id: Some(u64::from(customer.payment_terms_id)),
        customer_group_id: Some(u64::from(customer.customer_group_id)),
        vat_zone: Some(VatZone::from(customer.vat_zone.clone())),
        currency: customer.currency.as_deref().and_then(some),
        ..RbNewCustomer::default()
    }
}

/// A Rackbeat product as product planning sees it. The VAT percent is the product group's
/// rate for `vat_zone`, from the embedded group or from `groups`.
#[must_use]
pub fn product_view(
    product: &rackbeat_client::model::Product,
    groups: &[rackbeat_client::model::ProductGroup],
    vat_zone: &str,
) -> crate::products::RbProductView {
    let zone = VatZone::from(vat_zone.to_owned());
    let group_number = product
        .group
        .as_ref()
        .map(|g| g.number)
        .or(product.group_id);
    let vat_percent = product
        .group
        .as_ref()
        .and_then(|g| g.vat_for_zone(&zone))
        .or_else(|| {
            groups
                .iter()
                .find(|g| Some(g.number) == group_number)
                .and_then(|g| g.vat_for_zone(&zone))
        });
    crate::products::RbProductView {
        number: product.number.trim().to_owned(),
        name: product
            .name
            .as_deref()
            .unwrap_or_default()
            .trim()
            .to_owned(),
        description: product
            .description
            .as_deref()
            .unwrap_or_default()
            .trim()
            .to_owned(),
        sales_price: product.sales_price,
        cost_price: product.cost_price.or(product.recommended_cost_price),
        barcode: product
            .barcode
            .as_deref()
            .unwrap_or_default()
            .trim()
            .to_owned(),
        weight: product.physical.as_ref().and_then(|p| p.weight),
        group: group_number.and_then(|g| u32::try_from(g).ok()),
        is_barred: product.is_barred.unwrap_or(false),
        vat_percent,
    }
}

/// The `POST /products` body for a planned Rackbeat product.
#[must_use]
pub fn new_product(draft: &crate::products::RbProductDraft) -> rackbeat_client::model::NewProduct {
    rackbeat_client::model::NewProduct {
        number: draft.number.clone(),
        name: draft.name.clone(),
        group: Some(u64::from(draft.group)),
        sales_price: Some(draft.sales_price),
        recommended_cost_price: draft.cost_price,
        description: some(&draft.description),
        barcode: some(&draft.barcode),
        physical: draft.weight.map(|w| rackbeat_client::model::Physical {
            weight: Some(w),
            ..Default::default()
        }),
        ..Default::default()
    }
}

/// The partial `PUT /products/{number}` body: only the changed fields are sent.
#[must_use]
pub fn product_update(
    changes: &crate::products::RbProductChanges,
) -> rackbeat_client::model::ProductUpdate {
    rackbeat_client::model::ProductUpdate {
        name: changes.name.clone(),
        description: changes.description.clone(),
        sales_price: changes.sales_price,
        recommended_cost_price: changes.cost_price,
        barcode: changes.barcode.clone(),
        physical: changes.weight.map(|w| rackbeat_client::model::Physical {
            weight: Some(w),
            ..Default::default()
        }),
        ..Default::default()
    }
}

/// A Rackbeat product's available quantity in total (`available_quantity`; `None` when the
/// server leaves it out: never derived from on-hand `stock_quantity`). Per-location figures
/// are added with [`RbStockView::set_location`](crate::stock::RbStockView::set_location).
#[must_use]
pub fn stock_view(product: &rackbeat_client::model::Product) -> crate::stock::RbStockView {
    crate::stock::RbStockView {
        item_number: product.number.trim().to_owned(),
        available_total: product.available_quantity,
        ..Default::default()
    }
}

/// A Rackbeat order's progress flags and its own tracking fields, as write-back planning
/// sees them (its shipments are added when [`needs_shipments`] asks for them).
///
/// [`needs_shipments`]: crate::writeback::RbOrderProgress::needs_shipments
#[must_use]
pub fn order_progress(order: &rackbeat_client::model::Order) -> crate::writeback::RbOrderProgress {
    // A number is kept as its text (a carrier's tracking number may be all digits).
    let text = |key: &str| {
        let value = order.extra.get(key)?;
        value
            .as_str()
            .map(str::to_owned)
            .or_else(|| value.is_number().then(|| value.to_string()))
    };
    crate::writeback::RbOrderProgress {
        is_booked: order.is_booked.unwrap_or(false),
        is_partly_shipped: order.is_partly_shipped.unwrap_or(false),
        is_shipped: order.is_shipped.unwrap_or(false),
        is_invoiced: order.is_invoiced.unwrap_or(false),
        is_cancelled: order.is_cancelled.unwrap_or(false),
        tracking: crate::writeback::TrackingFields {
            tracking_number: text("tracking_number"),
            tracking_code: text("tracking_code"),
            track_trace: text("track_trace"),
        },
        shipments: Vec::new(),
    }
}

/// A Rackbeat shipment as write-back planning sees it.
#[must_use]
pub fn shipment_view(
    shipment: &rackbeat_client::model::Shipment,
) -> crate::writeback::RbShipmentView {
    crate::writeback::RbShipmentView {
        id: shipment.id,
        is_shipped: shipment.is_shipped,
        tracking: crate::writeback::TrackingFields {
            tracking_number: shipment.tracking_number.clone(),
            tracking_code: shipment.tracking_code.clone(),
            track_trace: shipment.track_trace.clone(),
        },
    }
}

/// An existing Rackbeat customer as customer matching sees it.
#[must_use]
pub fn customer_view(customer: &rackbeat_client::model::Customer) -> crate::order::RbCustomerView {
    crate::order::RbCustomerView {
        number: customer.number,
        ean: customer.ean.clone(),
        company_vat: customer.company_vat.clone(),
        contact_email: customer.contact_email.clone(),
    }
}
