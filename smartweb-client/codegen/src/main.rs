//! Generates `smartweb-client/src/generated/*.rs` from the SmartWeb WSDL.
//!
//! Usage: `smartweb-codegen <service.wsdl> <out dir>`. The output is run through rustfmt
//! (edition 2024) so it is byte-identical on every run and stable under `cargo fmt`.

mod emit;
mod naming;
mod schema;
mod wsdl;

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("smartweb-codegen: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> Result<(), String> {
    let mut args = std::env::args_os().skip(1);
    let (Some(wsdl_path), Some(out_dir)) = (args.next(), args.next()) else {
        return Err("usage: smartweb-codegen <service.wsdl> <out dir>".into());
    };
    let text = std::fs::read_to_string(&wsdl_path)
        .map_err(|e| format!("cannot read {}: {e}", PathBuf::from(&wsdl_path).display()))?;
    let wsdl = wsdl::read(&text)?;
    let out = PathBuf::from(out_dir);
    std::fs::create_dir_all(&out).map_err(|e| e.to_string())?;
    let files = [
        ("mod.rs", emit::module()),
        ("model.rs", emit::model(&wsdl)),
        ("ops.rs", emit::ops(&wsdl)),
        ("raw.rs", emit::raw(&wsdl)),
        ("schema.rs", schema::schema(&wsdl)),
    ];
    let mut written = Vec::new();
    for (name, source) in files {
        let path = out.join(name);
        std::fs::write(&path, source).map_err(|e| format!("{}: {e}", path.display()))?;
        written.push(path);
    }
    rustfmt(&written)?;
    eprintln!(
        "smartweb-codegen: {} records, {} enums, {} operations",
        wsdl.records.len(),
        wsdl.enums.len(),
        wsdl.ops.len()
    );
    Ok(())
}

fn rustfmt(files: &[PathBuf]) -> Result<(), String> {
    let status = Command::new(std::env::var_os("RUSTFMT").unwrap_or_else(|| "rustfmt".into()))
        .arg("--edition")
        .arg("2024")
        .args(files.iter().map(PathBuf::as_path).map(Path::as_os_str))
        .status()
        .map_err(|e| format!("cannot run rustfmt: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("rustfmt failed: {status}"))
    }
}
