# Cloud Store. `make dev` runs the local stack; `make test` runs every test against it.
.PHONY: dev test lint lighthouse openapi deps-policy audit package build deploy publish-web smoke bench

dev: ## Start the local stack with seeded demo data (Ctrl-C stops it)
	@bash scripts/dev.sh

test: ## Install what is missing, check the template and the dependencies, start the stack, run every test, stop it all
	@bash scripts/test.sh

lighthouse: ## Lighthouse on the catalog, a product sheet and the help centre of a running `make dev`
	@bash -c 'source scripts/lib.sh && ensure_browser && node web/tests/lighthouse.mjs'

openapi: ## Regenerate openapi/openapi.yaml from the request and response types and the route table
	cargo run --quiet --package cloudstore-dev -- openapi

lint: ## Formatting, clippy and the template lint
	cargo fmt --all --check
	cargo clippy --workspace --all-targets -- -D warnings
	.venv/bin/cfn-lint infra/template.yaml

deps-policy: ## No second copy of a heavy crate, only allowed licences (policy/)
	@bash scripts/deps-policy.sh

audit: ## RustSec advisories with cargo-audit (needs to reach GitHub for the advisory database)
	@bash scripts/audit.sh

package: ## Release zips of every function for its template architecture (target/lambda/<fn>/bootstrap.zip)
	@bash scripts/package.sh

build: ## sam build: every function for its architecture into .aws-sam/build, then checks what was built
	@bash scripts/sam-build.sh

# What `sam build` runs for each function of infra/template.yaml (BuildMethod: makefile), with
# ARTIFACTS_DIR set: one shared cargo-lambda build of every function, then this one's binary.
build-%:
	@bash scripts/sam-function.sh $*

# `make deploy` is `sam build` then `sam deploy` from the repository root, with the samconfig.toml
# environment ENV (default: the dev stack; ENV=prod for production). The first time, add
# DEPLOY_FLAGS=--guided. Needs AWS credentials.
ENV ?= default
SAM_ENV = $(if $(filter dev,$(ENV)),default,$(ENV))
deploy: build ## sam build, then sam deploy --config-env $(ENV)
	@PATH="$(CURDIR)/.venv/bin:$$PATH" SAM_CLI_TELEMETRY=0 sam deploy --config-env $(SAM_ENV) $(DEPLOY_FLAGS)

publish-web: ## The control panel to the deployed stack's bucket, with its cache headers and invalidations
	@ENV=$(SAM_ENV) bash scripts/publish-web.sh

# URL: the store (the stack's WebUrl output); its API is URL/api unless API_URL says otherwise.
smoke: ## Read-only checks of a running store: make smoke URL=https://… (panel, headers, catalog, help, API errors)
	@node scripts/smoke.mjs "$(URL)" "$(API_URL)"

bench: ## Measure cold starts, round trips, argon2, sizes and cost into docs/benchmarks.md
	@bash scripts/bench.sh
