// The public catalog (/) and a product's sheet (/products/:id): its features, plans and prices,
// screenshots (thumbnails that open larger) and manual.

import { api, seg } from '../api.js';
import { currentUser } from '../auth.js';
import { h } from '../dom.js';
import { formatMoney, trialText } from '../format.js';
import { errorPanel, loading, openDialog, pageTitle } from '../ui.js';
import { appIcon, loadProducts, lowestPrice, money, PER_SEAT_MONTH } from '../views.js';

export async function catalog(view) {
  const list = h('div', loading());
  view.append(
    pageTitle('Catálogo de aplicaciones'),
    h('p', { class: 'lead' }, 'Aplicaciones en la nube para tu empresa, con precio mensual por usuario. Los precios no incluyen IVA (21\u00a0%).'),
    list,
  );
  const load = async () => {
    list.replaceChildren(loading());
    try {
      const products = await loadProducts();
      list.replaceChildren(
        products.length
          ? h('ul', { class: 'cards', testid: 'catalog' }, products.map(productCard))
          : h('p', { class: 'muted', testid: 'empty' }, 'Todavía no hay productos en el catálogo.'),
      );
    } catch (err) {
      list.replaceChildren(errorPanel(err, load));
    }
  };
  await load();
}

function productCard(product) {
  const from = lowestPrice(product);
  const trial = Math.max(0, ...(product.plans ?? []).map((p) => p.trial_days ?? 0));
  return h(
    'li',
    h(
      'article',
      { class: 'card', testid: 'product-card' },
      h('div', { class: 'card__head' }, appIcon(product.icon_url, product.name), h('div', h('h2', product.name), h('p', { class: 'card__meta' }, `${product.vendor} · ${product.category}`))),
      h('p', product.summary),
      from && h('p', { testid: 'card-price' }, 'Desde ', h('span', { class: 'price' }, formatMoney(from)), PER_SEAT_MONTH),
      trial > 0 && h('p', h('span', { class: 'badge badge--info' }, trialText(trial))),
      h('div', { class: 'card__actions' }, h('a', { class: 'btn', href: `/products/${seg(product.id)}`, testid: 'product-link', 'aria-label': `Ver ficha de ${product.name}` }, 'Ver ficha')),
    ),
  );
}

export async function product(view, { params, setTitle }) {
  const body = h('div', loading());
  const title = pageTitle('Producto');
  view.append(h('p', h('a', { href: '/' }, '← Volver al catálogo')), title, body);
  let item;
  try {
    item = await api.get(`/products/${seg(params.id)}`, { auth: false });
  } catch (err) {
    body.replaceChildren(errorPanel(err));
    return;
  }
  setTitle(item.name, `${item.name} en Cloud Store: ${item.summary || item.category}. Planes, precios, capturas de pantalla y manual.`);
  title.querySelector('h1').textContent = item.name;
  body.replaceChildren(
    h('div', { class: 'product-hero' }, appIcon(item.icon_url, item.name), h('div', h('p', { class: 'lead' }, item.summary), h('p', { class: 'card__meta' }, `${item.vendor} · ${item.category}`))),
    h(
      'div',
      { class: 'two-columns' },
      h(
        'div',
        h('section', { class: 'panel', 'aria-labelledby': 'about' }, h('h2', { id: 'about' }, 'Qué es'), h('p', item.description)),
        item.features?.length > 0 &&
          h('section', { class: 'panel', 'aria-labelledby': 'features' }, h('h2', { id: 'features' }, 'Funcionalidades'), h('ul', { class: 'features' }, item.features.map((f) => h('li', f)))),
        item.screenshots?.length > 0 &&
          h(
            'section',
            { class: 'panel', 'aria-labelledby': 'shots' },
            h('h2', { id: 'shots' }, 'Capturas de pantalla'),
            h('p', { class: 'hint' }, 'Tocá una captura para verla más grande.'),
            h('ul', { class: 'screenshots', testid: 'screenshots' }, item.screenshots.map((src, i) => h('li', thumbnail(item, i)))),
          ),
      ),
      h(
        'div',
        h('section', { class: 'panel', 'aria-labelledby': 'plans' }, h('h2', { id: 'plans' }, 'Planes'), plansList(item)),
        h(
          'section',
          { class: 'panel', 'aria-labelledby': 'docs' },
          h('h2', { id: 'docs' }, 'Documentación'),
          h(
            'ul',
            item.manual_url && h('li', h('a', { href: item.manual_url, target: '_blank', rel: 'noopener noreferrer', testid: 'manual-link' }, 'Manual de uso (se abre en otra pestaña)')),
            item.help_url && h('li', h('a', { href: item.help_url, target: '_blank', rel: 'noopener noreferrer', testid: 'help-link' }, 'Ayuda y soporte (se abre en otra pestaña)')),
          ),
        ),
      ),
    ),
  );
}

