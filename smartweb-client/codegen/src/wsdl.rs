//! Reads the parts of the WSDL the generator needs (default namespace, no `wsdl:` prefix).

use std::collections::BTreeMap;

use quick_xml::events::{BytesStart, Event};

/// A minimal element tree.
#[derive(Debug, Default)]
pub struct Node {
    pub name: String,
    pub attrs: Vec<(String, String)>,
    pub text: String,
    pub children: Vec<Node>,
}

impl Node {
    pub fn attr(&self, key: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }
    fn local(&self) -> &str {
        self.name.rsplit_once(':').map_or(&self.name, |(_, l)| l)
    }
    fn children_named<'a>(&'a self, local: &'a str) -> impl Iterator<Item = &'a Node> + 'a {
        self.children.iter().filter(move |c| c.local() == local)
    }
    fn child<'a>(&'a self, local: &'a str) -> Option<&'a Node> {
        self.children_named(local).next()
    }
}

fn node_from(start: &BytesStart<'_>) -> Result<Node, String> {
    let name = <str as ToOwned>::to_owned(start.name().as_ref());
    let mut attrs = Vec::new();
    for a in start.attributes() {
        let a = a.map_err(|e| e.to_string())?;
        let key = <str as ToOwned>::to_owned(a.key.as_ref());
        let value = a
            .normalized_value(quick_xml::XmlVersion::Implicit1_0)
            .map_err(|e| e.to_string())?
            .into_owned();
        attrs.push((key, value));
    }
    Ok(Node {
        name,
        attrs,
        ..Node::default()
    })
}

