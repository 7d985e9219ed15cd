#!/usr/bin/env bash
# `make bench`: release builds, then cold starts, per-operation round trips and capacity, argon2
# against libsodium and the reference C implementation, package sizes and cost, written to
# docs/benchmarks.md. Needs the same tools as `make test`; installs pynacl and Debian's argon2.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
trap stop_all EXIT INT TERM
ensure_tools
cd "$ROOT"
mkdir -p target/bench
# The arm64 zips `make package` left (in the default target dir unless ZIP_DIR says otherwise).
ZIP_DIR="${ZIP_DIR:-$TARGET_DIR/lambda}"

functions=()
for dir in functions/*/; do functions+=(--package "$(basename "$dir")"); done
log "release builds of the functions and the hello-world floor (the deployed profile and flags)"
HOST=$(rustc -vV | sed -n 's/^host: //p')
# In a subshell: the driver below is a host build, where those flags would reach proc macros.
(release_rustflags && cargo build --release --target "$HOST" --bins "${functions[@]}" --package cloudstore-bench-probes)
RELEASE_DIR="$TARGET_DIR/$HOST/release"
log "the benchmark driver"
cargo build --profile bench-tool --package cloudstore-bench --bin cloudstore-bench

log "argon2: the functions' own calls, libsodium and the reference implementation"
"$VENV/bin/pip" install --quiet --disable-pip-version-check -r requirements-bench.txt
if ! command -v argon2 >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
  (apt-get install -y -qq argon2 >/dev/null 2>&1 || (apt-get update -qq && apt-get install -y -qq argon2 >/dev/null)) || log "Debian's argon2 is not available; skipped"
fi
"$VENV/bin/python" scripts/bench_argon2.py "$RELEASE_DIR"/argon2-timer > target/bench/argon2.json

# The seeded demo catalog puts its media in the local S3, as `make test` does.
DDB_PORT=$(free_port); SES_PORT=$(free_port); S3_PORT=$(free_port); export DDB_PORT SES_PORT S3_PORT
start_dynamodb
start_ses
start_s3
local_aws_env
rm -f target/bench/zip-sizes.txt
if ls "$ZIP_DIR"/*/bootstrap.zip >/dev/null 2>&1; then
  for zip in "$ZIP_DIR"/*/bootstrap.zip; do
    echo "$(basename "$(dirname "$zip")") $(stat -c %s "$zip")" >> target/bench/zip-sizes.txt
  done
else
  log "no zips: run \`make package\` first to include package sizes"
fi
log "measuring (BENCH_RUNS=${BENCH_RUNS:-25})"
BENCH_BIN_DIR="$RELEASE_DIR" "$TARGET_DIR"/bench-tool/cloudstore-bench
log "report: docs/benchmarks.md"
