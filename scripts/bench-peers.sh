#!/usr/bin/env bash
# Parses the same Order_GetAllWithPagination page (100, 1,000 and 10,000 orders) with
# smartweb-client, PHP's ext/soap SoapClient and quick-xml's raw tokenizer in one run and
# prints the median times and the ratios as a Markdown table (benches/peers.rs; BENCHMARKS.md).
#
# Usage: scripts/bench-peers.sh [path/to/service.wsdl] [-- extra arguments for benches/peers.rs]
#   (default WSDL: ../shared/reference/smartweb/service.wsdl; e.g. `-- --rounds 7`)
# PHP needs Debian's php-cli and php-soap; without them the PHP column is skipped.
set -euo pipefail
cd "$(dirname "$0")/.."
wsdl="${1:-../shared/reference/smartweb/service.wsdl}"
[ "$#" -gt 0 ] && shift
[ "${1:-}" = "--" ] && shift

args=(--rounds 5)
if ! command -v php >/dev/null 2>&1; then
  echo "bench-peers: php not found: skipping PHP ext/soap (apt-get install php-cli php-soap)" >&2
elif ! php -m 2>/dev/null | grep -qx soap; then
  echo "bench-peers: PHP has no soap extension: skipping PHP ext/soap (apt-get install php-soap)" >&2
elif [ ! -f "$wsdl" ]; then
  echo "bench-peers: no WSDL at $wsdl: skipping PHP ext/soap (pass its path as the first argument)" >&2
else
  args+=(--wsdl "$(cd "$(dirname "$wsdl")" && pwd)/$(basename "$wsdl")")
fi
echo "bench-peers: $(uptime)" >&2
cargo bench --bench peers -- "${args[@]}" "$@"
