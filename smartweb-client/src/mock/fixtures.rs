//! Ready-made records for tests and demos: the probe shop's catalogue (API sheet fixtures),
//! a realistic order builder and a product helper.

use rust_decimal::Decimal;

use crate::model;

/// The wire date used by [`OrderBuilder`] until [`OrderBuilder::created`] is called.
pub const DEFAULT_CREATED: &str = "2026-01-01 12:00:00";

/// `Solution_GetWebinfo` of the recorded demo shop, with the given VAT basis.
pub fn webinfo(prices_with_vat: bool) -> model::ShopWebinfo {
    model::ShopWebinfo {
        title: Some("Webnavn".into()),
        language_iso: Some("DK".into()),
        company: Some("Virksomhed".into()),
        contact_person: Some("Test Person".into()),
        country: Some("Denmark".into()),
        email: Some("demo@example.invalid".into()),
        email_dummy: Some("demo@example.invalid".into()),
        product_prices_with_vat: Some(prices_with_vat),
        show_product_prices_with_vat: Some(prices_with_vat),
        solution_id: Some("shop000000".into()),
        ..Default::default()
    }
}

/// A language layer (`Solution_GetLanguages` item).
pub fn language(id: i64, iso: &str, title: &str, primary: bool) -> model::SolutionLanguage {
    model::SolutionLanguage {
        id: Some(id),
        language_iso: Some(iso.to_owned()),
        title: Some(title.to_owned()),
        primary: Some(primary),
        status: Some(true),
        site_id: Some(1),
    }
}

/// The recorded layers: `DK` (primary) and `UK`.
pub fn languages() -> Vec<model::SolutionLanguage> {
    vec![
        language(1, "DK", "Dansk", true),
        language(2, "UK", "English", false),
    ]
}

/// The 11 stock order statuses of API sheet §6 (titles as the sheet gives them).
pub fn status_codes() -> Vec<model::OrderStatusCode> {
    [
        (0, "Ikke modtaget"),
        (1, "Ordre modtaget"),
        (2, "Processing"),
        (3, "Order sent"),
        (4, "Genåbnet"),
        (5, "Cancelled"),
        (6, "Ready for pickup"),
        (7, "Partially sent"),
        (8, "Picked up"),
        (99, "Kladde"),
        (100, "Kreditnota"),
    ]
    .iter()
    .enumerate()
    .map(|(sorting, (id, title))| model::OrderStatusCode {
        id: Some(*id),
        title: Some((*title).to_owned()),
        language_iso: Some("DK".into()),
        sorting: Some(i64::try_from(sorting).unwrap_or(0)),
    })
    .collect()
}

/// The recorded VAT groups: 1 = 0 %, 2 = 25 %.
pub fn vat_groups() -> Vec<model::VatGroup> {
    vec![
        model::VatGroup {
            id: Some(1),
            name: Some("0%".into()),
            vat_percentage: Some(0),
            sorting: Some(0),
        },
        model::VatGroup {
            id: Some(2),
            name: Some("25%".into()),
            vat_percentage: Some(25),
            sorting: Some(1),
        },
    ]
}

/// The recorded currency: DKK, id 1, rate 1.
pub fn currency_dkk() -> model::Currency {
    model::Currency {
        id: Some(1),
        iso: Some("DKK".into()),
        symbol: Some("DKK".into()),
        symbol_place: Some("right".into()),
        currency: Some(Decimal::ONE),
        decimal: Some(",".into()),
        decimal_count: Some(2),
        point: Some(".".into()),
        round: Some(3),
        round_on: Some(2),
        title: Some("Danske kroner".into()),
    }
}

/// The recorded delivery country: Denmark, id 1 (the numeric `CountryCode`), 25 % tax.
pub fn delivery_country_dk() -> model::ProductDeliveryCountry {
    model::ProductDeliveryCountry {
        id: Some(1),
        iso: Some("DK".into()),
        code: Some("DK".into()),
        tax: Some(25),
        company_tax: Some(25),
        access: Vec::new(),
        primary: Some(true),
    }
}

