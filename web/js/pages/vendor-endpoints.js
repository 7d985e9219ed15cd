// The vendor's webhooks (/vendor/endpoints, "Webhooks"): the addresses of its application that
// Cloud Store sends its products' events to, signed the Standard Webhooks way. Each one with its
// events, whether it is on (and why not: it answered 410, or the vendor switched it off) and since
// when; "Probar" sends a signed ping and says what came back, "Rotar secreto" makes a new secret
// (the old one keeps signing beside it for 24 hours), "Desactivar"/"Activar" and "Eliminar".
// A secret is shown once, where the API makes it: on adding an endpoint and on each rotation.

import { ApiError, api, itemsOf, seg } from '../api.js';
import { h, focusElement, uid } from '../dom.js';
import { describeError } from '../errors.js';
import { WEBHOOK_EVENTS, endpointState, formatDate, pingResultText, webhookEventsText } from '../format.js';
import { badge, bindForm, confirmAction, errorPanel, field, flash, flashError, loading, pageTitle, submitButton, table, withBusy } from '../ui.js';

/** How many endpoints a vendor may keep (the API refuses the 11th). */
const MAX_ENDPOINTS = 10;
/** How many pings a vendor may send an hour (then 429 rate_limited). */
const PINGS_PER_HOUR = 60;

const STANDARD_WEBHOOKS = 'https://www.standardwebhooks.com/';

export default async function vendorEndpoints(view) {
  let endpoints = [];
  // The last ping of each endpoint, in words, kept across redraws while the page is open.
  const pings = new Map();
  const slot = h('div', loading());
  const secretSlot = h('div');
  const listTitle = h('h2', { id: 'endpoints-title' }, 'Tus endpoints');
  let secretOf = null; // the endpoint whose secret the box shows

  /** Redraws the list; `focus` ({id, testid}) gives the keyboard back to a button of a row. */
  const draw = (focus) => {
    slot.replaceChildren(endpoints.length ? endpointList(endpoints, pings, actions) : emptyState());
    if (focus) slot.querySelector(`[data-id="${CSS.escape(focus.id)}"] [data-testid="${focus.testid}"]`)?.focus();
  };
  const load = async (focus) => {
    try {
      endpoints = itemsOf(await api.get('/vendor/endpoints'));
    } catch (err) {
      slot.replaceChildren(errorPanel(err, () => load()));
      return;
    }
    draw(focus);
  };
  const actions = {
    draw,
    reload: load,
    pings,
    replace: (endpoint, focus) => {
      endpoints = endpoints.map((e) => (e.id === endpoint.id ? endpoint : e));
      draw(focus);
    },
    remove: (id) => {
      endpoints = endpoints.filter((e) => e.id !== id);
      pings.delete(id);
      if (secretOf === id) hideSecret();
      draw();
    },
    showSecret: (endpoint, secret, { rotated = false } = {}) => {
      secretOf = endpoint.id;
      secretSlot.replaceChildren(secretBox(endpoint, secret, { rotated, done: () => hideSecret(true) }));
      focusElement(secretSlot.querySelector('h2'));
    },
  };
  const hideSecret = (focus = false) => {
    secretOf = null;
    secretSlot.replaceChildren();
    if (focus) focusElement(listTitle);
  };
  const created = (endpoint, secret) => {
    endpoints = [...endpoints.filter((e) => e.id !== endpoint.id), endpoint];
    draw();
    actions.showSecret(endpoint, secret);
  };

  view.append(
    pageTitle('Webhooks'),
    h('p', { class: 'lead' }, 'Las direcciones de tu aplicación a las que Cloud Store envía los eventos de tus productos, firmados para que sepas que vienen de la tienda.'),
    secretSlot,
    h('section', { 'aria-labelledby': 'endpoints-title' }, listTitle, slot),
    createForm(created),
  );
  await load();
}

// ---- The list ----

