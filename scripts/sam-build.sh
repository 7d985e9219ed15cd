#!/usr/bin/env bash
# `make build`: `sam build` from the repository root (samconfig.toml names infra/template.yaml),
# then the check of what it built (devtools/tests/deploy/sam_build.rs): every function's `bootstrap`
# for its template architecture, position-dependent, needing no glibc newer than Lambda's, with the
# template's handler and environment. Arguments go to `sam build`. `make deploy` runs this first.
#
# One build for every function: each function's `BuildMethod: makefile` runs the root Makefile's
# build-<LogicalId> (scripts/sam-function.sh); the first one builds every function at once with
# cargo-lambda into the workspace's absolute target directory, the same command `make package`
# runs, and marks SAM_SHARED_BUILD; the others copy their binary. So `make build` costs about what
# `make package` costs (docs/deploy.md, "How long it takes").
set -euo pipefail
source "$(dirname "$0")/lib.sh"
ensure_tools
ensure_lambda_toolchain
cd "$ROOT"
export CARGO_TARGET_DIR="$TARGET_DIR"
case "$CARGO_TARGET_DIR" in /*) ;; *) die "CARGO_TARGET_DIR must be absolute ($CARGO_TARGET_DIR)";; esac
log "sam build: every function of infra/template.yaml, release, with cargo-lambda, into one target directory ($CARGO_TARGET_DIR)"
SAM_SHARED_BUILD=$(mktemp); export SAM_SHARED_BUILD
trap 'rm -f "$SAM_SHARED_BUILD"' EXIT
start=$(date +%s)
sam build "$@"
log "sam build took $(( $(date +%s) - start ))s; checking the artifacts"
functions=()
for dir in .aws-sam/build/*/; do
  [ -f "$dir/bootstrap" ] && functions+=("$(basename "$dir")")
done
check_deployable .aws-sam/build "${functions[@]}"
SAM_BUILD_REQUIRED=1 cargo test --locked -p cloudstore-dev --test deploy sam_build -- --nocapture
