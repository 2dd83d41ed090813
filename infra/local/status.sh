#!/usr/bin/env bash
# Which of infra/local's processes run, and the settings to reach them. Exit 0 only when all run.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=lib.sh
source "$here/lib.sh"
all=0
report() {
  local name=$1 marker=$2 port=$3 pid
  if pid=$(owned_pid "$name" "$marker"); then
    printf '%-9s running  pid %-8s 127.0.0.1:%s  log %s\n' "$name" "$pid" "$port" "$RUN_DIR/$name.log"
  else
    printf '%-9s stopped\n' "$name"
    all=1
  fi
}
report kafka "$KAFKA_MARKER" "$KAFKA_PORT"
report ferretdb "$FERRETDB_MARKER" "$MONGO_PORT"
[[ $all -eq 0 && -f $RUN_DIR/env ]] && cat "$RUN_DIR/env"
exit $all
