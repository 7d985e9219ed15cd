#!/usr/bin/env bash
# `make package`: release builds of every function for Lambda's arm64 (Graviton) runtime, zipped
# where infra/template.yaml expects them (target/lambda/<function>/bootstrap.zip). Cross-compiles
# with zig (shipped with cargo-lambda's PyPI package) — no Docker.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
ensure_tools
cd "$ROOT"
rustup target list --installed 2>/dev/null | grep -q aarch64-unknown-linux-gnu || rustup target add aarch64-unknown-linux-gnu
packages=()
for dir in functions/*/; do packages+=(--package "$(basename "$dir")"); done
log "building $(( ${#packages[@]} / 2 )) functions for arm64 (release: lto, codegen-units = 1, panic = abort, strip)"
cargo lambda build --release --arm64 --output-format zip "${packages[@]}"
log "zips (the template's CodeUri):"
for zip in "$TARGET_DIR"/lambda/*/bootstrap.zip; do
  printf '  %-22s %8s bytes\n' "$(basename "$(dirname "$zip")")" "$(stat -c %s "$zip")"
done
