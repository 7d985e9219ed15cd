#!/usr/bin/env bash
# `make deps-policy` (and part of `make test`): no second copy of a heavy crate beyond
# policy/duplicates-allowed.txt, and only the licences of policy/licenses-allowed.txt, over every
# dependency the workspace resolves for the two Lambda targets. See policy/README.md. Offline
# once the crates are fetched; advisories are `make audit`'s.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
targets=(--target x86_64-unknown-linux-gnu --target aarch64-unknown-linux-gnu)
status=0
echo "==> dependency policy: duplicates of heavy crates (cargo tree -d)"
cargo tree --workspace --locked -d --depth 0 --prefix none -e normal,build,dev "${targets[@]}" --format '{p}' \
  | python3 scripts/deps_policy.py duplicates || status=1
echo "==> dependency policy: licences"
cargo tree --workspace --locked --prefix none -e normal,build,dev "${targets[@]}" --format '{p}|{l}' \
  | python3 scripts/deps_policy.py licences || status=1
[ "$status" = 0 ] && echo "deps-policy: passed"
exit "$status"
