# Sourced by the load scripts (bench/run.sh, bench/peers.sh, temporal-dev/chaos.sh): a local stack of their own, with
# a throwaway data dir, random free ports and the API's rate limits raised for load (a few tenants on one address
# need more than a client site's share), started in the background and waited for.
#
#   source temporal-dev/throwaway-stack.sh
#   throwaway_stack_start WORK_DIR [start.sh options]   # sets STACK_PID and sources stack.env (API_URL, ...)
#   throwaway_stack_stop

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

throwaway_stack_start() {
  local work="$1"
  shift
  local root
  root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
  export LEADFLOW_DATA_DIR="$work/data"
  SERVER_PORT="$(free_port)"; LEADFLOW_TEMPORAL_PORT="$(free_port)"; LEADFLOW_TEMPORAL_UI_PORT="$(free_port)"
  LEADFLOW_EMBEDDED_MONGO_PORT="$(free_port)"
  LEADFLOW_API_MANAGEMENT_PORT="$(free_port)"; LEADFLOW_WORKER_MANAGEMENT_PORT="$(free_port)"
  export SERVER_PORT LEADFLOW_TEMPORAL_PORT LEADFLOW_TEMPORAL_UI_PORT LEADFLOW_EMBEDDED_MONGO_PORT
  export LEADFLOW_API_MANAGEMENT_PORT LEADFLOW_WORKER_MANAGEMENT_PORT
  unset TEMPORAL_ADDRESS MONGODB_URI
  export LEADFLOW_API_GLOBAL_REQUESTS_PER_MINUTE=1000000 LEADFLOW_API_TENANT_REQUESTS_PER_MINUTE=1000000
  export LEADFLOW_API_TRIGGER_REQUESTS_PER_MINUTE=1000000 LEADFLOW_API_LEAD_CREATES_PER_MINUTE=1000000
  "$root/temporal-dev/start.sh" --no-build "$@" > "$work/stack.log" 2>&1 &
  STACK_PID=$!
  for _ in $(seq 1 1200); do
    [[ -f "$LEADFLOW_DATA_DIR/stack.env" ]] && break
    if ! kill -0 "$STACK_PID" 2>/dev/null; then
      echo "the stack exited during start-up; see $work/stack.log" >&2
      tail -20 "$work/stack.log" >&2
      return 1
    fi
    sleep 1
  done
  # shellcheck disable=SC1091
  source "$LEADFLOW_DATA_DIR/stack.env"
  if [[ "$TEMPORAL_MODE" != "cli" ]]; then
    echo "this needs the temporal CLI dev server (on the PATH, in .data/bin, or built with Go); the stack runs on $TEMPORAL_MODE" >&2
    return 1
  fi
}

throwaway_stack_stop() {
  if [[ -n "${STACK_PID:-}" ]]; then
    kill -TERM "$STACK_PID" 2>/dev/null || true
    wait "$STACK_PID" 2>/dev/null || true
  fi
}
