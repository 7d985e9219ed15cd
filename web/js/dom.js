// A tiny DOM builder. Every piece of text becomes a text node, so data from the API can never be
// interpreted as HTML: the app never assigns innerHTML.

/**
 * h('button', { class: 'btn', testid: 'save', onclick: fn }, 'Guardar')
 * - `class`, `text` and `testid` (→ data-testid) are shorthands;
 * - `on…` functions become event listeners;
 * - `value`, `checked` and `selected` are set as properties (after the children, so a <select>
 *   already has its options);
 * - true sets a boolean attribute, and false, null or undefined leave it out.
 * The second argument may be omitted: h('p', 'texto').
 */
export function h(tag, props, ...children) {
  if (props === null || typeof props !== 'object' || props instanceof Node || Array.isArray(props)) {
    children.unshift(props);
    props = {};
  }
  const el = document.createElement(tag);
  const late = {};
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') {
      el.addEventListener(key.slice(2).toLowerCase(), value);
    } else if (key === 'class') {
      el.className = value;
    } else if (key === 'text') {
      el.textContent = value;
    } else if (key === 'testid') {
      el.dataset.testid = value;
    } else if (key === 'value' || key === 'checked' || key === 'selected') {
      late[key] = value;
    } else {
      el.setAttribute(key, value === true ? '' : String(value));
    }
  }
  append(el, children);
  Object.assign(el, late);
  return el;
}

/** Appends children: nodes, strings, numbers or (nested) arrays; null and false are skipped. */
export function append(parent, children) {
  for (const child of [children].flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    parent.append(child instanceof Node ? child : String(child));
  }
  return parent;
}

/** Replaces an element's children, skipping null and false like h() does. */
export function fill(parent, ...children) {
  parent.replaceChildren();
  return append(parent, children);
}

let lastId = 0;
/** A document-unique id, for label/aria wiring. */
export function uid(prefix = 'id') {
  lastId += 1;
  return `${prefix}-${lastId}`;
}

/** Moves keyboard and screen-reader focus to an element that is not focusable by itself. */
export function focusElement(el) {
  if (!el) return;
  if (!el.hasAttribute('tabindex') && !/^(A|BUTTON|INPUT|SELECT|TEXTAREA)$/.test(el.tagName)) {
    el.setAttribute('tabindex', '-1');
  }
  el.focus();
}

/** Calls `fn` once the input has been quiet for `ms` milliseconds. */
export function debounce(fn, ms) {
  let timer;
  const debounced = (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), ms);
  };
  debounced.cancel = () => clearTimeout(timer);
  return debounced;
}
