#!/usr/bin/env bash
# `npm run demo`: Kindly's main job on local defaults. Builds, and runs `kindly demo`: every
# service in one process on a simulated clock, with local stand-ins for Twilio and SMTP, over a
# generated portfolio. Options after `--` go to the demo, e.g. `npm run demo -- --accounts 200
# --days 20`; `npm run demo -- runs` lists the runs kept, `npm run demo -- clean --keep 1`
# removes the others (their topics, database and folder).
#
# Kafka and MongoDB: those named by KAFKA_BROKERS and MONGODB_URI when both are set (nothing is
# started or stopped then); otherwise the Docker-less infrastructure (infra/local), started if
# it is not running and left running afterwards (`npm run infra:down` stops it).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

[[ -d node_modules ]] || npm ci --no-audit --no-fund

local_infra=false
if [[ "${1:-}" == "runs" ]]; then
  : # listing reads the run folders only
elif [[ -n "${KAFKA_BROKERS:-}" && -n "${MONGODB_URI:-}" ]]; then
  echo "Using Kafka at $KAFKA_BROKERS and MongoDB at $MONGODB_URI (from the environment)." >&2
else
  settings=$(bash infra/local/up.sh)
  export KAFKA_BROKERS MONGODB_URI
  KAFKA_BROKERS=$(sed -n 's/^KAFKA_BROKERS=//p' <<<"$settings")
  MONGODB_URI=$(sed -n 's/^MONGODB_URI=//p' <<<"$settings")
  local_infra=true
fi

npx tsc -b
status=0
# At a terminal, the console over the run is served afterwards until Ctrl-C (its pages when built).
serve=()
if [[ -t 1 && -z "${CI:-}" && "${1:-}" != "runs" && "${1:-}" != "clean" && "${1:-}" != "console" ]]; then
  serve=(--serve)
  [[ -f services/console/dist/index.html ]] || npm run console:build --silent >/dev/null 2>&1 || true
fi
node services/kindly/dist/main.js demo "${serve[@]}" "$@" || status=$?
if [[ "$local_infra" == true ]]; then
  echo
  echo "Infrastructure still running (KAFKA_BROKERS=$KAFKA_BROKERS MONGODB_URI=$MONGODB_URI)."
  echo "Stop it with: npm run infra:down"
fi
exit "$status"
