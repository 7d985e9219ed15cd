#!/usr/bin/env bash
# `make test`: installs what is missing, builds the workspace once, starts DynamoDB Local, the SES
# emulator and `cargo lambda watch` on free ports, runs every test (unit, integration, end to end)
# and the template lint, then stops everything it started, pass or fail.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
trap stop_all EXIT INT TERM

ensure_tools
cd "$ROOT"

log "building the workspace and its tests"
cargo build --workspace --all-targets --locked
cargo test --workspace --no-run --locked

log "linting infra/template.yaml"
cfn-lint infra/template.yaml

DDB_PORT=$(free_port); SES_PORT=$(free_port); API_PORT=$(free_port)
export DDB_PORT SES_PORT API_PORT
log "starting DynamoDB Local on $DDB_PORT and the SES emulator on $SES_PORT"
start_dynamodb
start_ses
local_aws_env

# The end-to-end table, served by cargo lambda watch; integration tests make their own tables.
export TABLE_NAME="cloudstore-e2e"
function_env
target/debug/cloudstore-dev create-table "$TABLE_NAME"
target/debug/cloudstore-dev seed "$TABLE_NAME"
log "starting cargo lambda watch on $API_PORT"
CONCURRENCY=4 start_api
export CLOUDSTORE_API_URL="http://127.0.0.1:$API_PORT"

log "running the tests"
if command -v cargo-nextest >/dev/null 2>&1; then
  cargo nextest run --workspace --locked --no-fail-fast
else
  cargo test --workspace --locked --no-fail-fast
fi
