// The one way the app talks to the API: JSON in and out, the bearer token added, problem+json
// answers turned into ApiError, and one silent token refresh (then a retry) when a call answers 401.
//
// The session (access token, refresh token, the signed-in user) lives in sessionStorage: it
// survives a reload but not closing the tab, and it is never shared with other tabs.

const STORAGE_KEY = 'cloudstore.session';

/** The API's base address, from config.js (no trailing slash). */
const API_BASE = String(window.CLOUDSTORE_CONFIG?.apiBaseUrl ?? '').replace(/\/+$/, '');

/**
 * A failed call: the problem document's fields, plus `retryAfter` (seconds) when the API sent it,
 * and with `price_changed` the two totals (`expectedTotal`, `currentTotal`, Money).
 */
export class ApiError extends Error {
  constructor({ status, code, title, detail, errors, retryAfter, expected_total: expectedTotal, current_total: currentTotal }) {
    super(detail || title || code || `HTTP ${status}`);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.title = title;
    this.detail = detail;
    this.errors = Array.isArray(errors) ? errors : [];
    this.retryAfter = retryAfter;
    this.expectedTotal = expectedTotal;
    this.currentTotal = currentTotal;
  }
}

// ---- The session ----

const listeners = new Set();

export function getSession() {
  try {
    return JSON.parse(sessionStorage.getItem(STORAGE_KEY)) ?? null;
  } catch {
    return null;
  }
}

function writeSession(value, reason) {
  if (value) sessionStorage.setItem(STORAGE_KEY, JSON.stringify(value));
  else sessionStorage.removeItem(STORAGE_KEY);
  for (const listener of listeners) listener(value, reason);
}

/** Keeps what POST /login and POST /token/refresh answer. */
export function saveTokens(answer) {
  const previous = getSession();
  writeSession(
    {
      access_token: answer.access_token,
      refresh_token: answer.refresh_token,
      user: answer.user ?? previous?.user ?? null,
    },
    'tokens',
  );
}

/** Replaces the signed-in user (after GET /me), keeping the tokens. */
export function saveUser(user) {
  const current = getSession();
  if (current) writeSession({ ...current, user }, 'user');
}

/** Forgets the session; `reason` is 'logout' or 'expired' (told to the listeners). */
export function clearSession(reason) {
  if (getSession()) writeSession(null, reason);
}

/** Calls `listener(session, reason)` whenever the session changes. */
export function onSessionChange(listener) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

// ---- Calls ----

let refreshing = null;

/**
 * Trades the refresh token for new tokens. Refresh tokens rotate and presenting a spent one again
 * revokes the session, so concurrent callers share one refresh instead of racing.
 */
function refreshTokens() {
  refreshing ??= (async () => {
    const refreshToken = getSession()?.refresh_token;
    if (!refreshToken) return false;
    try {
      const response = await send('POST', '/token/refresh', { body: { refresh_token: refreshToken } });
      saveTokens(await response.json());
      return true;
    } catch (err) {
      if (err.status === 401) clearSession('expired');
      return false;
    }
  })().finally(() => {
    refreshing = null;
  });
  return refreshing;
}

async function send(method, path, { body, headers = {}, token, accept = 'application/json', signal, cache } = {}) {
  const init = { method, headers: { Accept: accept, ...headers }, signal, cache };
  if (token) init.headers.Authorization = `Bearer ${token}`;
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(API_BASE + path, init);
  } catch (err) {
    if (err.name === 'AbortError') throw err;
    throw new ApiError({ status: 0, code: 'network', detail: err.message });
  }
  if (!response.ok) throw await problemOf(response);
  return response;
}

async function problemOf(response) {
  let problem = {};
  const type = response.headers.get('Content-Type') ?? '';
  if (type.includes('json')) {
    try {
      problem = await response.json();
    } catch {
      problem = {};
    }
  }
  const retryAfter = Number(response.headers.get('Retry-After')) || undefined;
  return new ApiError({ ...problem, status: response.status, code: problem.code ?? fallbackCode(response.status), retryAfter });
}

// For answers that are not problem documents (a proxy, a gateway, a route that does not exist yet).
function fallbackCode(status) {
  return { 401: 'unauthorized', 403: 'forbidden', 404: 'not_found', 405: 'method_not_allowed', 429: 'too_many_attempts' }[status] ?? `http_${status}`;
}

/**
 * Calls the API. Options: `body` (sent as JSON), `headers`, `signal`, `accept`, `cache` (fetch's),
 * `auth` (default true: send the bearer token and refresh it once on a 401),
 * `raw` (answer the Response instead of the parsed JSON).
 * Answers the parsed JSON, or null for an empty answer (204).
 */
export async function request(method, path, options = {}) {
  const { auth = true, raw = false, ...rest } = options;
  const currentToken = () => (auth ? getSession()?.access_token : undefined);
  const token = currentToken();
  let response;
  try {
    response = await send(method, path, { ...rest, token });
  } catch (err) {
    if (!(err instanceof ApiError) || err.status !== 401 || !token) throw err;
    // If another call refreshed the tokens meanwhile, the new access token is enough.
    if (currentToken() === token && !(await refreshTokens())) throw err;
    const fresh = currentToken();
    if (!fresh) throw err;
    response = await send(method, path, { ...rest, token: fresh });
  }
  if (raw) return response;
  const text = await response.text();
  return text ? JSON.parse(text) : null;
}

export const api = {
  get: (path, options) => request('GET', path, options),
  post: (path, body, options) => request('POST', path, { ...options, body }),
  put: (path, body, options) => request('PUT', path, { ...options, body }),
  patch: (path, body, options) => request('PATCH', path, { ...options, body }),
  delete: (path, options) => request('DELETE', path, options),
};

/** The items of a list answer, whether the API sends {items: [...]} or a bare array. */
export function itemsOf(answer) {
  if (Array.isArray(answer)) return answer;
  return Array.isArray(answer?.items) ? answer.items : [];
}

/** Every item of a list route, following `next_cursor` page by page (100 at a time). */
export async function allItems(path, params = {}, options) {
  const items = [];
  let cursor;
  do {
    const answer = await api.get(`${path}${query({ ...params, limit: 100, cursor })}`, options);
    items.push(...itemsOf(answer));
    cursor = answer?.next_cursor;
  } while (cursor);
  return items;
}

/** Builds a query string from the defined values: query({limit: 50, cursor: undefined}) → "?limit=50". */
export function query(params) {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') search.set(key, value);
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

/** A path segment from an id, escaped. */
export const seg = (id) => encodeURIComponent(id);

/** A fresh Idempotency-Key (crypto.randomUUID needs a secure context; getRandomValues does not). */
export function newIdempotencyKey() {
  if (crypto.randomUUID) return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const hex = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
