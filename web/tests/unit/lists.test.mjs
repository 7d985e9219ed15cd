// Unit tests of web/js/ui/lists.js's filledPage: a search over a list the API filters page by page.
// Run: node --test web/tests/unit/
//
// lists.js imports api.js, which reads `window.CLOUDSTORE_CONFIG` on import, so a bare `window`
// stands in before the dynamic import; filledPage itself touches no DOM.

import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';

let filledPage;
before(async () => {
  globalThis.window ??= {};
  ({ filledPage } = await import('../../js/ui/lists.js'));
});

/** A list API over `pages` (arrays of items), answering {items, next_cursor} and counting calls. */
function pagedApi(pages) {
  const calls = [];
  const load = async (cursor) => {
    calls.push(cursor);
    const index = cursor === null ? 0 : Number(cursor);
    const next = index + 1 < pages.length ? String(index + 1) : null;
    return { items: pages[index], next_cursor: next };
  };
  return { load, calls };
}

describe('filledPage: following the cursor until a page is full', () => {
  test('one full page is one call, and its cursor is handed on', async () => {
    const api = pagedApi([['a', 'b', 'c'], ['d']]);
    const page = await filledPage(api.load, null, { want: 3 });
    assert.deepEqual(page, { items: ['a', 'b', 'c'], next_cursor: '1' });
    assert.deepEqual(api.calls, [null]);
  });

  test('short pages are joined until enough items came', async () => {
    const api = pagedApi([[], ['a'], [], ['b', 'c'], ['d']]);
    const page = await filledPage(api.load, null, { want: 3 });
    assert.deepEqual(page, { items: ['a', 'b', 'c'], next_cursor: '4' });
    assert.deepEqual(api.calls, [null, '1', '2', '3']);
  });

  test('the end of the list stops it with no cursor, even when short', async () => {
    const api = pagedApi([['a'], []]);
    const page = await filledPage(api.load, null, { want: 20 });
    assert.deepEqual(page, { items: ['a'], next_cursor: null });
    assert.deepEqual(api.calls, [null, '1']);
  });

  test('at most maxCalls calls, then the cursor to go on', async () => {
    const api = pagedApi([[], [], [], [], ['found']]);
    const page = await filledPage(api.load, null, { want: 20, maxCalls: 3 });
    assert.deepEqual(page, { items: [], next_cursor: '3' });
    assert.deepEqual(api.calls, [null, '1', '2']);
  });

  test('it starts from the cursor it is given', async () => {
    const api = pagedApi([['a'], ['b'], ['c']]);
    const page = await filledPage(api.load, '1', { want: 1 });
    assert.deepEqual(page, { items: ['b'], next_cursor: '2' });
    assert.deepEqual(api.calls, ['1']);
  });
});
