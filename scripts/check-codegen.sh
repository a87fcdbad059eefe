#!/usr/bin/env bash
# Regenerates the SmartWeb layer from the WSDL into a temporary folder and fails on any difference.
set -euo pipefail
wsdl="$1"
cd "$(dirname "$0")/.."
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
cargo run --quiet -p smartweb-codegen -- "$wsdl" "$out"
status=0
for f in "$out"/*.rs; do
  name=$(basename "$f")
  committed="smartweb-client/src/generated/$name"
  if ! diff -q "$committed" "$f" >/dev/null 2>&1; then
    echo "generated file out of date: $committed (run scripts/regenerate.sh)" >&2
    status=1
  fi
done
exit $status
