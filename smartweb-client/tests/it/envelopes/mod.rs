//! SOAP response envelopes as test data: the project's own in `tests/data/` (its
//! `README.md` says which recorded shape each file follows), and the decoder that reads any of
//! them by the operation named in the file name (`<resource>__<Operation>__<n>.xml`), shared by
//! the in-crate tests and the reference stage.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use smartweb_client::soap::{Operation, parse_response};
use smartweb_client::{Error, ops};

/// The folder of the project's envelopes.
pub fn data_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data")
}

/// One of the project's envelopes; a missing file fails the test.
pub fn read(name: &str) -> Vec<u8> {
    let path = data_dir().join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// One of the project's envelopes as text.
pub fn read_text(name: &str) -> String {
    String::from_utf8(read(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// The envelope decoded as `O`'s answer; a decode error fails the test.
pub fn parse<O: Operation>(name: &str) -> O::Output {
    parse_response::<O>(&read(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// The `.xml` file names in `dir`, sorted; an unreadable or empty folder fails the test.
pub fn xml_names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.ends_with(".xml"))
        .collect();
    names.sort();
    assert!(!names.is_empty(), "no .xml files in {}", dir.display());
    names
}

/// The operation a file name `<resource>__<Operation>__<n>.xml` names.
pub fn operation_of(name: &str) -> &str {
    name.split("__")
        .nth(1)
        .unwrap_or_else(|| panic!("{name}: not <resource>__<Operation>__<n>.xml"))
}

/// Decodes an answer of `op` (an operation with a recorded shape); returns how many records
/// it held (items, 0/1 for a single record, 0/1 for a flag).
pub fn parse_any(op: &str, body: &[u8]) -> Result<usize, Error> {
    macro_rules! count {
        ($t:ty, vec) => {
            parse_response::<$t>(body).map(|v| v.len())
        };
        ($t:ty, one) => {
            parse_response::<$t>(body).map(|v| usize::from(v.is_some()))
        };
        ($t:ty, flag) => {
            parse_response::<$t>(body).map(usize::from)
        };
    }
    match op {
        "Category_GetAll" => count!(ops::CategoryGetAll, vec),
        "Category_GetPictures" => count!(ops::CategoryGetPictures, vec),
        "User_GetAll" => count!(ops::UserGetAll, vec),
        "User_SetFields" => count!(ops::UserSetFields, flag),
        "Order_GetAllWithPagination" => count!(ops::OrderGetAllWithPagination, vec),
        "Order_GetLines" => count!(ops::OrderGetLines, vec),
        "Order_SetFields" => count!(ops::OrderSetFields, flag),
        "Order_SetOrderLineFields" => count!(ops::OrderSetOrderLineFields, flag),
        "Product_GetAdditionalTypes" => count!(ops::ProductGetAdditionalTypes, vec),
        "Product_GetAllWithLimit" => count!(ops::ProductGetAllWithLimit, vec),
        "Product_GetVariantTypeAll" => count!(ops::ProductGetVariantTypeAll, vec),
        "Product_GetVariantTypeValuesByType" => {
            count!(ops::ProductGetVariantTypeValuesByType, vec)
        }
        "Product_SetFields" => count!(ops::ProductSetFields, flag),
        "Product_SetVariantFields" => count!(ops::ProductSetVariantFields, flag),
        "Currency_GetAll" => count!(ops::CurrencyGetAll, vec),
        "Product_GetAdditionalTypesAll" => count!(ops::ProductGetAdditionalTypesAll, vec),
        "Product_GetDeliveryCountryAll" => count!(ops::ProductGetDeliveryCountryAll, vec),
        "Product_GetDeliveryTimeAll" => count!(ops::ProductGetDeliveryTimeAll, vec),
        "Solution_Connect" => count!(ops::SolutionConnect, flag),
        "Solution_GetLanguages" => count!(ops::SolutionGetLanguages, vec),
        "Solution_GetWebinfo" => count!(ops::SolutionGetWebinfo, one),
        "Solution_HasModule" => count!(ops::SolutionHasModule, flag),
        "User_GetGroupAll" => count!(ops::UserGetGroupAll, vec),
        "VatGroup_GetAll" => count!(ops::VatGroupGetAll, vec),
        other => panic!("an envelope of an operation this decoder does not know: {other}"),
    }
}
