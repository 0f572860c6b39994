#!/usr/bin/env bash
# End-to-end check of the real local stack: starts it through start.sh with a throwaway data dir and random
# ports, fires a trigger as the demo tenant, follows the event to 'completed', looks the workflow up in Temporal
# by its ClientCode search attribute, and stops the stack. Always stops what it started; exits non-zero when a
# check fails; the last line is "N passed, N failed".
#
#   ./temporal-dev/e2e.sh [--no-build] [--store=ferretdb]
#       --no-build when ./mvnw verify/package just ran, as in .ci/run; --store=ferretdb runs the same checks on
#       FerretDB (a real MongoDB-wire server, built once with Go) instead of the embedded store
#
# Adding a check: write a check_* function that returns 0 on success, sets REASON and returns 1 on failure, or
# sets REASON and returns 2 when it cannot apply here (skipped), and add it to CHECKS below. Checks run in order
# in this shell, so a check can leave variables (EVENT_ID, WORKFLOW_ID) for the next. The stack's addresses,
# credentials and pids are the variables of stack.env (API_URL, DEMO_API_KEY, WORKER_PID, ...; see
# StackEnvFile.java), sourced once the stack is up. The launcher restarts a crashed worker (within a crash budget)
# and stops the whole stack when any other child dies.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
START_TIMEOUT="${E2E_START_TIMEOUT:-1200}"   # covers a cold build and a first 'go install' of the temporal CLI
EVENT_TIMEOUT="${E2E_EVENT_TIMEOUT:-60}"
STOP_TIMEOUT=60
export LEADFLOW_STARTUP_TIMEOUT="${LEADFLOW_STARTUP_TIMEOUT:-300}"   # api health; CI boxes are slow and busy

CHECKS=(
  check_stack_starts
  check_health
  check_demo_tenant_saved
  check_key_kinds_and_odd_paths
  check_rule_created
  check_trigger_accepted
  check_event_completes
  check_workflow_listed_by_client_code
  check_sequence_survives_worker_kill
  check_channels_and_signed_callbacks
  check_readme_example_completes
  check_code_sequence_enrolled_and_terminated
  check_probes_metrics_and_api_docs
  check_bulk_job_and_cli_batch
  check_inbound_whatsapp_and_live_stream
  check_tenant_schedules
  check_broadcast_survives_worker_kill
  check_exec_jars_without_embedded_store
  check_stack_stops_cleanly
)

start_args=()
for arg in "$@"; do
  case "$arg" in
    --no-build) start_args+=("--no-build") ;;
    --store=ferretdb) start_args+=("$arg") ;;
    *) echo "usage: $0 [--no-build] [--store=ferretdb]" >&2; exit 2 ;;
  esac
done

WORK_DIR="$(mktemp -d "${TMPDIR:-/tmp}/leadflow-e2e.XXXXXX")"
export LEADFLOW_DATA_DIR="$WORK_DIR/data"
LAUNCHER_OUT="$WORK_DIR/launcher.out"
LAUNCHER=""
PASSED=0
FAILED=0
REASON=""

# pick_port VAR: sets VAR to a port nobody listens on now and not picked before; the launcher re-checks it.
CHOSEN_PORTS=" "
pick_port() {
  local port
  for _ in $(seq 1 100); do
    port=$(( 20000 + RANDOM % 30000 ))
    if [[ "$CHOSEN_PORTS" != *" $port "* ]] && ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      CHOSEN_PORTS+="$port "
      printf -v "$1" '%s' "$port"
      return 0
    fi
  done
  echo "no free port found" >&2
  exit 1
}

