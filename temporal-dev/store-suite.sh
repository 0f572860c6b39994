#!/usr/bin/env bash
# Runs the api's integration tests (every route, the engine, channels and sequences, with the in-process Temporal
# test server) against FerretDB v1.24.2 on SQLite instead of the embedded store, to prove that Leadflow needs nothing
# only the embedded store accepts. A fresh FerretDB on a random loopback port, in a throwaway directory; each Spring
# test context takes databases of its own there (api/src/test/resources/application-it.yml).
#
#   ./temporal-dev/store-suite.sh [extra Maven arguments, e.g. -o or -Dtest='Lead*']
#
# The real-process checks on FerretDB are: temporal-dev/e2e.sh --store=ferretdb and temporal-dev/chaos.sh --store=ferretdb.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

ferretdb="$(temporal-dev/ferretdb.sh)"
work="$(mktemp -d "${TMPDIR:-/tmp}/leadflow-store-suite.XXXXXX")"
port=""
for _ in $(seq 1 100); do
  candidate=$(( 20000 + RANDOM % 30000 ))
  if ! (exec 3<>"/dev/tcp/127.0.0.1/$candidate") 2>/dev/null; then port=$candidate; break; fi
done
[[ -n "$port" ]] || { echo "no free port" >&2; exit 1; }

"$ferretdb" --handler=sqlite --sqlite-url="file:$work/" --state-dir="$work" --listen-addr="127.0.0.1:$port" \
  --debug-addr=- --telemetry=disable --log-level=warn >"$work/ferretdb.log" 2>&1 &
store=$!
trap 'kill "$store" 2>/dev/null || true; wait "$store" 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 1 100); do
  (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
  kill -0 "$store" 2>/dev/null || { cat "$work/ferretdb.log"; echo "FerretDB did not start" >&2; exit 1; }
  sleep 0.1
done

echo "==> FerretDB $("$ferretdb" --version | sed -n 's/^version: //p') on 127.0.0.1:$port; running the api integration tests on it"
LEADFLOW_TEST_MONGODB_URI="mongodb://127.0.0.1:$port/" ./mvnw -B -pl api -am verify -Dsurefire.failIfNoSpecifiedTests=false "$@"
