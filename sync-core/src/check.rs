//! "Check settings": which references of the settings are looked up in the live systems, and
//! what the answers mean. The engine only fetches and feeds; every rule is here.
//!
//! The Rackbeat records named by number (layout, payment terms, …), the line products
//! (shipping, fee, …), the SmartWeb category and the order statuses are looked up; the fee
//! product must carry 0 % VAT (the fee line is booked without VAT).

use rackbeat_client::model::VatZone;
use rust_decimal::Decimal;

use crate::settings::Settings;

/// A Rackbeat resource a setting names by number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NumberedResource {
    /// `layout`.
    Layout,
    /// `payment_terms`.
    PaymentTerms,
    /// `employee`.
    Employee,
    /// `customer_group`.
    CustomerGroup,
    /// `product_group`.
    ProductGroup,
    /// `location`.
    Location,
}

impl NumberedResource {
    /// The resource as a report names it (`payment terms`).
    pub fn noun(self) -> &'static str {
        match self {
            Self::Layout => "layout",
            Self::PaymentTerms => "payment terms",
            Self::Employee => "employee",
            Self::CustomerGroup => "customer group",
            Self::ProductGroup => "product group",
            Self::Location => "location",
        }
    }
}

/// One numbered record the settings name, to be looked up in Rackbeat.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NumberedReference {
    /// The setting's key (`layout`).
    pub setting: &'static str,
    /// Which resource.
    pub resource: NumberedResource,
    /// The record's number.
    pub number: u32,
}

impl NumberedReference {
    /// `layout 3`.
    pub fn describe(&self) -> String {
        format!("{} {}", self.resource.noun(), self.number)
    }
}

/// Every numbered Rackbeat record the settings name, in report order.
pub fn numbered_references(settings: &Settings) -> Vec<NumberedReference> {
    [
        ("layout", NumberedResource::Layout, settings.layout),
        (
            "payment_terms",
            NumberedResource::PaymentTerms,
            settings.payment_terms,
        ),
        ("employee", NumberedResource::Employee, settings.employee),
        (
            "customer_group",
            NumberedResource::CustomerGroup,
            settings.customer_group,
        ),
        (
            "product_group",
            NumberedResource::ProductGroup,
            settings.product_group,
        ),
        ("location", NumberedResource::Location, settings.location),
    ]
    .into_iter()
    .filter_map(|(setting, resource, number)| {
        number.map(|number| NumberedReference {
            setting,
            resource,
            number,
        })
    })
    .collect()
}

/// A Rackbeat product the settings use for an order line of their own.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineProduct<'a> {
    /// The setting's key (`fee_product`).
    pub setting: &'static str,
    /// The product's item number.
    pub item: &'a str,
    /// Whether it must carry 0 % VAT (the fee product).
    pub must_be_without_vat: bool,
}

/// Every line product the settings name, in report order.
pub fn line_products(settings: &Settings) -> Vec<LineProduct<'_>> {
    [
        (
            "shipping_product_with_vat",
            &settings.shipping_product_with_vat,
        ),
        (
            "shipping_product_without_vat",
            &settings.shipping_product_without_vat,
        ),
        ("fee_product", &settings.fee_product),
        ("credit_note_product", &settings.credit_note_product),
        ("rounding_line_product", &settings.rounding_line_product),
        ("discount_product", &settings.discount_product),
    ]
    .into_iter()
    .filter_map(|(setting, item)| {
        item.as_deref().map(|item| LineProduct {
            setting,
            item,
            must_be_without_vat: setting == "fee_product",
        })
    })
    .collect()
}

/// The zone whose VAT rate the fee product is checked in: the settings' zone, or domestic
/// when that is not a zone Rackbeat names.
pub fn fee_vat_zone(settings: &Settings) -> VatZone {
    match VatZone::from(settings.vat_zone.clone()) {
        VatZone::Other(_) => VatZone::Domestic,
        zone => zone,
    }
}

/// The problem with a line product's VAT rate (`None` when unknown), if any: a product that
/// must be without VAT carries some.
pub fn line_product_vat_problem(product: &LineProduct<'_>, vat: Option<Decimal>) -> Option<String> {
    let vat = vat?;
    (product.must_be_without_vat && vat != Decimal::ZERO).then(|| {
        format!(
            "fee product {} carries {vat}% VAT; it must be without VAT",
            product.item
        )
    })
}

/// The problem with the SmartWeb category, given the ids the shop has, if any.
pub fn category_problem(category: u32, known_ids: &[i64]) -> Option<String> {
    (!known_ids.contains(&i64::from(category)))
        .then(|| format!("SmartWeb has no category {category}"))
}

