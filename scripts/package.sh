#!/usr/bin/env bash
# `make package`: release builds of every function for the architecture infra/template.yaml gives
# it (arm64/Graviton unless the function says `Architectures: [x86_64]`; `make bench` explains the
# choice), zipped into target/lambda/<function>/bootstrap.zip (what `make bench` sizes; `sam build`
# builds its own from the same crates, flags and architectures). Cross-compiles with zig (shipped
# with cargo-lambda's PyPI package); no Docker. The release flags come from CargoLambda.toml.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
ensure_tools
cd "$ROOT"

# The functions whose resource in the template says `Architectures: [x86_64]`.
x86_functions=$(awk '
  function flush() { if (x86 && code != "") print code; x86 = 0; code = "" }
  /^  [A-Za-z0-9]+:$/ { flush() }
  /^      Architectures: \[x86_64\]/ { x86 = 1 }
  /^      CodeUri: \.\.\/functions\// { split($2, p, "/"); code = p[3] }
  END { flush() }
' infra/template.yaml | sort -u)

arm=(); x86=()
for dir in functions/*/; do
  name=$(basename "$dir")
  if grep -qx "$name" <<<"$x86_functions"; then x86+=(--package "$name"); else arm+=(--package "$name"); fi
done
ensure_lambda_toolchain
log "release builds (lto, codegen-units = 1, panic = abort, strip, not PIE): $(( ${#arm[@]} / 2 )) for arm64, $(( ${#x86[@]} / 2 )) for x86_64"
if [ ${#arm[@]} -gt 0 ]; then
  cargo lambda build --release --arm64 --output-format zip "${arm[@]}"
fi
if [ ${#x86[@]} -gt 0 ]; then
  cargo lambda build --release --x86-64 --output-format zip "${x86[@]}"
fi
# ELF type 2 is a position-dependent executable, 3 a PIE (or shared object).
check_not_pie() {
  local triple=$1; shift
  for name in "$@"; do
    [ "$name" = --package ] && continue
    local binary="$TARGET_DIR/$triple/release/$name"
    [ "$(od -An -tx1 -j16 -N1 "$binary" | tr -d ' ')" = 02 ] || die "$binary was linked as PIE: CargoLambda.toml's rustflags did not apply"
  done
}
check_not_pie aarch64-unknown-linux-gnu "${arm[@]}"
check_not_pie x86_64-unknown-linux-gnu "${x86[@]}"
log "zips:"
for zip in "$TARGET_DIR"/lambda/*/bootstrap.zip; do
  printf '  %-22s %8s bytes\n' "$(basename "$(dirname "$zip")")" "$(stat -c %s "$zip")"
done
