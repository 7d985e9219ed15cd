#!/usr/bin/env bash
# `make dev`: installs what is missing, starts the whole local stack with seeded demo data on the
# contract's ports, prints where everything is, and stops it all on Ctrl-C.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
trap stop_all EXIT INT TERM

ensure_tools
cd "$ROOT"

export DDB_PORT="${DDB_PORT:-8000}" SES_PORT="${SES_PORT:-8005}" API_PORT="${API_PORT:-9000}" WEB_PORT="${WEB_PORT:-5173}" S3_PORT="${S3_PORT:-9100}"
export APP_BASE_URL="${APP_BASE_URL:-http://127.0.0.1:$WEB_PORT}"
log "building the workspace"
cargo build --workspace

log "starting DynamoDB Local (:$DDB_PORT), the SES emulator (:$SES_PORT) and the local S3 (:$S3_PORT)"
start_dynamodb
start_ses
start_s3
local_aws_env
function_env
"$TARGET_DIR"/debug/cloudstore-dev create-table "$TABLE_NAME"
"$TARGET_DIR"/debug/cloudstore-dev seed "$TABLE_NAME"
log "starting the email sender on the table's stream (as send-email in AWS)"
start_sender

log "starting the API with cargo lambda watch (:$API_PORT)"
CONCURRENCY="${CONCURRENCY:-4}" start_api
start_web

cat <<INFO

  Cloud Store is running locally.

  Control panel (web/)          http://127.0.0.1:$WEB_PORT
  API (cargo lambda watch)      http://127.0.0.1:$API_PORT
  Emails (SES emulator)         http://127.0.0.1:$SES_PORT      (JSON: http://127.0.0.1:$SES_PORT/store)
  DynamoDB Local                http://127.0.0.1:$DDB_PORT      (table: $TABLE_NAME)
  Product media (local S3)      $MEDIA_BASE_URL
  Links in emails point at      $APP_BASE_URL

  Seeded accounts (password CloudStore-Local-1):
    operator@cloudstore.test    operator
    ventas@cloudstore.test      sales rep
    proveedor@cloudstore.test   vendor (Proveedor Demo, owner of the demo products)

  Try:  curl -s -XPOST http://127.0.0.1:$API_PORT/signup -H 'content-type: application/json' \\
          -d '{"company":{"name":"Acme SA"},"admin":{"name":"Ana","email":"ana@acme.test"}}'

  Emails leave through the outbox: the sender reads the table's stream (.local/sender.log).
  Logs: .local/api.log, .local/sender.log, .local/dynamodb.log, .local/ses.log, .local/s3.log.   Ctrl-C stops everything.

INFO
wait
