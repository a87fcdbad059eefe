//! Shared helpers for the `mock_*` tests (declared once in `main.rs`); raw HTTP on loopback.
#![cfg(feature = "mock")]
#![allow(dead_code)]

use std::collections::BTreeSet;
use std::path::PathBuf;

use smartweb_client::__parser as xml;
use smartweb_client::mock::{DEFAULT_PASSWORD, DEFAULT_USERNAME, MockSmartWeb};
use smartweb_client::soap::Element;
use smartweb_client::soap::{self, NilForm, Operation, SoapVersion};
use smartweb_client::{Error, ops};

/// One HTTP answer.
pub struct Answer {
    /// HTTP status.
    pub status: u16,
    /// `Content-Type` header.
    pub content_type: String,
    /// `Set-Cookie` header.
    pub set_cookie: Option<String>,
    /// The body text.
    pub body: String,
}

impl Answer {
    /// Decodes the body as `O`'s answer.
    pub fn parse<O: Operation>(&self) -> Result<O::Output, Error> {
        soap::parse_response::<O>(self.body.as_bytes())
    }

    /// The `PHPSESSID` value set by this answer.
    pub fn cookie(&self) -> Option<String> {
        let header = self.set_cookie.as_deref()?;
        let first = header.split(';').next()?;
        first.strip_prefix("PHPSESSID=").map(str::to_owned)
    }
}

/// Posts a raw envelope.
pub async fn post(
    endpoint: &str,
    body: String,
    version: SoapVersion,
    op: &str,
    cookie: Option<&str>,
) -> Answer {
    let http = reqwest::Client::new();
    let mut request = http
        .post(endpoint)
        .header("content-type", soap::content_type(version, op))
        .body(body);
    if version == SoapVersion::V11 {
        request = request.header("soapaction", format!("\"{}\"", soap::soap_action(op)));
    }
    if let Some(cookie) = cookie {
        request = request.header("cookie", format!("PHPSESSID={cookie}"));
    }
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    let content_type = response
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default();
    let set_cookie = response
        .headers()
        .get("set-cookie")
        .map(|v| v.to_str().unwrap().to_owned());
    let body = response.text().await.unwrap();
    Answer {
        status,
        content_type,
        set_cookie,
        body,
    }
}

/// Sends a typed operation (every argument in WSDL order, no value as an empty element).
pub async fn call<O: Operation>(
    shop: &MockSmartWeb,
    op: &O,
    version: SoapVersion,
    cookie: Option<&str>,
) -> Answer {
    let body = soap::build_request(op, version, NilForm::Empty);
    post(&shop.endpoint(), body, version, O::NAME, cookie).await
}

/// A request envelope with hand-written argument elements.
pub fn envelope(op: &str, args: &str, version: SoapVersion) -> String {
    let (prefix, ns) = match version {
        SoapVersion::V11 => ("SOAP-ENV", soap::SOAP11_ENVELOPE),
        SoapVersion::V12 => ("env", soap::SOAP12_ENVELOPE),
    };
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><{prefix}:Envelope xmlns:{prefix}=\"{ns}\" xmlns:ns1=\"{}\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"><{prefix}:Body><ns1:{op}>{args}</ns1:{op}></{prefix}:Body></{prefix}:Envelope>",
        soap::NAMESPACE
    )
}

/// Logs in and returns the session cookie.
pub async fn connect(shop: &MockSmartWeb, version: SoapVersion) -> String {
    let op = ops::SolutionConnect {
        username: DEFAULT_USERNAME.into(),
        password: DEFAULT_PASSWORD.into(),
    };
    let answer = call(shop, &op, version, None).await;
    assert_eq!(answer.status, 200, "{}", answer.body);
    answer.cookie().expect("a PHPSESSID cookie")
}

/// Sets a projection and asserts it was accepted.
pub async fn set_fields<O: Operation<Output = bool>>(shop: &MockSmartWeb, op: &O, cookie: &str) {
    let answer = call(shop, op, SoapVersion::V11, Some(cookie)).await;
    assert!(answer.parse::<O>().unwrap(), "{}", answer.body);
}

/// Every element path of a document (local names), for shape comparisons.
pub fn paths(body: &str) -> BTreeSet<String> {
    fn walk(el: &Element, prefix: &str, out: &mut BTreeSet<String>) {
        let path = format!("{prefix}/{}", el.name);
        for child in &el.children {
            walk(child, &path, out);
        }
        out.insert(path);
    }
    let root = xml::parse(body.as_bytes()).unwrap();
    let mut out = BTreeSet::new();
    walk(&root, "", &mut out);
    out
}

/// The Result element of an answer.
pub fn result_element(body: &str) -> Element {
    let root = xml::parse(body.as_bytes()).unwrap();
    let body = root.child("Body").unwrap();
    body.children[0].children[0].clone()
}

/// One of the project's envelopes in `tests/data/` (in the recorded shapes; see the
/// folder's `README.md`); a missing file fails the test.
pub fn fixture(name: &str) -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}
