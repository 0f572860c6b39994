#!/usr/bin/env bash
# Delayed-job lateness side by side, in one run on this machine: Leadflow (a rule "wait until {{event.dueAt}}, then a
# webhook", through the public trigger endpoint, on the real local stack), the raw-Temporal floor on the same server,
# BullMQ on Redis, and Agenda on a MongoDB-wire server (FerretDB and the embedded store). For each scenario, N jobs
# due evenly over W seconds, all created before the window opens; lateness = when the job ran - when it was due.
# Then Leadflow's recovery: 1,000 steps come due while the worker is down; time from its restart until all ran.
#
#   bench/peers.sh [--no-build] [--store=ferretdb] [--scenarios=1000x20,10000x60] [--systems=leadflow,...] [--no-recovery]
#
# --systems picks among bullmq, agenda-ferretdb, agenda-embedded, temporal-floor, leadflow (default: all). Tuning runs
# pass the worker's and the dev server's settings through the environment, e.g.
#   SPRING_TEMPORAL_WORKFLOWCACHE_MAXINSTANCES=2000 SPRING_TEMPORAL_WORKFLOWCACHE_MAXTHREADS=2000 \
#   LEADFLOW_TEMPORAL_DYNAMIC_CONFIG="matching.numTaskqueueReadPartitions=1 matching.numTaskqueueWritePartitions=1" \
#   bench/peers.sh --no-build --scenarios=1000x20 --systems=temporal-floor,leadflow --no-recovery
#
# Installs what the peers need: redis-server from Debian (apt-get, as root) when missing, the npm packages pinned in
# bench/peers/package.json, FerretDB through temporal-dev/ferretdb.sh (Go). Figures: docs/BENCHMARKS.md.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build=true
store_args=()
store_label=embedded
scenarios="1000x20,10000x60"
recovery=true
systems="bullmq,agenda-ferretdb,agenda-embedded,temporal-floor,leadflow"
for arg in "$@"; do
  case "$arg" in
    --no-build) build=false ;;
    --store=ferretdb) store_args=("$arg"); store_label=ferretdb ;;
    --scenarios=*) scenarios="${arg#*=}" ;;
    --no-recovery) recovery=false ;;
    --systems=*) systems="${arg#*=}" ;;
    *) echo "usage: $0 [--no-build] [--store=ferretdb] [--scenarios=NxS,...] [--systems=a,b] [--no-recovery]" >&2; exit 2 ;;
  esac
done

say() { printf '==> %s\n' "$*" >&2; }
cd "$ROOT"

# --- the peers' own parts --------------------------------------------------------------------------------------
if ! command -v redis-server >/dev/null 2>&1; then
  if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null 2>&1; then
    say "installing redis-server from Debian (apt-get)"
    apt-get install -y -q redis-server >/dev/null || { apt-get update -q >/dev/null && apt-get install -y -q redis-server >/dev/null; }
  else
    echo "bench/peers.sh needs redis-server (Debian: sudo apt-get install redis-server)" >&2
    exit 1
  fi
