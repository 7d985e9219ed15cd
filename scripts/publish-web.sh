#!/usr/bin/env bash
# `make publish-web` (ENV=default|prod, the samconfig.toml environment): the control panel for a
# deployed stack. Builds target/web and uploads what changed to the stack's bucket, then asks
# CloudFront to drop the old copies of what changed.
#
# - The stylesheet, the icon and the modules go under assets/<version>/, <version> a hash of their
#   content, with `Cache-Control: public, max-age=31536000, immutable`; index.html points at them.
#   Earlier versions stay in the bucket, so a tab still holding an older index.html keeps loading
#   the matching modules (no mixed panel).
# - index.html, config.js and openapi.yaml are `Cache-Control: no-cache`: browsers and CloudFront
#   revalidate them, so a new version shows at the next load.
# - config.js points the panel at `/api`, the API on the panel's own origin (CloudFront forwards
#   it; the stack's CSP allows no other). API_URL=https://… builds a panel for another origin
#   instead, to be served by another server (with DRY_RUN=1; see docs/deploy.md, "One origin").
#
# STACK names the stack (default: samconfig.toml's stack_name for ENV); DRY_RUN=1 stops after the
# build; OUT changes where it builds.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
ENV="${ENV:-default}"
[ "$ENV" = dev ] && ENV=default   # the dev stack is samconfig.toml's default environment
OUT="${OUT:-$ROOT/target/web}"
die() { echo "publish-web: $*" >&2; exit 1; }

API_URL="${API_URL:-/api}"
case "$API_URL" in https://*|http://*|/*) ;; *) die "API_URL must be a URL or an absolute path, not '$API_URL'" ;; esac

# --- the build ----------------------------------------------------------------------------------
rm -rf "$OUT"
mkdir -p "$OUT"
# The version: a hash of every asset's path and content, so any change gives new URLs.
VERSION=$(cd "$ROOT/web" && find app.css favicon.svg js -type f | LC_ALL=C sort | xargs sha256sum | sha256sum | cut -c1-12)
ASSETS="assets/$VERSION"
mkdir -p "$OUT/$ASSETS"
cp -R "$ROOT"/web/app.css "$ROOT"/web/favicon.svg "$ROOT"/web/js "$OUT/$ASSETS"/
# The modules import each other by relative paths, so they work from any directory; only the
# shell's own references (the icon, the stylesheet, the entry module and the modulepreload links)
# are absolute.
sed -e "s#href=\"/favicon.svg\"#href=\"/$ASSETS/favicon.svg\"#" \
    -e "s#href=\"/app.css\"#href=\"/$ASSETS/app.css\"#" \
    -e "s#src=\"/js/app.js\"#src=\"/$ASSETS/js/app.js\"#" \
    -e "s#href=\"/js/#href=\"/$ASSETS/js/#g" \
    "$ROOT/web/index.html" > "$OUT/index.html"
for ref in "/$ASSETS/favicon.svg" "/$ASSETS/app.css" "/$ASSETS/js/app.js"; do
  grep -q "\"$ref\"" "$OUT/index.html" || die "web/index.html no longer references ${ref#/"$ASSETS"}; update this script"
done
# The modulepreload links too: an unversioned /js/… is not in the bucket (CloudFront would answer
# the panel's index.html for it).
! grep -q '"/js/' "$OUT/index.html" || die "index.html still names an unversioned /js/ module"
# Crawlers read it at the root; it names no asset, so it is not versioned.
cp "$ROOT"/web/robots.txt "$OUT"/
cp "$ROOT"/openapi/openapi.yaml "$OUT"/openapi.yaml
printf 'window.CLOUDSTORE_CONFIG = Object.freeze({ apiBaseUrl: %s });\n' \
  "$(python3 -c 'import json, sys; print(json.dumps(sys.argv[1].rstrip("/")).replace("<", "\\u003c"))' "$API_URL")" > "$OUT"/config.js
