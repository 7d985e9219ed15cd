// Reusable pieces of the interface: form fields that show the API's field errors, forms that show
// progress while a request runs, announcements, dialogs, tables and paginated lists.

import { ApiError, itemsOf } from './api.js';
import { h, focusElement, uid } from './dom.js';
import { CODE_FIELDS, describeError } from './errors.js';
import { parseMoneyInput } from './format.js';

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

// ---- Form fields ----

/**
 * A labelled control with its hint and an error slot:
 * field({ label, name, type, required, hint, value, options, autocomplete, kind, attrs })
 * - `name` is the API's field path ('admin.email', 'items[0].seats'): readForm builds the body from
 *   it and showError puts the API's `errors[].message` next to the control of that name;
 * - type 'select' takes `options` [{value, label}], 'textarea' a multi-line text, 'checkbox' a box;
 * - `quiet` leaves out the "(opcional)" mark (a search box, a filter);
 * - `kind` changes how readForm reads the value: 'money' (pesos → Money), 'lines' (one item per
 *   line → array, empty when blank), 'datetime' (datetime-local → RFC 3339 UTC), 'list' (checked
 *   boxes sharing the name → array).
 */
export function field({ label, name, type = 'text', required = false, quiet = false, hint, value, options = [], kind, testid, attrs = {} }) {
  const id = uid('f');
  const hintId = hint ? `${id}-hint` : null;
  const errorId = `${id}-error`;
  const common = {
    id,
    name,
    required,
    testid,
    'aria-describedby': [hintId, errorId].filter(Boolean).join(' '),
    'data-kind': kind,
    ...attrs,
  };
  let control;
  if (type === 'select') {
    control = h(
      'select',
      common,
      options.map((o) => h('option', { value: o.value, selected: String(o.value) === String(value ?? '') }, o.label)),
    );
  } else if (type === 'textarea') {
    control = h('textarea', { ...common, value: value ?? '' });
  } else if (type === 'checkbox') {
    control = h('input', { ...common, type, value: attrs.value ?? 'true', checked: Boolean(value) });
  } else {
    control = h('input', { ...common, type, value: value ?? '' });
  }
  const labelText = required || quiet || type === 'checkbox' ? label : [label, h('span', { class: 'muted' }, ' (opcional)')];
  const parts = [
    h('label', { for: id }, labelText),
    hint && h('p', { class: 'hint', id: hintId }, hint),
    control,
    h('p', { class: 'field-error', id: errorId, testid: 'field-error' }),
  ];
  if (type === 'checkbox') {
    return h('div', { class: 'field' }, h('div', { class: 'field--inline' }, control, parts[0]), parts[1], parts[3]);
  }
  return h('div', { class: 'field' }, parts);
}

/** A submit button; its label turns into "Procesando…" while the form's request runs. */
export function submitButton(label, { testid, danger = false } = {}) {
  return h('button', { type: 'submit', class: `btn btn-primary${danger ? ' btn-danger' : ''}`, testid }, label);
}

// ---- Reading forms ----

/** Sets obj['a']['b'][0]['c'] from the path 'a.b[0].c'. */
function setPath(obj, path, value) {
  const keys = path.match(/[^.[\]]+/g);
  let node = obj;
  keys.forEach((key, i) => {
    if (i === keys.length - 1) {
      node[key] = value;
      return;
    }
    node[key] ??= /^\d+$/.test(keys[i + 1]) ? [] : {};
    node = node[key];
  });
}

/** The value of one control as the API wants it; undefined leaves the field out of the body. */
function valueOf(el) {
  const kind = el.dataset.kind;
  if (el.type === 'checkbox') return kind === 'list' ? undefined : el.checked;
  const raw = el.type === 'password' ? el.value : el.value.trim();
  if (kind === 'lines') return raw.split('\n').map((line) => line.trim()).filter(Boolean);
  if (raw === '' && !el.required) return undefined;
  switch (kind) {
    case 'money': {
      const amount = parseMoneyInput(raw);
      return amount === null ? undefined : { amount, currency: 'ARS' };
    }
    case 'datetime':
      return new Date(raw).toISOString().replace(/\.\d{3}Z$/, 'Z');
    default:
      return el.type === 'number' ? Number(raw) : raw;
  }
}

