#!/usr/bin/env bash
# `make audit`: the RustSec advisories against Cargo.lock with cargo-audit, which it installs into
# .tools/ (compiled from crates.io, a few minutes the first time). The advisory database is cloned
# from GitHub, which this project's CI cannot reach: that is why this is not part of `make test`
# (policy/README.md). Run it where GitHub is reachable, e.g. before a release; it fails on any
# vulnerability and on unsound or yanked crates. CARGO_AUDIT_ARGS adds options (e.g. --ignore ID).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
VERSION=0.22.2
TOOLS="$ROOT/.tools"
if [ "$("$TOOLS/bin/cargo-audit" --version 2>/dev/null)" != "cargo-audit-audit $VERSION" ] \
  && [ "$("$TOOLS/bin/cargo-audit" --version 2>/dev/null)" != "cargo-audit $VERSION" ]; then
  echo "==> installing cargo-audit $VERSION into .tools (from crates.io)"
  cargo install --locked --quiet --root "$TOOLS" --version "$VERSION" cargo-audit
fi
cd "$ROOT"
echo "==> cargo audit (the advisory database comes from github.com/rustsec/advisory-db)"
# shellcheck disable=SC2086
"$TOOLS/bin/cargo-audit" audit --deny unsound --deny yanked ${CARGO_AUDIT_ARGS:-}
