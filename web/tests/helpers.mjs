// What the browser tests share: where things run, the browser, the API and the SES emulator.
//
// Environment:
//   WEB_URL  the served panel; when unset, the tests start `serve.mjs` themselves on a free port
//   API_URL  the API (default http://127.0.0.1:9000, as `make dev` runs it)
//   SES_URL  the SES v2 emulator (default http://127.0.0.1:8005); GET /store lists the emails sent

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, afterEach, before } from 'node:test';
import { chromium } from 'playwright-core';

export const API_URL = (process.env.API_URL ?? 'http://127.0.0.1:9000').replace(/\/+$/, '');
export const SES_URL = (process.env.SES_URL ?? 'http://127.0.0.1:8005').replace(/\/+$/, '');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SCREENSHOTS = fileURLToPath(new URL('./screenshots/', import.meta.url));
const SERVER = fileURLToPath(new URL('../serve.mjs', import.meta.url));

/** A password long enough and uncommon enough for the API's rules. */
export const PASSWORD = 'Pasaje-Navegador-4821';
export const STAFF_PASSWORD = 'CloudStore-Local-1';

// ---- Where the panel is served ----

let server = null;

/** The panel's address: WEB_URL, or a serve.mjs started for this test file (stopped by stopAll). */
export async function webUrl() {
  if (process.env.WEB_URL) return process.env.WEB_URL.replace(/\/+$/, '');
  if (!server) {
    const child = spawn(process.execPath, [SERVER, '--port', '0', '--api', API_URL], { stdio: ['ignore', 'pipe', 'inherit'] });
    const url = await new Promise((resolve, reject) => {
      child.once('error', reject);
      child.once('exit', (code) => reject(new Error(`serve.mjs exited with ${code}`)));
      child.stdout.on('data', (chunk) => {
        const match = /http:\/\/127\.0\.0\.1:\d+/.exec(String(chunk));
        if (match) resolve(match[0]);
      });
    });
    server = { child, url };
  }
  return server.url;
}

// ---- The browser ----

/**
 * Debian's Chromium, headless, with a fresh profile. Only this machine is reachable: requests to
 * anywhere else (product icons on the vendors' hosts) are aborted, so the tests never leave it.
 * Each test opens its own pages; sessionStorage, where the app keeps the session, is per page.
 */
export async function startBrowser() {
  const profile = mkdtempSync(join(tmpdir(), 'cloudstore-web-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
    viewport: { width: 1280, height: 900 },
    locale: 'es-AR',
    timezoneId: 'America/Argentina/Buenos_Aires',
  });
  await context.route(/^https?:\/\/(?!127\.0\.0\.1[:/]|localhost[:/])/, (route) => route.abort());
  const base = await webUrl();
  const pageErrors = [];
  const failedRequests = [];
  return {
    context,
    base,
    /** Uncaught errors of the app's pages so far (a test asserts there were none). */
    pageErrors,
    /**
     * Requests for what a page shows (documents, scripts, styles, images, fonts) that failed or
     * answered an error: a broken image or a missing module (a test asserts there were none).
     * The API's own answers are the tests' business, and a call cut short by a page change is not
     * a failure.
     */
    failedRequests,
    /** A new tab at `path` of the panel. */
    async open(path = '/', { viewport } = {}) {
      const page = await context.newPage();
      if (viewport) await page.setViewportSize(viewport);
      page.setDefaultTimeout(15_000);
      page.on('pageerror', (err) => pageErrors.push(`${page.url()}: ${err.message}`));
      const shown = (request) => ['document', 'script', 'stylesheet', 'image', 'font'].includes(request.resourceType());
      page.on('requestfailed', (request) => {
        // ERR_ABORTED: the page moved on (a test's `goto`) before it finished; nothing to see.
        const why = request.failure()?.errorText;
        if (shown(request) && why !== 'net::ERR_ABORTED') failedRequests.push(`${request.resourceType()} ${request.url()}: ${why}`);
      });
      page.on('response', (response) => {
        if (response.status() >= 400 && shown(response.request())) failedRequests.push(`${response.request().resourceType()} ${response.url()}: ${response.status()}`);
      });
      await page.goto(base + path, { waitUntil: 'domcontentloaded' });
      return page;
    },
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/**
 * One browser for a test file: the API warmed up and the browser started before its tests (then
 * `setup`, for what the file reads once), both stopped after them, and after each test the check
 * every journey makes: no uncaught error in the app and nothing a page shows failed to load.
 * Answers the browser's handle, filled in once `before` has run.
 */
export function useBrowser({ setup } = {}) {
  const browser = {};
  before(
    async () => {
      await warmUp();
      Object.assign(browser, await startBrowser());
      await setup?.();
    },
    { timeout: 180_000 },
  );
  after(async () => {
    await browser.close?.();
    await stopServer();
  });
  afterEach(() => {
    if (!browser.context) return;
    assert.deepEqual(browser.pageErrors.splice(0), [], 'the app threw uncaught errors');
    assert.deepEqual(browser.failedRequests.splice(0), [], 'a page failed to load something it shows');
  });
  return browser;
}

export async function stopServer() {
  if (server) {
    server.child.kill('SIGTERM');
    server = null;
  }
}

/** Saves a full-page screenshot to web/tests/screenshots/NAME.png. */
export async function screenshot(page, name) {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

// ---- Data ----

const RUN = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
let counter = 0;

/** An email no earlier run used. */
export function uniqueEmail(tag) {
  counter += 1;
  return `${tag}.${RUN}.${counter}@web-tests.cloudstore.test`;
}

/** A valid CUIT from ten digits (AFIP's check digit), or null when they have none. */
export function cuit(ten) {
  const weights = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2];
  const sum = [...ten].reduce((s, d, i) => s + Number(d) * weights[i], 0);
  const check = 11 - (sum % 11);
  if (check === 10) return null;
  return `${ten.slice(0, 2)}-${ten.slice(2)}-${check === 11 ? 0 : check}`;
}

/** A CUIT no earlier run used (almost surely). */
export function freshCuit() {
  for (;;) {
    const found = cuit(`30${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`);
    if (found) return found;
  }
}

// ---- The API, directly (for setting up what a test is not about) ----

/** Calls the API; answers {status, body}. */
export async function callApi(method, path, { body, token, headers = {} } = {}) {
  const response = await fetch(API_URL + path, {
    method,
    headers: {
      Accept: 'application/json',
      ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}),
      ...(token ? { Authorization: `Bearer ${token}` } : {}),
      ...headers,
    },
    body: body !== undefined ? JSON.stringify(body) : undefined,
  });
  const text = await response.text();
  let parsed = text;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    // not JSON: keep the text
  }
  return { status: response.status, body: parsed };
}

