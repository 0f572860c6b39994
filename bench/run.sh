#!/usr/bin/env bash
# The trigger benchmark on the real local stack: starts it (temporal CLI dev server on SQLite in WAL mode, embedded
# store, worker, api) with a throwaway data dir, random ports and the API's rate limits raised for load, runs
# io.leadflow.bench.TriggerBench against it (the raw-Temporal floor first, then Leadflow, in one run), and stops it.
#
#   bench/run.sh [--no-build] [bench options: --rate=50 --seconds=20 --delay-seconds=10 --phases=floor,leadflow]
#
# Needs the temporal CLI (on the PATH, in .data/bin, or built with Go by start.sh). Figures: bench/README.md.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build=true
bench_args=()
for arg in "$@"; do
  case "$arg" in
    --no-build) build=false ;;
    *) bench_args+=("$arg") ;;
  esac
done

cd "$ROOT"
if [[ "$build" == "true" ]]; then
  echo "==> building (./mvnw -B -q -DskipTests package)"
  ./mvnw -B -q -DskipTests package
fi

WORK="$(mktemp -d "${TMPDIR:-/tmp}/leadflow-bench.XXXXXX")"
export LEADFLOW_DATA_DIR="$WORK/data"
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
export SERVER_PORT="$(free_port)" LEADFLOW_TEMPORAL_PORT="$(free_port)" LEADFLOW_TEMPORAL_UI_PORT="$(free_port)"
export LEADFLOW_EMBEDDED_MONGO_PORT="$(free_port)"
export LEADFLOW_API_MANAGEMENT_PORT="$(free_port)" LEADFLOW_WORKER_MANAGEMENT_PORT="$(free_port)"
unset TEMPORAL_ADDRESS MONGODB_URI
# Load needs more than a client site's share: the limits are raised for this run only.
export LEADFLOW_API_GLOBAL_REQUESTS_PER_MINUTE=1000000 LEADFLOW_API_TENANT_REQUESTS_PER_MINUTE=1000000
export LEADFLOW_API_TRIGGER_REQUESTS_PER_MINUTE=1000000 LEADFLOW_API_LEAD_CREATES_PER_MINUTE=1000000

echo "==> starting the local stack (data in $WORK)"
"$ROOT/temporal-dev/start.sh" --no-build > "$WORK/stack.log" 2>&1 &
STACK=$!
cleanup() {
  kill -TERM "$STACK" 2>/dev/null || true
  wait "$STACK" 2>/dev/null || true
}
trap cleanup EXIT
for _ in $(seq 1 900); do
  [[ -f "$LEADFLOW_DATA_DIR/stack.env" ]] && break
  kill -0 "$STACK" 2>/dev/null || { echo "the stack exited; see $WORK/stack.log" >&2; tail -20 "$WORK/stack.log" >&2; exit 1; }
  sleep 1
done
# shellcheck disable=SC1091
source "$LEADFLOW_DATA_DIR/stack.env"
if [[ "$TEMPORAL_MODE" != "cli" ]]; then
  echo "the benchmark needs the temporal CLI dev server; this stack runs on $TEMPORAL_MODE" >&2
  exit 1
fi
echo "==> stack up: api $API_URL, Temporal $TEMPORAL_ADDRESS"
java -jar "$ROOT/bench/target/leadflow-bench-exec.jar" --api="$API_URL" --client-code="$DEMO_CLIENT_CODE" \
  --api-key="$DEMO_API_KEY" --temporal="$TEMPORAL_ADDRESS" --namespace="$TEMPORAL_NAMESPACE" ${bench_args[@]+"${bench_args[@]}"}
