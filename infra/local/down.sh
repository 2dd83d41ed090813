#!/usr/bin/env bash
# Stop the processes that infra/local/up.sh started, by their recorded ids, and nothing else.
# With arguments (kafka, ferretdb) only those are stopped.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=lib.sh
source "$here/lib.sh"
with_lock
components=("$@")
[[ ${#components[@]} -gt 0 ]] || components=(ferretdb kafka)
for name in "${components[@]}"; do
  case $name in
    kafka) stop_component kafka "$KAFKA_MARKER" ;;
    ferretdb) stop_component ferretdb "$FERRETDB_MARKER" ;;
    *) die "unknown component '$name' (expected kafka or ferretdb)" ;;
  esac
done
rm -f "$RUN_DIR/env"
