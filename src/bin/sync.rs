//! The installable `sync` program (`cargo install --path . --features cli`). It is the very
//! program `cargo run --example sync` runs: one source, in `examples/sync/`.

#[path = "../../examples/sync/main.rs"]
mod program;

fn main() -> std::process::ExitCode {
    program::main()
}
