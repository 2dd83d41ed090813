#!/usr/bin/env bash
# Stop the processes that infra/local/up.sh started, by their recorded ids, and nothing else.
# With arguments (kafka, mongo) only those are stopped.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=lib.sh
source "$here/lib.sh"
with_lock
components=("$@")
[[ ${#components[@]} -gt 0 ]] || components=(mongo kafka)
for name in "${components[@]}"; do
  case $name in
    kafka) stop_component kafka "$KAFKA_MARKER" ;;
    mongo) stop_component mongo "$(mongo_marker)" && rm -f "$RUN_DIR/mongo.server" ;;
    *) die "unknown component '$name' (expected kafka or mongo)" ;;
  esac
done
rm -f "$RUN_DIR/env"
