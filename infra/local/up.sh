#!/usr/bin/env bash
# Start a real Apache Kafka broker and a MongoDB-wire server on loopback, without Docker.
# Idempotent: what already runs is left alone, and a port taken by anyone else is an error that names it.
# Prints the settings as KEY=VALUE lines on stdout; everything else goes to stderr.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=lib.sh
source "$here/lib.sh"
# shellcheck source=kafka/kafka.sh
source "$here/kafka/kafka.sh"
# shellcheck source=mongo-java-server/mongo-java-server.sh
source "$here/mongo-java-server/mongo-java-server.sh"
# shellcheck source=ferretdb/ferretdb.sh
source "$here/ferretdb/ferretdb.sh"

command -v node >/dev/null || die "node not found"
[[ -d $KINDLY_ROOT/node_modules/kafkajs && -d $KINDLY_ROOT/node_modules/mongodb ]] ||
  die "run 'npm ci' first: the readiness probe uses the project's kafkajs and mongodb packages"

with_lock
started=()

# On any failure, stop what this run started, so that a failed `up` leaves nothing behind.
cleanup_on_failure() {
  local status=$?
  if [[ $status -ne 0 ]]; then
    for name in "${started[@]}"; do
      case $name in
        kafka) show_log kafka; stop_component kafka "$KAFKA_MARKER" ;;
        mongo) show_log mongo; stop_component mongo "$(mongo_marker)" ;;
      esac
    done
  fi
}
trap cleanup_on_failure EXIT

start_mongo() {
  printf '%s' "$MONGO_SERVER" >"$RUN_DIR/mongo.server"
  case $MONGO_SERVER in
    ferretdb) start_ferretdb ;;
    *) start_mongo_java_server ;;
  esac
}

# ensure NAME MARKER START_FUNCTION PORT...
ensure() {
  local name=$1 marker=$2 start=$3 pid port
  shift 3
  if pid=$(owned_pid "$name" "$marker"); then
    log "$name: already running (pid $pid)"
    return 0
  fi
  for port in "$@"; do
    port_open "$port" && die "port $port, wanted by $name, is already in use by a process that infra/local did not start. Stop that process, or pick free ports with KINDLY_KAFKA_PORT, KINDLY_KAFKA_CONTROLLER_PORT or KINDLY_MONGO_PORT."
  done
  "$start"
  started+=("$name")
}

ensure kafka "$KAFKA_MARKER" start_kafka "$KAFKA_PORT" "$KAFKA_CONTROLLER_PORT"
if [[ $(running_mongo_server) != "$MONGO_SERVER" ]] && owned_pid mongo "$(mongo_marker)" >/dev/null; then
  die "mongo: $(running_mongo_server) is running, but KINDLY_MONGO_SERVER asks for $MONGO_SERVER: run 'npm run infra:down' first"
fi
ensure mongo "$(mongo_marker)" start_mongo "$MONGO_PORT"

KAFKA_BROKERS="127.0.0.1:$KAFKA_PORT"
MONGODB_URI="mongodb://127.0.0.1:$MONGO_PORT/"

# A port that accepts connections is not yet a broker that serves metadata: ask each a real question.
wait_until_listening() {
  local name=$1 marker=$2 port=$3 seconds=$4
  for _ in $(seq 1 $((seconds * 4))); do
    port_open "$port" && return 0
    owned_pid "$name" "$marker" >/dev/null || { show_log "$name"; die "$name exited during start"; }
    sleep 0.25
  done
  show_log "$name"
  die "$name did not listen on port $port within $seconds s"
}
wait_until_listening kafka "$KAFKA_MARKER" "$KAFKA_PORT" 120
wait_until_listening mongo "$(mongo_marker)" "$MONGO_PORT" 60
node "$here/probe.mjs" "$KAFKA_BROKERS" "$MONGODB_URI" >"$RUN_DIR/probe.json" ||
  { show_log kafka 30; show_log mongo 30; die "the servers listen but did not answer a real request"; }
log "ready: $(node -e "const p=require('$RUN_DIR/probe.json');process.stdout.write('Apache Kafka '+p.kafka.version+', '+p.mongo.server)")"

{
  echo "KAFKA_BROKERS=$KAFKA_BROKERS"
  echo "MONGODB_URI=$MONGODB_URI"
} >"$RUN_DIR/env"
cat "$RUN_DIR/env"
echo "KINDLY_INFRA_STARTED=${started[*]}"
