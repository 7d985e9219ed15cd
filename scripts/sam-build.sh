#!/usr/bin/env bash
# `make build`: `sam build` from the repository root (samconfig.toml names infra/template.yaml),
# then the check of what it built (devtools/tests/deploy/sam_build.rs): every function's `bootstrap`
# for its template architecture, position-dependent, needing no glibc newer than Lambda's, with the
# template's handler and environment. Arguments go to `sam build`. `make deploy` runs this first.
#
# One dependency build for every function: SAM's Rust builder runs `cargo lambda build` once per
# function, and each run compiles the whole dependency tree again unless they all share one target
# directory. An absolute CARGO_TARGET_DIR (the workspace's own, which `make package` uses too) makes
# every function's build reuse what the first one compiled; the binaries are named after their
# crates, so none overwrites another there (devtools/tests/deploy/template.rs checks the names).
set -euo pipefail
source "$(dirname "$0")/lib.sh"
ensure_tools
ensure_lambda_toolchain
cd "$ROOT"
export CARGO_TARGET_DIR="$TARGET_DIR"
case "$CARGO_TARGET_DIR" in /*) ;; *) die "CARGO_TARGET_DIR must be absolute ($CARGO_TARGET_DIR)";; esac
log "sam build: every function of infra/template.yaml, release, with cargo-lambda, into one target directory ($CARGO_TARGET_DIR)"
start=$(date +%s)
sam build "$@"
log "sam build took $(( $(date +%s) - start ))s; checking the artifacts"
functions=()
for dir in .aws-sam/build/*/; do
  [ -f "$dir/bootstrap" ] && functions+=("$(basename "$dir")")
done
check_deployable .aws-sam/build "${functions[@]}"
SAM_BUILD_REQUIRED=1 cargo test --locked -p cloudstore-dev --test deploy sam_build -- --nocapture
