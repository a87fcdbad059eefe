//! A scripted SmartWeb fake on wiremock for the session and curated-call tests: every request
//! is decoded (operation name, cookies, SOAP headers, body) and logged, and a test closure
//! answers it. Responses are SOAP 1.1 envelopes written by `smartweb_client::soap`.
#![allow(dead_code)]

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use smartweb_client::soap::{self, Operation, SoapVersion};
use smartweb_client::{SmartWebClient, SmartWebClientBuilder};
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

pub const PASSWORD: &str = "s3cret-Pa55!€";
pub const USERNAME: &str = "api@example.com";

/// One request as the fake saw it.
#[derive(Debug, Clone)]
pub struct Seen {
    /// Operation name (first element of the Body).
    pub op: String,
    /// How many earlier requests had the same operation (0 for the first).
    pub nth: usize,
    /// The `Cookie` header, if any.
    pub cookie: Option<String>,
    /// The `Content-Type` header.
    pub content_type: Option<String>,
    /// The `SOAPAction` header.
    pub soap_action: Option<String>,
    /// The request envelope.
    pub body: String,
    /// The decoded request.
    pub request: soap::Request,
}

impl Seen {
    /// Decodes the arguments as `O`.
    pub fn args<O: Operation>(&self) -> O {
        self.request.args::<O>().expect("request arguments decode")
    }
}

type Handler = dyn Fn(&Seen) -> ResponseTemplate + Send + Sync;

struct Responder {
    log: Arc<Mutex<Vec<Seen>>>,
    counts: Arc<Mutex<HashMap<String, usize>>>,
    handler: Arc<Handler>,
}

impl Respond for Responder {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let parsed = soap::parse_request(&request.body).expect("client sent a SOAP envelope");
        let nth = {
            let mut counts = self.counts.lock().unwrap();
            let n = counts.entry(parsed.operation.clone()).or_insert(0);
            *n += 1;
            *n - 1
        };
        let header = |name: &str| {
            request
                .headers
                .get(name)
                .map(|v| v.to_str().unwrap().to_owned())
        };
        let seen = Seen {
            op: parsed.operation.clone(),
            nth,
            cookie: header("cookie"),
            content_type: header("content-type"),
            soap_action: header("soapaction"),
            body: String::from_utf8(request.body.clone()).expect("UTF-8 body"),
            request: parsed,
        };
        self.log.lock().unwrap().push(seen.clone());
        (self.handler)(&seen)
    }
}

/// The fake server with its request log.
pub struct FakeShop {
    pub server: MockServer,
    log: Arc<Mutex<Vec<Seen>>>,
}

impl FakeShop {
    /// Starts a fake answering with `handler` (use [`default_answer`] for the session calls).
    pub async fn start(
        handler: impl Fn(&Seen) -> ResponseTemplate + Send + Sync + 'static,
    ) -> Self {
        let server = MockServer::start().await;
        let log = Arc::new(Mutex::new(Vec::new()));
        Mock::given(method("POST"))
            .respond_with(Responder {
                log: log.clone(),
                counts: Arc::default(),
                handler: Arc::new(handler),
            })
            .mount(&server)
            .await;
        Self { server, log }
    }

    /// The endpoint URL.
    pub fn endpoint(&self) -> String {
        format!("{}/service.php", self.server.uri())
    }

    /// A builder pointed at this fake, with no pacing wait worth mentioning and tiny
    /// retry delays.
    pub fn builder(&self) -> SmartWebClientBuilder {
        SmartWebClient::builder()
            .endpoint(self.endpoint())
            .username(USERNAME)
            .password(PASSWORD)
            .requests_per_minute(60_000)
            .retries(2)
            .backoff(Duration::from_millis(1), Duration::from_millis(1))
    }

    /// A client for this fake.
    pub fn client(&self) -> SmartWebClient {
        self.builder().build().expect("client builds")
    }

    /// Every request so far.
    pub fn seen(&self) -> Vec<Seen> {
        self.log.lock().unwrap().clone()
    }

    /// The operation names so far, in order.
    pub fn ops(&self) -> Vec<String> {
        self.seen().into_iter().map(|s| s.op).collect()
    }
}

/// An XML response with status 200.
pub fn xml(body: String) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_raw(body, "text/xml; charset=utf-8")
}

/// A successful answer for `O` (SOAP 1.1).
pub fn ok<O: Operation>(output: &O::Output) -> ResponseTemplate {
    xml(soap::build_response::<O>(output, SoapVersion::V11))
}

/// A SOAP 1.1 fault, sent with HTTP 500 as PHP does.
pub fn fault(code: &str, message: &str) -> ResponseTemplate {
    ResponseTemplate::new(500).set_body_raw(
        soap::build_fault(code, message, SoapVersion::V11),
        "text/xml; charset=utf-8",
    )
}

/// A boolean `true` result for any operation, hand-written.
pub fn true_for(op: &str) -> ResponseTemplate {
    xml(format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/" xmlns:ns1="https://api.hostedshop.io/service.php"><SOAP-ENV:Body><ns1:{op}Response><ns1:{op}Result>true</ns1:{op}Result></ns1:{op}Response></SOAP-ENV:Body></SOAP-ENV:Envelope>"#
    ))
}

/// Answers the session calls: `Solution_Connect` is `true` and sets cookie
/// `PHPSESSID=sess<n>` (n counts logins from 1); language and `*_SetFields` are `true`.
/// Anything else is HTTP 418 naming the operation.
pub fn default_answer(seen: &Seen) -> ResponseTemplate {
    match seen.op.as_str() {
        "Solution_Connect" => true_for("Solution_Connect").append_header(
            "Set-Cookie",
            format!("PHPSESSID=sess{}; path=/; HttpOnly", seen.nth + 1),
        ),
        "Solution_SetLanguage"
        | "Order_SetFields"
        | "Order_SetOrderLineFields"
        | "Product_SetFields"
        | "Product_SetVariantFields"
        | "User_SetFields" => true_for(&seen.op),
        other => ResponseTemplate::new(418)
            .set_body_string(format!("the fake has no answer for {other}")),
    }
}
