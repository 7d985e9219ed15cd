// Pending work an admin should see wherever they are: the sales rep's purchases waiting for their
// approval (GET /approvals). The navigation shows their count; the panel lists them. Read when a
// page changes (at most every 30 seconds) and again at once after a decision.

import { api, itemsOf } from './api.js';
import { currentUser } from './auth.js';

const FRESH_MS = 30_000;
let state = { items: [], userId: null, at: 0 };
let inFlight = null;
const listeners = new Set();

/** The pending orders known so far (empty for anyone but an admin). */
export function pendingApprovals() {
  return currentUser()?.id === state.userId ? state.items : [];
}

/** Calls `listener(items)` whenever the pending orders change. */
export function onPendingChange(listener) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Reads the pending orders again (unless read in the last 30 s and not `force`d). */
export function refreshPending({ force = false } = {}) {
  const user = currentUser();
  if (user?.role !== 'admin') {
    if (state.items.length) set({ items: [], userId: null, at: 0 });
    return Promise.resolve([]);
  }
  if (!force && state.userId === user.id && Date.now() - state.at < FRESH_MS) return Promise.resolve(state.items);
  inFlight ??= api
    .get('/approvals')
    .then((answer) => {
      set({ items: itemsOf(answer), userId: user.id, at: Date.now() });
      return state.items;
    })
    .finally(() => {
      inFlight = null;
    });
  return inFlight;
}

function set(next) {
  const changed = next.items.length !== state.items.length || next.items.some((o, i) => o.id !== state.items[i]?.id);
  state = next;
  if (changed) for (const listener of listeners) listener(state.items);
}