/** The form's named controls as a nested object, keyed by their API field paths. */
export function readForm(form) {
  const body = {};
  for (const el of form.elements) {
    if (!el.name || el.disabled || el.dataset.ignore !== undefined) continue;
    if (el.dataset.kind === 'list') {
      // Checkboxes sharing a name give the list of the checked values.
      const list = body[el.name] ?? [];
      if (el.checked) list.push(el.value);
      if (list.length) setPath(body, el.name, list);
      continue;
    }
    const value = valueOf(el);
    if (value !== undefined) setPath(body, el.name, value);
  }
  return body;
}

// ---- Showing errors ----

function controlFor(form, fieldPath) {
  const named = (name) => [...form.elements].find((el) => el.name === name);
  // 'plans[0].price.amount' falls back to the control of 'plans[0].price', then 'plans[0]'.
  for (let path = fieldPath; path; path = path.replace(/(\.[^.[\]]+|\[\d+\])$/, '')) {
    const control = named(path);
    if (control) return control;
    if (!/(\.[^.[\]]+|\[\d+\])$/.test(path)) break;
  }
  return null;
}

function setFieldError(control, message) {
  const slot = document.getElementById(`${control.id}-error`);
  if (slot) slot.textContent = message;
  control.setAttribute('aria-invalid', 'true');
}

function errorBox(form) {
  let box = form.querySelector(':scope > .alert[data-testid="form-error"]');
  if (!box) {
    box = h('div', { class: 'alert', role: 'alert', testid: 'form-error', hidden: true });
    form.prepend(box);
  }
  return box;
}

/** Removes the messages of a previous attempt. */
export function clearErrors(form) {
  for (const el of form.querySelectorAll('[aria-invalid="true"]')) el.removeAttribute('aria-invalid');
  for (const slot of form.querySelectorAll('.field-error')) slot.textContent = '';
  const box = errorBox(form);
  box.replaceChildren();
  box.hidden = true;
}

/**
 * Shows a failure in a form: each `errors[].message` next to its field, a code that is about one
 * field (email_taken, coupon_*) next to that field, and a sentence for the whole form at the top.
 * Focus moves to the first field in error, or to the message. `extra` nodes (a link to a way out)
 * are added to the message.
 */
export function showError(form, err, { focus = true, extra = [] } = {}) {
  const fieldErrors = [...(err.errors ?? [])];
  const candidates = CODE_FIELDS[err.code];
  const codeControl = candidates?.map((name) => controlFor(form, name)).find(Boolean);
  if (codeControl && !fieldErrors.length) fieldErrors.push({ field: codeControl.name, message: describeError(err) });

  const unplaced = [];
  let first = null;
  for (const { field: path, message } of fieldErrors) {
    const control = controlFor(form, path);
    if (control) {
      setFieldError(control, message);
      first ??= control;
    } else {
      unplaced.push(message);
    }
  }
  const box = errorBox(form);
  const summary = codeControl && fieldErrors.length === 1 ? null : describeError(err);
  box.replaceChildren(
    ...(summary ? [h('p', summary)] : []),
    ...(unplaced.length ? [h('ul', unplaced.map((m) => h('li', m)))] : []),
    ...[extra].flat(),
  );
  box.hidden = box.childNodes.length === 0;
  if (focus) focusElement(first ?? (box.hidden ? null : box));
}

// ---- Client-side checks, in Spanish (the browser's own bubbles would speak its locale) ----

function problemOf(el) {
  if (el.dataset.kind === 'money' && Number.isNaN(parseMoneyInput(el.value))) return 'Escribí un importe como 12.500,00.';
  const v = el.validity;
  if (v.valueMissing) {
    if (el.tagName === 'SELECT') return 'Elegí una opción.';
    if (el.type === 'checkbox') return 'Marcá esta casilla para seguir.';
    return 'Completá este campo.';
  }
  if (v.typeMismatch && el.type === 'email') return 'Escribí un email válido, como nombre@empresa.com.';
  if (v.typeMismatch && el.type === 'url') return 'Escribí una dirección completa, que empiece con https://.';
  if (v.badInput || v.stepMismatch) return 'Escribí un número entero.';
  if (v.rangeUnderflow) return `El mínimo es ${el.min}.`;
  if (v.rangeOverflow) return `El máximo es ${el.max}.`;
  if (v.patternMismatch) return el.dataset.patternMessage ?? 'El formato no es válido.';
  // minlength is only enforced by the browser after typing; check it the same for pasted values.
  if (el.minLength > 0 && el.value && el.value.length < el.minLength) return `Tiene que tener al menos ${el.minLength} caracteres.`;
  if (el.maxLength > 0 && el.value.length > el.maxLength) return `Puede tener hasta ${el.maxLength} caracteres.`;
  const match = el.dataset.match && el.form?.elements[el.dataset.match];
  if (match && el.value !== match.value) return 'Las dos contraseñas no coinciden.';
  return null;
}

