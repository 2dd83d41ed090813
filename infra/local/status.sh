#!/usr/bin/env bash
# Which of infra/local's processes run, and the settings to reach them. Exit 0 only when all run.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=lib.sh
source "$here/lib.sh"
all=0
report() {
  local name=$1 what=$2 marker=$3 port=$4 pid
  if pid=$(owned_pid "$name" "$marker"); then
    printf '%-6s %-18s running  pid %-8s 127.0.0.1:%-6s log %s\n' "$name" "$what" "$pid" "$port" "$RUN_DIR/$name.log"
  else
    printf '%-6s %-18s stopped\n' "$name" "$what"
    all=1
  fi
}
report kafka "Apache Kafka $KAFKA_VERSION" "$KAFKA_MARKER" "$KAFKA_PORT"
report mongo "$(running_mongo_server)" "$(mongo_marker)" "$MONGO_PORT"
[[ $all -eq 0 && -f $RUN_DIR/env ]] && cat "$RUN_DIR/env"
exit $all
