// Unit tests of web/js/router.js: path patterns, the `next=` guard, and the History API plumbing.
// Run: node --test web/tests/unit/
//
// router.js touches `window`, `document`, `location` and `history` only when its functions run,
// never on import, so Node imports it as is. navigate() and startRouter() are exercised with small
// stand-ins for those four globals. The route table itself (path → page) lives in app.js, which
// cannot be imported without a DOM (it imports api.js, which reads `window` on import, and it
// draws the navigation bar and starts the router at import time); it is not tested here.

import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';

import { compilePath, navigate, safeLocalPath, startRouter } from '../../js/router.js';

describe('compilePath: a pattern to a matcher of pathnames', () => {
  const product = compilePath('/products/:id');

  test('a parameter is captured by name', () => {
    assert.deepEqual(product('/products/p-123'), { id: 'p-123' });
  });

  test('one trailing slash is allowed', () => {
    assert.deepEqual(product('/products/p-123/'), { id: 'p-123' });
    assert.equal(product('/products/p-123//'), null);
  });

  test('the parameter is percent-decoded', () => {
    assert.deepEqual(product('/products/caf%C3%A9'), { id: 'café' });
    assert.deepEqual(product('/products/a%2Fb'), { id: 'a/b' });
    assert.deepEqual(product('/products/a%20b'), { id: 'a b' });
  });

  test('a missing, empty or extra segment does not match', () => {
    assert.equal(product('/products'), null);
    assert.equal(product('/products/'), null);
    assert.equal(product('/products/p-123/edit'), null);
    assert.equal(product('/x/products/p-123'), null);
  });

  test('several parameters and fixed segments between them', () => {
    const licences = compilePath('/admin/subscriptions/:id/licences');
    assert.deepEqual(licences('/admin/subscriptions/sub_9/licences'), { id: 'sub_9' });
    assert.equal(licences('/admin/subscriptions/sub_9'), null);
    assert.equal(licences('/admin/subscriptions/sub_9/licencias'), null);
    const two = compilePath('/companies/:company_id/orders/:orderId');
    assert.deepEqual(two('/companies/c1/orders/o2'), { company_id: 'c1', orderId: 'o2' });
  });

  test('a fixed path matches itself (with or without a trailing slash) and nothing longer', () => {
    const users = compilePath('/admin/users');
    assert.deepEqual(users('/admin/users'), {});
    assert.deepEqual(users('/admin/users/'), {});
    assert.equal(users('/admin/users/u1'), null);
    assert.equal(users('/admin/usersx'), null);
    assert.equal(users('/admin'), null);
  });

  test('the root matches only the root', () => {
    const root = compilePath('/');
    assert.deepEqual(root('/'), {});
    assert.equal(root('/panel'), null);
    assert.equal(root(''), null);
  });

  test('paths are case-sensitive', () => {
    assert.equal(compilePath('/panel')('/Panel'), null);
  });

  test('query strings: the matcher takes a pathname; the query is read apart (as app.js does)', () => {
    const activate = compilePath('/activate');
    const url = new URL('/activate?token=abc_DEF-123', 'https://panel.test');
    assert.deepEqual(activate(url.pathname), {});
    assert.equal(url.searchParams.get('token'), 'abc_DEF-123');
    const buy = new URL('/sales/buy/?company=c%201', 'https://panel.test');
    assert.deepEqual(compilePath('/sales/buy')(buy.pathname), {});
    assert.equal(buy.searchParams.get('company'), 'c 1');
    // Handed the whole path with its query, nothing matches:
    assert.equal(activate('/activate?token=abc'), null);
  });

  test("a fixed segment is also a parameter's value: the first route listed wins (app.js lists /operator/catalog/new first)", () => {
    assert.deepEqual(compilePath('/operator/catalog/new')('/operator/catalog/new'), {});
    assert.deepEqual(compilePath('/operator/catalog/:id')('/operator/catalog/new'), { id: 'new' });
  });

  test(
    'a malformed percent-escape is an unknown path (the "Página no encontrada" page), not an exception',
    () => {
      assert.equal(product('/products/%E0%A4%A'), null);
      assert.equal(product('/products/%FF'), null);
    },
  );
});

describe('safeLocalPath: where `?next=` may send a person after signing in', () => {
  test('a path of this app is kept, with its query and hash', () => {
    assert.equal(safeLocalPath('/panel'), '/panel');
    assert.equal(safeLocalPath('/checkout?product=p1&plan=basic'), '/checkout?product=p1&plan=basic');
    assert.equal(safeLocalPath('/admin/users#u1'), '/admin/users#u1');
  });

  test('no value: null', () => {
    for (const value of [null, undefined, '']) assert.equal(safeLocalPath(value), null, JSON.stringify(value));
  });

  test('another site, in any spelling a browser would follow, is refused', () => {
    for (const value of ['https://evil.example/', '//evil.example', '/\\evil.example', 'javascript:alert(1)', 'panel', '\\\\evil.example']) {
      assert.equal(safeLocalPath(value), null, JSON.stringify(value));
    }
  });

  test(
    'a tab or a newline after the first slash does not open a way out',
    () => {
      for (const value of ['/\t/evil.example', '/\n/evil.example', '/\r/evil.example']) {
        assert.equal(new URL(value, 'https://panel.test').origin, 'https://evil.example'); // what a browser would do
        assert.equal(safeLocalPath(value), null, JSON.stringify(value));
      }
    },
  );
});