# Hermetic: the stack under test starts its own Temporal and store, whatever the caller's shell exports.
unset TEMPORAL_ADDRESS MONGODB_URI
# The broadcast check creates 10,000 leads through the API: lift the per-tenant and per-address request limits.
export LEADFLOW_API_LEAD_CREATES_PER_MINUTE="${LEADFLOW_API_LEAD_CREATES_PER_MINUTE:-1000000}"
export LEADFLOW_API_TENANT_REQUESTS_PER_MINUTE="${LEADFLOW_API_TENANT_REQUESTS_PER_MINUTE:-1000000}"
export LEADFLOW_API_GLOBAL_REQUESTS_PER_MINUTE="${LEADFLOW_API_GLOBAL_REQUESTS_PER_MINUTE:-1000000}"
export SERVER_PORT LEADFLOW_TEMPORAL_PORT LEADFLOW_TEMPORAL_UI_PORT LEADFLOW_EMBEDDED_MONGO_PORT
export LEADFLOW_API_MANAGEMENT_PORT LEADFLOW_WORKER_MANAGEMENT_PORT
pick_port SERVER_PORT
pick_port LEADFLOW_API_MANAGEMENT_PORT
pick_port LEADFLOW_WORKER_MANAGEMENT_PORT
pick_port LEADFLOW_TEMPORAL_PORT
pick_port LEADFLOW_TEMPORAL_UI_PORT
pick_port LEADFLOW_EMBEDDED_MONGO_PORT

launcher_alive() { [[ -n "$LAUNCHER" ]] && kill -0 "$LAUNCHER" 2>/dev/null; }

# Stops the stack if a check did not, and anything it left behind; keeps the logs when something failed.
# Runs before the summary, and from the EXIT trap if the script dies on its own error.
cleanup() {
  trap - EXIT
  if launcher_alive; then
    kill -TERM "$LAUNCHER" 2>/dev/null || true
    for _ in $(seq 1 "$STOP_TIMEOUT"); do launcher_alive || break; sleep 1; done
    if launcher_alive; then
      kill -KILL "$LAUNCHER" 2>/dev/null || true
      # The launcher could not stop its children; do it, making sure each pid is still one of ours.
      for pid in ${STORE_PID:-} ${TEMPORAL_PID:-} ${WORKER_PID:-} ${API_PID:-}; do
        if ps -o args= -p "$pid" 2>/dev/null | grep -qE 'leadflow-|temporal|ferretdb'; then kill -KILL "$pid" 2>/dev/null || true; fi
      done
    fi
  fi
  if [[ $FAILED -gt 0 || "${1:-}" == "error" ]]; then
    echo
    echo "--- last lines of the launcher and its children (everything is kept in $WORK_DIR) ---"
    tail -n 30 "$LAUNCHER_OUT" 2>/dev/null || true
    for log in "$LEADFLOW_DATA_DIR"/logs/{temporal,worker,api}.log; do
      if [[ -f "$log" ]]; then echo "--- $log"; tail -n 30 "$log"; fi
    done
    echo
  else
    rm -rf "$WORK_DIR"
  fi
}
trap 'cleanup error' EXIT

http_get() { curl -sS --max-time 10 -H "x-client-code: $DEMO_CLIENT_CODE" -H "x-api-key: $DEMO_API_KEY" "$@"; }

json_string() { # json_string FIELD < json: the value of the first "FIELD":"value" in the document
  grep -o "\"$1\":\"[^\"]*\"" | head -n 1 | sed 's/^.*:"//; s/"$//'
}

# ---------------------------------------------------------------------------------------------------------------
check_stack_starts() {
  (cd "$ROOT" && exec ./temporal-dev/start.sh ${start_args[@]+"${start_args[@]}"}) >"$LAUNCHER_OUT" 2>&1 &
  LAUNCHER=$!
  local waited=0
  until [[ -f "$LEADFLOW_DATA_DIR/stack.env" ]]; do
    if ! launcher_alive; then
      REASON="the launcher exited before the stack was up (see $LAUNCHER_OUT)"
      return 1
    fi
    if (( waited >= START_TIMEOUT )); then
      REASON="not up after ${START_TIMEOUT}s"
      return 1
    fi
    sleep 2
    waited=$(( waited + 2 ))
  done
  # shellcheck disable=SC1091
  source "$LEADFLOW_DATA_DIR/stack.env"
  echo "      stack up after ~${waited}s: api $API_URL, Temporal $TEMPORAL_ADDRESS ($TEMPORAL_MODE)"
}

