//! Replays the fuzz corpus `tests/corpus/soap_response/` (envelopes in the recorded shapes,
//! hand-made hostile inputs and every input the fuzzer found interesting or crashing; the fuzz
//! target's `fuzz/corpus/soap_response` links here) through the same entry points as the
//! `soap_response` fuzz target, on stable and without fuzzing: no panic, and every failure is
//! a typed error with a bounded message.

use std::path::PathBuf;

use smartweb_client::__parser as xml;
use smartweb_client::{Error, ops, soap};

use crate::response_pieces::{in_pieces, whole};

fn corpus(target: &str) -> Vec<(String, Vec<u8>)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/corpus")
        .join(target);
    let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read(&path).unwrap())
        })
        .collect();
    files.sort();
    files
}

/// An error message quotes at most a bounded excerpt of the input, whatever its size.
fn assert_bounded(name: &str, result: Result<impl Sized, Error>, input_len: usize) {
    if let Err(e) = result {
        let text = e.to_string();
        assert!(
            text.chars().count() <= 4096 || text.len() <= input_len / 2,
            "{name}: error message of {} bytes for a {input_len}-byte input",
            text.len()
        );
    }
}

fn replay(name: &str, data: &[u8]) {
    let n = data.len();
    assert_bounded(name, xml::parse(data), n);
    assert_bounded(
        name,
        soap::parse_response::<ops::OrderGetAllWithPagination>(data),
        n,
    );
    assert_bounded(name, soap::parse_response::<ops::OrderGetLines>(data), n);
    assert_bounded(name, soap::parse_response::<ops::OrderSetFields>(data), n);
    assert_bounded(
        name,
        soap::parse_response::<ops::ProductGetAllWithLimit>(data),
        n,
    );
    assert_bounded(
        name,
        soap::parse_response::<ops::ProductGetByItemNumber>(data),
        n,
    );
    assert_bounded(name, soap::parse_response::<ops::ProductSetFields>(data), n);
    assert_bounded(
        name,
        soap::parse_response::<ops::ProductGetVariantTypeAll>(data),
        n,
    );
    assert_bounded(name, soap::parse_response::<ops::UserGetAll>(data), n);
    assert_bounded(name, soap::parse_response::<ops::CategoryGetAll>(data), n);
    assert_bounded(name, soap::parse_response::<ops::CurrencyGetAll>(data), n);
    assert_bounded(name, soap::parse_response::<ops::SolutionConnect>(data), n);
    assert_bounded(
        name,
        soap::parse_response::<ops::SolutionGetWebinfo>(data),
        n,
    );
    if let Ok(request) = soap::parse_request(data) {
        assert_bounded(name, request.args::<ops::OrderGetAllWithPagination>(), n);
        assert_bounded(name, request.args::<ops::ProductGetByItemNumber>(), n);
        assert_bounded(name, request.args::<ops::OrderSetFields>(), n);
        assert_bounded(name, request.args::<ops::SolutionConnect>(), n);
    }
}

#[test]
fn soap_corpus_replays_without_panic() {
    let files = corpus("soap_response");
    assert!(files.len() >= 40, "corpus has only {} files", files.len());
    for (name, data) in &files {
        replay(name, data);
    }
}

#[test]
fn soap_corpus_in_pieces_reads_as_whole() {
    type Page = ops::OrderGetAllWithPagination;
    type Tolerant = soap::RecordTolerant<Page>;
    for (name, data) in corpus("soap_response") {
        // The fuzz target's cut (the first byte picks the piece and the window), and two more.
        let Some((&cut, body)) = data.split_first() else {
            continue;
        };
        let fuzz_cut = (usize::from(cut & 0x0f) + 1, usize::from(cut >> 4) * 16 + 1);
        for (piece, window) in [fuzz_cut, (1, 1), (7, 64)] {
            for body in [body, &data[..]] {
                assert_eq!(
                    in_pieces::<Page>(body, piece, window),
                    whole::<Page>(body),
                    "{name}: pieces of {piece}, window {window}"
                );
                assert_eq!(
                    in_pieces::<Tolerant>(body, piece, window),
                    whole::<Tolerant>(body),
                    "{name}: pieces of {piece}, window {window}"
                );
            }
        }
    }
}

#[test]
fn recorded_fixtures_in_the_corpus_still_parse() {
    // Files named `<resource>__<Operation>__<n>.xml` are recorded live answers.
    let mut checked = 0;
    for (name, data) in corpus("soap_response") {
        if name.starts_with("orders__Order_GetAllWithPagination") {
            let orders = soap::parse_response::<ops::OrderGetAllWithPagination>(&data)
                .unwrap_or_else(|e| panic!("{name}: {e}"));
            assert!(orders.iter().all(|o| o.id.is_some()), "{name}");
            checked += 1;
        }
        if name.starts_with("products__Product_GetAllWithLimit") {
            soap::parse_response::<ops::ProductGetAllWithLimit>(&data)
                .unwrap_or_else(|e| panic!("{name}: {e}"));
            checked += 1;
        }
    }
    assert!(checked >= 4, "only {checked} recorded fixtures found");
}

#[test]
fn hostile_seeds_are_refused() {
    for (name, data) in corpus("soap_response") {
        if name.starts_with("seed_doctype")
            || name.starts_with("seed_deep")
            || name.contains("utf8")
        {
            let err = xml::parse(&data).expect_err(&name);
            assert!(matches!(err, Error::Decode { .. }), "{name}: {err:?}");
        }
    }
}
