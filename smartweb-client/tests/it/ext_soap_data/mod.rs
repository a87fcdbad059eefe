//! The envelopes PHP's ext/soap wrote (`tests/data/ext-soap/`, see its README), by file name.

/// The text of a captured envelope; a missing file fails the build.
macro_rules! captured {
    ($name:literal) => {
        include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/data/ext-soap/",
            $name
        ))
    };
}

pub(crate) use captured;
