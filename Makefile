# Cloud Store. `make dev` runs the local stack; `make test` runs every test against it.
.PHONY: dev test lint lighthouse package deploy publish-web bench

dev: ## Start the local stack with seeded demo data (Ctrl-C stops it)
	@bash scripts/dev.sh

test: ## Install what is missing, start the stack, run every test, stop it all
	@bash scripts/test.sh

lighthouse: ## Lighthouse on the catalog, a product sheet and the help centre of a running `make dev`
	@bash -c 'source scripts/lib.sh && ensure_browser && node web/tests/lighthouse.mjs'

lint: ## Formatting, clippy and the template lint
	cargo fmt --all --check
	cargo clippy --workspace --all-targets -- -D warnings
	.venv/bin/cfn-lint infra/template.yaml

package: ## Release zips of every function for its template architecture (target/lambda/<fn>/bootstrap.zip)
	@bash scripts/package.sh

ENV ?= dev
deploy: package ## sam deploy --config-env $(ENV) (needs the AWS SAM CLI and credentials)
	sam deploy --config-env $(ENV)

publish-web: ## The control panel to the deployed stack's bucket, config.js pointing at its API
	@ENV=$(ENV) bash scripts/publish-web.sh

bench: ## Measure cold starts, round trips, argon2, sizes and cost into docs/benchmarks.md
	@bash scripts/bench.sh