/** Like callApi, but fails unless the status is `expected`; answers the body. */
export async function apiOk(expected, method, path, options) {
  const { status, body } = await callApi(method, path, options);
  if (status !== expected) throw new Error(`${method} ${path}: expected ${expected}, got ${status}: ${JSON.stringify(body)}`);
  return body;
}

/**
 * Wakes every function of the API once. `cargo lambda watch` starts a function on its first
 * request, which can take many seconds; better here than inside a test's timeout. Every call is
 * refused (no token, empty body): all that matters is that it was answered.
 */
export async function warmUp() {
  const calls = [
    ['POST', '/signup', {}],
    ['POST', '/login', {}],
    ['POST', '/password-reset', {}],
    ['GET', '/me'],
    ['GET', '/products'],
    ['POST', '/checkout/quote', {}],
    ['GET', '/me/apps'],
    ['GET', '/approvals'],
    ['GET', '/vendor/endpoints'],
  ];
  await Promise.all(calls.map(([method, path, body]) => callApi(method, path, { body }).catch(() => null)));
}

// ---- Emails (the SES v2 emulator) ----

async function emailsTo(address) {
  const response = await fetch(`${SES_URL}/store`);
  if (!response.ok) throw new Error(`GET ${SES_URL}/store answered ${response.status}`);
  const { emails = [] } = await response.json();
  return emails.filter((e) => (e.destination?.to ?? []).some((to) => to.toLowerCase().includes(address.toLowerCase())));
}

/** How many emails went to `address` so far (to wait for the next one). */
export async function emailCount(address) {
  return (await emailsTo(address)).length;
}

/**
 * Waits for email number `index` (0-based) to `address`; with `subject` (a RegExp), counts only the
 * emails whose subject matches it. Emails leave through the outbox stream, so two sent close together
 * (an activation and a rep's order, say) can arrive in either order.
 */