check_health() {
  local status
  status="$(curl -sS -o /dev/null -w '%{http_code}' --max-time 10 "$API_URL/api/saas/health")" || true
  [[ "$status" == "200" ]] || { REASON="health answered '$status'"; return 1; }
}

check_demo_tenant_saved() {
  [[ -f "$LEADFLOW_DATA_DIR/demo-tenant.json" ]] || { REASON="no demo-tenant.json"; return 1; }
  [[ "$DEMO_CLIENT_CODE" == "demo" && "$DEMO_API_KEY" == lf_sk_* && "${DEMO_PUBLISHABLE_KEY:-}" == lf_pk_* ]] \
    || { REASON="unexpected demo credentials '$DEMO_CLIENT_CODE' / '${DEMO_API_KEY:0:6}...' / '${DEMO_PUBLISHABLE_KEY:0:6}...'"; return 1; }
  grep -q "$DEMO_API_KEY" "$LEADFLOW_DATA_DIR/demo-tenant.json" || { REASON="secret key not saved"; return 1; }
  grep -q "$DEMO_PUBLISHABLE_KEY" "$LEADFLOW_DATA_DIR/demo-tenant.json" || { REASON="publishable key not saved"; return 1; }
  grep -q "publishable key:  $DEMO_PUBLISHABLE_KEY" "$LAUNCHER_OUT" || { REASON="the banner does not show the publishable key"; return 1; }
}

# The publishable key fires triggers and nothing else; odd spellings of an admin route are refused before routing.
check_key_kinds_and_odd_paths() {
  local status
  status="$(curl -sS -o /dev/null -w '%{http_code}' --max-time 30 -X POST "$API_URL/api/saas/workflows/trigger" \
    -H 'content-type: application/json' -H "x-client-code: $DEMO_CLIENT_CODE" -H "x-api-key: $DEMO_PUBLISHABLE_KEY" \
    -d '{"trigger":"e2e_publishable","phone":"+919800000042","createLeadIfMissing":true}')" || true
  [[ "$status" == "200" || "$status" == "202" ]] || { REASON="publishable trigger answered $status"; return 1; }
  status="$(curl -sS -o /dev/null -w '%{http_code}' --max-time 10 "$API_URL/api/crm/leads" \
    -H "x-client-code: $DEMO_CLIENT_CODE" -H "x-api-key: $DEMO_PUBLISHABLE_KEY")" || true
  [[ "$status" == "403" ]] || { REASON="publishable key on /api/crm/leads answered $status"; return 1; }
  for path in '/api/clients;x=1' '/api/%63lients' '/api;x/clients' '/api/saas/../clients' '/%61pi/clients'; do
    status="$(curl -sS --path-as-is -o /dev/null -w '%{http_code}' --max-time 10 "$API_URL$path")" || true
    [[ "$status" == "400" || "$status" == "401" ]] || { REASON="GET $path without a token answered $status"; return 1; }
  done
}

# A rule listening to the trigger below, so its event has durable work and a workflow (an event nothing listens to
# is completed without one).
check_rule_created() {
  local status
  status="$(curl -sS -o /dev/null -w '%{http_code}' --max-time 30 -X POST "$API_URL/api/crm/automations" \
    -H 'content-type: application/json' -H "x-client-code: $DEMO_CLIENT_CODE" -H "x-api-key: $DEMO_API_KEY" \
    -d '{"name":"e2e welcome","trigger":"e2e_welcome","steps":[{"action":{"type":"add_tag","params":{"tag":"welcomed"}}}]}')" \
    || true
  [[ "$status" == "201" ]] || { REASON="rule creation answered $status"; return 1; }
}

