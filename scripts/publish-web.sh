#!/usr/bin/env bash
# `make publish-web` (ENV=dev|prod): the control panel for a deployed stack. Builds target/web —
# web/ without its local server, tests and packages, a config.js that points at the stack's API,
# and the OpenAPI document — and syncs it to the stack's bucket (served by its CloudFront
# distribution, output WebUrl). API_URL skips the stack look-up; DRY_RUN=1 stops after the build.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
STACK="${STACK:-cloudstore-${ENV:-dev}}"
OUT="${OUT:-$ROOT/target/web}"
output() { aws cloudformation describe-stacks --stack-name "$STACK" --query "Stacks[0].Outputs[?OutputKey=='$1'].OutputValue" --output text; }

API_URL="${API_URL:-$(output ApiUrl)}"
case "$API_URL" in https://*|http://*) ;; *) echo "no API URL for stack $STACK (got '$API_URL')" >&2; exit 1 ;; esac

rm -rf "$OUT"
mkdir -p "$OUT"
cp -R "$ROOT"/web/index.html "$ROOT"/web/app.css "$ROOT"/web/favicon.svg "$ROOT"/web/robots.txt "$ROOT"/web/js "$OUT"/
cp "$ROOT"/openapi/openapi.yaml "$OUT"/openapi.yaml
printf 'window.CLOUDSTORE_CONFIG = Object.freeze({ apiBaseUrl: %s });\n' \
  "$(python3 -c 'import json, sys; print(json.dumps(sys.argv[1].rstrip("/")))' "$API_URL")" > "$OUT"/config.js
echo "control panel for $API_URL in $OUT"
[ -z "${DRY_RUN:-}" ] || exit 0

BUCKET="$(output WebBucketName)"
aws s3 sync "$OUT" "s3://$BUCKET" --delete
echo "published to s3://$BUCKET ($(output WebUrl))"
