// Announcements (the #flash live region), loading and error states, status badges and page
// headings: what every page shows around its content.

import { h } from '../dom.js';
import { describeError } from '../errors.js';

// ---- Announcements (the #flash live region in index.html) ----

let pendingFlash = null;

/** Shows (and announces) a message now. `kind` is 'info' or 'error'. */
export function flash(message, kind = 'info') {
  const region = document.getElementById('flash');
  if (!region) return;
  region.dataset.kind = kind;
  region.textContent = message;
}

/** Shows a message on the next page (e.g. "Cerraste la sesión" after going to /login). */
export function flashNext(message, kind = 'info') {
  pendingFlash = { message, kind };
}

/** Called on every page change: clears the old message and shows a pending one. */
export function rotateFlash() {
  flash('');
  if (pendingFlash) flash(pendingFlash.message, pendingFlash.kind);
  pendingFlash = null;
}

export function flashError(err) {
  flash(describeError(err), 'error');
}

// ---- Small pieces ----

export function loading(text = 'Cargando…') {
  return h('p', { class: 'loading', role: 'status' }, text);
}

/** A page-level error with an optional "Reintentar". */
export function errorPanel(err, retry) {
  return h(
    'div',
    { class: 'alert', role: 'alert', testid: 'page-error' },
    h('p', describeError(err)),
    retry && h('button', { type: 'button', class: 'btn btn-small', onclick: retry }, 'Reintentar'),
  );
}

/** A status badge from one of the *_STATUS tables of format.js, and its note if it has one. */
export function badge(entry, fallback, testid) {
  const { label, tone, note } = entry ?? { label: fallback ?? '—', tone: '' };
  return [h('span', { class: `badge ${tone ? `badge--${tone}` : ''}`, testid }, label), note && h('span', { class: 'muted' }, ` (${note})`)];
}

/** A page heading; the router moves focus to the h1 after each navigation. */
export function pageTitle(text, ...extra) {
  return h('div', { class: 'page-header' }, h('h1', { testid: 'page-title' }, text), ...extra);
}
