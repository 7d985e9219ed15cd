#!/usr/bin/env bash
# `make test`: installs what is missing, builds the workspace once, starts DynamoDB Local, the SES
# emulator, the local S3 and `cargo lambda watch` on free ports, runs every test (unit,
# integration, end to end, browser journeys, Lighthouse, contract fuzzing) and the template lint,
# then stops everything it started, pass or fail.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
trap stop_all EXIT INT TERM

cd "$ROOT"
mkdir -p "$RUN_DIR"

# The workspace and its tests build from the first second, while the tools install and the
# template is checked (the installs wait on the network, the build on the processor).
log "building the workspace and its tests, in the background"
build_log="$RUN_DIR/workspace-build.log"
setsid bash -c 'set -euo pipefail; cargo build --workspace --all-targets --locked; cargo test --workspace --no-run --locked' \
  >"$build_log" 2>&1 &
workspace_build=$!
PIDS+=("$workspace_build")

bash scripts/test-infra.sh
ensure_tools

# What is deployed must build: every function for its template architecture with the deployed
# flags (CargoLambda.toml's static relocation), checked as `make package` checks it. Only LTO is
# left out (profile deploy-check), to save time; a dependency that can't link as deployed fails here.
# It runs in the background from here to the end, at the lowest priority (nice 19): beside the
# workspace's build (its own directories of target/, so neither waits for the other's lock) it only
# takes a core that build leaves idle, and during the tests the processor time they leave (the
# browser journeys and the fuzzing mostly wait on the stack). `make test` fails at the end if it
# failed. In a process group of its own (setsid), so stopping make test stops cargo and rustc.
log "building every function as deployed (its architecture, static relocation, glibc <= 2.34), in the background"
ensure_lambda_toolchain
deploy_log="$RUN_DIR/deploy-check.log"
setsid nice -n 19 bash -c 'set -euo pipefail; source scripts/lib.sh; deployed_build deploy-check "$1"' deploy-check \
  "$TARGET_DIR/lambda-deploy-check" >"$deploy_log" 2>&1 &
deploy_check=$!
PIDS+=("$deploy_check")

ensure_browser
log "waiting for the workspace build"
if ! wait "$workspace_build"; then
  cat "$build_log" >&2
  die "the workspace does not build (above)"
fi
grep -E '^(warning|error)' "$build_log" >&2 || true
log "the workspace and its tests are built"

log "linting infra/template.yaml"
cfn-lint infra/template.yaml

log "checking the control panel's production build (make publish-web, dry run)"
web_out="$RUN_DIR/web-publish"
OUT="$web_out" DRY_RUN=1 API_URL="https://api.example.test/" bash scripts/publish-web.sh >/dev/null
grep -qx 'window.CLOUDSTORE_CONFIG = Object.freeze({ apiBaseUrl: "https://api.example.test" });' "$web_out/config.js" \
  || die "publish-web: config.js does not point at the given API"
[ -f "$web_out/index.html" ] && [ -f "$web_out/openapi.yaml" ] && [ ! -e "$web_out/tests" ] && [ ! -e "$web_out/node_modules" ] \
  || die "publish-web: the build has the wrong files"

DDB_PORT=$(free_port); SES_PORT=$(free_port); API_PORT=$(free_port); WEB_PORT=$(free_port); S3_PORT=$(free_port)
export DDB_PORT SES_PORT API_PORT WEB_PORT S3_PORT
log "starting DynamoDB Local on $DDB_PORT, the SES emulator on $SES_PORT and the local S3 on $S3_PORT"
start_dynamodb
start_ses
start_s3
local_aws_env

# The end-to-end table, served by cargo lambda watch; integration tests make their own tables.
export TABLE_NAME="cloudstore-e2e"
export APP_BASE_URL="http://127.0.0.1:$WEB_PORT"
function_env
"$TARGET_DIR"/debug/cloudstore-dev create-table "$TABLE_NAME"
"$TARGET_DIR"/debug/cloudstore-dev seed "$TABLE_NAME"
log "starting the email sender on the table's stream"
start_sender
log "starting cargo lambda watch on $API_PORT"
CONCURRENCY=4 start_api
export CLOUDSTORE_API_URL="http://127.0.0.1:$API_PORT"
warm_api >"$RUN_DIR/warm-api.log" 2>&1 &
PIDS+=($!)

start_web
export API_URL="$CLOUDSTORE_API_URL" SES_URL="http://127.0.0.1:$SES_PORT" WEB_URL="http://127.0.0.1:$WEB_PORT"

status=0
log "running the Rust tests (unit, integration, end to end)"
if command -v cargo-nextest >/dev/null 2>&1; then
  cargo nextest run --workspace --locked --no-fail-fast || status=1
else
  cargo test --workspace --locked --no-fail-fast || status=1
fi
log "running the browser journeys (Playwright driving Chromium)"
node --test --test-concurrency=1 web/tests/ || status=1
log "Lighthouse on the catalog, a product sheet and the help centre (95+ in every category)"
node web/tests/lighthouse.mjs || status=1
log "make smoke against the local stack"
node scripts/smoke.mjs "$WEB_URL" "$CLOUDSTORE_API_URL" || status=1
# Last, because it mutates the stack's data (archives products, edits coupons).
log "contract fuzzing with Schemathesis against openapi/openapi.yaml"
FUZZ_SEED="${FUZZ_SEED:-20261125}" FUZZ_MAX_EXAMPLES="${FUZZ_MAX_EXAMPLES:-10}" bash scripts/contract-fuzz.sh || status=1
log "waiting for the deployed build of every function"
if wait "$deploy_check"; then
  tail -n 1 "$deploy_log" >&2
else
  cat "$deploy_log" >&2
  printf '\033[1;31mxx\033[0m %s\n' "a function does not build as deployed (above)" >&2
  status=1
fi
exit $status
