#!/usr/bin/env bash
# Contract fuzzing: Schemathesis generates requests from openapi/openapi.yaml (generated from the
# request and response types, `make openapi`), both valid ones and invalid ones (`--mode all`: each
# negative case breaks the schemas in one place), and checks that a running stack answers them as
# documented: no 5xx, only documented status codes and content types, bodies that match the
# response schemas, and every invalid request refused with a 4xx.
#
#   API_URL=http://127.0.0.1:9000 SES_URL=http://127.0.0.1:8005 bash scripts/contract-fuzz.sh
#
# 1. As a company admin, over every operation but POST /logout: a company signs up the way a
#    person would (POST /signup, the activation link read from the SES emulator's GET /store,
#    POST /activation, POST /login), buys something and adds a user, so lists have items.
# 2. As the sales rep, over the rep's cockpit (`sales` operations), when the rep can log in
#    (FUZZ_SALES_REP_EMAIL / FUZZ_SALES_REP_PASSWORD, by default the rep `make dev` seeds;
#    FUZZ_SALES_REP=0 skips this pass).
# 3. As the operator, over the catalog (media included), coupon, help and operator operations, when the operator can log
#    in (FUZZ_OPERATOR_EMAIL / FUZZ_OPERATOR_PASSWORD, by default the account `make dev` seeds;
#    FUZZ_OPERATOR=0 skips this pass). Last: it may disable staff.
#
# Optional: FUZZ_MAX_EXAMPLES (per operation and phase, default 50), FUZZ_SEED, FUZZ_WORKERS
# (default 1: with two, hypothesis' `ast.parse` of its filters raced in CPython 3.11.7 and a run
# ended in "SystemError: AST constructor recursion depth mismatch", a crash of the tool, not a
# finding), FUZZ_REPORT_DIR (reports there, in the FUZZ_REPORT formats, default junit,har; the
# HAR files hold every request and response, tokens included).
# Exits non-zero when a check fails; its last line sums the run up. It mutates the stack's data
# (fuzzed deletes, archived products, new coupons...): point it at a local, throw-away stack.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/.venv-fuzz"
SPEC="$ROOT/openapi/openapi.yaml"
: "${API_URL:?set API_URL to the API base URL, e.g. http://127.0.0.1:9000}"
: "${SES_URL:?set SES_URL to the SES emulator URL, e.g. http://127.0.0.1:8005}"
export API_URL="${API_URL%/}" SES_URL="${SES_URL%/}"
MAX_EXAMPLES="${FUZZ_MAX_EXAMPLES:-50}"
WORKERS="${FUZZ_WORKERS:-1}"
SEED="${FUZZ_SEED:-$RANDOM$RANDOM}"
OPERATOR_EMAIL="${FUZZ_OPERATOR_EMAIL:-operator@cloudstore.test}"
OPERATOR_PASSWORD="${FUZZ_OPERATOR_PASSWORD:-CloudStore-Local-1}"
SALES_REP_EMAIL="${FUZZ_SALES_REP_EMAIL:-ventas@cloudstore.test}"
SALES_REP_PASSWORD="${FUZZ_SALES_REP_PASSWORD:-CloudStore-Local-1}"

log() { printf '\033[1;34m==>\033[0m %s\n' "$*" >&2; }
die() { printf '\033[1;31mxx\033[0m %s\n' "$*" >&2; echo "contract-fuzz: ERROR: $*"; exit 2; }

# --- tools -------------------------------------------------------------------------------------
pinned() { grep -E '^schemathesis==' "$ROOT/requirements-fuzz.txt" | cut -d= -f3; }
installed() { "$VENV/bin/schemathesis" --version 2>/dev/null | grep -oE '[0-9]+\.[0-9]+\.[0-9]+' || true; }
if [ ! -x "$VENV/bin/schemathesis" ] || [ ! -x "$VENV/bin/openapi-spec-validator" ] || [ "$(installed)" != "$(pinned)" ]; then
  log "installing requirements-fuzz.txt into .venv-fuzz"
  python3 -m venv "$VENV" || die "python3 -m venv failed"
  "$VENV/bin/pip" install --quiet --disable-pip-version-check -r "$ROOT/requirements-fuzz.txt" || die "pip install failed"