function emptyState() {
  return h(
    'div',
    { class: 'panel', testid: 'empty' },
    h('h3', 'Todavía no tenés endpoints'),
    h('p', 'Un endpoint es una dirección de tu aplicación a la que Cloud Store le avisa lo que pasa con tus productos: cada compra, cada cambio de una suscripción y cada licencia que se asigna o se libera.'),
    h(
      'p',
      'Cada aviso es un evento firmado según ',
      h('a', { href: STANDARD_WEBHOOKS, target: '_blank', rel: 'noopener noreferrer' }, 'Standard Webhooks', h('span', { class: 'visually-hidden' }, ' (se abre en otra pestaña)')),
      ': tu aplicación comprueba la firma con el secreto del endpoint y así sabe que lo enviamos nosotros y que nadie lo cambió en el camino.',
    ),
    h('p', 'Sumá el primero con «Nuevo endpoint», acá abajo.'),
  );
}

function countText(n) {
  return `Tenés ${n} ${n === 1 ? 'endpoint' : 'endpoints'}; podés tener hasta ${MAX_ENDPOINTS}.`;
}

function endpointList(endpoints, pings, actions) {
  return h(
    'div',
    { class: 'endpoints' },
    h('p', { class: 'muted', testid: 'endpoint-count' }, countText(endpoints.length)),
    table({
      caption: h('span', { class: 'visually-hidden' }, 'Tus endpoints de webhooks'),
      rowProps: (e) => ({ testid: 'endpoint-row', 'data-id': e.id }),
      columns: [
        {
          label: 'URL',
          value: (e) => [h('div', { class: 'mono', testid: 'endpoint-url' }, e.url), h('div', { class: 'muted endpoint-created' }, 'Creado el ', h('span', { testid: 'endpoint-created' }, formatDate(e.created_at)))],
        },
        {
          label: 'Eventos',
          value: (e) => {
            const labels = webhookEventsText(e.events);
            return labels.length === 1 ? h('span', { testid: 'endpoint-events' }, labels[0]) : h('ul', { class: 'plain', testid: 'endpoint-events' }, labels.map((l) => h('li', l)));
          },
        },
        { label: 'Estado', value: (e) => badge(endpointState(e), null, 'endpoint-state') },
        { label: 'Acciones', value: (e) => rowActions(e, pings.get(e.id), actions) },
      ],
      rows: endpoints,
    }),
  );
}

function rowActions(endpoint, ping, actions) {
  const button = (testid, label, onclick, danger = false) =>
    h('button', { type: 'button', class: `btn btn-small${danger ? ' btn-danger' : ''}`, testid, 'aria-label': `${label} ${endpoint.url}`, onclick: (event) => onclick(endpoint, event.currentTarget, actions) }, label);
  return [
    h(
      'div',
      { class: 'row' },
      button('ping-endpoint', 'Probar', pingEndpoint),
      button('rotate-secret', 'Rotar secreto', rotateSecret),
      button('toggle-endpoint', endpoint.enabled ? 'Desactivar' : 'Activar', toggleEndpoint),
      button('delete-endpoint', 'Eliminar', deleteEndpoint, true),
    ),
    ping && h('p', { class: `ping-result ping-result--${ping.tone}`, testid: 'ping-result' }, ping.label),
  ];
}

// ---- What each row does ----

/** After a failure: the reason in words; an endpoint gone meanwhile leaves the list. */
async function failed(err, actions) {
  flashError(err);
  if (err?.code === 'not_found') await actions.reload();
}

async function pingEndpoint(endpoint, button, actions) {
  const focus = { id: endpoint.id, testid: 'ping-endpoint' };
  let result;
  try {
    result = await withBusy(button, () => api.post(`/vendor/endpoints/${seg(endpoint.id)}/ping`));
  } catch (err) {
    if (err?.code === 'endpoint_not_allowed') {
      // Its address now leads inside a network: nothing was sent, and the row says why.
      actions.pings.set(endpoint.id, { label: `No lo probamos: ${err.errors[0]?.message ?? describeError(err)}`, tone: 'bad' });
      actions.draw(focus);
    }
    if (err?.code === 'rate_limited') flash(`Ya se hicieron ${PINGS_PER_HOUR} pruebas en la última hora: volvé a probar más tarde.`, 'error');
    else await failed(err, actions);
    return;
  }
  const words = pingResultText(result);
  actions.pings.set(endpoint.id, words);
  // A 410 disabled the endpoint: the list shows it as the API keeps it now.
  if (result?.status_code === 410) await actions.reload(focus);
  else actions.draw(focus);
  flash(`Probamos ${endpoint.url}. ${words.label}${words.label.endsWith('.') ? '' : '.'}`, words.tone === 'ok' ? 'info' : 'error');
}