check_trigger_accepted() {
  local body status
  body="$(curl -sS --max-time 30 -w '\n%{http_code}' -X POST "$API_URL/api/saas/workflows/trigger" \
    -H 'content-type: application/json' -H "x-client-code: $DEMO_CLIENT_CODE" -H "x-api-key: $DEMO_API_KEY" \
    -d '{"trigger":"e2e_welcome","phone":"+919876500042","firstName":"Asha","createLeadIfMissing":true}')" \
    || { REASON="request failed"; return 1; }
  status="${body##*$'\n'}"
  body="${body%$'\n'*}"
  [[ "$status" == "200" || "$status" == "202" ]] || { REASON="HTTP $status: $body"; return 1; }
  EVENT_ID="$(json_string eventLogId <<<"$body")"
  WORKFLOW_ID="$(json_string workflowId <<<"$body")"
  [[ -n "$EVENT_ID" ]] || { REASON="no eventLogId in $body"; return 1; }
  echo "      event $EVENT_ID, workflow ${WORKFLOW_ID:-?}"
}

check_event_completes() {
  [[ -n "${EVENT_ID:-}" ]] || { REASON="no event to follow"; return 1; }
  local body="" deadline=$(( SECONDS + EVENT_TIMEOUT ))
  while (( SECONDS < deadline )); do
    body="$(http_get "$API_URL/api/saas/events/$EVENT_ID")" || true
    # The event's own status comes before its history, whose entries carry statuses of their own.
    case "$(json_string status <<<"$body")" in
      completed)
        # An event whose only work is enrollments has no workflow of its own: follow the sequence it started.
        [[ -n "${WORKFLOW_ID:-}" ]] || WORKFLOW_ID="$(grep -o '"enrolledWorkflowIds":\["[^"]*"' <<<"$body" | sed 's/.*\["//; s/"$//')"
        return 0 ;;
      failed) REASON="event failed: $body"; return 1 ;;
    esac
    sleep 1
  done
  REASON="not completed after ${EVENT_TIMEOUT}s; last answer: ${body:0:400}"
  return 1
}

check_workflow_listed_by_client_code() {
  if [[ "$TEMPORAL_MODE" != "cli" ]]; then
    REASON="needs the temporal CLI's visibility store; the stack runs on $TEMPORAL_MODE"
    return 2
  fi
  local out="" deadline=$(( SECONDS + 20 ))
  while (( SECONDS < deadline )); do
    out="$("$TEMPORAL_CLI" workflow list --address "$TEMPORAL_ADDRESS" --namespace "$TEMPORAL_NAMESPACE" \
      --query "ClientCode=\"$DEMO_CLIENT_CODE\"" 2>&1)" || true
    [[ -n "${WORKFLOW_ID:-}" && "$out" == *"$WORKFLOW_ID"* ]] && return 0
    sleep 1
  done
  REASON="workflow ${WORKFLOW_ID:-?} not listed for ClientCode=\"$DEMO_CLIENT_CODE\": $out"
  return 1
}

# Scenarios too rich for curl and grep live in e2e_scenarios.py (standard-library Python 3).
run_scenario() {
  command -v python3 >/dev/null 2>&1 || { REASON="python3 is not installed"; return 2; }
  local out
  if out="$(python3 "$ROOT/temporal-dev/e2e_scenarios.py" "$LEADFLOW_DATA_DIR/stack.env" "$1" 2>&1)"; then
    [[ -z "$out" ]] || echo "$out"
    return 0
  fi
  REASON="$(tail -n 5 <<<"$out")"
  return 1
}

check_sequence_survives_worker_kill() {
  run_scenario worker-kill
  local rc=$?
  # The launcher restarted the worker under a new pid; later checks must see it.
  # shellcheck disable=SC1091
  source "$LEADFLOW_DATA_DIR/stack.env"
  return $rc
}

check_channels_and_signed_callbacks() {
  run_scenario channels
}

check_readme_example_completes() {
  run_scenario readme
}

check_code_sequence_enrolled_and_terminated() {
  run_scenario code-sequence
}

check_probes_metrics_and_api_docs() {
  run_scenario operations
}

check_bulk_job_and_cli_batch() {
  run_scenario bulk
}