fi

log "validating openapi/openapi.yaml as OpenAPI 3.1"
"$VENV/bin/openapi-spec-validator" "$SPEC" >/dev/null || die "openapi/openapi.yaml is not a valid OpenAPI 3.1 document"

# Schemathesis runs in a scratch directory: its cache, Hypothesis' files and the helpers below
# stay out of the checkout.
WORK="$(mktemp -d "${TMPDIR:-/tmp}/contract-fuzz.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT

# --- sessions ----------------------------------------------------------------------------------
cat >"$WORK/sessions.py" <<'PY'
"""`admin`: signs a company up and activates its admin from the emailed link, then logs in and
adds a little data; `login EMAIL PASSWORD`: logs in. Prints `access_token user_id company_id`."""
import json, os, re, sys, time, uuid, urllib.error, urllib.request

API, SES = os.environ["API_URL"], os.environ["SES_URL"]


def call(method, path, body=None, token=None, headers=None, base=API):
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(base + path, data=data, method=method)
    req.add_header("Accept", "application/json")
    if data is not None:
        req.add_header("Content-Type", "application/json")
    if token:
        req.add_header("Authorization", f"Bearer {token}")
    for name, value in (headers or {}).items():
        req.add_header(name, value)
    try:
        with urllib.request.urlopen(req, timeout=30) as resp:
            raw = resp.read()
            return resp.status, (json.loads(raw) if raw else None)
    except urllib.error.HTTPError as err:
        return err.code, err.read().decode(errors="replace")
    except urllib.error.URLError as err:
        sys.exit(f"{method} {base}{path}: {err.reason}")


def need(what, answer, expected):
    status, body = answer
    if status != expected:
        sys.exit(f"{what}: expected {expected}, got {status}: {body}")
    return body


def activation_token(email):
    for _ in range(80):
        status, store = call("GET", "/store", base=SES)
        if status == 200:
            for mail in reversed(store.get("emails", [])):
                if email in mail.get("destination", {}).get("to", []):
                    found = re.search(r"[?&]token=([A-Za-z0-9_-]+)", (mail.get("body") or {}).get("text") or "")
                    if found:
                        return found.group(1)
        time.sleep(0.25)
    sys.exit(f"no activation email with a token reached {SES}/store for {email}")


def admin():
    email = f"fuzz-{uuid.uuid4().hex[:12]}@cloudstore.test"
    password = "correct horse battery staple"
    need("POST /signup", call("POST", "/signup", {
        "company": {"name": "Fuzz SA", "tax_id": "30-12345678-1"},
        "admin": {"name": "Fuzz Admin", "email": email},
    }), 202)
    token = activation_token(email)
    need("POST /activation", call("POST", "/activation",
         {"token": token, "password": password, "password_confirmation": password}), 200)
    session = need("POST /login", call("POST", "/login", {"email": email, "password": password}), 200)
    access = session["access_token"]
    # A little data, so that lists, the audit trail and licences have items whose schemas get checked.
    call("POST", "/users", {"name": "Fuzz User", "email": f"user-{email}", "role": "user"}, access)
    status, products = call("GET", "/products?limit=2")
    items = [{"product_id": p["id"], "plan_id": p["plans"][0]["id"], "seats": 2}
             for p in (products["items"] if status == 200 else []) if p["plans"]]
    if items:
        status, order = call("POST", "/orders", {"items": items}, access, {"Idempotency-Key": uuid.uuid4().hex})
        if status == 201:
            call("POST", f"/subscriptions/{order['subscription_ids'][0]}/licences", {"user_id": session["user"]["id"]}, access)
        else:
            print(f"note: the seeding order was refused: {status} {str(order)[:200]}", file=sys.stderr)
    return session


