//! Any bytes as a SOAP response (result or fault) of the operations the engine calls, and as
//! a request envelope the fake server reads. Must never panic; every failure is a typed error.
//! An orders page fed in pieces to a `ResponseReader` must decode exactly as the whole body
//! does (the first byte picks the window and the piece size).
#![no_main]

use libfuzzer_sys::fuzz_target;
use smartweb_client::__parser as xml;
use smartweb_client::{ops, soap};

/// The output or error, as text, of reading `data` in `piece`-byte pieces with a `window`.
fn in_pieces<O: soap::Operation>(data: &[u8], piece: usize, window: usize) -> String
where
    O::Output: std::fmt::Debug,
{
    let mut reader = soap::ResponseReader::<O>::with_window(window);
    for part in data.chunks(piece) {
        if let Err(error) = reader.feed(part) {
            return format!("{error:?}");
        }
    }
    match reader.finish() {
        Ok(output) => format!("{output:?}"),
        Err(error) => format!("{error:?}"),
    }
}

fn whole<O: soap::Operation>(data: &[u8]) -> String
where
    O::Output: std::fmt::Debug,
{
    match soap::parse_response::<O>(data) {
        Ok(output) => format!("{output:?}"),
        Err(error) => format!("{error:?}"),
    }
}

fuzz_target!(|data: &[u8]| {
    if let Some((&cut, body)) = data.split_first() {
        let piece = usize::from(cut & 0x0f) + 1;
        let window = usize::from(cut >> 4) * 16 + 1;
        type Page = ops::OrderGetAllWithPagination;
        assert_eq!(in_pieces::<Page>(body, piece, window), whole::<Page>(body));
        type Tolerant = soap::RecordTolerant<Page>;
        assert_eq!(in_pieces::<Tolerant>(body, piece, window), whole::<Tolerant>(body));
    }
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
