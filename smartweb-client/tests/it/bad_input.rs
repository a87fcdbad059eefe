//! Hostile and malformed input to the SOAP side: every case ends in a typed error (or a
//! documented lenient reading), never a panic. One test per row of `docs/BAD-INPUT.md`.

use rust_decimal_macros::dec;
use smartweb_client::__parser as xml;
use smartweb_client::SmartWebClient;
use smartweb_client::values::OrderStatus;
use smartweb_client::{Error, ops, soap};

const SOAP12: &str = "http://www.w3.org/2003/05/soap-envelope";
const NS1: &str = "https://api.hostedshop.io/service.php";

/// A SOAP 1.2 `Product_GetByItemNumber` answer holding one product with `fields`.
fn product_answer(fields: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><env:Envelope xmlns:env="{SOAP12}" xmlns:ns1="{NS1}"><env:Body><ns1:Product_GetByItemNumberResponse><ns1:Product_GetByItemNumberResult><item>{fields}</item></ns1:Product_GetByItemNumberResult></ns1:Product_GetByItemNumberResponse></env:Body></env:Envelope>"#
    )
}

fn product(fields: &str) -> Result<Option<smartweb_client::model::Product>, Error> {
    soap::parse_response::<ops::ProductGetByItemNumber>(product_answer(fields).as_bytes())
        .map(|products| products.into_iter().next())
}

fn decode_message(err: &Error) -> String {
    match err {
        Error::Decode { path, message, .. } => format!("{path}: {message}"),
        other => panic!("expected Error::Decode, got {other:?}"),
    }
}

#[test]
fn malformed_xml_is_a_decode_error() {
    for body in [
        "<env:Envelope><env:Body></env:Envelop>",
        "<a><b></a></b>",
        "<a attr=noquotes/>",
        "<a>&unknown;</a>",
        "not xml at all",
        "",
        "<a/><b/>",
    ] {
        let err = soap::parse_response::<ops::SolutionConnect>(body.as_bytes()).unwrap_err();
        decode_message(&err);
    }
}

#[test]
fn every_truncation_of_a_response_is_a_decode_error() {
    let full = product_answer("<Id>7</Id><ItemNumber>SKU-7</ItemNumber><Price>12.50</Price>");
    assert!(product("<Id>7</Id>").is_ok());
    for cut in 0..full.len() {
        let Some(prefix) = full.get(..cut) else {
            continue;
        };
        let err = soap::parse_response::<ops::ProductGetByItemNumber>(prefix.as_bytes())
            .expect_err("a truncated body must not parse");
        decode_message(&err);
    }
}

#[test]
fn wrong_soap_version_or_no_envelope() {
    // An unknown envelope namespace is read by local names (like the live PHP server), so
    // the result is still found; a non-envelope root or a VersionMismatch fault is an error.
    let odd = format!(
        r#"<e:Envelope xmlns:e="http://example.com/soap/9" xmlns:ns1="{NS1}"><e:Body><ns1:Solution_ConnectResponse><ns1:Solution_ConnectResult>true</ns1:Solution_ConnectResult></ns1:Solution_ConnectResponse></e:Body></e:Envelope>"#
    );
    assert!(soap::parse_response::<ops::SolutionConnect>(odd.as_bytes()).is_ok());
    let not_envelope = "<Envelop><Body/></Envelop>";
    let err = soap::parse_response::<ops::SolutionConnect>(not_envelope.as_bytes()).unwrap_err();
    assert!(decode_message(&err).contains("not a SOAP envelope"));
    let mismatch = soap::build_fault("VersionMismatch", "Wrong Version", soap::SoapVersion::V12);
    let err = soap::parse_response::<ops::SolutionConnect>(mismatch.as_bytes()).unwrap_err();
    assert!(
        !matches!(err, Error::Decode { .. }),
        "a fault is typed: {err:?}"
    );
    assert!(err.to_string().contains("Wrong Version"), "{err}");
}

