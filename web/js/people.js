// Finding people of the company by name or email (GET /users?query=), for every list and choice
// of the panel: no list is capped, every one pages through the API.

import { api, itemsOf, query } from './api.js';
import { debounce, h, uid } from './dom.js';
import { flashError } from './ui.js';

/** One page of the company's users whose name or email holds every word of `text`. */
export function searchUsers(text, { limit = 50, cursor } = {}) {
  return api.get(`/users${query({ query: text || undefined, limit, cursor })}`);
}

/**
 * A search box and the people it finds, to choose one: {element, value(), person()}. `exclude`
 * lists ids never offered (the person being deleted, those who hold the licence already).
 */
export function personPicker({ label = 'Persona', exclude = [], testid = 'person-picker', name = 'user_id' } = {}) {
  const searchId = uid('pick');
  const selectId = uid('pick');
  const search = h('input', { type: 'search', id: searchId, autocomplete: 'off', testid: `${testid}-search` });
  const select = h('select', { id: selectId, name, required: true, testid: `${testid}-select` });
  let found = [];
  const load = async () => {
    try {
      const answer = await searchUsers(search.value.trim(), { limit: 20 });
      found = itemsOf(answer).filter((u) => !exclude.includes(u.id));
      const more = answer?.next_cursor ? [h('option', { value: '', disabled: true }, 'Hay más: escribí para buscar')] : [];
      select.replaceChildren(
        ...(found.length
          ? [h('option', { value: '' }, 'Elegí una persona'), ...found.map((u) => h('option', { value: u.id }, `${u.name} (${u.email})`)), ...more]
          : [h('option', { value: '' }, 'Nadie con ese nombre o email')]),
      );
    } catch (err) {
      flashError(err);
    }
  };
  search.addEventListener('input', debounce(load, 250));
  load();
  const element = h(
    'div',
    { class: 'picker', testid },
    h('div', { class: 'field' }, h('label', { for: searchId }, 'Buscá por nombre o email'), search),
    h('div', { class: 'field' }, h('label', { for: selectId }, label), select),
  );
  return { element, value: () => select.value, person: () => found.find((u) => u.id === select.value) ?? null };
}