/// Delivery method 1, "GLS Pakkeshop" (`gls`), as on the recorded order.
pub fn delivery_gls() -> model::Delivery {
    model::Delivery {
        id: Some(1),
        service_type: Some("gls".into()),
        vat: Some(true),
        title: Some("GLS Pakkeshop".into()),
        language_iso: Some("DK".into()),
        price: Some(Decimal::ZERO),
        primary: Some(true),
        ..Default::default()
    }
}

/// Payment method 1, "Online betaling", as on the recorded order.
pub fn payment_online() -> model::PaymentMethod {
    model::PaymentMethod {
        id: Some(1),
        title: Some("Online betaling".into()),
        language_iso: Some("DK".into()),
        vat: Some(false),
        fixed_fee: Some(Decimal::ZERO),
        percentage_fee: Some(Decimal::ZERO),
        ..Default::default()
    }
}

/// A sellable product: online, visible, in category 1, VAT group 2 (25 %), `price` as
/// entered (gross when the shop has `ProductPricesWithVat`), `stock` on hand.
pub fn product(
    id: i64,
    item_number: &str,
    title: &str,
    price: Decimal,
    stock: i64,
) -> model::Product {
    model::Product {
        id: Some(id),
        category_id: Some(1),
        online: Some(true),
        status: Some(true),
        disable_on_empty: Some(false),
        call_for_price: Some(false),
        stock: Some(stock),
        stock_low: Some(0),
        out_of_stock_buy: Some("0".into()),
        item_number: Some(item_number.to_owned()),
        item_number_supplier: Some(String::new()),
        weight: Some(Decimal::ZERO),
        buying_price: Some(Decimal::ZERO),
        price: Some(price),
        discount: Some(Decimal::ZERO),
        discount_type: Some(String::new()),
        date_created: Some(DEFAULT_CREATED.into()),
        date_updated: Some("0000-00-00 00:00:00".into()),
        language_iso: Some("DK".into()),
        title: Some(title.to_owned()),
        vat_group_id: Some(2),
        min_amount: Some(1),
        unit_id: Some(1),
        unit: Some(Box::new(model::ProductUnit {
            id: Some(1),
            language_iso: Some("DK".into()),
            title: Some("stk.".into()),
        })),
        ..Default::default()
    }
}

/// A variant of `product_id` with its own item number, price (as entered) and stock.
pub fn variant(
    id: i64,
    product_id: i64,
    item_number: &str,
    title: &str,
    price: Decimal,
    stock: i64,
) -> model::ProductVariant {
    model::ProductVariant {
        id: Some(id),
        product_id: Some(product_id),
        stock: Some(stock),
        stock_low: Some(0),
        price: Some(price),
        buying_price: Some(Decimal::ZERO),
        item_number: Some(item_number.to_owned()),
        item_number_supplier: Some(String::new()),
        weight: Some(Decimal::ZERO),
        delivery_time_id: Some(-1),
        status: Some(true),
        disable_on_empty: Some(false),
        discount: Some(Decimal::ZERO),
        discount_type: Some(String::new()),
        ean: Some(String::new()),
        sorting: Some(0),
        min_amount: Some(1),
        title: Some(title.to_owned()),
        ..Default::default()
    }
}

/// Builds a realistic `model::Order` shaped like the recorded order 18: customer, delivery,
/// payment, currency snapshot, lines with **net** unit prices, `Total` = line sum (net)
/// minus discount codes, zero dates where nothing happened.
///
/// ```
/// use rust_decimal::Decimal;
/// use smartweb_client::mock::fixtures::OrderBuilder;
///
/// let order = OrderBuilder::new(18)
///     .status(1)
///     .created("2026-08-15 18:41:30")
///     .line(17, "PROBE-VS-25", "Server-priced", 2, Decimal::from(80))
///     .build();
/// assert_eq!(order.total, Some(Decimal::from(160)));
/// ```
#[derive(Debug, Clone)]
pub struct OrderBuilder {
    order: model::Order,
}