def login(email, password):
    status, body = call("POST", "/login", {"email": email, "password": password})
    if status != 200:
        print(f"note: {email} cannot log in ({status}): {str(body)[:200]}", file=sys.stderr)
        sys.exit(3)
    return body


session = admin() if sys.argv[1] == "admin" else login(sys.argv[2], sys.argv[3])
print(session["access_token"], session["user"]["id"], session["user"]["company_id"])
PY

# --- hooks -------------------------------------------------------------------------------------
cat >"$WORK/contract_fuzz_hooks.py" <<'PY'
"""Keeps the run about the API, not about its own session or the local emulator. Requests are
adjusted just before they are sent, so every phase (examples too) goes through here."""
import os

import requests
import schemathesis
from schemathesis.core.transport import Response

OWN_ID = os.environ["FUZZ_OWN_ID"]
# A well-formed id that names nothing.
NOBODY = "00000000000000000000000000"
# The body `cargo lambda watch` answers with, as text/plain, when it fails itself; the API's own
# 500s are problem documents of type https://cloudstore.dev/problems/internal_error.
EMULATOR_500 = b'{"type":"https://httpstatuses.com/500"'
RETRIES_LOG = os.environ["FUZZ_RETRIES_LOG"]


@schemathesis.hook
def before_call(context, case, kwargs):
    # The run's own user (Schemathesis reuses ids it saw in responses): a fuzzed change of their
    # email, a password-change request or a delete (once fuzzing made a second admin) would end
    # the session the whole run uses. Reading them is fine.
    if case.method.upper() != "GET" and case.path_parameters:
        for name, value in case.path_parameters.items():
            if value == OWN_ID:
                case.path_parameters[name] = NOBODY
    # `cargo lambda watch` answers 500 text/plain by itself, without calling any function, when a
    # text body or a header value is not UTF-8 (API Gateway passes such requests on): garbage is
    # sent as UTF-8 garbage. A str header value goes out Latin-1 encoded, so past ASCII it is not UTF-8.
    if isinstance(case.body, (bytes, bytearray)):
        case.body = case.body.decode("utf-8", "replace").encode("utf-8")
    if case.headers:
        for name, value in case.headers.items():
            if isinstance(value, str) and not value.isascii():
                case.headers[name] = value.encode("ascii", "backslashreplace").decode("ascii")


@schemathesis.hook
def after_call(context, case, response):
    # `cargo lambda watch` now and then loses a large answer (over about 32 KB, e.g. a long
    # GET /products) and says 500 itself. Such a request is sent again, up to three times, and
    # counted; the API's own 500s are never retried.
    for _ in range(3):
        if response.status_code != 500 or not response.content.startswith(EMULATOR_500):
            return
        with open(RETRIES_LOG, "a") as log:
            log.write(f"{case.method} {case.formatted_path}\n")
        with requests.Session() as session:
            again = Response.from_requests(session.send(response.request, timeout=30), verify=response.verify)
        for slot in Response.__slots__:
            if hasattr(again, slot):
                setattr(response, slot, getattr(again, slot))
            elif hasattr(response, slot):
                delattr(response, slot)  # e.g. the body parsed from the lost answer
PY

# --- the passes --------------------------------------------------------------------------------
SUMMARY=()
FAILED=0

