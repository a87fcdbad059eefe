#!/usr/bin/env bash
# The published crates pass their own tests as crates.io would ship them.
#
#   bash scripts/check-package.sh
#
# Packages the four publishable crates (`cargo package --workspace --no-verify`, less the
# codegen crate and the embedder test crate, which are `publish = false`), unpacks the `.crate` files into a scratch workspace whose
# `[patch.crates-io]` points each crate at the others' unpacked packages, and runs
# `cargo test --workspace --all-features` there: a test that reads a file outside its package,
# or data left out of a package, fails here. The scratch workspace uses this repository's
# Cargo.lock and build profiles, so with a shared CARGO_TARGET_DIR only the four crates are
# built again.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
scratch=$(mktemp -d "${TMPDIR:-/tmp}/smartweb-rackbeat-package.XXXXXX")
trap 'rm -rf "$scratch"' EXIT

echo "== package"
# Own target folder for the .crate files: they are named by crate and version only, so a shared
# one would mix the packages of two checkouts. Nothing is compiled (--no-verify).
cargo package --workspace --exclude smartweb-codegen --exclude embedder-check --no-verify \
  --allow-dirty --quiet \
  --target-dir "$scratch/package-target"
crates=("$scratch"/package-target/package/*.crate)
if [ "${#crates[@]}" -ne 4 ]; then
  echo "expected 4 packages, got ${#crates[@]}: ${crates[*]}" >&2
  exit 1
fi

members=()
patches=()
for crate in "${crates[@]}"; do
  tar -xzf "$crate" -C "$scratch"
  dir=$(basename "$crate" .crate)
  # The archive keeps the files' times, and cargo names a path crate's build by its place in
  # the workspace, not by folder: with a shared target folder, an earlier check's test
  # binaries (whose CARGO_MANIFEST_DIR is a folder deleted since) would count as fresh.
  find "$scratch/$dir" -exec touch {} +
  name=${dir%-*}
  members+=("\"$dir\"")
  patches+=("$name = { path = \"$dir\" }")
  echo "$dir: $(tar -tzf "$crate" | wc -l) files, $(( $(stat -c %s "$crate") / 1024 )) KiB"
done

{
  echo "[workspace]"
  echo "members = [$(IFS=,; echo "${members[*]}")]"
  echo "resolver = \"3\""
  echo
  echo "[patch.crates-io]"
  printf '%s\n' "${patches[@]}"
  echo
  # The repository's build profiles, so dependencies are built (and cached) the same way.
  sed -n '/^\[profile\./,$p' "$root/Cargo.toml"
} >"$scratch/Cargo.toml"
cp "$root/Cargo.lock" "$scratch/Cargo.lock"

echo "== test the packaged crates"
(cd "$scratch" && cargo test --workspace --all-features)
echo "packaged crates pass their tests: ${#crates[@]} crates"
