#!/usr/bin/env bash
# The whole Leadflow platform on one machine, in the foreground: builds the project, finds (or builds) a
# temporal CLI, then runs the launcher (io.leadflow.dev.LocalStack), which starts a MongoDB-wire store (embedded by
# default, FerretDB with --store=ferretdb), Temporal, the worker and the api, and provisions a demo tenant. Ctrl-C
# stops everything.
#
# Needs only a JDK 17+. With Go on the PATH it builds the temporal CLI once into .data/bin (Web UI, SQLite
# state); without either it falls back to the Java test server. See docs/LOCAL_STACK.md.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TEMPORAL_CLI_VERSION="v1.5.1"
TEMPORAL_CLI_MODULE="github.com/temporalio/cli/cmd/temporal"
# The CLI binary is shared by every data dir (e2e.sh uses throwaway ones), so it always lives in the checkout.
CLI_BIN_DIR="$ROOT/.data/bin"
LAUNCHER_JAR="$ROOT/temporal-dev/target/leadflow-dev-exec.jar"

usage() {
  cat <<EOF
Usage: ./temporal-dev/start.sh [--no-build] [launcher options]

  --no-build        skip './mvnw -B -q -DskipTests package' (also: LEADFLOW_SKIP_BUILD=true)
  --store=ferretdb  run on FerretDB v1.24.2 (SQLite), a real MongoDB-wire server, built once with Go
                    (temporal-dev/ferretdb.sh); the default is the embedded store, which needs only the JDK
  --help            this text, then the launcher's options and environment variables

  LEADFLOW_TEMPORAL_CLI=PATH   use this temporal binary; 'none' forces the Java test server
  MAVEN_ARGS=-o                extra Maven arguments for the build (here: offline)
EOF
}

say() { printf '==> %s\n' "$*"; }
warn() { printf '==> WARNING: %s\n' "$*" >&2; }
die() { printf '==> ERROR: %s\n' "$*" >&2; exit 1; }

build=true
store=embedded
[[ "${LEADFLOW_SKIP_BUILD:-}" == "true" ]] && build=false
launcher_args=()
for arg in "$@"; do
  case "$arg" in
    --no-build) build=false ;;
    --store=ferretdb) store=ferretdb; launcher_args+=("$arg") ;;
    -h|--help) help=true ;;
    *) launcher_args+=("$arg") ;;
  esac
done

if [[ -n "${JAVA_HOME:-}" && -x "$JAVA_HOME/bin/java" ]]; then
  JAVA="$JAVA_HOME/bin/java"
elif command -v java >/dev/null 2>&1; then
  JAVA="$(command -v java)"
else
  die "Java 17 or newer is required: install a JDK and put java on the PATH (or set JAVA_HOME)"
fi
java_version="$("$JAVA" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = //p')"
if [[ -z "$java_version" || "${java_version%%.*}" -lt 17 ]]; then
  die "Java 17 or newer is required; $JAVA is version '${java_version:-unknown}'"
fi

cd "$ROOT"

if [[ "${help:-false}" == "true" ]]; then
  usage
  if [[ -f "$LAUNCHER_JAR" ]]; then
    echo
    exec "$JAVA" -jar "$LAUNCHER_JAR" --help
  fi
  exit 0
fi

if [[ "$build" == "true" ]]; then
  say "Building Leadflow (./mvnw -B -q -DskipTests package; the first build downloads dependencies) ..."
  ./mvnw -B -q -DskipTests package
elif [[ ! -f "$LAUNCHER_JAR" ]]; then
  die "$LAUNCHER_JAR is missing; run without --no-build"
fi

# Prints the temporal CLI to use, or nothing for the Java test server fallback.
find_temporal_cli() {
  if [[ -n "${TEMPORAL_ADDRESS:-}" ]]; then
    return 0 # an external Temporal: the launcher starts none
  fi
  if [[ -n "${LEADFLOW_TEMPORAL_CLI:-}" ]]; then
    [[ "$LEADFLOW_TEMPORAL_CLI" == "none" ]] || echo "$LEADFLOW_TEMPORAL_CLI"
    return 0
  fi
  local on_path
  on_path="$(command -v temporal 2>/dev/null || true)"
  # Something else may be called 'temporal'; only a CLI that knows 'server start-dev' will do.
  if [[ -n "$on_path" ]] && "$on_path" server start-dev --help >/dev/null 2>&1; then
    echo "$on_path"
    return 0
  fi
  if [[ -x "$CLI_BIN_DIR/temporal" ]]; then
    echo "$CLI_BIN_DIR/temporal"
    return 0
  fi
  if command -v go >/dev/null 2>&1; then
    say "Installing the temporal CLI $TEMPORAL_CLI_VERSION into ${CLI_BIN_DIR#"$ROOT"/} (go install; once, ~10 min on a cold Go cache) ..." >&2
    mkdir -p "$CLI_BIN_DIR"
    if GOBIN="$CLI_BIN_DIR" go install "$TEMPORAL_CLI_MODULE@$TEMPORAL_CLI_VERSION" >&2; then
      echo "$CLI_BIN_DIR/temporal"
    else
      warn "go install of the temporal CLI failed; falling back to the Java test server"
    fi
    return 0
  fi
  return 0
}

temporal_cli="$(find_temporal_cli)"
if [[ -n "${TEMPORAL_ADDRESS:-}" ]]; then
  say "Temporal: $TEMPORAL_ADDRESS (TEMPORAL_ADDRESS)"
elif [[ -n "$temporal_cli" ]]; then
  say "Temporal: dev server from $temporal_cli"
else
  say "Temporal: no CLI and no Go found; using the Java test server (in memory, no Web UI)"
fi

if [[ "$store" == "ferretdb" && -z "${MONGODB_URI:-}" ]]; then
  ferretdb_bin="$("$ROOT/temporal-dev/ferretdb.sh")" || die "FerretDB could not be built (needs Go); see temporal-dev/ferretdb.sh"
  launcher_args+=("--ferretdb=$ferretdb_bin")
  say "Store: FerretDB from $ferretdb_bin"
fi

# exec: the launcher takes this process's place, so signals sent to start.sh reach it directly.
exec "$JAVA" -jar "$LAUNCHER_JAR" \
  --root="$ROOT" --temporal-cli="$temporal_cli" ${launcher_args[@]+"${launcher_args[@]}"}
