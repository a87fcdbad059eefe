//! "Only the fields you send are changed": a write record laid over a stored record.
//!
//! Both are written with the generated encoders (which leave out `None` and empty arrays),
//! the sent elements replace the stored ones by name, and the result is decoded again, so
//! every write type shares one rule without a hand-written field list.

use crate::xml::{self, Element, Path, XmlValue};

use super::wire::ServiceFault;

fn tree<T: XmlValue>(value: &T) -> Result<Element, ServiceFault> {
    xml::parse(xml::to_string(value, "item").as_bytes()).map_err(|_| internal())
}

fn internal() -> ServiceFault {
    ServiceFault::app("INTERNAL", "MockSmartWeb could not merge a record")
}

/// The elements `patch` sends, renamed per `renames` (`(write name, read name)`), minus `skip`.
pub(crate) fn sent_fields<P: XmlValue>(
    patch: &P,
    renames: &[(&str, &str)],
    skip: &[&str],
) -> Result<Vec<Element>, ServiceFault> {
    let mut fields = tree(patch)?.children;
    fields.retain(|f| !skip.contains(&f.name.as_str()));
    for field in &mut fields {
        if let Some((_, to)) = renames.iter().find(|(from, _)| *from == field.name) {
            field.name = (*to).to_owned();
            field.qname = (*to).to_owned();
        }
    }
    Ok(fields)
}

/// `base` with every element of `fields` replacing (or adding) the element of that name.
pub(crate) fn apply<T: XmlValue + Default>(
    base: &T,
    fields: &[Element],
) -> Result<T, ServiceFault> {
    let mut merged = tree(base)?;
    for field in fields {
        match merged.children.iter_mut().find(|c| c.name == field.name) {
            Some(existing) => *existing = field.clone(),
            None => merged.children.push(field.clone()),
        }
    }
    T::from_element(&merged, &Path::root("item"))
        .map(Option::unwrap_or_default)
        .map_err(|_| ServiceFault::receiver("SOAP-ERROR: Encoding: Violation of encoding rules"))
}

/// The text of a sent scalar element, if sent.
pub(crate) fn sent_text<'a>(fields: &'a [Element], name: &str) -> Option<&'a str> {
    fields
        .iter()
        .find(|f| f.name == name)
        .map(|f| f.text.as_str())
}
