// Tables that fold into labelled blocks on phones, lists loaded page by page, and searching them.

import { itemsOf } from '../api.js';
import { h } from '../dom.js';
import { errorPanel, flashError, loading } from './feedback.js';
import { bindForm, field, submitButton, withBusy } from './forms.js';

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
