#!/usr/bin/env bash
# `make package`: release builds of every function for the architecture infra/template.yaml gives
# it (arm64/Graviton unless the function says `Architectures: [x86_64]`; `make bench` explains the
# choice), zipped into target/lambda/<function>/bootstrap.zip (what `make bench` sizes; `sam build`
# builds the same crates with the same flags and architectures into the same target directory).
# Cross-compiles with zig (shipped with cargo-lambda's PyPI package); no Docker. The release flags
# come from CargoLambda.toml; every binary is checked (position-dependent, glibc <= 2.34).
set -euo pipefail
source "$(dirname "$0")/lib.sh"
ensure_tools
cd "$ROOT"
release_rustflags
start=$(date +%s)
log "release builds (lto, codegen-units = 1, panic = unwind, strip, not PIE) of every function, zipped"
deployed_build release "$TARGET_DIR/lambda" --output-format zip
log "make package took $(( $(date +%s) - start ))s"
log "zips:"
for zip in "$TARGET_DIR"/lambda/*/bootstrap.zip; do
  printf '  %-22s %8s bytes\n' "$(basename "$(dirname "$zip")")" "$(stat -c %s "$zip")"
done