/// Every status the settings name that the shop does not have, as `(setting, problem)`.
/// A status is the numeric id of a SmartWeb order status code.
pub fn order_status_problems(
    settings: &Settings,
    known_ids: &[i64],
) -> Vec<(&'static str, String)> {
    [
        ("imported_statuses", &settings.imported_statuses),
        ("credit_note_statuses", &settings.credit_note_statuses),
    ]
    .into_iter()
    .flat_map(|(setting, statuses)| {
        statuses
            .iter()
            .filter(|status| {
                !status
                    .trim()
                    .parse::<i64>()
                    .is_ok_and(|id| known_ids.contains(&id))
            })
            .map(move |status| (setting, format!("SmartWeb has no order status `{status}`")))
    })
    .collect()
}

#[cfg(test)]
mod tests {
    use rust_decimal_macros::dec;

    use super::*;

    fn settings() -> Settings {
        Settings {
            layout: Some(1),
            employee: Some(7),
            location: None,
            fee_product: Some("GEBYR".into()),
            shipping_product_with_vat: Some("FRAGT".into()),
            discount_product: None,
            imported_statuses: vec!["2".into(), " 3 ".into(), "sent".into()],
            credit_note_statuses: vec!["9".into()],
            vat_zone: "eu".into(),
            ..Settings::default()
        }
    }

    #[test]
    fn only_the_numbered_records_named_are_looked_up() {
        let refs = numbered_references(&settings());
        let named: Vec<(&str, String)> = refs.iter().map(|r| (r.setting, r.describe())).collect();
        let mut expected = vec![("layout", "layout 1".to_owned())];
        if let Some(n) = Settings::default().payment_terms {
            expected.push(("payment_terms", format!("payment terms {n}")));
        }
        expected.push(("employee", "employee 7".to_owned()));
        for (setting, noun, number) in [
            (
                "customer_group",
                "customer group",
                Settings::default().customer_group,
            ),
            (
                "product_group",
                "product group",
                Settings::default().product_group,
            ),
        ] {
            if let Some(n) = number {
                expected.push((setting, format!("{noun} {n}")));
            }
        }
        assert_eq!(named, expected);
    }

    #[test]
    fn line_products_named_and_only_the_fee_must_be_without_vat() {
        let s = settings();
        let products = line_products(&s);
        let fee = products
            .iter()
            .find(|p| p.setting == "fee_product")
            .cloned();
        assert_eq!(
            fee,
            Some(LineProduct {
                setting: "fee_product",
                item: "GEBYR",
                must_be_without_vat: true
            })
        );
        assert!(
            products
                .iter()
                .filter(|p| p.setting != "fee_product")
                .all(|p| !p.must_be_without_vat)
        );
        assert!(products.iter().all(|p| p.setting != "discount_product"));
    }

    #[test]
    fn the_fee_product_has_zero_vat() {
        let fee = LineProduct {
            setting: "fee_product",
            item: "GEBYR",
            must_be_without_vat: true,
        };
        assert_eq!(line_product_vat_problem(&fee, Some(dec!(0))), None);
        assert_eq!(line_product_vat_problem(&fee, Some(dec!(0.00))), None);
        assert_eq!(
            line_product_vat_problem(&fee, None),
            None,
            "unknown is not a problem"
        );
        assert_eq!(
            line_product_vat_problem(&fee, Some(dec!(25))),
            Some("fee product GEBYR carries 25% VAT; it must be without VAT".to_owned())
        );
        let shipping = LineProduct {
            setting: "shipping_product_with_vat",
            item: "FRAGT",
            must_be_without_vat: false,
        };
        assert_eq!(line_product_vat_problem(&shipping, Some(dec!(25))), None);
    }

    #[test]
    fn the_fee_is_checked_in_the_settings_zone_or_domestic() {
        assert_eq!(fee_vat_zone(&settings()), VatZone::from("eu".to_owned()));
        let odd = Settings {
            vat_zone: "moon".into(),
            ..settings()
        };
        assert_eq!(fee_vat_zone(&odd), VatZone::Domestic);
    }

    #[test]
    fn categories_and_statuses_must_exist() {
        assert_eq!(category_problem(4, &[1, 4]), None);
        assert_eq!(
            category_problem(5, &[1, 4]),
            Some("SmartWeb has no category 5".to_owned())
        );
        assert_eq!(
            order_status_problems(&settings(), &[2, 3]),
            vec![
                (
                    "imported_statuses",
                    "SmartWeb has no order status `sent`".to_owned()
                ),
                (
                    "credit_note_statuses",
                    "SmartWeb has no order status `9`".to_owned()
                ),
            ]
        );
    }
}
