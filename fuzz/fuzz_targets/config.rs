//! Any bytes as the TOML config file: parse, then resolve with every `*_env` variable set.
//! Must never panic; problems come back as `ConfigError`s naming the key.
#![no_main]

use libfuzzer_sys::fuzz_target;
use smartweb_rackbeat::config::ConfigFile;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match ConfigFile::parse(text) {
        Ok(file) => {
            let _ = file.resolve(|name| Some(format!("value-of-{name}")));
        }
        Err(error) => {
            let _ = error.to_string();
        }
    }
});
