//! Writes `schema.rs`: the elements of each record type with what the fake service needs to
//! write answers the way PHP's ext/soap does (every required element, even without a value).

use std::fmt::Write as _;

use crate::emit::HEADER;
use crate::wsdl::{TypeRef, Wsdl};

/// The record type an element holds, itself or as the items of an array.
fn record_of(ty: &TypeRef) -> Option<&str> {
    match ty {
        TypeRef::Record(name) => Some(name),
        TypeRef::Array(item) => record_of(item),
        _ => None,
    }
}

fn option(name: Option<&str>) -> String {
    name.map_or_else(|| "None".to_owned(), |n| format!("Some({n:?})"))
}

pub fn schema(w: &Wsdl) -> String {
    let mut s = String::from(HEADER);
    s.push_str(
        "//! The elements of each WSDL record type, in WSDL order, with whether the schema \
         requires them:\n//! PHP's ext/soap writes every required element (empty when it has \
         no value, `xsi:nil` when\n//! nillable), which the fake service follows.\n\n",
    );
    s.push_str(
        "/// One element of a record type.\n#[derive(Debug, Clone, Copy, PartialEq, Eq)]\n\
         pub(crate) struct ElementSchema {\n\
         /// The element name.\npub(crate) name: &'static str,\n\
         /// `minOccurs` is not 0.\npub(crate) required: bool,\n\
         /// `nillable=\"true\"`.\npub(crate) nillable: bool,\n\
         /// The record type the element holds, itself or as the items of an array.\n\
         pub(crate) record: Option<&'static str>,\n\
         /// An `ArrayOf…` element (`<item>` children).\npub(crate) array: bool,\n}\n\n\
         impl ElementSchema {\n\
         const fn new(name: &'static str, required: bool, nillable: bool, record: Option<&'static str>, array: bool) -> Self {\n\
         Self { name, required, nillable, record, array }\n}\n}\n\n",
    );
    s.push_str(
        "/// The elements of the record type `name`, in WSDL order.\n\
         pub(crate) fn record_elements(name: &str) -> Option<&'static [ElementSchema]> {\n\
         match name {\n",
    );
    for record in &w.records {
        let _ = write!(s, "{:?} => Some(const {{ &[", record.name);
        for f in &record.fields {
            let _ = write!(
                s,
                "ElementSchema::new({:?}, {}, {}, {}, {}),",
                f.wire,
                f.required,
                f.nillable,
                option(record_of(&f.ty)),
                matches!(f.ty, TypeRef::Array(_))
            );
        }
        s.push_str("] }),\n");
    }
    s.push_str("_ => None,\n}\n}\n\n");
    s.push_str(
        "/// The record type in the `<Op>Result` of operation `op`, and whether the Result is an \
         array of them.\npub(crate) fn result_record(op: &str) -> Option<(&'static str, bool)> {\nmatch op {\n",
    );
    for op in &w.ops {
        if let Some(record) = record_of(&op.result) {
            let array = matches!(op.result, TypeRef::Array(_));
            let _ = writeln!(s, "{:?} => Some(({record:?}, {array})),", op.name);
        }
    }
    s.push_str("_ => None,\n}\n}\n");
    s
}