/** A screenshot as a thumbnail that opens larger, in a dialog with the others a step away. */
function thumbnail(item, index) {
  const alt = `Captura ${index + 1} de ${item.name}`;
  return h(
    'button',
    { type: 'button', class: 'shot', testid: 'screenshot', 'aria-label': `Ampliar la captura ${index + 1} de ${item.name}`, onclick: () => enlarge(item, index) },
    // The first two are in view on arrival (often the largest thing painted): no lazy loading.
    h('img', { src: item.screenshots[index], alt, loading: index < 2 ? 'eager' : 'lazy', fetchpriority: index === 0 ? 'high' : null, decoding: 'async', width: 320, height: 200 }),
  );
}

function enlarge(item, start) {
  let index = start;
  openDialog({
    title: item.name,
    testid: 'screenshot-dialog',
    wide: true,
    build: (close) => {
      const img = h('img', { class: 'shot-large', testid: 'screenshot-large', width: 960, height: 600 });
      const caption = h('p', { class: 'muted', role: 'status' });
      const show = (i) => {
        index = (i + item.screenshots.length) % item.screenshots.length;
        img.src = item.screenshots[index];
        img.alt = `Captura ${index + 1} de ${item.name}`;
        caption.textContent = `Captura ${index + 1} de ${item.screenshots.length}`;
      };
      show(index);
      const step = (delta, label, testid) => h('button', { type: 'button', class: 'btn', testid, onclick: () => show(index + delta) }, label);
      return [
        h('figure', { class: 'shot-figure' }, img, h('figcaption', caption)),
        h(
          'div',
          { class: 'form-actions' },
          item.screenshots.length > 1 && [step(-1, 'Anterior', 'previous-screenshot'), step(1, 'Siguiente', 'next-screenshot')],
          h('button', { type: 'button', class: 'btn', testid: 'close-screenshot', onclick: () => close() }, 'Cerrar'),
        ),
      ];
    },
  });
}

function plansList(item) {
  const user = currentUser();
  return h(
    'ul',
    { class: 'cards', testid: 'plans' },
    (item.plans ?? []).map((plan) => {
      const buy = `/checkout?product=${seg(item.id)}&plan=${seg(plan.id)}`;
      let action = null;
      if (!user) action = h('a', { class: 'btn btn-small', href: `/login?next=${encodeURIComponent(buy)}` }, 'Ingresá para comprar');
      else if (user.role === 'admin') action = h('a', { class: 'btn btn-primary btn-small', href: buy, testid: 'buy-plan', 'aria-label': `Comprar el plan ${plan.name}` }, 'Comprar');
      return h(
        'li',
        h(
          'article',
          { class: 'card', testid: 'plan' },
          h('h3', plan.name),
          h('p', { testid: 'plan-price-line' }, money(plan.price, 'plan-price'), PER_SEAT_MONTH),
          plan.trial_days > 0 && h('p', h('span', { class: 'badge badge--info', testid: 'trial' }, trialText(plan.trial_days))),
          action && h('div', { class: 'card__actions' }, action),
        ),
      );
    }),
  );
}
