// Forms: fields that show the API's field errors, reading a form into the API's body, the
// client-side checks in Spanish, and the progress of a submit while its request runs.

import { ApiError } from '../api.js';
import { h, focusElement, uid } from '../dom.js';
import { CODE_FIELDS, describeError } from '../errors.js';
import { parseMoneyInput } from '../format.js';
import { flash, flashError } from './feedback.js';

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