describe('navigate and startRouter, with stand-ins for the browser', () => {
  const ORIGIN = 'https://panel.test';
  let pushed;
  let replaced;
  let assigned;
  let renders;
  let firstRenders;
  const listeners = {};
  const saved = {};

  function setLocation(path) {
    const url = new URL(path, ORIGIN);
    globalThis.location = {
      origin: url.origin,
      href: url.href,
      pathname: url.pathname,
      search: url.search,
      hash: url.hash,
      assign: (to) => assigned.push(String(to)),
    };
  }

  /** A link as router.js reads it: href (absolute, as the DOM gives it), target, attributes, dataset. */
  function link(href, { target = '', attributes = [], dataset = {} } = {}) {
    return { href: new URL(href, ORIGIN).href, target, dataset, hasAttribute: (name) => attributes.includes(name) };
  }

  /** A click event as the document listener receives it; answers whether the router took it. */
  function click(anchor, init = {}) {
    let prevented = false;
    const event = {
      button: 0,
      metaKey: false,
      ctrlKey: false,
      shiftKey: false,
      altKey: false,
      defaultPrevented: false,
      ...init,
      target: { closest: (selector) => (selector === 'a[href]' ? anchor : null) },
      preventDefault() {
        prevented = true;
        this.defaultPrevented = true;
      },
    };
    listeners.click(event);
    return prevented;
  }

  before(() => {
    for (const name of ['window', 'document', 'location', 'history']) saved[name] = Object.getOwnPropertyDescriptor(globalThis, name);
    globalThis.history = {
      pushState: (state, title, url) => pushed.push(url),
      replaceState: (state, title, url) => replaced.push(url),
    };
    globalThis.window = { addEventListener: (type, fn) => (listeners[type] = fn) };
    globalThis.document = { addEventListener: (type, fn) => (listeners[type] = fn) };
    setLocation('/panel');
    renders = [];
    startRouter((options) => renders.push(options));
    firstRenders = renders;
  });

  after(() => {
    for (const [name, descriptor] of Object.entries(saved)) {
      if (descriptor) Object.defineProperty(globalThis, name, descriptor);
      else delete globalThis[name];
    }
  });

  beforeEach(() => {
    pushed = [];
    replaced = [];
    assigned = [];
    renders = [];
    setLocation('/panel');
  });

  test('startRouter renders once at once, without moving focus, and listens for clicks and back/forward', () => {
    assert.deepEqual(firstRenders, [{ focus: false }]);
    assert.equal(typeof listeners.click, 'function');
    assert.equal(typeof listeners.popstate, 'function');
  });

  test('navigate adds a history entry with path, query and hash, then renders with focus', () => {
    navigate('/products/p1?plan=basic#precios');
    assert.deepEqual(pushed, ['/products/p1?plan=basic#precios']);
    assert.deepEqual(replaced, []);
    assert.deepEqual(renders, [{ focus: true }]);
  });

  test('navigate with replace replaces the entry (redirects leave no step behind)', () => {
    navigate('/login?next=%2Fadmin', { replace: true });
    assert.deepEqual(replaced, ['/login?next=%2Fadmin']);
    assert.deepEqual(pushed, []);
    assert.deepEqual(renders, [{ focus: true }]);
  });

  test('navigate to an absolute address of this origin stays in the app', () => {
    navigate(`${ORIGIN}/help`);
    assert.deepEqual(pushed, ['/help']);
    assert.deepEqual(assigned, []);
  });

  test('navigate to another site leaves the app through location.assign', () => {
    navigate('https://app.vendor.example/launch?x=1');
    assert.deepEqual(assigned, ['https://app.vendor.example/launch?x=1']);
    assert.deepEqual(pushed, []);
    assert.deepEqual(renders, []);
  });

  test('back and forward render with focus', () => {
    listeners.popstate();
    assert.deepEqual(renders, [{ focus: true }]);
  });

  test('a plain click on a link of the app is followed without reloading', () => {
    assert.equal(click(link('/admin/users')), true);
    assert.deepEqual(pushed, ['/admin/users']);
    assert.deepEqual(renders, [{ focus: true }]);
  });

  test('a click on a link to another page with a hash is followed too', () => {
    assert.equal(click(link('/help#licencias')), true);
    assert.deepEqual(pushed, ['/help#licencias']);
  });

  const leftToTheBrowser = [
    ['a click with Ctrl (new tab)', () => click(link('/admin'), { ctrlKey: true })],
    ['a click with Cmd', () => click(link('/admin'), { metaKey: true })],
    ['a click with Shift', () => click(link('/admin'), { shiftKey: true })],
    ['a click with Alt', () => click(link('/admin'), { altKey: true })],
    ['a middle click', () => click(link('/admin'), { button: 1 })],
    ['a click another handler already took', () => click(link('/admin'), { defaultPrevented: true })],
    ['a link with a target', () => click(link('/admin', { target: '_blank' }))],
    ['a download link', () => click(link('/operator/billing.csv', { attributes: ['download'] }))],
    ['a link marked data-external', () => click(link('/api/docs', { dataset: { external: '' } }))],
    ['a link to another site', () => click(link('https://vendor.example/help'))],
    ['the skip link (an anchor in this page)', () => click(link('/panel#main'))],
    ['a click outside any link', () => click(null)],
  ];
  for (const [what, act] of leftToTheBrowser) {
    test(`${what} is left to the browser`, () => {
      assert.equal(act(), false);
      assert.deepEqual(pushed, []);
      assert.deepEqual(assigned, []);
      assert.deepEqual(renders, []);
    });
  }
});
