#!/usr/bin/env bash
# What `sam build` runs for each function (the template's `BuildMethod: makefile`, target
# `build-<LogicalId>` of the root Makefile): one `cargo lambda build` of every function for its
# template architecture with the deployed flags (deployed_build, what `make package` runs too),
# then this function's binary copied into SAM's ARTIFACTS_DIR.
#
# Why not SAM's own rust-cargolambda builder: it runs one `cargo lambda build --bin <name>` per
# function, one after another, so the fat-LTO links run one at a time and a crate whose features
# differ from the others' (catalog's media, setup's first content) recompiles the library for
# itself. One build of all functions links two at a time and unifies features once.
#
# Under `make build`, SAM_SHARED_BUILD names a file that marks the shared build done, so later
# functions only copy; a bare `sam build` re-runs cargo for each, a no-op after the first.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
logical_id=${1:?usage: sam-function.sh LOGICAL_ID (run by sam build through the root Makefile)}
: "${ARTIFACTS_DIR:?ARTIFACTS_DIR is set by sam build}"
krate=$(template_functions | awk -v id="$logical_id" '$1 == id { print $2; exit }')
[ -n "$krate" ] || die "$logical_id: no CodeUri ../functions/<crate> in infra/template.yaml"
export PATH="$VENV/bin:$PATH"
cd "$ROOT"
if [ -z "${SAM_SHARED_BUILD:-}" ] || [ ! -s "$SAM_SHARED_BUILD" ]; then
  release_rustflags
  deployed_build release "$TARGET_DIR/lambda-sam" 2>&1
  [ -z "${SAM_SHARED_BUILD:-}" ] || echo built >"$SAM_SHARED_BUILD"
fi
cp "$TARGET_DIR/lambda-sam/$krate/bootstrap" "$ARTIFACTS_DIR/bootstrap"
