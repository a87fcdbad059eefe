#!/usr/bin/env bash
# The PHP ext/soap conformance stage: SmartWeb's SOAP layer is PHP's ext/soap driven by the
# WSDL, so the client is checked against the real thing. Installs Debian's php-cli and
# php-soap when PHP lacks ext/soap, serves the WSDL with a PHP SoapServer (service.php) on a
# free loopback port, runs smartweb-client's curated calls against it
# (smartweb-client/tests/it/php_soap.rs, an #[ignore]d test run here explicitly) and stops the
# server on exit. Prints how many checks ran; exits non-zero on any failure.
#
# Usage: scripts/php-soap/run.sh <path to shared>   (the folder holding reference/smartweb/)
set -euo pipefail

shared="${1:?usage: scripts/php-soap/run.sh <path to shared>}"
wsdl="$shared/reference/smartweb/service.wsdl"
if [ ! -f "$wsdl" ]; then
  echo "php-soap: no WSDL at $wsdl" >&2
  exit 2
fi
wsdl=$(cd "$(dirname "$wsdl")" && pwd)/service.wsdl
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
started=$(date +%s)

if ! command -v php >/dev/null 2>&1 || ! php -m | grep -qx soap; then
  echo "== php-soap: installing Debian's php-cli and php-soap"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq php-cli php-soap >/dev/null
fi
echo "== php-soap: $(php -r 'echo "PHP ", PHP_VERSION, " ext/soap ", phpversion("soap");')"

work=$(mktemp -d)
server_pid=""
stop_server() {
  if [ -n "$server_pid" ]; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap stop_server EXIT

export SMARTWEB_WSDL="$wsdl"
export SMARTWEB_PHP_LOG="$work/requests.jsonl"
export SMARTWEB_PHP_SESSIONS="$work/sessions"
mkdir "$SMARTWEB_PHP_SESSIONS"
: > "$SMARTWEB_PHP_LOG"

# A port the kernel just handed out; another process taking it in between fails the start
# below, which is reported (never waited on forever).
port=$(php -r '$s = stream_socket_server("tcp://127.0.0.1:0"); echo parse_url("tcp://" . stream_socket_get_name($s, false), PHP_URL_PORT);')
php -S "127.0.0.1:$port" "$here/service.php" >"$work/server.log" 2>&1 &
server_pid=$!
listening=no
for _ in $(seq 100); do
  if ! kill -0 "$server_pid" 2>/dev/null; then
    break
  fi
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    listening=yes
    break
  fi
  sleep 0.1
done
if [ "$listening" != yes ]; then
  echo "php-soap: the PHP server is not listening on 127.0.0.1:$port:" >&2
  cat "$work/server.log" >&2
  exit 1
fi
export SMARTWEB_PHP_URL="http://127.0.0.1:$port/service.php"
echo "== php-soap: SoapServer over $wsdl at $SMARTWEB_PHP_URL"

cd "$root"
status=0
cargo test -p smartweb-client --test it -- --ignored --nocapture php_soap:: 2>&1 | tee "$work/test.out" || status=$?
if [ "$status" -ne 0 ]; then
  echo "php-soap: PHP's errors (server log):" >&2
  grep -v -E '127\.0\.0\.1:[0-9]+ (Accepted|Closing|Closed without sending a request)' "$work/server.log" >&2 || true
fi
summary=$(grep -E '^php-soap: [0-9]+ checks' "$work/test.out" || echo "php-soap: the driver reported no checks")
echo "$summary; $(wc -l <"$SMARTWEB_PHP_LOG") requests served; $(( $(date +%s) - started )) s"
exit "$status"
