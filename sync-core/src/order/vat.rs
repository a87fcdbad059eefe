//! VAT zone and per-line VAT source for an order: the first matching
//! [`VatZoneRule`](crate::settings::VatZoneRule) wins, else `vat_zone` with product-group VAT.

use rust_decimal::Decimal;

use crate::context::MappingContext;
use crate::settings::LineVat;
use crate::shop::ShopCustomer;

use super::problem::MappingProblem;

/// The VAT decision for one order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct VatDecision {
    pub zone: String,
    pub line_vat: LineVat,
    /// The rate every line gets when `line_vat` is not `ProductGroup`.
    pub fixed_rate: Option<Decimal>,
    /// ISO of the delivery country, when known.
    pub country_iso: Option<String>,
    /// ISO of the billing country, when known.
    pub billing_iso: Option<String>,
}

fn iso_of(ctx: &MappingContext<'_>, code: &str) -> Result<Option<String>, String> {
    let code = code.trim();
    if code.is_empty() {
        return Ok(None);
    }
    let id: u32 = code.parse().map_err(|_| code.to_owned())?;
    ctx.countries
        .get(&id)
        .map(|c| Some(c.iso.trim().to_uppercase()))
        .ok_or_else(|| code.to_owned())
}

pub(crate) fn decide(
    ctx: &MappingContext<'_>,
    customer: Option<&ShopCustomer>,
    problems: &mut Vec<MappingProblem>,
) -> VatDecision {
    let settings = ctx.settings;
    let b2b = customer.is_some_and(|c| c.b2b);
    let delivery_code = customer
        .map(|c| {
            if c.shipping_country_code.trim().is_empty() {
                c.country_code.as_str()
            } else {
                c.shipping_country_code.as_str()
            }
        })
        .unwrap_or_default();
    let rules_need_country = !settings.vat_zone_rules.is_empty();
    let country_iso = match iso_of(ctx, delivery_code) {
        Ok(iso) => iso,
        Err(code) => {
            if rules_need_country {
                problems.push(MappingProblem::UnknownCountry(code));
            }
            None
        }
    };
    let billing_iso = customer
        .and_then(|c| iso_of(ctx, &c.country_code).ok())
        .flatten();
    let matches = |list: &[String]| {
        country_iso
            .as_deref()
            .is_some_and(|iso| list.iter().any(|c| c.trim().eq_ignore_ascii_case(iso)))
    };
    let rule = settings.vat_zone_rules.iter().find(|r| {
        (r.countries.is_empty() || matches(&r.countries))
            && (r.except_countries.is_empty()
                || (country_iso.is_some() && !matches(&r.except_countries)))
            && r.b2b.is_none_or(|want| want == b2b)
    });
    let (zone, line_vat) = match rule {
        Some(r) => (r.vat_zone.clone(), r.line_vat),
        None => (settings.vat_zone.clone(), LineVat::ProductGroup),
    };
    let fixed_rate = match line_vat {
        LineVat::ProductGroup => None,
        LineVat::Zero => Some(Decimal::ZERO),
        LineVat::DeliveryCountry => {
            let country = delivery_code
                .trim()
                .parse::<u32>()
                .ok()
                .and_then(|id| ctx.countries.get(&id));
            let rate = country.and_then(|c| if b2b { c.company_tax } else { c.tax });
            if rate.is_none() {
                problems.push(MappingProblem::MissingCountryRate(
                    country_iso
                        .clone()
                        .unwrap_or_else(|| delivery_code.to_owned()),
                ));
            }
            rate
        }
    };
    VatDecision {
        zone,
        line_vat,
        fixed_rate,
        country_iso,
        billing_iso,
    }
}
