#!/usr/bin/env bash
# `make build`: `sam build` from the repository root (samconfig.toml names infra/template.yaml),
# then the check of what it built (devtools/tests/deploy/sam_build.rs): every function's `bootstrap`
# for its template architecture, position-dependent, with the template's handler and environment.
# Arguments go to `sam build`. `make deploy` runs this first.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
ensure_tools
ensure_lambda_toolchain
cd "$ROOT"
log "sam build: every function of infra/template.yaml, release, with cargo-lambda"
start=$(date +%s)
sam build "$@"
log "sam build took $(( $(date +%s) - start ))s; checking the artifacts"
SAM_BUILD_REQUIRED=1 cargo test --locked -p cloudstore-dev --test deploy sam_build -- --nocapture