#[test]
fn doctype_with_entities_fails_fast_without_expansion() {
    // A billion-laughs bomb: 10 levels of 10× expansion would be 10^10 "lol"s.
    let mut bomb = String::from(r#"<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY l0 "lol">"#);
    for level in 1..10 {
        let prev = level - 1;
        bomb.push_str(&format!(
            "<!ENTITY l{level} \"{}\">",
            format!("&l{prev};").repeat(10)
        ));
    }
    bomb.push_str("]><lolz>&l9;</lolz>");
    let err = xml::parse(bomb.as_bytes()).unwrap_err();
    assert!(decode_message(&err).contains("DOCTYPE"));
    // An external entity is refused the same way: nothing is fetched.
    let xxe = r#"<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "http://127.0.0.1:9/x">]><x>&e;</x>"#;
    assert!(decode_message(&xml::parse(xxe.as_bytes()).unwrap_err()).contains("DOCTYPE"));
    // An undeclared entity without a DOCTYPE is an error too, not an empty string.
    assert!(xml::parse(b"<x>&e;</x>").is_err());
}

#[test]
fn deep_nesting_is_capped() {
    let depth = 100_000;
    let body = format!("{}{}", "<a>".repeat(depth), "</a>".repeat(depth));
    let err = xml::parse(body.as_bytes()).unwrap_err();
    assert!(decode_message(&err).contains("nesting deeper than"));
    let ok_depth = xml::MAX_DEPTH;
    let body = format!("{}{}", "<a>".repeat(ok_depth), "</a>".repeat(ok_depth));
    assert!(xml::parse(body.as_bytes()).is_ok());
}

#[test]
fn unknown_elements_and_enum_values_are_accepted() {
    let p = product("<Id>7</Id><BrandNewField><x>1</x></BrandNewField><ItemNumber>A</ItemNumber>")
        .unwrap()
        .unwrap();
    assert_eq!(p.id, Some(7));
    assert_eq!(p.item_number.as_deref(), Some("A"));
    // Unknown order-status ids are kept, not mapped to a known status.
    assert_eq!(OrderStatus::from_id(57), OrderStatus::Other(57));
}

#[test]
fn missing_fields_read_as_none() {
    // Every SOAP record field is optional on the wire (xsd:all, minOccurs 0): absent is None;
    // the engine decides what it needs (e.g. an order line without an item number fails
    // that order with a message).
    let p = product("").unwrap();
    assert!(p.is_none() || p.as_ref().is_some_and(|p| p.id.is_none()));
    let p = product("<ItemNumber>A</ItemNumber>").unwrap().unwrap();
    assert_eq!(p.id, None);
    assert_eq!(p.price, None);
}

#[test]
fn wrong_types_name_the_path() {
    let err = product("<Id>abc</Id>").unwrap_err();
    let message = decode_message(&err);
    assert!(message.contains("Id"), "{message}");
    let err = product("<Price>twelve</Price>").unwrap_err();
    assert!(decode_message(&err).contains("Price"));
    let err = product("<Stock>1.5</Stock>").unwrap_err();
    assert!(decode_message(&err).contains("Stock"));
}

#[test]
fn many_decimals_and_out_of_range_numbers() {
    // More digits than Decimal holds (28) is rounded by rust_decimal, not a float.
    let p = product("<Price>1.123456789012345678901234567890</Price>")
        .unwrap()
        .unwrap();
    assert_eq!(p.price.map(|d| d.round_dp(10)), Some(dec!(1.1234567890)));
    // Beyond Decimal's range, or beyond i64: a typed error naming the field.
    for field in [
        "<Price>1e40</Price>",
        "<Price>99999999999999999999999999999999</Price>",
        "<Price>NaN</Price>",
        "<Price>INF</Price>",
        "<Price>1e-99999999999999999999</Price>",
        "<Id>99999999999999999999</Id>",
    ] {
        let err = product(field).unwrap_err();
        decode_message(&err);
    }
}

#[test]
fn negative_quantities_are_kept_as_sent() {
    // A negative stock is a real SmartWeb state (oversold); it is kept, not clamped here.
    let p = product("<Stock>-5</Stock><Price>-0.01</Price>")
        .unwrap()
        .unwrap();
    assert_eq!(p.stock, Some(-5));
    assert_eq!(p.price, Some(dec!(-0.01)));
}

#[test]
fn unknown_currency_and_country_are_kept_as_text() {
    let body = format!(
        r#"<env:Envelope xmlns:env="{SOAP12}" xmlns:ns1="{NS1}"><env:Body><ns1:Order_GetAllWithPaginationResponse><ns1:Order_GetAllWithPaginationResult><item><Id>1</Id><Currency><Iso>XYZ</Iso></Currency><Customer><Country>Atlantis</Country><CountryCode>999</CountryCode></Customer></item></ns1:Order_GetAllWithPaginationResult></ns1:Order_GetAllWithPaginationResponse></env:Body></env:Envelope>"#
    );
    let orders = soap::parse_response::<ops::OrderGetAllWithPagination>(body.as_bytes()).unwrap();
    let order = orders.first().unwrap();
    let customer = order.customer.as_ref().unwrap();
    assert_eq!(customer.country.as_deref(), Some("Atlantis"));
    assert_eq!(customer.country_code.as_deref(), Some("999"));
    assert_eq!(
        order.currency.as_ref().and_then(|c| c.iso.as_deref()),
        Some("XYZ")
    );
}

#[test]
fn invalid_utf8_is_a_decode_error() {
    let mut body = product_answer("<Title>x</Title>").into_bytes();
    let at = body.iter().position(|b| *b == b'x').unwrap();
    body[at] = 0xFF;
    let err = soap::parse_response::<ops::ProductGetByItemNumber>(&body).unwrap_err();
    assert!(decode_message(&err).contains("UTF-8"));
}

#[tokio::test]
async fn huge_response_bodies_are_cut_off_at_the_cap() {
    use wiremock::matchers::method;
    use wiremock::{Mock, MockServer, ResponseTemplate};
    let server = MockServer::start().await;
    let huge = product_answer(&format!("<Title>{}</Title>", "x".repeat(2 * 1024 * 1024)));
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_body_string(huge))
        .mount(&server)
        .await;
    let client = SmartWebClient::builder()
        .endpoint(format!("{}/service.php", server.uri()))
        .username("u")
        .password("p")
        .requests_per_minute(60_000)
        .retries(0)
        .max_response_bytes(64 * 1024)
        .build()
        .unwrap();
    let err = client.raw().solution_get_webinfo().await.unwrap_err();
    assert!(
        matches!(
            err,
            Error::ResponseTooLarge {
                limit_bytes: 65_536
            }
        ),
        "{err:?}"
    );
}

#[test]
fn plain_http_is_refused_except_on_loopback() {
    let build = |endpoint: &str| {
        SmartWebClient::builder()
            .endpoint(endpoint)
            .username("u")
            .password("p")
            .build()
    };
    for refused in [
        "http://api.hostedshop.io/service.php",
        "http://10.0.0.1/service.php",
        "ftp://127.0.0.1/service.php",
    ] {
        assert!(matches!(build(refused), Err(Error::Config(_))), "{refused}");
    }
    for allowed in [
        "https://api.hostedshop.io/service.php",
        "http://127.0.0.1:8080/service.php",
        "http://localhost/service.php",
        "http://[::1]/service.php",
    ] {
        assert!(build(allowed).is_ok(), "{allowed}");
    }
}
