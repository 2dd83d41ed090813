#!/usr/bin/env bash
# `npm run demo`: Kindly's main job on local defaults. Starts the Docker-less infrastructure
# (Kafka, a MongoDB-wire server), builds, provisions, and runs `kindly demo`: every service in one
# process on a simulated clock, with local stand-ins for Twilio and SMTP, over a generated
# portfolio. Options after `--` go to the demo, e.g. `npm run demo -- --accounts 200 --days 20`.
# It leaves the infrastructure running; `npm run infra:down` stops it.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

[[ -d node_modules ]] || npm ci --no-audit --no-fund
settings=$(bash infra/local/up.sh)
export KAFKA_BROKERS MONGODB_URI
KAFKA_BROKERS=$(sed -n 's/^KAFKA_BROKERS=//p' <<<"$settings")
MONGODB_URI=$(sed -n 's/^MONGODB_URI=//p' <<<"$settings")

npx tsc -b
node services/kindly/dist/main.js demo "$@"
echo
echo "Infrastructure still running (KAFKA_BROKERS=$KAFKA_BROKERS MONGODB_URI=$MONGODB_URI)."
echo "Stop it with: npm run infra:down"