echo "control panel $VERSION for the API at $API_URL in $OUT"
[ -z "${DRY_RUN:-}" ] || exit 0

# --- the upload ---------------------------------------------------------------------------------
command -v aws >/dev/null || die "the AWS CLI is needed to publish"
if [ -z "${STACK:-}" ]; then
  STACK=$(python3 - "$ROOT/samconfig.toml" "$ENV" <<'PY'
import sys, tomllib
config = tomllib.load(open(sys.argv[1], "rb"))[sys.argv[2]]
print(config.get("deploy", {}).get("parameters", {}).get("stack_name")
      or config["global"]["parameters"]["stack_name"])
PY
  ) || die "no stack_name for environment '$ENV' in samconfig.toml"
fi
output() { aws cloudformation describe-stacks --stack-name "$STACK" --query "Stacks[0].Outputs[?OutputKey=='$1'].OutputValue" --output text; }
BUCKET="$(output WebBucketName)"
DISTRIBUTION="$(output WebDistributionId)"
[ -n "$BUCKET" ] && [ "$BUCKET" != None ] || die "stack $STACK has no WebBucketName output"

content_type() {
  case "$1" in
    *.html) echo 'text/html; charset=utf-8' ;;
    *.js) echo 'text/javascript; charset=utf-8' ;;
    *.css) echo 'text/css; charset=utf-8' ;;
    *.svg) echo 'image/svg+xml' ;;
    *.yaml) echo 'application/yaml; charset=utf-8' ;;
    *.json) echo 'application/json; charset=utf-8' ;;
    *.png) echo 'image/png' ;;
    *.txt) echo 'text/plain; charset=utf-8' ;;
    *) echo 'application/octet-stream' ;;
  esac
}

# What the bucket holds: key and MD5 (the ETag of a single-part, SSE-S3 upload).
REMOTE="$(mktemp)"
trap 'rm -f "$REMOTE"' EXIT
aws s3api list-objects-v2 --bucket "$BUCKET" --output json \
  | python3 -c 'import json, sys; [print(o["Key"], o["ETag"].strip("\"")) for o in (json.load(sys.stdin) or {}).get("Contents", [])]' \
  > "$REMOTE"

changed=()
while IFS= read -r -d '' file; do
  key="${file#"$OUT"/}"
  if [ "$(awk -v k="$key" '$1 == k { print $2 }' "$REMOTE")" = "$(md5sum "$file" | cut -d' ' -f1)" ]; then
    continue
  fi
  case "$key" in
    assets/*) cache='public, max-age=31536000, immutable' ;;
    *) cache='no-cache'; changed+=("/$key") ;;
  esac
  aws s3 cp --only-show-errors "$file" "s3://$BUCKET/$key" --cache-control "$cache" --content-type "$(content_type "$key")"
  echo "uploaded $key ($cache)"
done < <(find "$OUT" -type f -print0)

# Files the panel no longer has (never the asset versions, which open tabs may still load).
while read -r key _; do
  case "$key" in assets/*) continue ;; esac
  [ -e "$OUT/$key" ] && continue
  aws s3 rm --only-show-errors "s3://$BUCKET/$key"
  changed+=("/$key")
  echo "removed $key"
done < "$REMOTE"

# Every page of the panel is /index.html in CloudFront's cache (its viewer-request function maps
# extensionless paths there), so these few paths are all there is to invalidate.
if [ ${#changed[@]} -gt 0 ] && [ -n "$DISTRIBUTION" ] && [ "$DISTRIBUTION" != None ]; then
  id=$(aws cloudfront create-invalidation --distribution-id "$DISTRIBUTION" --paths "${changed[@]}" --query Invalidation.Id --output text)
  echo "invalidation $id: ${changed[*]}"
else
  echo "nothing changed outside assets/$VERSION; no invalidation"
fi
echo "published $VERSION to s3://$BUCKET ($(output WebUrl))"