async function toggleEndpoint(endpoint, button, actions) {
  let updated;
  try {
    updated = await withBusy(button, () => api.patch(`/vendor/endpoints/${seg(endpoint.id)}`, { enabled: !endpoint.enabled }));
  } catch (err) {
    await failed(err, actions);
    return;
  }
  // A ping that disabled it (410) no longer describes it once it is switched back on.
  actions.pings.delete(endpoint.id);
  actions.replace(updated ?? { ...endpoint, enabled: !endpoint.enabled }, { id: endpoint.id, testid: 'toggle-endpoint' });
  flash(endpoint.enabled ? `Desactivamos ${endpoint.url}: no le enviamos eventos hasta que lo actives.` : `Activamos ${endpoint.url}: vuelve a recibir eventos.`);
}

async function rotateSecret(endpoint, _button, actions) {
  const result = await confirmAction({
    title: '¿Rotar el secreto?',
    testid: 'rotate-dialog',
    danger: false,
    message: [
      h('p', 'Creamos un secreto nuevo para ', h('span', { class: 'mono' }, endpoint.url), ' y te lo mostramos una sola vez.'),
      'El secreto actual sigue firmando los eventos junto al nuevo durante 24 horas, así tenés tiempo de cambiarlo en tu aplicación. Pasado ese plazo, solo vale el nuevo.',
    ],
    confirmLabel: 'Rotar secreto',
    action: () => api.post(`/vendor/endpoints/${seg(endpoint.id)}/secret`),
    passCodes: ['not_found'],
  });
  if (!result) return;
  if (!result.ok) {
    await failed(result.error, actions);
    return;
  }
  actions.showSecret(endpoint, result.value.secret, { rotated: true });
  flash(`Rotamos el secreto de ${endpoint.url}.`);
}

async function deleteEndpoint(endpoint, _button, actions) {
  const result = await confirmAction({
    title: '¿Eliminar este endpoint?',
    testid: 'delete-dialog',
    message: [h('p', 'Dejamos de enviar eventos a ', h('span', { class: 'mono' }, endpoint.url), '.'), 'Su secreto se borra: si después sumás la misma dirección, tiene un secreto nuevo.'],
    confirmLabel: 'Eliminar',
    action: () => api.delete(`/vendor/endpoints/${seg(endpoint.id)}`),
    passCodes: ['not_found'],
  });
  // Already gone (deleted from another tab): the same outcome.
  if (result?.ok || result?.error?.code === 'not_found') {
    actions.remove(endpoint.id);
    flash(`Eliminamos el endpoint ${endpoint.url}.`);
  }
}

// ---- The secret, shown once ----

function secretBox(endpoint, secret, { rotated, done }) {
  const titleId = uid('secret-title');
  const value = h('code', { class: 'secret__value', testid: 'secret-value' }, secret);
  const status = h('p', { class: 'hint', role: 'status', testid: 'copy-status' });
  const copyButton = h('button', { type: 'button', class: 'btn btn-primary', testid: 'copy-secret' }, 'Copiar el secreto');
  copyButton.addEventListener('click', async () => {
    status.textContent = (await copy(value, secret)) ? 'Copiado. Guardalo en la configuración de tu aplicación.' : 'No pudimos copiarlo: quedó seleccionado, copialo a mano.';
  });
  return h(
    'section',
    { class: 'secret', testid: 'secret-box', 'aria-labelledby': titleId },
    h('h2', { id: titleId }, rotated ? 'El secreto nuevo' : 'El secreto de tu endpoint'),
    h('p', { class: 'secret__warning', testid: 'secret-warning' }, 'Copiá este secreto ahora: no se vuelve a mostrar.'),
    h('p', 'Es el de ', h('span', { class: 'mono' }, endpoint.url), '. Con él tu aplicación comprueba la firma (el encabezado webhook-signature) de cada evento que le enviamos.'),
    rotated && h('p', 'El secreto anterior sigue firmando junto a este durante 24 horas: cambialo en tu aplicación antes de que venza.'),
    value,
    h('div', { class: 'form-actions' }, copyButton, h('button', { type: 'button', class: 'btn', testid: 'secret-done', onclick: done }, 'Ya lo guardé')),
    status,
  );
}

