//! Any bytes as a SOAP response (result or fault) of the operations the engine calls, and as
//! a request envelope the fake server reads. Must never panic; every failure is a typed error.
#![no_main]

use libfuzzer_sys::fuzz_target;
use smartweb_client::__parser as xml;
use smartweb_client::{ops, soap};

fuzz_target!(|data: &[u8]| {
    let _ = xml::parse(data);
    let _ = soap::parse_response::<ops::OrderGetAllWithPagination>(data);
    let _ = soap::parse_response::<ops::OrderGetLines>(data);
    let _ = soap::parse_response::<ops::OrderSetFields>(data);
    let _ = soap::parse_response::<ops::ProductGetAllWithLimit>(data);
    let _ = soap::parse_response::<ops::ProductGetByItemNumber>(data);
    let _ = soap::parse_response::<ops::ProductSetFields>(data);
    let _ = soap::parse_response::<ops::ProductGetVariantTypeAll>(data);
    let _ = soap::parse_response::<ops::UserGetAll>(data);
    let _ = soap::parse_response::<ops::CategoryGetAll>(data);
    let _ = soap::parse_response::<ops::CurrencyGetAll>(data);
    let _ = soap::parse_response::<ops::SolutionConnect>(data);
    let _ = soap::parse_response::<ops::SolutionGetWebinfo>(data);
    if let Ok(request) = soap::parse_request(data) {
        let _ = request.args::<ops::OrderGetAllWithPagination>();
        let _ = request.args::<ops::ProductGetByItemNumber>();
        let _ = request.args::<ops::OrderSetFields>();
        let _ = request.args::<ops::SolutionConnect>();
    }
});
