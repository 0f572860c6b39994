#!/usr/bin/env bash
# The chaos suite: the real local stack (temporal CLI dev server, store, worker and api as separate processes on
# loopback), loaded with sequences while the worker is killed, Temporal restarted, the store frozen and the api
# restarted; then every event, sequence, send, webhook and callback is accounted for (temporal-dev/chaos.py).
#
#   ./temporal-dev/chaos.sh [--short | --long] [--store=ferretdb] [--rate=N] [--no-build]
#
#   --short  (default) 120 sequences at 3 triggers/s, about 4 minutes: what .ci/run runs
#   --long   1,000 sequences at 5 triggers/s, about 10 minutes; its counts are in docs/BENCHMARKS.md
#   --store=ferretdb  on FerretDB (SQLite) instead of the embedded store
#   --rate=N  triggers per second (after --short/--long); the long run on FerretDB uses 2 (docs/BENCHMARKS.md)
#
# Needs the temporal CLI (on the PATH, in .data/bin, or built with Go by start.sh) and python3. The last line says
# PASSED or FAILED; the exit code is 0 only when every check held. Logs are kept when something failed.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
sequences=120
rate=3
start_args=()
build=true
for arg in "$@"; do
  case "$arg" in
    --short) sequences=120; rate=3 ;;
    --long) sequences=1000; rate=5 ;;
    --no-build) build=false ;;
    --store=ferretdb) start_args+=("$arg") ;;
    --rate=*) rate="${arg#*=}" ;;
    *) echo "usage: $0 [--short|--long] [--store=ferretdb] [--rate=N] [--no-build]" >&2; exit 2 ;;
  esac
done
command -v python3 >/dev/null 2>&1 || { echo "chaos.sh needs python3" >&2; exit 1; }
if [[ "$build" == "true" ]]; then
  echo "==> building (./mvnw -B -q -DskipTests package)"
  (cd "$ROOT" && ./mvnw -B -q -DskipTests package)
fi

WORK="$(mktemp -d "${TMPDIR:-/tmp}/leadflow-chaos.XXXXXX")"
# Nine restarts in a few minutes are the point here, not a broken child: a larger budget than a developer's.
export LEADFLOW_RESTART_BUDGET=20
# shellcheck source=temporal-dev/throwaway-stack.sh
source "$ROOT/temporal-dev/throwaway-stack.sh"
result=1
cleanup() {
  throwaway_stack_stop
  if [[ $result -eq 0 ]]; then
    rm -rf "$WORK"
  else
    echo "==> logs kept in $WORK (stack.log, data/logs/{store,temporal,worker,api}.log)"
  fi
}
trap cleanup EXIT
echo "==> chaos suite: $sequences sequences; stack data in $WORK"
throwaway_stack_start "$WORK" ${start_args[@]+"${start_args[@]}"}
echo "==> stack up: api $API_URL, Temporal $TEMPORAL_ADDRESS, store $STORE_MODE ($MONGODB_URI)"
if python3 "$ROOT/temporal-dev/chaos.py" "$LEADFLOW_DATA_DIR/stack.env" --sequences="$sequences" --rate="$rate"; then
  result=0
fi
if ! kill -0 "$STACK_PID" 2>/dev/null; then
  echo "==> the launcher gave up during the run (see $WORK/stack.log)"
  result=1
fi
exit $result
