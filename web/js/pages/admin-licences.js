// The licences of one subscription (/admin/subscriptions/:id/licences): who holds a seat, paged
// and searched by name or email through the API, each released right here; and seats given to
// many people at once (POST …/licences/bulk), chosen by searching the company's people.

import { allItems, api, query, seg } from '../api.js';
import { debounce, fill, h, uid } from '../dom.js';
import { formatDateTime } from '../format.js';
import { searchUsers } from '../people.js';
import { bindForm, confirmAction, errorPanel, flash, loading, pageTitle, pagedList, submitButton, table } from '../ui.js';
import { productIndex, productLabel } from '../views.js';
import { loadSubscriptions } from './admin-subscriptions.js';

export default async function licences(view, { params, setTitle }) {
  const title = pageTitle('Licencias');
  const slot = h('div', loading());
  view.append(title, slot);
  let sub;
  let index;
  try {
    [sub, index] = await Promise.all([loadSubscriptions().then((subs) => subs.find((s) => s.id === params.id)), productIndex()]);
  } catch (err) {
    slot.replaceChildren(errorPanel(err));
    return;
  }
  if (!sub) {
    slot.replaceChildren(errorPanel({ code: 'not_found' }));
    return;
  }
  const label = productLabel(index, sub.product_id, sub.plan_id, sub.product_name);
  title.querySelector('h1').textContent = `Licencias de ${label}`;
  setTitle(`Licencias de ${label}`);

  const seats = h('p', { class: 'lead' });
  const showSeats = async () => {
    const fresh = (await loadSubscriptions().catch(() => [sub])).find((s) => s.id === sub.id) ?? sub;
    sub = fresh;
    const free = Math.max(0, sub.seats - sub.seats_assigned);
    fill(
      seats,
      h('strong', { testid: 'free-seats' }, `Asientos libres: ${free}`),
      ` de ${sub.seats}`,
      free === 0 && h('span', { class: 'warning', testid: 'no-free-seats' }, ' No quedan asientos libres: sumá asientos desde ', h('a', { href: '/admin/subscriptions' }, 'Suscripciones y licencias'), ' o quitá una licencia.'),
    );
  };

  let holderWords = '';
  const holders = pagedList({
    load: (cursor) => api.get(`/subscriptions/${seg(sub.id)}/licences${query({ query: holderWords || undefined, limit: 50, cursor })}`),
    render: (items) =>
      table({
        rowProps: (l) => ({ testid: 'licence-row', 'data-email': l.email }),
        columns: [
          { label: 'Nombre', value: (l) => h('a', { href: `/admin/users/${seg(l.user_id)}` }, l.name) },
          { label: 'Email', value: (l) => l.email },
          { label: 'Desde', value: (l) => formatDateTime(l.assigned_at) },
          { label: 'Acciones', value: (l) => h('button', { type: 'button', class: 'btn btn-small btn-danger', testid: 'unassign', 'aria-label': `Quitar la licencia a ${l.name}`, onclick: () => unassign(l) }, 'Quitar') },
        ],
        rows: items,
      }),
    emptyText: 'Nadie tiene todavía esta licencia.',
  });
  const refresh = () => Promise.all([showSeats(), holders.reload()]);

  const unassign = async (licence) => {
    const result = await confirmAction({
      title: `¿Quitar la licencia a ${licence.name}?`,
      message: 'Deja de poder abrir la aplicación y el asiento queda libre.',
      confirmLabel: 'Quitar licencia',
      action: () => api.delete(`/subscriptions/${seg(sub.id)}/licences/${seg(licence.user_id)}`),
    });
    if (result?.ok) {
      flash(`Quitamos la licencia a ${licence.name}.`);
      await refresh();
    }
  };

  const holderSearch = h('input', { type: 'search', id: 'holders-search', autocomplete: 'off', testid: 'holders-search' });
  holderSearch.addEventListener(
    'input',
    debounce(() => {
      holderWords = holderSearch.value.trim();
      holders.reload();
    }, 250),
  );

  fill(
    slot,
    seats,
    h(
      'section',
      { 'aria-labelledby': 'holders-title' },
      h('h2', { id: 'holders-title' }, 'Quién tiene licencia'),
      h('div', { class: 'field search-field' }, h('label', { for: 'holders-search' }, 'Buscá por nombre o email'), holderSearch),
      holders.element,
    ),
    assignMany(sub, refresh),
  );
  await refresh();
}

