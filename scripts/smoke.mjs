#!/usr/bin/env node
// `make smoke URL=https://…`: a read-only walk of a running store (deployed, or the local stack of
// `make dev` / `make test`). It only sends GET and HEAD, each bounded by 10 s, and follows no
// redirect except for product icons (hosted anywhere). Every check prints one line, `ok …` or
// `FAIL …` with what was expected and what came back; the exit status is 1 if any check failed.
//
//   node scripts/smoke.mjs <store URL> [<API base URL>]     (or API_URL=… in the environment)
//
// The API base defaults to <store URL>/api, the stack's one origin (CloudFront strips /api).
// Locally web/serve.mjs does not proxy /api: pass the API's own address (cargo lambda watch).
//
// What it checks:
//  1. GET /: 200 text/html holding the panel's shell, with its security headers: a CSP with
//     default-src 'self' and frame-ancestors 'none', X-Content-Type-Options nosniff, a
//     Referrer-Policy, X-Frame-Options DENY (or the CSP's frame-ancestors 'none'), and, on https
//     only, Strict-Transport-Security with max-age of a year or more.
//  2. GET /activate (a page without extension): the same shell (the single-page-app fallback).
//  3. GET {api}/products: 200 JSON with an `items` array (its count is reported; an empty catalog
//     is no failure), and every non-empty `icon_url` answers 200 with an image content type.
//  4. GET {api}/help: 200 JSON with at least one article in `items`.
//  5. GET {api}/me without a token: 401 application/problem+json, `code` "unauthorized", and
//     Cache-Control no-store (the HTTP edge marks every answer that chose no caching so).
//  6. A path no route serves: a 404 that is not the panel's HTML. API Gateway (`{"message":"Not
//     Found"}`) and cargo lambda watch answer it themselves, before any function, so it is not
//     problem+json; an unknown product id, which reaches the catalog function, must be: a 404
//     application/problem+json with `code` "not_found".

const TIMEOUT_MS = 10_000;
const SHELL_MARKERS = ['<main id="main"', '/config.js'];
const YEAR = 31_536_000;

const [urlArg, apiArg] = process.argv.slice(2);
if (!/^https?:\/\/[^/]/.test(urlArg ?? '')) {
  console.error('usage: node scripts/smoke.mjs <store URL, e.g. the WebUrl output> [<API base URL>]');
  console.error('       (make smoke URL=https://… [API_URL=https://…])');
  process.exit(2);
}
const site = urlArg.replace(/\/+$/, '');
const api = (apiArg || process.env.API_URL || `${site}/api`).replace(/\/+$/, '');
const https = site.startsWith('https:');

let checks = 0;
let failures = 0;
function report(passed, what, expected, got) {
  checks += 1;
  if (passed) {
    console.log(`ok    ${what}: ${got}`);
  } else {
    failures += 1;
    console.log(`FAIL  ${what}: expected ${expected}, got ${got}`);
  }
}

/** One request; never throws. `follow` lets fetch follow redirects (icons only). */
async function request(url, { method = 'GET', accept = '*/*', follow = false } = {}) {
  try {
    const res = await fetch(url, { method, redirect: follow ? 'follow' : 'manual', headers: { accept }, signal: AbortSignal.timeout(TIMEOUT_MS) });
    const text = method === 'HEAD' ? '' : await res.text();
    return { status: res.status, headers: res.headers, type: res.headers.get('content-type') ?? '', text };
  } catch (err) {
    const why = err.name === 'TimeoutError' ? `timed out after ${TIMEOUT_MS / 1000} s` : (err.cause?.code ?? err.cause?.message ?? err.message);
    return { status: 0, headers: new Headers(), type: '', text: '', error: why };
  }
}

/** "404 application/json", "302 to https://…" or the network error, for the report. */
function seen(res) {
  if (res.error) return `no answer (${res.error})`;
  const location = res.headers.get('location');
  return `${res.status} ${res.type || '(no content type)'}${location ? ` redirecting to ${location}` : ''}`;
}

/** A header's value for the report. */
const shown = (value) => (value === null || value === undefined ? 'absent' : JSON.stringify(value));

function json(res) {
  try {
    return JSON.parse(res.text);
  } catch {
    return null;
  }
}

/** A panel page: 200 text/html with the shell's markers. */
async function checkShell(path) {
  const res = await request(site + path, { accept: 'text/html' });
  const missing = SHELL_MARKERS.filter((marker) => !res.text.includes(marker));
  const shell = res.error ? '' : missing.length === 0 ? ', the app shell' : `, no ${missing.join(', ')}`;
  report(res.status === 200 && res.type.startsWith('text/html') && missing.length === 0,
    `panel GET ${path}`, '200 text/html with the app shell', seen(res) + shell);
  return res;
}