# The jars the stack ran are the production jars: no embedded store inside (it ran in the launcher).
check_exec_jars_without_embedded_store() {
  local jar
  for jar in "$ROOT/api/target/leadflow-api-exec.jar" "$ROOT/worker/target/leadflow-worker-exec.jar"; do
    if grep -qiE 'mongo-java-server|leadflow-dev-store' <<< "$(unzip -l "$jar")"; then
      REASON="$(basename "$jar") contains the embedded store"
      return 1
    fi
  done
  # Listed first: 'grep -q' leaves a pipe early, and pipefail would count unzip's SIGPIPE as a failure.
  local launcher_jar
  launcher_jar="$(unzip -l "$ROOT/temporal-dev/target/leadflow-dev-exec.jar")"
  grep -q 'mongo-java-server' <<< "$launcher_jar" \
    || { REASON="the launcher lacks the embedded store it runs"; return 1; }
}

check_inbound_whatsapp_and_live_stream() {
  run_scenario inbound
}

check_tenant_schedules() {
  if [[ "$TEMPORAL_MODE" != "cli" ]]; then
    REASON="Temporal Schedules need the real server; the stack runs on $TEMPORAL_MODE"
    return 2
  fi
  run_scenario schedules
}

check_broadcast_survives_worker_kill() {
  run_scenario broadcast
  local rc=$?
  # The launcher restarted the worker under a new pid; later checks must see it.
  # shellcheck disable=SC1091
  source "$LEADFLOW_DATA_DIR/stack.env"
  return $rc
}

check_stack_stops_cleanly() {
  kill -TERM "$LAUNCHER"
  local rc=0
  for _ in $(seq 1 "$STOP_TIMEOUT"); do launcher_alive || break; sleep 1; done
  if launcher_alive; then
    REASON="launcher still running ${STOP_TIMEOUT}s after SIGTERM"
    return 1
  fi
  wait "$LAUNCHER" || rc=$?
  # 143 = ended by SIGTERM after its shutdown hook ran.
  [[ $rc -eq 143 || $rc -eq 0 ]] || { REASON="launcher exit code $rc"; return 1; }
  local left=()
  for pid in $STORE_PID $TEMPORAL_PID $WORKER_PID $API_PID; do
    kill -0 "$pid" 2>/dev/null && left+=("$pid")
  done
  [[ ${#left[@]} -eq 0 ]] || { REASON="still running: ${left[*]}"; return 1; }
  for port in "$SERVER_PORT" "$LEADFLOW_API_MANAGEMENT_PORT" "$LEADFLOW_WORKER_MANAGEMENT_PORT" \
      "$LEADFLOW_TEMPORAL_PORT" "$LEADFLOW_EMBEDDED_MONGO_PORT"; do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      REASON="port $port still answers"
      return 1
    fi
  done
  [[ ! -f "$LEADFLOW_DATA_DIR/stack.env" ]] || { REASON="stack.env left behind"; return 1; }
}

# ---------------------------------------------------------------------------------------------------------------
echo "Leadflow e2e: data in $LEADFLOW_DATA_DIR, api port $SERVER_PORT, Temporal port $LEADFLOW_TEMPORAL_PORT"
SKIPPED=0
for check in "${CHECKS[@]}"; do
  REASON=""
  started=$SECONDS
  if "$check"; then
    PASSED=$(( PASSED + 1 ))
    echo "PASS  ${check#check_} ($(( SECONDS - started ))s)"
  elif [[ $? -eq 2 ]]; then
    SKIPPED=$(( SKIPPED + 1 ))
    echo "SKIP  ${check#check_}: $REASON"
  else
    FAILED=$(( FAILED + 1 ))
    echo "FAIL  ${check#check_}: ${REASON:-failed}"
    if [[ "$check" == "check_stack_starts" ]]; then
      echo "      the stack is not up; the other checks were not run"
      break
    fi
  fi
done

[[ $SKIPPED -eq 0 ]] || echo "($SKIPPED skipped)"
cleanup
echo "$PASSED passed, $FAILED failed"
[[ $FAILED -eq 0 ]]
