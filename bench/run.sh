#!/usr/bin/env bash
# The trigger benchmark on the real local stack: starts it (temporal CLI dev server on SQLite in WAL mode, embedded
# store, worker, api) with a throwaway data dir, random ports and the API's rate limits raised for load, runs
# io.leadflow.bench.TriggerBench against it (the raw-Temporal floor first, then Leadflow, in one run), and stops it.
#
#   bench/run.sh [--no-build] [--store=ferretdb] [bench options: --rate=50 --seconds=20 --delay-seconds=10
#                --phases=floor,leadflow]
#
# Needs the temporal CLI (on the PATH, in .data/bin, or built with Go by start.sh). Figures: bench/README.md and docs/BENCHMARKS.md.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build=true
bench_args=()
store_args=()
for arg in "$@"; do
  case "$arg" in
    --no-build) build=false ;;
    --store=ferretdb) store_args=("$arg") ;;
    *) bench_args+=("$arg") ;;
  esac
done

cd "$ROOT"
if [[ "$build" == "true" ]]; then
  echo "==> building (./mvnw -B -q -DskipTests package)"
  ./mvnw -B -q -DskipTests package
fi

WORK="$(mktemp -d "${TMPDIR:-/tmp}/leadflow-bench.XXXXXX")"
# shellcheck source=temporal-dev/throwaway-stack.sh
source "$ROOT/temporal-dev/throwaway-stack.sh"
trap throwaway_stack_stop EXIT
echo "==> starting the local stack (data in $WORK)"
throwaway_stack_start "$WORK" ${store_args[@]+"${store_args[@]}"}
echo "==> stack up: api $API_URL, Temporal $TEMPORAL_ADDRESS"
java -jar "$ROOT/bench/target/leadflow-bench-exec.jar" trigger --api="$API_URL" --client-code="$DEMO_CLIENT_CODE" \
  --api-key="$DEMO_API_KEY" --temporal="$TEMPORAL_ADDRESS" --namespace="$TEMPORAL_NAMESPACE" ${bench_args[@]+"${bench_args[@]}"}
