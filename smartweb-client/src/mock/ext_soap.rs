//! Answers completed the way PHP's ext/soap writes them over the WSDL: it never leaves out an
//! element the schema requires. A required element the record has no value for is written
//! empty (`<Cvr/>`), or `xsi:nil="true"` where the schema makes it nillable, and every
//! record's elements come in the schema's order.

use crate::generated::schema::{self, ElementSchema};
use crate::xml::Element;

/// Completes the `<Op>Result` element of an answer to `operation`.
pub(crate) fn complete_result(operation: &str, result: &mut Element) {
    if let Some((record, array)) = schema::result_record(operation) {
        complete_value(record, array, result);
    }
}

fn complete_value(record: &str, array: bool, el: &mut Element) {
    if array {
        for item in el.children.iter_mut().filter(|c| c.name == "item") {
            complete_record(record, item);
        }
    } else if !el.children.is_empty() {
        // A record without any child is "no record" (an empty Result or field), left as is.
        complete_record(record, el);
    }
}

fn complete_record(record: &str, el: &mut Element) {
    let Some(elements) = schema::record_elements(record) else {
        return;
    };
    let mut present = std::mem::take(&mut el.children);
    let mut ordered = Vec::with_capacity(elements.len());
    for element in elements {
        match present.iter().position(|c| c.name == element.name) {
            Some(at) => {
                let mut child = present.remove(at);
                if let Some(nested) = element.record {
                    complete_value(nested, element.array, &mut child);
                }
                ordered.push(child);
            }
            None if element.required => ordered.push(without_value(element)),
            None => {}
        }
    }
    // Children the schema does not name (a garbled field) keep their place at the end.
    ordered.append(&mut present);
    el.children = ordered;
}

fn without_value(element: &ElementSchema) -> Element {
    let attributes = if element.nillable {
        vec![("xsi:nil".to_owned(), "true".to_owned())]
    } else {
        Vec::new()
    };
    Element {
        qname: element.name.to_owned(),
        name: element.name.to_owned(),
        attributes,
        ..Element::default()
    }
}
