#!/usr/bin/env bash
# Reference conformance: the code against the recorded material that comes with the API fact
# sheets (not part of this repository).
#
#   bash scripts/check-reference.sh <path to shared>
#
# <shared>/reference/smartweb/ holds the WSDL and the recorded SOAP envelopes,
# <shared>/reference/rackbeat/samples/ the Rackbeat samples. Checks, each of which fails the
# stage:
#   1. the generated SmartWeb code is what the codegen makes of the WSDL (check-codegen.sh);
#   2. the `#[ignore]`d reference tests (smartweb-client and rackbeat-client,
#      `tests/it/reference.rs`): every recorded envelope (JSON bundles and xml/) parses, every
#      Rackbeat sample decodes into the models, the curated field sets and the operation list
#      match the WSDL, and our test data keeps the recorded shapes;
#   3. PHP's ext/soap driven by the WSDL (scripts/php-soap/run.sh).
set -euo pipefail
if [ $# -ne 1 ]; then
  echo "usage: $0 <path to shared>" >&2
  exit 2
fi
shared=$(cd "$1" && pwd)
cd "$(dirname "$0")/.."
wsdl="$shared/reference/smartweb/service.wsdl"
if [ ! -f "$wsdl" ] || [ ! -d "$shared/reference/rackbeat/samples" ]; then
  echo "$shared is not the shared folder: no reference/smartweb/service.wsdl or reference/rackbeat/samples" >&2
  exit 1
fi
log=$(mktemp)
trap 'rm -f "$log"' EXIT

echo "== reference 1/3: generated code is current against $wsdl"
bash scripts/check-codegen.sh "$wsdl"
echo "codegen: current"

echo "== reference 2/3: recorded envelopes and samples through our decoders"
# The README's test selection (each crate's tests are one binary, `it`; the `reference::`
# filter picks the reference modules' tests), so a checkout that ran the test suite builds
# nothing again.
SMARTWEB_RACKBEAT_SHARED="$shared" cargo test --workspace --all-features --test it \
  -- --ignored --nocapture --test-threads=1 reference:: 2>&1 | tee "$log"
tests=$(awk '/^test result: ok\./ { n += $4 } END { print n + 0 }' "$log")
binaries=$(awk '/^test result: ok\./ && $4 > 0' "$log" | wc -l)
if [ "$binaries" -ne 2 ]; then
  echo "reference tests ran in $binaries of the 2 crates" >&2
  exit 1
fi
echo "what was checked:"
grep -o 'reference: .*' "$log" | sed 's/^reference: /  /'

echo "== reference 3/3: PHP ext/soap over the WSDL"
php_checks=0
if [ -f scripts/php-soap/run.sh ]; then
  bash scripts/php-soap/run.sh "$shared" 2>&1 | tee "$log"
  # Its driver reports `php-soap: <n> checks …`; a run that reports none checked nothing.
  php_checks=$(grep -oE '^php-soap: [0-9]+ checks' "$log" | grep -oE '[0-9]+' | head -1 || true)
  if [ -z "$php_checks" ] || [ "$php_checks" -eq 0 ]; then
    echo "the PHP ext/soap stage reported no checks" >&2
    exit 1
  fi
else
  echo "scripts/php-soap/run.sh is not in this checkout: PHP ext/soap stage not run"
fi

echo "reference stage passed: $(( 1 + tests + php_checks )) checks ran" \
  "(codegen 1, reference tests $tests, PHP ext/soap $php_checks)"
