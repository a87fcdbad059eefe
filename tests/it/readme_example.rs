//! The README's embedding example is a complete program that compiles when pasted into a
//! project depending on `smartweb-rackbeat` and `tokio` only. Compiling it is the doctest
//! (`src/lib.rs` includes the README); this test checks what the doctest cannot: no lines
//! hidden from readers, and no crate named but this one, `tokio` and `std`.

const README: &str = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md"));

fn embedding_example() -> Vec<&'static str> {
    let section = README
        .split_once("\n## Embedding\n")
        .expect("the README has an Embedding section")
        .1;
    let code = section
        .split_once("```rust")
        .expect("the Embedding section has a Rust example")
        .1;
    let code = code.split_once('\n').expect("a fence line").1;
    let code = code.split_once("\n```").expect("the example ends").0;
    code.lines().collect()
}

#[test]
fn the_example_is_a_whole_program_with_nothing_hidden() {
    let lines = embedding_example();
    for line in &lines {
        let trimmed = line.trim_start();
        assert!(
            !(trimmed == "#" || trimmed.starts_with("# ")),
            "a line hidden by rustdoc would be missing when pasted: {line:?}"
        );
    }
    let text = lines.join("\n");
    assert!(
        text.contains("#[tokio::main]\nasync fn main()"),
        "the example is a program with an async main:\n{text}"
    );
}

#[test]
fn the_example_names_no_crate_but_this_one_tokio_and_std() {
    let allowed = ["smartweb_rackbeat", "tokio", "std"];
    for line in embedding_example() {
        let code = line.split("//").next().unwrap_or_default();
        for (at, _) in code.match_indices("::") {
            // The path's first segment: the identifier run before the first `::` of a path.
            let before = &code[..at];
            let start = before
                .rfind(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':'))
                .map_or(0, |i| i + 1);
            let root = before[start..].split("::").next().unwrap_or_default();
            let is_crate = root.chars().next().is_some_and(|c| c.is_ascii_lowercase());
            assert!(
                !is_crate || allowed.contains(&root),
                "the example needs the crate `{root}`: {line:?}"
            );
        }
    }
}
