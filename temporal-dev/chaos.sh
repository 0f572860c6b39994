#!/usr/bin/env bash
# The chaos suite: the real local stack (temporal CLI dev server, store, worker and api as separate processes on
# loopback), loaded with sequences while the worker is killed, Temporal restarted, the store frozen and the api
# restarted; then every event, sequence, send, webhook and callback is accounted for (temporal-dev/chaos.py).
#
#   ./temporal-dev/chaos.sh [--short | --long] [--store=ferretdb] [--no-build]
#
#   --short  (default) 120 sequences at 3 triggers/s, about 4 minutes: what .ci/run runs
#   --long   1,000 sequences at 5 triggers/s, about 10 minutes; its counts are in docs/BENCHMARKS.md
#   --store=ferretdb  on FerretDB (SQLite) instead of the embedded store
#
# Needs the temporal CLI (on the PATH, in .data/bin, or built with Go by start.sh) and python3. The last line says
# PASSED or FAILED; the exit code is 0 only when every check held. Logs are kept when something failed.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
sequences=120
rate=3
start_args=()
for arg in "$@"; do
  case "$arg" in
    --short) sequences=120; rate=3 ;;
    --long) sequences=1000; rate=5 ;;
    --no-build) start_args+=("--no-build") ;;
    --store=ferretdb) start_args+=("$arg") ;;
    *) echo "usage: $0 [--short|--long] [--store=ferretdb] [--no-build]" >&2; exit 2 ;;
  esac
done
command -v python3 >/dev/null 2>&1 || { echo "chaos.sh needs python3" >&2; exit 1; }

WORK="$(mktemp -d "${TMPDIR:-/tmp}/leadflow-chaos.XXXXXX")"
export LEADFLOW_DATA_DIR="$WORK/data"
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
export SERVER_PORT="$(free_port)" LEADFLOW_TEMPORAL_PORT="$(free_port)" LEADFLOW_TEMPORAL_UI_PORT="$(free_port)"
export LEADFLOW_EMBEDDED_MONGO_PORT="$(free_port)"
unset TEMPORAL_ADDRESS MONGODB_URI
# Nine restarts in a few minutes are the point here, not a broken child: a larger budget than a developer's.
export LEADFLOW_RESTART_BUDGET=20
# Load from one address and a few tenants needs more than a client site's share: raised for this run only.
export LEADFLOW_API_GLOBAL_REQUESTS_PER_MINUTE=1000000 LEADFLOW_API_TENANT_REQUESTS_PER_MINUTE=1000000
export LEADFLOW_API_TRIGGER_REQUESTS_PER_MINUTE=1000000 LEADFLOW_API_LEAD_CREATES_PER_MINUTE=1000000

echo "==> chaos suite: $sequences sequences; stack data in $WORK"
"$ROOT/temporal-dev/start.sh" ${start_args[@]+"${start_args[@]}"} > "$WORK/stack.log" 2>&1 &
STACK=$!
result=1
cleanup() {
  kill -TERM "$STACK" 2>/dev/null || true
  wait "$STACK" 2>/dev/null || true
  if [[ $result -eq 0 ]]; then
    rm -rf "$WORK"
  else
    echo "==> logs kept in $WORK (stack.log, data/logs/{store,temporal,worker,api}.log)"
  fi
}
trap cleanup EXIT
for _ in $(seq 1 1200); do
  [[ -f "$LEADFLOW_DATA_DIR/stack.env" ]] && break
  kill -0 "$STACK" 2>/dev/null || { echo "the stack exited; see $WORK/stack.log" >&2; tail -20 "$WORK/stack.log" >&2; exit 1; }
  sleep 1
done
# shellcheck disable=SC1091
source "$LEADFLOW_DATA_DIR/stack.env"
if [[ "$TEMPORAL_MODE" != "cli" ]]; then
  echo "the chaos suite needs the temporal CLI dev server (restarts keep its SQLite state); this stack runs on $TEMPORAL_MODE" >&2
  exit 1
fi
echo "==> stack up: api $API_URL, Temporal $TEMPORAL_ADDRESS, store $STORE_MODE ($MONGODB_URI)"
if python3 "$ROOT/temporal-dev/chaos.py" "$LEADFLOW_DATA_DIR/stack.env" --sequences="$sequences" --rate="$rate"; then
  result=0
fi
if ! kill -0 "$STACK" 2>/dev/null; then
  echo "==> the launcher gave up during the run (see $WORK/stack.log)"
  result=1
fi
exit $result