pub fn parse_tree(text: &str) -> Result<Node, String> {
    let mut reader = quick_xml::Reader::from_str(text);
    let mut stack: Vec<Node> = vec![Node::default()];
    loop {
        match reader.read_event().map_err(|e| e.to_string())? {
            Event::Start(s) => stack.push(node_from(&s)?),
            Event::Empty(s) => {
                let n = node_from(&s)?;
                stack.last_mut().ok_or("stack")?.children.push(n);
            }
            Event::End(_) => {
                let n = stack.pop().ok_or("unbalanced")?;
                stack.last_mut().ok_or("unbalanced")?.children.push(n);
            }
            Event::Text(t) => {
                if let Some(top) = stack.last_mut() {
                    top.text.push_str(&t.xml10_content());
                }
            }
            Event::GeneralRef(r) => {
                let s = quick_xml::escape::unescape(&format!("&{};", &*r))
                    .map_err(|e| e.to_string())?
                    .into_owned();
                if let Some(top) = stack.last_mut() {
                    top.text.push_str(&s);
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    let mut doc = stack.pop().ok_or("empty")?;
    doc.children.pop().ok_or_else(|| "no root".to_owned())
}

/// An XSD type reference, resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TypeRef {
    Int,
    Double,
    Boolean,
    String,
    AnyType,
    DateTime,
    /// A simple enumeration type by name.
    Enum(String),
    /// A record (`xsd:all`) type by name.
    Record(String),
    /// An `ArrayOfX`: the item type.
    Array(Box<TypeRef>),
    /// A field the WSDL types as `xsd:string` that the server also inlines as an array of
    /// this record (see [`OVERRIDES`]).
    TextOrItems(String),
}

/// Known places where the server sends another shape than the WSDL says:
/// `(record, field, item record)`. `Product.VariantTypes` is a `//`-joined string per the docs,
/// but an array of `ProductVariantType` when requested through `Product_SetFields`
/// (API sheet §4.3).
pub const OVERRIDES: &[(&str, &str, &str)] = &[("Product", "VariantTypes", "ProductVariantType")];

#[derive(Debug, Clone)]
pub struct Field {
    pub wire: String,
    pub ty: TypeRef,
    /// `minOccurs="0"` or `nillable="true"`: the model's `Option`.
    pub optional: bool,
    /// `minOccurs` is not 0: ext/soap always writes the element.
    pub required: bool,
    /// `nillable="true"`: ext/soap writes a null as `xsi:nil="true"`.
    pub nillable: bool,
}

#[derive(Debug)]
pub struct Record {
    pub name: String,
    pub fields: Vec<Field>,
}

#[derive(Debug)]
pub struct EnumType {
    pub name: String,
    pub values: Vec<String>,
}

#[derive(Debug)]
pub struct Op {
    pub name: String,
    pub doc: String,
    pub args: Vec<Field>,
    pub result: TypeRef,
}

#[derive(Debug)]
pub struct Wsdl {
    pub records: Vec<Record>,
    pub enums: Vec<EnumType>,
    pub ops: Vec<Op>,
}

fn strip(s: &str) -> &str {
    s.rsplit_once(':').map_or(s, |(_, l)| l)
}

pub fn read(text: &str) -> Result<Wsdl, String> {
    let root = parse_tree(text)?;
    let schema = root
        .child("types")
        .and_then(|t| t.child("schema"))
        .ok_or("no types/schema")?;
    // ArrayOfX name -> item type name (raw).
    let mut arrays: BTreeMap<String, String> = BTreeMap::new();
    let mut record_names: Vec<String> = Vec::new();
    let mut enums = Vec::new();
    for st in schema.children_named("simpleType") {
        let name = st.attr("name").ok_or("simpleType without name")?.to_owned();
        let values = st
            .child("restriction")
            .map(|r| {
                r.children_named("enumeration")
                    .filter_map(|e| e.attr("value").map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default();
        enums.push(EnumType { name, values });
    }
    for ct in schema.children_named("complexType") {
        let name = ct
            .attr("name")
            .ok_or("complexType without name")?
            .to_owned();
        if let Some(seq) = ct.child("sequence") {
            let item = seq.children.first().ok_or("empty array sequence")?;
            if item.attr("name") != Some("item") {
                return Err(format!("{name}: sequence type that is not an array"));
            }
            let ty = item.attr("type").ok_or("array item without type")?;
            arrays.insert(name, ty.to_owned());
        } else {
            record_names.push(name);
        }
    }
    let enum_names: Vec<String> = enums.iter().map(|e| e.name.clone()).collect();
    let resolve = |raw: &str| -> Result<TypeRef, String> {
        resolve_type(raw, &arrays, &record_names, &enum_names)
    };
    let mut records = Vec::new();
    for ct in schema.children_named("complexType") {
        let Some(all) = ct.child("all") else { continue };
        let name = ct.attr("name").ok_or("no name")?.to_owned();
        let mut fields = Vec::new();
        for e in all.children_named("element") {
            let mut f = field(e, &resolve)?;
            if let Some((_, _, item)) = OVERRIDES
                .iter()
                .find(|(r, w, _)| *r == name && *w == f.wire)
            {
                f.ty = TypeRef::TextOrItems((*item).to_owned());
            }
            fields.push(f);
        }
        records.push(Record { name, fields });
    }
    // Wrapper elements by name.
    let mut elements: BTreeMap<String, &Node> = BTreeMap::new();
    for e in schema.children_named("element") {
        elements.insert(e.attr("name").ok_or("element without name")?.to_owned(), e);
    }
    // message name -> element name
    let mut messages: BTreeMap<String, String> = BTreeMap::new();
    for m in root.children_named("message") {
        let name = m.attr("name").ok_or("message without name")?.to_owned();
        let part = m.child("part").ok_or("message without part")?;
        let element = part.attr("element").ok_or("part without element")?;
        messages.insert(name, strip(element).to_owned());
    }
    let port = root.child("portType").ok_or("no portType")?;
    let mut ops = Vec::new();
    for op in port.children_named("operation") {
        let name = op.attr("name").ok_or("operation without name")?.to_owned();
        let doc = op
            .child("documentation")
            .map(|d| d.text.split_whitespace().collect::<Vec<_>>().join(" "))
            .unwrap_or_default();
        let input_msg = op
            .child("input")
            .and_then(|i| i.attr("message"))
            .ok_or("no input")?;
        let output_msg = op
            .child("output")
            .and_then(|i| i.attr("message"))
            .ok_or("no output")?;
        let input = messages
            .get(strip(input_msg))
            .ok_or("unknown input message")?;
        let output = messages
            .get(strip(output_msg))
            .ok_or("unknown output message")?;
        let input_el = elements.get(input).ok_or("unknown input element")?;
        let output_el = elements.get(output).ok_or("unknown output element")?;
        let mut args = Vec::new();
        if let Some(seq) = input_el
            .child("complexType")
            .and_then(|c| c.child("sequence"))
        {
            for e in seq.children_named("element") {
                args.push(field(e, &resolve)?);
            }
        }
        let result_el = output_el
            .child("complexType")
            .and_then(|c| c.child("sequence"))
            .and_then(|s| s.children_named("element").next())
            .ok_or_else(|| format!("{name}: response without Result"))?;
        let result = resolve(result_el.attr("type").ok_or("Result without type")?)?;
        ops.push(Op {
            name,
            doc,
            args,
            result,
        });
    }
    Ok(Wsdl {
        records,
        enums,
        ops,
    })
}

fn field(e: &Node, resolve: &dyn Fn(&str) -> Result<TypeRef, String>) -> Result<Field, String> {
    let wire = e.attr("name").ok_or("element without name")?.to_owned();
    let ty = resolve(e.attr("type").ok_or_else(|| format!("{wire}: no type"))?)?;
    let required = e.attr("minOccurs") != Some("0");
    let nillable = e.attr("nillable") == Some("true");
    Ok(Field {
        wire,
        ty,
        optional: !required || nillable,
        required,
        nillable,
    })
}

fn resolve_type(
    raw: &str,
    arrays: &BTreeMap<String, String>,
    records: &[String],
    enums: &[String],
) -> Result<TypeRef, String> {
    if let Some(x) = raw.strip_prefix("xsd:") {
        return Ok(match x {
            "int" => TypeRef::Int,
            "double" | "float" => TypeRef::Double,
            "boolean" => TypeRef::Boolean,
            "string" => TypeRef::String,
            "anyType" => TypeRef::AnyType,
            "dateTime" => TypeRef::DateTime,
            other => return Err(format!("unsupported xsd type {other}")),
        });
    }
    let name = strip(raw);
    if let Some(item) = arrays.get(name) {
        return Ok(TypeRef::Array(Box::new(resolve_type(
            item, arrays, records, enums,
        )?)));
    }
    if records.iter().any(|r| r == name) {
        return Ok(TypeRef::Record(name.to_owned()));
    }
    if enums.iter().any(|r| r == name) {
        return Ok(TypeRef::Enum(name.to_owned()));
    }
    Err(format!("unknown type {raw}"))
}
