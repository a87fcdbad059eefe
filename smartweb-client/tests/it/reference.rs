//! Reference conformance: this crate against SmartWeb's recorded material in the shared
//! reference folder (`<shared>/reference/smartweb/`: the WSDL and the recorded answer
//! envelopes), which is not part of this repository.
//!
//! Ignored in the ordinary test run; the reference stage runs them:
//! `bash scripts/check-reference.sh <shared>`, which sets `SMARTWEB_RACKBEAT_SHARED=<shared>`
//! and passes `--ignored`. Without that variable, or with a folder that is not the shared one,
//! every test here fails.

use crate::envelopes;
use crate::field_sets;

use std::collections::BTreeSet;
use std::path::PathBuf;

use envelopes::{data_dir, operation_of, parse_any, xml_names};
use smartweb_client::__parser as xml;
use smartweb_client::soap::Element;

const IGNORED: &str = "reference stage: bash scripts/check-reference.sh <shared>";

/// `<shared>/reference/smartweb`, checked to be there.
fn reference() -> PathBuf {
    let shared = std::env::var_os("SMARTWEB_RACKBEAT_SHARED").unwrap_or_else(|| {
        panic!("SMARTWEB_RACKBEAT_SHARED is not set: {IGNORED}");
    });
    let dir = PathBuf::from(shared).join("reference/smartweb");
    assert!(
        dir.join("service.wsdl").is_file() && dir.join("fixtures/xml").is_dir(),
        "{} has no service.wsdl and fixtures/xml: SMARTWEB_RACKBEAT_SHARED is not the shared folder",
        dir.display()
    );
    dir
}

fn wsdl() -> String {
    let path = reference().join("service.wsdl");
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Every element path (`/Envelope/Body/…`) of a document.
fn element_paths(body: &[u8]) -> BTreeSet<String> {
    fn walk(el: &Element, prefix: &str, out: &mut BTreeSet<String>) {
        let path = format!("{prefix}/{}", el.name);
        for child in &el.children {
            walk(child, &path, out);
        }
        out.insert(path);
    }
    let root = xml::parse(body).unwrap_or_else(|e| panic!("{e}"));
    let mut out = BTreeSet::new();
    walk(&root, "", &mut out);
    out
}

fn report(what: &str, count: usize) {
    assert!(count > 0, "nothing checked: {what}");
    println!("reference: {count} {what}");
}

#[test]
#[ignore = "reference stage: bash scripts/check-reference.sh <shared>"]
fn every_recorded_xml_envelope_parses() {
    let dir = reference().join("fixtures/xml");
    let names = xml_names(&dir);
    for name in &names {
        let body = std::fs::read(dir.join(name)).unwrap();
        parse_any(operation_of(name), &body).unwrap_or_else(|e| panic!("{name}: {e}"));
    }
    report("recorded envelopes in fixtures/xml parse", names.len());
}

#[test]
#[ignore = "reference stage: bash scripts/check-reference.sh <shared>"]
fn every_envelope_of_the_recorded_bundles_parses_and_matches_its_xml_file() {
    let dir = reference().join("fixtures");
    let mut bundles: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    bundles.sort();
    assert!(!bundles.is_empty(), "no JSON bundles in {}", dir.display());
    let mut envelopes = 0;
    for path in &bundles {
        let stem = path.file_stem().unwrap().to_string_lossy().into_owned();
        let text = std::fs::read_to_string(path).unwrap();
        let bundle: serde_json::Value =
            serde_json::from_str(&text).unwrap_or_else(|e| panic!("{stem}.json: {e}"));
        let responses = bundle["responses"]
            .as_object()
            .unwrap_or_else(|| panic!("{stem}.json: no `responses` object"));
        for (op, answers) in responses {
            let answers = answers
                .as_array()
                .unwrap_or_else(|| panic!("{stem}.json: {op} is not a list"));
            for (n, answer) in answers.iter().enumerate() {
                let body = answer
                    .as_str()
                    .unwrap_or_else(|| panic!("{stem}.json: {op}[{n}] is not text"));
                parse_any(op, body.as_bytes())
                    .unwrap_or_else(|e| panic!("{stem}.json: {op}[{n}]: {e}"));
                let file = dir.join(format!("xml/{stem}__{op}__{n}.xml"));
                let written = std::fs::read_to_string(&file)
                    .unwrap_or_else(|e| panic!("{}: {e}", file.display()));
                assert_eq!(written, body, "{} differs from its bundle", file.display());
                envelopes += 1;
            }
        }
    }
    report(
        &format!("envelopes in {} recorded bundles parse", bundles.len()),
        envelopes,
    );
}

/// Our envelopes keep the recorded ones' element structure: each file in `tests/data/`
/// has the name of the recorded envelope it follows (its README says so) and the same set of
/// element paths, and decodes to as many records.
#[test]
#[ignore = "reference stage: bash scripts/check-reference.sh <shared>"]
fn our_envelopes_follow_the_recorded_shapes() {
    let recorded_dir = reference().join("fixtures/xml");
    let ours = xml_names(&data_dir());
    let readme = std::fs::read_to_string(data_dir().join("README.md")).unwrap();
    for name in &ours {
        assert!(
            readme.contains(&format!("`{name}`")),
            "tests/data/README.md does not list {name}"
        );
        let our_body = std::fs::read(data_dir().join(name)).unwrap();
        let recorded_path = recorded_dir.join(name);
        let recorded = std::fs::read(&recorded_path)
            .unwrap_or_else(|e| panic!("{name} follows no recorded envelope: {e}"));
        assert_eq!(
            element_paths(&our_body),
            element_paths(&recorded),
            "{name}: element structure differs from {}",
            recorded_path.display()
        );
        let op = operation_of(name);
        assert_eq!(
            parse_any(op, &our_body).unwrap(),
            parse_any(op, &recorded).unwrap(),
            "{name}: record count"
        );
    }
    report("of our envelopes follow their recorded shape", ours.len());
}

#[test]
#[ignore = "reference stage: bash scripts/check-reference.sh <shared>"]
fn curated_field_sets_use_only_wsdl_names() {
    let wsdl = wsdl();
    field_sets::assert_field_sets_known(|ty| field_sets::wsdl_elements(&wsdl, ty));
    report("curated field sets are WSDL element names", 5);
}

#[test]
#[ignore = "reference stage: bash scripts/check-reference.sh <shared>"]
fn operation_list_matches_the_wsdl() {
    use smartweb_client::ops::OPERATIONS;
    let text = wsdl();
    let port = &text[text.find("<portType").unwrap()..text.find("</portType>").unwrap()];
    let in_wsdl: Vec<&str> = port
        .split("<operation name=\"")
        .skip(1)
        .map(|rest| &rest[..rest.find('"').unwrap()])
        .collect();
    let generated: Vec<&str> = OPERATIONS.iter().map(|(n, _)| *n).collect();
    assert_eq!(generated, in_wsdl, "same operations in the same order");
    report("WSDL operations generated, in order", in_wsdl.len());
}
