#!/usr/bin/env bash
# Regenerates smartweb-client/src/generated/ from the SmartWeb WSDL (never copied into the repo).
# Usage: scripts/regenerate.sh [path/to/service.wsdl]   (default: ../shared/reference/smartweb/service.wsdl)
set -euo pipefail
cd "$(dirname "$0")/.."
wsdl="${1:-../shared/reference/smartweb/service.wsdl}"
cargo run --quiet -p smartweb-codegen -- "$wsdl" smartweb-client/src/generated