/** Choose people (searching by name or email, page by page) and give each a seat at once. */
function assignMany(sub, refresh) {
  const chosen = new Map();
  const summary = h('p', { class: 'hint', role: 'status', testid: 'chosen-count' }, 'Nadie elegido todavía.');
  const showChosen = () => {
    summary.textContent = chosen.size ? `Elegiste a ${[...chosen.values()].join(', ')}.` : 'Nadie elegido todavía.';
  };
  // Who holds a seat already (a subscription's holders are at most its seats): shown as such in
  // the list instead of offered again.
  let holding = new Set();
  const loadHolding = async () => {
    holding = new Set((await allItems(`/subscriptions/${seg(sub.id)}/licences`)).map((l) => l.user_id));
  };
  let words = '';
  const people = pagedList({
    load: async (cursor) => {
      if (!cursor) await loadHolding();
      return searchUsers(words, { limit: 20, cursor });
    },
    render: (items) =>
      h(
        'ul',
        { class: 'choices', testid: 'assign-candidates' },
        items.map((u) => {
          const id = uid('who');
          const holds = holding.has(u.id);
          const box = h('input', { type: 'checkbox', id, value: u.id, checked: holds || chosen.has(u.id), disabled: holds, 'data-ignore': true, testid: 'assign-candidate' });
          box.addEventListener('change', () => {
            if (box.checked) chosen.set(u.id, u.name);
            else chosen.delete(u.id);
            showChosen();
          });
          const label = h('label', { for: id }, `${u.name} (${u.email})`, holds && h('span', { class: 'muted' }, ' · ya tiene licencia'));
          return h('li', { class: 'field--inline', 'data-email': u.email, 'data-holds': holds ? 'yes' : 'no' }, box, label);
        }),
      ),
    emptyText: 'Nadie de la empresa tiene ese nombre o email.',
  });
  const search = h('input', { type: 'search', id: 'assign-search', autocomplete: 'off', testid: 'assign-search' });
  search.addEventListener(
    'input',
    debounce(() => {
      words = search.value.trim();
      people.reload();
    }, 250),
  );
  const form = bindForm(
    h(
      'form',
      { class: 'panel', testid: 'assign-form', 'aria-labelledby': 'assign-title' },
      h('h2', { id: 'assign-title' }, 'Asignar licencias'),
      h('p', 'Elegí a una o más personas: a cada una le enviamos un email con cómo abrir la aplicación.'),
      h('div', { class: 'field search-field' }, h('label', { for: 'assign-search' }, 'Buscá por nombre o email'), search),
      people.element,
      summary,
      h('div', { class: 'form-actions' }, submitButton('Asignar a los elegidos', { testid: 'assign-licence' })),
    ),
    async () => {
      if (!chosen.size) {
        summary.textContent = 'Elegí al menos una persona.';
        return;
      }
      const answer = await api.post(`/subscriptions/${seg(sub.id)}/licences/bulk`, { user_ids: [...chosen.keys()] });
      const given = answer?.assigned?.length ?? 0;
      const had = answer?.already_assigned?.length ?? 0;
      flash(`Asignamos ${given === 1 ? '1 licencia' : `${given} licencias`}.${had ? ` ${had === 1 ? '1 persona ya la tenía' : `${had} personas ya la tenían`}.` : ''}`);
      chosen.clear();
      showChosen();
      await Promise.all([refresh(), people.reload()]);
    },
  );
  people.reload();
  return form;
}
