#!/usr/bin/env bash
# `npm run demo`: Kindly's main job on local defaults.
# Until the pipeline's services exist, this starts the infrastructure, provisions every topic and
# index from the catalog, and prints what runs. It leaves the infrastructure running for you;
# `npm run infra:down` stops it.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

[[ -d node_modules ]] || npm ci --no-audit --no-fund
settings=$(bash infra/local/up.sh)
export KAFKA_BROKERS MONGODB_URI
KAFKA_BROKERS=$(sed -n 's/^KAFKA_BROKERS=//p' <<<"$settings")
MONGODB_URI=$(sed -n 's/^MONGODB_URI=//p' <<<"$settings")

npx tsc -b
node shared/provisioning/dist/cli.js
echo
bash infra/local/status.sh
cat <<TXT

Kindly's infrastructure is up and provisioned. Point any client at:
  KAFKA_BROKERS=$KAFKA_BROKERS
  MONGODB_URI=$MONGODB_URI
Stop it with: npm run infra:down
TXT