fi
command -v node >/dev/null 2>&1 || { echo "bench/peers.sh needs Node.js 18+ and npm" >&2; exit 1; }
say "installing the peers' npm packages (bench/peers/package-lock.json)"
(cd bench/peers && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
ferretdb="$(temporal-dev/ferretdb.sh)"
if [[ "$build" == "true" ]]; then
  say "building (./mvnw -B -q -DskipTests package)"
  ./mvnw -B -q -DskipTests package
fi

WORK="$(mktemp -d "${TMPDIR:-/tmp}/leadflow-peers.XXXXXX")"
RESULTS="$WORK/results.jsonl"
# shellcheck source=temporal-dev/throwaway-stack.sh
source "$ROOT/temporal-dev/throwaway-stack.sh"
pids=()
cleanup() {
  throwaway_stack_stop
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
}
trap cleanup EXIT
await_port() { for _ in $(seq 1 300); do (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0; sleep 0.1; done; echo "nothing on port $1" >&2; exit 1; }

redis_port="$(free_port)"
redis-server --port "$redis_port" --bind 127.0.0.1 --save "" --appendonly no > "$WORK/redis.log" 2>&1 &
pids+=($!)
agenda_ferret_port="$(free_port)"
mkdir -p "$WORK/agenda-ferretdb"
"$ferretdb" --handler=sqlite --sqlite-url="file:$WORK/agenda-ferretdb/" --state-dir="$WORK/agenda-ferretdb" \
  --listen-addr="127.0.0.1:$agenda_ferret_port" --debug-addr=- --telemetry=disable --log-level=warn > "$WORK/ferretdb.log" 2>&1 &
pids+=($!)
agenda_embedded_port="$(free_port)"
java -jar temporal-dev/target/leadflow-dev-exec.jar embedded-store "$agenda_embedded_port" "$WORK/agenda-embedded" \
  > "$WORK/embedded.log" 2>&1 &
pids+=($!)
await_port "$redis_port"; await_port "$agenda_ferret_port"; await_port "$agenda_embedded_port"

# --- Leadflow's stack ------------------------------------------------------------------------------------------
say "starting the local stack (store: $store_label; data in $WORK)"
throwaway_stack_start "$WORK" ${store_args[@]+"${store_args[@]}"}

due_bench() {
  java -jar bench/target/leadflow-bench-exec.jar due --api="$API_URL" --client-code="$DEMO_CLIENT_CODE" \
    --api-key="$DEMO_API_KEY" --temporal="$TEMPORAL_ADDRESS" --namespace="$TEMPORAL_NAMESPACE" \
    --stack-env="$LEADFLOW_DATA_DIR/stack.env" "$@"
}
record() { # record SCENARIO < json lines
  while IFS= read -r line; do
    [[ "$line" == \{* ]] || continue
    printf '{"scenario":"%s","store":"%s",%s\n' "$1" "$store_label" "${line#\{}" | tee -a "$RESULTS"
  done
}

# One system failing (Agenda on FerretDB answers SQLITE_BUSY under load) is a result, not the end of the run.
peer() { # peer SCENARIO NAME command...
  local scenario="$1" name="$2" out
  shift 2
  [[ ",$systems," == *",$name,"* || "$name" == leadflow-recovery ]] || return 0
  if ! out="$("$@" 2> "$WORK/$name-$scenario.err")"; then
    local why
    why="$(grep -m1 -oE '(MongoServerError|Error|Exception)[^"]{0,160}' "$WORK/$name-$scenario.err" | tr -d '\\' || true)"
    printf '{"name":"%s","failed":"%s"}\n' "$name" "${why:-exit code $?}" | record "$scenario"
  fi
  printf '%s\n' "$out" | sed "s/\"name\":\"agenda\"/\"name\":\"$name\"/" | record "$scenario"
}

IFS=',' read -r -a list <<< "$scenarios"
for scenario in "${list[@]}"; do
  jobs="${scenario%x*}"; window="${scenario#*x}"; window_ms=$(( window * 1000 ))
  say "scenario $jobs due over ${window}s"
  peer "$scenario" bullmq bash -c "cd bench/peers && node bullmq-due.mjs --redis-port=$redis_port --jobs=$jobs \
    --window-ms=$window_ms --lead-ms=$(( 5000 + jobs ))"
  peer "$scenario" agenda-ferretdb bash -c "cd bench/peers && node agenda-due.mjs \
    --mongo=mongodb://127.0.0.1:$agenda_ferret_port/agenda --jobs=$jobs --window-ms=$window_ms --lead-ms=$(( 5000 + jobs * 10 ))"
  peer "$scenario" agenda-embedded bash -c "cd bench/peers && node agenda-due.mjs \
    --mongo=mongodb://127.0.0.1:$agenda_embedded_port/agenda --jobs=$jobs --window-ms=$window_ms --lead-ms=$(( 5000 + jobs * 10 ))"
  peer "$scenario" temporal-floor due_bench --phases=floor --jobs="$jobs" --window-seconds="$window"
  peer "$scenario" leadflow due_bench --phases=leadflow --jobs="$jobs" --window-seconds="$window"
done
if [[ "$recovery" == "true" ]]; then
  say "recovery: 1000 steps due while the worker is down"
  peer recovery leadflow-recovery due_bench --phases=recovery --jobs=1000 --lead-seconds=90
fi

python3 - "$RESULTS" <<'EOF'
import json, sys
rows = [json.loads(line) for line in open(sys.argv[1])]
print()
print(f"{'scenario':<10} {'store':<9} {'system':<16} {'p50':>7} {'p95':>7} {'p99':>7} {'max':>7} {'lost':>5} {'dup':>5}  p99 vs BullMQ")
for scenario in dict.fromkeys(r["scenario"] for r in rows):
    group = [r for r in rows if r["scenario"] == scenario]
    bull = next((r for r in group if r["name"] == "bullmq"), None)
    for r in group:
        ratio = f"{r['p99'] / max(1, bull['p99']):.2f}x" if bull and r.get("p99", -1) >= 0 else ""
        print(f"{scenario:<10} {r['store']:<9} {r['name']:<16} {r.get('p50','-'):>7} {r.get('p95','-'):>7}"
              f" {r.get('p99','-'):>7} {r.get('max','-'):>7} {r.get('lost','-'):>5} {r.get('duplicates','-'):>5}  {ratio}")
print("(lateness in ms; raw lines in", sys.argv[1] + ")")
EOF
cp "$RESULTS" "$ROOT/bench/last-peers-run.jsonl"
say "results also in bench/last-peers-run.jsonl"