impl OrderBuilder {
    /// A status-0 order with id `id` created at [`DEFAULT_CREATED`], a Danish customer,
    /// GLS delivery, online payment and DKK, and no lines yet.
    pub fn new(id: i64) -> Self {
        let zero = || Some("0000-00-00 00:00:00".to_owned());
        let empty = || Some(String::new());
        let order = model::Order {
            id: Some(id),
            currency_id: Some(id),
            currency: Some(Box::new(model::OrderCurrency {
                order_id: Some(id),
                id: Some(1),
                iso: Some("DKK".into()),
                symbol: Some("DKK".into()),
                symbol_place: Some("right".into()),
                currency: Some(Decimal::ONE),
                decimal: Some(",".into()),
                point: Some(".".into()),
                round: Some(3),
            })),
            customer_id: Some(id),
            customer: Some(Box::new(model::OrderCustomer {
                id: Some(id),
                order_id: Some(id),
                firstname: Some("Test".into()),
                lastname: Some("Kunde".into()),
                company: empty(),
                b2b: Some(false),
                address: Some("Testvej 3".into()),
                zip: Some("8000".into()),
                city: Some("Aarhus".into()),
                country: Some("Denmark".into()),
                country_code: Some("1".into()),
                email: Some(format!("customer{id}@example.invalid")),
                ..Default::default()
            })),
            user_id: Some(0),
            site: Some(1),
            language_iso: Some("DK".into()),
            status: Some("0".into()),
            payment_id: Some(1),
            payment: Some(Box::new(model::OrderPayment {
                id: Some(id),
                order_id: Some(id),
                payment_method_id: Some(1),
                title: Some("Online betaling".into()),
                price: Some(Decimal::ZERO),
                vat: Some(false),
                external_id: empty(),
            })),
            vat: Some(Decimal::ZERO),
            total: Some(Decimal::ZERO),
            order_comment: empty(),
            order_comment_external: empty(),
            customer_comment: empty(),
            delivery_comment: empty(),
            delivery_time: empty(),
            tracking_code: empty(),
            date_delivered: Some(DEFAULT_CREATED.into()),
            date_due: zero(),
            date_sent: zero(),
            date_updated: zero(),
            packing_id: Some(0),
            delivery_id: Some(1),
            delivery: Some(Box::new(model::OrderDelivery {
                id: Some(id),
                order_id: Some(id),
                delivery_method_id: Some(1),
                vat: Some(true),
                title: Some("GLS Pakkeshop".into()),
                price: Some(Decimal::ZERO),
                buy_price: Some(Decimal::ZERO),
                service_type: Some("gls".into()),
                droppoint_id: Some(0),
                droppoint_id_long: empty(),
            })),
            reference_number: empty(),
            origin: empty(),
            referral_code: empty(),
            ..Default::default()
        };
        Self { order }
    }

    /// The status id (stored as the string the API uses).
    pub fn status(mut self, status: i64) -> Self {
        self.order.status = Some(status.to_string());
        self
    }

    /// The creation time (`DateDelivered`), `yyyy-mm-dd hh:mm:ss`.
    pub fn created(mut self, when: &str) -> Self {
        self.order.date_delivered = Some(when.to_owned());
        self
    }

    /// The last update (`DateUpdated`), `yyyy-mm-dd hh:mm:ss`.
    pub fn updated(mut self, when: &str) -> Self {
        self.order.date_updated = Some(when.to_owned());
        self
    }

    /// The customer's name and e-mail (billing address stays the default Danish one).
    pub fn customer(mut self, firstname: &str, lastname: &str, email: &str) -> Self {
        if let Some(c) = self.order.customer.as_mut() {
            c.firstname = Some(firstname.to_owned());
            c.lastname = Some(lastname.to_owned());
            c.email = Some(email.to_owned());
        }
        self
    }

    /// `ReferenceNumber`.
    pub fn reference(mut self, reference: &str) -> Self {
        self.order.reference_number = Some(reference.to_owned());
        self
    }

    /// `CustomerComment`.
    pub fn customer_comment(mut self, text: &str) -> Self {
        self.order.customer_comment = Some(text.to_owned());
        self
    }