export async function waitForEmail(address, { index = 0, timeout = 20_000, subject } = {}) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const emails = (await emailsTo(address)).filter((e) => !subject || subject.test(e.subject ?? ''));
    if (emails.length > index) return emails[index];
    if (Date.now() > deadline) throw new Error(`no email #${index + 1} to ${address} ${subject ? ` with subject ${subject}` : ''} within ${timeout} ms (got ${emails.length})`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/**
 * The link of an email's text body: {kind: 'activate'|'reset-password', token, url}. The tests open
 * `${WEB_URL}/${kind}?token=…` themselves, whatever APP_BASE_URL the API was given.
 */
export function linkIn(email) {
  const match = /https?:\/\/\S+?\/(activate|reset-password)\?token=([A-Za-z0-9_-]+)/.exec(email.body?.text ?? '');
  if (!match) throw new Error(`no activation or reset link in the email "${email.subject}":\n${email.body?.text}`);
  return { kind: match[1], token: match[2], url: match[0] };
}

// ---- Accounts ----

/**
 * Signs a company up (with `taxId`, its CUIT, when given) and activates its admin through the API;
 * answers {email, token, me}.
 */
export async function activeAdmin(tag = 'admin', { taxId } = {}) {
  const email = uniqueEmail(tag);
  const company = { name: `Empresa ${tag} ${RUN}`, ...(taxId ? { tax_id: taxId } : {}) };
  await apiOk(202, 'POST', '/signup', { body: { company, admin: { name: `Admin ${tag}`, email } } });
  await activateByEmail(email);
  const session = await login(email, PASSWORD);
  return { email, token: session.access_token, me: await apiOk(200, 'GET', '/me', { token: session.access_token }) };
}

/** Follows the newest link sent to `email` through the API, setting PASSWORD. */
export async function activateByEmail(email, { index = 0 } = {}) {
  const { token } = linkIn(await waitForEmail(email, { index }));
  await apiOk(200, 'POST', '/activation', { body: { token, password: PASSWORD, password_confirmation: PASSWORD } });
}

export async function login(email, password = PASSWORD) {
  return apiOk(200, 'POST', '/login', { body: { email, password } });
}

/** An active user of the admin's company; answers {email, user}. */
export async function activeUser(adminToken, { tag = 'user', role = 'user' } = {}) {
  const email = uniqueEmail(tag);
  const user = await apiOk(201, 'POST', '/users', { token: adminToken, body: { name: `Persona ${tag}`, email, role } });
  await activateByEmail(email);
  return { email, user };
}

// ---- In the browser ----

/** Signs in through the login page and waits for the page the role starts on. */
export async function signIn(page, email, password = PASSWORD) {
  const base = await webUrl();
  if (!page.url().startsWith(`${base}/login`)) await page.goto(`${base}/login`, { waitUntil: 'domcontentloaded' });
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Contraseña').fill(password);
  await page.getByTestId('login-submit').click();
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
}

// ---- Seeing what a person sees ----

/** Widths a person uses: a phone and a desktop. */
/** "Gestionar" in the navigation, then one of its pages, by the FAQ's name for it. */
export async function manage(page, name) {
  await page.getByTestId('nav').getByRole('link', { name: /^Gestionar/ }).click();
  await page.getByRole('heading', { level: 1, name: 'Gestionar' }).waitFor();
  await page.getByRole('link', { name, exact: true }).click();
  await page.getByRole('heading', { level: 1, name }).waitFor();
}

export const PHONE = { width: 390, height: 844 };
export const DESKTOP = { width: 1280, height: 900 };

/** Words that leak from code into a page when a value is shown as is. */
const STRAY = /(^|[^\p{L}\p{N}_])(false|true|undefined|null|NaN)(?=$|[^\p{L}\p{N}_])|\[object Object\]/u;

/** A ULID (the API's ids): no person should read one on a page. */
const ULID = /\b[0-7][0-9A-HJKMNP-TV-Z]{25}\b/;

/** The page's text holds none of the ids, nor anything shaped like one. */
export async function noRawIds(page, ids = []) {
  const text = await page.locator('body').innerText();
  for (const id of ids) assert.ok(!text.includes(id), `the page shows the id ${id}`);
  assert.doesNotMatch(text, ULID, 'the page shows a raw id');
}

/** What a page shows that no person should see: stray values and broken images. */
async function problemsOf(page) {
  return page.evaluate((source) => {
    const stray = new RegExp(source, 'u');
    const problems = [];
    const text = document.body.innerText;
    for (const line of text.split('\n')) {
      if (stray.test(line)) problems.push(`stray value in "${line.trim()}"`);
    }
    for (const img of document.images) {
      const visible = img.getClientRects().length > 0 && getComputedStyle(img).visibility !== 'hidden';
      if (visible && img.complete && img.naturalWidth === 0) problems.push(`broken image ${img.currentSrc || img.src}`);
    }
    return problems;
  }, STRAY.source);
}

/** Waits for the page's images to finish loading (or failing). */
async function imagesSettled(page) {
  await page.waitForFunction(() => [...document.images].every((img) => img.complete), null, { timeout: 10_000 }).catch(() => {});
}

/**
 * Looks at the page as a person does, on a phone and on a desktop: no stray `false`, `true`,
 * `undefined`, `null`, `NaN` or `[object Object]`, and no broken image. Saves screenshots at both
 * widths when `name` is given (NAME.png on the desktop, NAME-phone.png on the phone). Leaves the
 * page at the desktop width.
 */
export async function seeAsPerson(page, name) {
  const problems = [];
  for (const [width, suffix] of [[PHONE, '-phone'], [DESKTOP, '']]) {
    await page.setViewportSize(width);
    await imagesSettled(page);
    for (const problem of await problemsOf(page)) problems.push(`${width.width}px ${page.url()}: ${problem}`);
    if (name) await screenshot(page, `${name}${suffix}`);
  }
  if (problems.length) throw new Error(`the page shows what no person should see:\n${problems.join('\n')}`);
}