# fuzz NAME TOKEN OWN_ID [schemathesis options...]
fuzz() {
  local name=$1 token=$2 own=$3 status cases
  shift 3
  local report=()
  if [ -n "${FUZZ_REPORT_DIR:-}" ]; then
    mkdir -p "$FUZZ_REPORT_DIR/$name"
    report=(--report "${FUZZ_REPORT:-junit,har}" --report-dir "$(cd "$FUZZ_REPORT_DIR/$name" && pwd)" --output-sanitize false)
  fi
  log "fuzzing $API_URL as $name (seed $SEED, $MAX_EXAMPLES examples per operation, $WORKERS workers)"
  set +e
  (
    cd "$WORK" && FUZZ_OWN_ID="$own" FUZZ_RETRIES_LOG="$WORK/retries-$name.log" PYTHONPATH="$WORK" "$VENV/bin/schemathesis" --config-file "$WORK/schemathesis.toml" \
      run "$SPEC" \
      --url "$API_URL" \
      --header "Authorization: Bearer $token" \
      --checks not_a_server_error,status_code_conformance,response_schema_conformance,content_type_conformance,negative_data_rejection \
      --mode all \
      --phases examples,coverage,fuzzing \
      --max-examples "$MAX_EXAMPLES" \
      --workers "$WORKERS" \
      --seed "$SEED" \
      --generation-database none \
      --request-timeout 30 \
      --no-color \
      "${report[@]}" "$@"
  ) 2>&1 | tee "$WORK/$name.log"
  status=${PIPESTATUS[0]}
  set -e
  cases=$(grep -E '^ +[0-9]+ generated' "$WORK/$name.log" | tail -n 1 | sed -E 's/^ +//')
  local retried=0
  [ -f "$WORK/retries-$name.log" ] && retried=$(wc -l <"$WORK/retries-$name.log")
  SUMMARY+=("$name: ${cases:-no test cases}$([ "$retried" -eq 0 ] || echo ", $retried local-emulator 500s retried")")
  [ "$status" -eq 0 ] || FAILED=1
}

cat >"$WORK/schemathesis.toml" <<'TOML'
hooks = "contract_fuzz_hooks"
[cache]
enabled = false
TOML

log "signing a company up and activating its admin through the emailed link"
read -r ADMIN_TOKEN ADMIN_ID COMPANY_ID < <("$VENV/bin/python" "$WORK/sessions.py" admin) || true
[ -n "${ADMIN_TOKEN:-}" ] && [ -n "${COMPANY_ID:-}" ] || die "could not obtain an admin session (see above)"

# POST /logout is left out: a fuzzed logout ends the very session the run authenticates with.
# Stateful (link) testing is off: slow on two cores, and the response-fed phases reach real ids.
fuzz admin "$ADMIN_TOKEN" "$ADMIN_ID" --exclude-path /logout

if [ "${FUZZ_SALES_REP:-1}" != 0 ]; then
  if read -r REP_TOKEN REP_ID _ < <("$VENV/bin/python" "$WORK/sessions.py" login "$SALES_REP_EMAIL" "$SALES_REP_PASSWORD") && [ -n "${REP_TOKEN:-}" ]; then
    fuzz sales_rep "$REP_TOKEN" "$REP_ID" --include-tag sales
  else
    SUMMARY+=("sales_rep: skipped, $SALES_REP_EMAIL could not log in")
  fi
fi

if [ "${FUZZ_OPERATOR:-1}" != 0 ]; then
  if read -r OP_TOKEN OP_ID _ < <("$VENV/bin/python" "$WORK/sessions.py" login "$OPERATOR_EMAIL" "$OPERATOR_PASSWORD") && [ -n "${OP_TOKEN:-}" ]; then
    # The operator's company-level operations aim at the company signed up above.
    cat >>"$WORK/schemathesis.toml" <<TOML
[[operations]]
include-path-regex = "^/operator/companies/"
parameters = { company_id = "$COMPANY_ID" }
TOML
    fuzz operator "$OP_TOKEN" "$OP_ID" --include-tag operator --include-tag catalog --include-tag coupons --include-tag help
  else
    SUMMARY+=("operator: skipped, $OPERATOR_EMAIL could not log in")
  fi
fi

summary="$(IFS=';'; echo "${SUMMARY[*]}" | sed 's/;/; /g')"
if [ "$FAILED" -eq 0 ]; then
  echo "contract-fuzz: PASSED ($summary; seed $SEED)"
else
  echo "contract-fuzz: FAILED ($summary; seed $SEED): the failures are listed above"
fi
exit "$FAILED"