function checkHeaders(res) {
  const header = (name) => res.headers.get(name);
  const csp = new Map(
    (header('content-security-policy') ?? '').split(';').map((d) => d.trim()).filter(Boolean)
      .map((d) => [d.split(/\s+/)[0].toLowerCase(), d.split(/\s+/).slice(1).join(' ')]),
  );
  const framesDenied = csp.get('frame-ancestors') === "'none'";
  report(csp.get('default-src') === "'self'" && framesDenied, 'panel Content-Security-Policy',
    "default-src 'self' and frame-ancestors 'none'", `default-src ${shown(csp.get('default-src'))}, frame-ancestors ${shown(csp.get('frame-ancestors'))}`);
  report(header('x-content-type-options')?.toLowerCase() === 'nosniff', 'panel X-Content-Type-Options', 'nosniff',
    shown(header('x-content-type-options')));
  report(Boolean(header('referrer-policy')), 'panel Referrer-Policy', 'one', shown(header('referrer-policy')));
  const frameOptions = header('x-frame-options');
  report(frameOptions?.toUpperCase() === 'DENY' || framesDenied, 'panel X-Frame-Options', "DENY or the CSP's frame-ancestors 'none'",
    frameOptions?.toUpperCase() === 'DENY' || !framesDenied ? shown(frameOptions) : `${shown(frameOptions)} (the CSP's frame-ancestors 'none' covers it)`);
  if (!https) {
    report(true, 'panel Strict-Transport-Security', '', 'skipped (http)');
  } else {
    const hsts = header('strict-transport-security');
    const maxAge = Number(/max-age=(\d+)/i.exec(hsts ?? '')?.[1] ?? -1);
    report(maxAge >= YEAR, 'panel Strict-Transport-Security', `max-age >= ${YEAR} (a year)`, shown(hsts));
  }
}

/** GET {api}{path}: 200 JSON with an `items` array; returns the items (or null). */
async function checkList(path) {
  const res = await request(api + path, { accept: 'application/json' });
  const body = json(res);
  const items = Array.isArray(body?.items) ? body.items : null;
  const count = res.error ? '' : items ? `, ${items.length} item(s)${body.next_cursor ? ' on the first page, more follow' : ''}` : ', no items array';
  report(res.status === 200 && res.type.startsWith('application/json') && items !== null,
    `API GET ${path}`, '200 application/json with an items array', seen(res) + count);
  return items;
}

/** Null when the product's icon answers 200 image/*, else what went wrong. */
async function iconProblem(product) {
  const url = new URL(product.icon_url, `${api}/`).href;
  let res = await request(url, { method: 'HEAD', follow: true });
  if (res.status !== 200) res = await request(url, { follow: true }); // some hosts refuse HEAD
  return res.status === 200 && res.type.startsWith('image/') ? null : `product ${product.id}: ${url} answered ${seen(res)}`;
}

/** A problem document: status, application/problem+json and its `code`. */
function checkProblem(what, res, status, code) {
  const body = json(res);
  report(res.status === status && res.type.startsWith('application/problem+json') && body?.code === code,
    what, `${status} application/problem+json with code "${code}"`, seen(res) + (res.error ? '' : `, code ${shown(body?.code)}`));
}

console.log(`smoke: the store at ${site}, its API at ${api}`);

// 1-2. The panel.
const home = await checkShell('/');
if (!home.error) checkHeaders(home);
await checkShell('/activate');

// 3. The catalog and its icons.
const products = await checkList('/products');
if (products?.length) {
  const withIcons = products.filter((p) => typeof p.icon_url === 'string' && p.icon_url !== '');
  const problems = (await Promise.all(withIcons.map(iconProblem))).filter(Boolean);
  const without = products.length - withIcons.length;
  report(problems.length === 0, 'product icons', 'every icon_url answering 200 image/*',
    `${withIcons.length - problems.length} of ${withIcons.length} answer 200 image/*${without ? ` (${without} product(s) without an icon)` : ''}`);
  for (const problem of problems) console.log(`        ${problem}`);
}

// 4. The help centre.
const articles = await checkList('/help');
if (articles) report(articles.length > 0, 'help articles', 'at least one (the first deploy seeds them)', `${articles.length}`);

// 5. No token, no data, and nothing cached.
const me = await request(`${api}/me`, { accept: 'application/json' });
checkProblem('API GET /me without a token', me, 401, 'unauthorized');
report(/\bno-store\b/i.test(me.headers.get('cache-control') ?? ''), 'API 401 Cache-Control', 'no-store',
  shown(me.headers.get('cache-control')));

// 6. Unknown paths and ids.
const nowhere = await request(`${api}/smoke-test-no-such-route`, { accept: 'application/json' });
report(nowhere.status === 404 && !nowhere.type.startsWith('text/html') && !nowhere.text.includes(SHELL_MARKERS[0]),
  'API GET /smoke-test-no-such-route', 'a 404 that is not the panel', seen(nowhere));
checkProblem('API GET /products/<unknown id>', await request(`${api}/products/00000000000000000000000000`, { accept: 'application/json' }), 404, 'not_found');

console.log(failures ? `smoke: ${failures} of ${checks} checks FAILED` : `smoke: all ${checks} checks passed`);
process.exit(failures ? 1 : 0);