/** Copies the secret; without the Clipboard API (or its permission), it is left selected to copy by hand. */
async function copy(node, text) {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    const range = document.createRange();
    range.selectNodeContents(node);
    const selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
    try {
      return document.execCommand('copy');
    } catch {
      return false;
    }
  }
}

// ---- Adding one ----

function eventsMissing() {
  return new ApiError({ status: 400, code: 'validation_failed', errors: [{ field: 'events', message: 'Elegí al menos un evento, o «Todos los eventos».' }] });
}

/**
 * The events to hear: "Todos los eventos" (also the types added later: `["*"]`), or some of them.
 * The fieldset carries the name `events`, so the API's message about them shows under its legend.
 */
function eventsFieldset() {
  const id = uid('events');
  const all = field({ label: 'Todos los eventos', name: 'events', type: 'checkbox', kind: 'list', value: true, testid: 'event-all', hint: 'También los que Cloud Store sume más adelante.', attrs: { value: '*' } });
  const each = Object.entries(WEBHOOK_EVENTS).map(([type, label]) => field({ label, name: 'events', type: 'checkbox', kind: 'list', testid: `event-${type}`, attrs: { value: type } }));
  const allBox = all.querySelector('input');
  const boxes = each.map((f) => f.querySelector('input'));
  let kept = boxes.map(() => false);
  // With "Todos los eventos" the others show checked and can't be changed (disabled boxes are not
  // sent); unchecking it gives back the choice there was.
  const sync = () => {
    if (allBox.checked) kept = boxes.map((b) => (b.disabled ? false : b.checked));
    boxes.forEach((box, i) => {
      box.checked = allBox.checked || kept[i];
      box.disabled = allBox.checked;
    });
  };
  allBox.addEventListener('change', sync);
  const reset = () => {
    allBox.checked = true;
    kept = boxes.map(() => false);
    sync();
  };
  sync();
  const fieldset = h(
    'fieldset',
    { id, class: 'events-fieldset', name: 'events', 'data-ignore': true, 'aria-describedby': `${id}-error`, testid: 'events-fieldset' },
    h('legend', 'Eventos'),
    h('p', { class: 'field-error', id: `${id}-error`, testid: 'field-error' }),
    all,
    h('div', { class: 'event-choices' }, each),
  );
  return { fieldset, reset };
}

function createForm(created) {
  const events = eventsFieldset();
  const form = bindForm(
    h(
      'form',
      { class: 'panel', testid: 'create-endpoint-form', 'aria-labelledby': 'create-endpoint-title' },
      h('h2', { id: 'create-endpoint-title' }, 'Nuevo endpoint'),
      field({
        label: 'URL',
        name: 'url',
        type: 'url',
        required: true,
        hint: ['La dirección de tu aplicación que recibe los eventos: https y pública, por ejemplo ', h('span', { class: 'mono' }, 'https://tuaplicacion.com.ar/webhooks/cloudstore'), '.'],
        attrs: { maxlength: 2048, autocomplete: 'url', spellcheck: 'false' },
      }),
      events.fieldset,
      h('p', { class: 'hint' }, 'Al crearlo te mostramos su secreto una sola vez: con él tu aplicación comprueba la firma de cada evento.'),
      h('div', { class: 'form-actions' }, submitButton('Crear endpoint', { testid: 'create-endpoint' })),
    ),
    async (body) => {
      if (!body.events) throw eventsMissing();
      const { secret, ...endpoint } = await api.post('/vendor/endpoints', body);
      form.reset();
      events.reset();
      flash(`Sumamos el endpoint ${endpoint.url}.`);
      created(endpoint, secret);
    },
  );
  return form;
}