/** The problems the browser can see before calling the API, as `errors` entries. */
function checkForm(form) {
  const errors = [];
  for (const el of form.elements) {
    if (!el.name || el.disabled || !el.willValidate) continue;
    const message = problemOf(el);
    if (message) errors.push({ field: el.name, message });
  }
  return errors;
}

// ---- Progress ----

/**
 * Runs `fn` with the button disabled and reading "Procesando…" (with a spinner), so a person sees
 * the request running and cannot send it twice; then puts the button back.
 */
export async function withBusy(button, fn) {
  if (!button) return fn();
  if (button.dataset.busy) return undefined;
  const original = [...button.childNodes];
  const hadFocus = document.activeElement === button;
  button.dataset.busy = 'true';
  button.disabled = true;
  button.setAttribute('aria-busy', 'true');
  button.replaceChildren(h('span', { class: 'spinner', 'aria-hidden': 'true' }), 'Procesando…');
  try {
    return await fn();
  } finally {
    button.replaceChildren(...original);
    button.disabled = false;
    button.removeAttribute('aria-busy');
    delete button.dataset.busy;
    // A disabled button drops focus to <body>: give it back so keyboard users keep their place.
    if (hadFocus && button.isConnected && (document.activeElement === document.body || !document.activeElement)) button.focus();
  }
}

/**
 * Wires a form: on submit it checks the fields, shows progress, calls `handler(body, form)` with
 * the body read by readForm, and shows any failure in the form. `handler` may throw to show an
 * error, or handle some codes itself. Answers the form.
 */
export function bindForm(form, handler) {
  form.noValidate = true;
  errorBox(form);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (form.getAttribute('aria-busy') === 'true') return;
    flash(''); // a message about an earlier action would read as the answer to this one
    clearErrors(form);
    const problems = checkForm(form);
    if (problems.length) {
      showError(form, new ApiError({ status: 400, code: 'validation_failed', errors: problems }));
      return;
    }
    const button = event.submitter ?? form.querySelector('[type="submit"]');
    form.setAttribute('aria-busy', 'true');
    try {
      await withBusy(button, () => handler(readForm(form), form));
    } catch (err) {
      if (err?.name === 'AbortError') return;
      if (!(err instanceof ApiError)) console.error(err);
      if (form.isConnected) showError(form, err);
      else flashError(err);
    } finally {
      form.removeAttribute('aria-busy');
    }
  });
  return form;
}

// ---- Dialogs ----

/**
 * Opens a modal dialog (focus is trapped inside and Escape closes it). `build(close)` answers its
 * content. Answers {dialog, close, closed}: `closed` resolves with what `close(value)` was given
 * (null when dismissed). Focus goes back to where it was.
 */
export function openDialog({ title, testid, build, wide = false }) {
  const opener = document.activeElement;
  const titleId = uid('dialog-title');
  const dialog = h('dialog', { 'aria-labelledby': titleId, testid, class: wide ? 'dialog--wide' : null });
  let result = null;
  const close = (value = null) => {
    result = value;
    if (dialog.open) dialog.close();
  };
  dialog.append(h('h2', { id: titleId }, title), ...[build(close)].flat());
  const closed = new Promise((resolve) => {
    dialog.addEventListener('close', () => {
      dialog.remove();
      // Back to the button that opened it; if that is gone (its row was deleted), to the heading.
      if (opener?.isConnected) opener.focus();
      else focusElement(document.querySelector('#main h1'));
      resolve(result);
    });
  });
  document.body.append(dialog);
  dialog.showModal();
  return { dialog, close, closed };
}

/**
 * Asks to confirm an action and runs it inside the dialog (its button shows progress).
 * Resolves with {ok: true, value} after it ran, {ok: false, error} when it failed with one of the
 * `passCodes` (the caller offers a way out), or null when cancelled. Other errors stay in the
 * dialog so the person can retry or cancel.
 */
