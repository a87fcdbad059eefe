//! `*_SetFields` projections: which field names a record type has, and cutting a written
//! record down to the session's field set.
//!
//! The field names are not listed by hand: a name is a field of a WSDL type exactly when the
//! generated model's decoder reads it (the generated model *is* the WSDL), so a name is
//! probed by decoding a tiny element that carries it.

use crate::model;
use crate::xml::{Element, Path, XmlValue};

use super::wire::{self, ServiceFault};

/// A record type whose fields a session chooses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Kind {
    /// `Order_SetFields`
    Order,
    /// `Order_SetOrderLineFields` (also nested `Order.OrderLines`)
    OrderLine,
    /// `Product_SetFields`
    Product,
    /// `Product_SetVariantFields` (also nested `Product.Variants`)
    ProductVariant,
    /// `User_SetFields`
    User,
}

impl Kind {
    fn type_name(self) -> &'static str {
        match self {
            Self::Order => "Order",
            Self::OrderLine => "OrderLine",
            Self::Product => "Product",
            Self::ProductVariant => "ProductVariant",
            Self::User => "User",
        }
    }

    /// `Some(is_array)` when `name` is a field of the type.
    fn probe(self, name: &str) -> Option<bool> {
        match self {
            Self::Order => probe::<model::Order>(name),
            Self::OrderLine => probe::<model::OrderLine>(name),
            Self::Product => probe::<model::Product>(name),
            Self::ProductVariant => probe::<model::ProductVariant>(name),
            Self::User => probe::<model::User>(name),
        }
    }
}

/// One projected field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Field {
    pub(crate) name: String,
    /// Array fields are answered as `<Name/>` when empty (the recorded shape).
    pub(crate) is_array: bool,
}

/// A session's field set for one record type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct FieldSet(pub(crate) Vec<Field>);

impl Default for FieldSet {
    /// "If not set, the output format includes only the Id" (WSDL).
    fn default() -> Self {
        Self(vec![Field {
            name: "Id".to_owned(),
            is_array: false,
        }])
    }
}

impl FieldSet {
    /// Parses a `Fields` argument (comma-separated names, blanks ignored). An unknown name is
    /// a `NOSUCHPARAM` fault; an empty list means the default (only `Id`).
    pub(crate) fn parse(kind: Kind, fields: &str) -> Result<Self, ServiceFault> {
        let mut out = Vec::new();
        for name in fields.split(',').map(str::trim).filter(|n| !n.is_empty()) {
            let Some(is_array) = kind.probe(name) else {
                return Err(ServiceFault::app(
                    "NOSUCHPARAM",
                    format!("No such field: {name} on {}", kind.type_name()),
                ));
            };
            if !out.iter().any(|f: &Field| f.name == name) {
                out.push(Field {
                    name: name.to_owned(),
                    is_array,
                });
            }
        }
        if out.is_empty() {
            return Ok(Self::default());
        }
        Ok(Self(out))
    }

    fn contains(&self, name: &str) -> bool {
        self.0.iter().any(|f| f.name == name)
    }
}

/// The field sets that apply to one answer.
pub(crate) struct Projections<'a> {
    pub(crate) order: &'a FieldSet,
    pub(crate) line: &'a FieldSet,
    pub(crate) product: &'a FieldSet,
    pub(crate) variant: &'a FieldSet,
    pub(crate) user: &'a FieldSet,
}

impl Projections<'_> {
    /// Cuts the record `el` (a Result element or an `<item>`) down to the field set of `kind`,
    /// nested lines and variants to theirs.
    pub(crate) fn apply(&self, kind: Kind, el: &mut Element) {
        let set = match kind {
            Kind::Order => self.order,
            Kind::OrderLine => self.line,
            Kind::Product => self.product,
            Kind::ProductVariant => self.variant,
            Kind::User => self.user,
        };
        el.children.retain(|c| set.contains(&c.name));
        for field in &set.0 {
            if field.is_array && el.child(&field.name).is_none() {
                el.children.push(wire::empty_element(&field.name));
            }
        }
        let nested = match kind {
            Kind::Order => Some(("OrderLines", Kind::OrderLine)),
            Kind::Product => Some(("Variants", Kind::ProductVariant)),
            Kind::OrderLine => Some(("PacketLines", Kind::OrderLine)),
            _ => None,
        };
        if let Some((field, nested_kind)) = nested {
            for child in el.children.iter_mut().filter(|c| c.name == field) {
                for item in child.children.iter_mut().filter(|i| i.name == "item") {
                    self.apply(nested_kind, item);
                }
            }
        }
    }
}

fn element(name: &str, text: &str, children: Vec<Element>) -> Element {
    Element {
        qname: name.to_owned(),
        name: name.to_owned(),
        text: text.to_owned(),
        children,
        ..Element::default()
    }
}

/// Decodes `<item><name>` + `items` × `<item>1</item>` + `</name></item>` as `T`.
fn decode_probe<T: XmlValue>(name: &str, items: usize) -> Result<Option<T>, crate::Error> {
    let inner = (0..items)
        .map(|_| element("item", "1", Vec::new()))
        .collect();
    let record = element("item", "", vec![element(name, "", inner)]);
    T::from_element(&record, &Path::root("probe"))
}

/// `Some(is_array)` when the generated decoder of `T` reads an element called `name`.
fn probe<T: XmlValue + Default + PartialEq>(name: &str) -> Option<bool> {
    let one = decode_probe::<T>(name, 1);
    let known = match &one {
        Err(_) => true,
        Ok(value) => value.as_ref() != Some(&T::default()),
    };
    if !known {
        return None;
    }
    let two = decode_probe::<T>(name, 2);
    let is_array = match (one, two) {
        (Ok(a), Ok(b)) => a != b,
        _ => false,
    };
    Some(is_array)
}

#[cfg(test)]
mod tests {
    use super::{Kind, probe};
    use crate::model;

    #[test]
    fn fields_are_probed_from_the_generated_model() {
        assert_eq!(probe::<model::Order>("Id"), Some(false));
        assert_eq!(probe::<model::Order>("Status"), Some(false));
        assert_eq!(probe::<model::Order>("Customer"), Some(false));
        assert_eq!(probe::<model::Order>("OrderLines"), Some(true));
        assert_eq!(probe::<model::Order>("CurrencyIso"), None);
        assert_eq!(probe::<model::OrderLine>("Title"), None);
        assert_eq!(probe::<model::OrderLine>("Vat"), None);
        assert_eq!(probe::<model::OrderLine>("VatRate"), Some(false));
        assert_eq!(probe::<model::Product>("Files"), None);
        assert_eq!(probe::<model::Product>("Variants"), Some(true));
        assert_eq!(probe::<model::Product>("LanguageAccess"), Some(true));
        assert_eq!(probe::<model::Product>("Online"), Some(false));
        assert_eq!(probe::<model::Product>("Price"), Some(false));
        assert_eq!(probe::<model::ProductVariant>("StockLocations"), Some(true));
        assert!(Kind::User.probe("Email").is_some());
    }
}