    /// `Origin`: the parent order of a credit note.
    pub fn origin(mut self, parent_order_id: i64) -> Self {
        self.order.origin = Some(parent_order_id.to_string());
        self
    }

    /// `UserId`: the customer account.
    pub fn user(mut self, user_id: i64) -> Self {
        self.order.user_id = Some(user_id);
        self
    }

    /// Shipping: delivery method, title and charge.
    pub fn delivery(mut self, method_id: i64, title: &str, price: Decimal) -> Self {
        self.order.delivery_id = Some(method_id);
        if let Some(d) = self.order.delivery.as_mut() {
            d.delivery_method_id = Some(method_id);
            d.title = Some(title.to_owned());
            d.price = Some(price);
        }
        self
    }

    /// A line without variant; `net_unit_price` is ex VAT, as order lines are.
    pub fn line(
        self,
        product_id: i64,
        item_number: &str,
        title: &str,
        amount: i64,
        net_unit_price: Decimal,
    ) -> Self {
        self.variant_line(product_id, 0, item_number, title, amount, net_unit_price)
    }

    /// A line for a variant (`variant_id` 0 = none); `net_unit_price` is ex VAT.
    pub fn variant_line(
        mut self,
        product_id: i64,
        variant_id: i64,
        item_number: &str,
        title: &str,
        amount: i64,
        net_unit_price: Decimal,
    ) -> Self {
        let order_id = self.order.id.unwrap_or(0);
        let n = i64::try_from(self.order.order_lines.len()).unwrap_or(0);
        let empty = || Some(String::new());
        self.order.order_lines.push(model::OrderLine {
            id: Some(
                order_id
                    .saturating_mul(100)
                    .saturating_add(n)
                    .saturating_add(1),
            ),
            order_id: Some(order_id),
            product_id: Some(product_id),
            variant_id: Some(variant_id),
            file_download_id: Some(0),
            amount: Some(amount),
            packet_title: empty(),
            product_title: Some(title.to_owned()),
            variant_title: empty(),
            additional_title: empty(),
            item_number: Some(item_number.to_owned()),
            item_number_supplier: empty(),
            discount: Some(Decimal::ZERO),
            discount_rounded: Some(Decimal::ZERO),
            price: Some(net_unit_price),
            price_rounded: Some(net_unit_price.round_dp(2)),
            service_type: empty(),
            buy_price: Some(Decimal::ZERO),
            stock_status: empty(),
            tracking_code: empty(),
            weight: Some(Decimal::ZERO),
            offline_product: Some(false),
            vat_rate: Some(Decimal::ZERO),
            stock_location_id: Some(0),
            delivery_id: Some(0),
            unit: Some("stk.".into()),
            extended_data_internal: empty(),
            extended_data_external: empty(),
            ..Default::default()
        });
        self
    }

    /// A discount code taking `discount` (net) off the total.
    pub fn discount_code(mut self, title: &str, discount: Decimal) -> Self {
        let order_id = self.order.id.unwrap_or(0);
        let n = i64::try_from(self.order.discount_codes.len()).unwrap_or(0);
        self.order.discount_codes.push(model::OrderDiscountCode {
            id: Some(
                order_id
                    .saturating_mul(100)
                    .saturating_add(n)
                    .saturating_add(1),
            ),
            order_id: Some(order_id),
            discount_id: Some(0),
            title: Some(title.to_owned()),
            r#type: Some("amount".into()),
            value: Some(discount),
            discount: Some(discount),
            vat: Some(false),
            is_new_gift_card: Some(false),
        });
        self
    }

    /// The order, with `Total` = Σ(net price × amount) − Σ discount codes.
    pub fn build(mut self) -> model::Order {
        let lines: Decimal = self
            .order
            .order_lines
            .iter()
            .map(|l| l.price.unwrap_or_default() * Decimal::from(l.amount.unwrap_or(0)))
            .sum();
        let discounts: Decimal = self
            .order
            .discount_codes
            .iter()
            .map(|d| d.discount.unwrap_or_default())
            .sum();
        self.order.total = Some(lines - discounts);
        self.order
    }
}