export function confirmAction({ title, message, confirmLabel, danger = true, action, testid = 'confirm-dialog', passCodes = [] }) {
  let box;
  const { closed } = openDialog({
    title,
    testid,
    build: (closeWith) => {
      box = h('div', { class: 'alert', role: 'alert', hidden: true, testid: 'dialog-error' });
      const confirm = h('button', { type: 'button', class: `btn btn-primary${danger ? ' btn-danger' : ''}`, testid: 'confirm' }, confirmLabel);
      confirm.addEventListener('click', async () => {
        try {
          const value = await withBusy(confirm, action);
          closeWith({ ok: true, value });
        } catch (error) {
          if (passCodes.includes(error.code)) {
            closeWith({ ok: false, error });
            return;
          }
          box.replaceChildren(h('p', describeError(error)));
          box.hidden = false;
        }
      });
      return [
        ...[message].flat().map((m) => (typeof m === 'string' ? h('p', m) : m)),
        box,
        h('div', { class: 'form-actions' }, confirm, h('button', { type: 'button', class: 'btn', testid: 'cancel', onclick: () => closeWith(null) }, 'Cancelar')),
      ];
    },
  });
  return closed;
}

// ---- Tables and lists ----

/**
 * A table that becomes one labelled block per row on phones.
 * columns: [{label, value: (row) => node|string, num?: true}]; rowProps(row) gives each <tr>'s attributes.
 */
export function table({ caption, columns, rows, rowProps }) {
  return h(
    'div',
    { class: 'table-wrap' },
    h(
      'table',
      { class: 'responsive' },
      caption && h('caption', caption),
      h('thead', h('tr', columns.map((c) => h('th', { scope: 'col', class: c.num ? 'num' : null }, c.label)))),
      h(
        'tbody',
        rows.map((row) =>
          h(
            'tr',
            rowProps?.(row) ?? {},
            columns.map((c) => h('td', { 'data-label': c.label, class: c.num ? 'num' : null }, c.value(row))),
          ),
        ),
      ),
    ),
  );
}

/**
 * A list loaded page by page: `load(cursor)` answers {items, next_cursor}; `render(allItems)`
 * draws what is loaded so far. Answers {element, reload, update, items}; the element holds the list
 * and a "Cargar más" button shown while there is a next page.
 */
export function pagedList({ load, render, emptyText }) {
  const body = h('div');
  const more = h('button', { type: 'button', class: 'btn', testid: 'load-more', hidden: true }, 'Cargar más');
  let items = [];
  let cursor = null;
  // Each reload (a new search) starts a generation; an answer of an older one that arrives late
  // is dropped, so a slow first load can't replace the results of the search typed after it.
  let generation = 0;

  const draw = () => {
    body.replaceChildren(items.length ? render(items) : h('p', { class: 'muted', testid: 'empty' }, emptyText));
  };
  const fetchPage = async (mine = generation) => {
    const answer = await load(cursor);
    if (mine !== generation) return;
    items = items.concat(itemsOf(answer));
    cursor = answer?.next_cursor ?? null;
    more.hidden = !cursor;
    draw();
  };
  more.addEventListener('click', () => withBusy(more, () => fetchPage()).catch(flashError));

  const reload = async () => {
    const mine = ++generation;
    items = [];
    cursor = null;
    more.hidden = true;
    body.replaceChildren(loading());
    try {
      await fetchPage(mine);
    } catch (err) {
      if (mine === generation) body.replaceChildren(errorPanel(err, reload));
    }
  };
  /** Changes the loaded items (after a create, an edit or a delete) and redraws them. */
  const update = (change) => {
    items = change(items);
    draw();
  };
  return { element: h('div', body, h('div', { class: 'form-actions' }, more)), reload, update, items: () => items };
}

// ---- Searching a list ----

/** A search box over a list: submitting calls `onSearch(text)` (empty: everything); answers the form. */
export function searchForm({ label, hint, testid, onSearch }) {
  return bindForm(
    h(
      'form',
      { class: 'panel row search', role: 'search', testid },
      field({ label, name: 'query', type: 'search', quiet: true, hint, attrs: { autocomplete: 'off', maxlength: 100 } }),
      submitButton('Buscar', { testid: `${testid}-submit` }),
    ),
    async ({ query: text }) => onSearch(text ?? ''),
  );
}

/**
 * One page of a searchable list: the API filters each page it reads, so a search can come back
 * short, even empty, with a cursor to go on. This follows the cursor until `want` items came or
 * the list ended (at most `maxCalls` calls); answers {items, next_cursor} like the API.
 */
export async function filledPage(load, cursor, { want = 20, maxCalls = 10 } = {}) {
  let items = [];
  let next = cursor ?? null;
  for (let calls = 0; calls < maxCalls; calls += 1) {
    const answer = await load(next);
    items = items.concat(itemsOf(answer));
    next = answer?.next_cursor ?? null;
    if (!next || items.length >= want) break;
  }
  return { items, next_cursor: next };
}
