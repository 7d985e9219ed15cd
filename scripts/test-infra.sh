#!/usr/bin/env bash
# The infrastructure part of `make test`, run by scripts/test.sh while the workspace builds in the
# background (it needs no running stack): the SAM template (cfn-lint through `sam validate --lint`, with the SAM CLI of requirements-dev.txt)
# and the dependency policy (policy/). The deploy rules themselves are tests in devtools/tests/,
# run with the rest by scripts/test.sh. `sam build` is not run here: it takes as long as
# `make package` (see docs/deploy.md); `make build` runs it and checks its output.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
ensure_tools
cd "$ROOT"
log "sam validate --lint (infra/template.yaml, as samconfig.toml names it)"
sam validate --lint
log "the dependency policy"
bash scripts/deps-policy.sh
