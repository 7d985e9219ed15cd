// The vendor's page (/vendor, "Mis productos"): the applications of its own on sale in the
// catalog, the ones the operator assigned to it, with their plans and prices and a link to the
// product sheet the customers see.

import { seg } from '../api.js';
import { h } from '../dom.js';
import { trialText } from '../format.js';
import { errorPanel, loading, pageTitle } from '../ui.js';
import { appIcon, loadProducts, money } from '../views.js';

export default async function vendorHome(view, { user }) {
  const slot = h('div', loading());
  const company = user?.company?.name;
  view.append(
    pageTitle('Mis productos'),
    h('p', { class: 'lead' }, company ? `Las aplicaciones de ${company} que están a la venta en Cloud Store, con sus planes y precios.` : 'Tus aplicaciones a la venta en Cloud Store, con sus planes y precios.'),
    slot,
  );
  const load = async () => {
    slot.replaceChildren(loading());
    let products;
    try {
      // Fresh: a product the operator just assigned shows at once, not after the list's cache time.
      products = await loadProducts({ fresh: true });
    } catch (err) {
      slot.replaceChildren(errorPanel(err, load));
      return;
    }
    const mine = user?.company_id ? products.filter((p) => p.vendor_id === user.company_id) : [];
    slot.replaceChildren(
      mine.length
        ? h('ul', { class: 'cards cards--wide', testid: 'vendor-products' }, mine.map(productCard))
        : h(
            'div',
            { class: 'panel', testid: 'empty' },
            h('h2', 'Todavía no tenés productos en el catálogo'),
            h('p', 'El operador de Cloud Store asigna cada producto a su proveedor. Cuando te asigne uno, aparece acá con sus planes y precios.'),
          ),
    );
  };
  await load();
}

function productCard(product) {
  return h(
    'li',
    h(
      'article',
      { class: 'card', testid: 'vendor-product', 'data-id': product.id },
      h('div', { class: 'card__head' }, appIcon(product.icon_url, product.name), h('div', h('h2', product.name), h('p', { class: 'card__meta' }, product.category))),
      h('h3', { class: 'card__label' }, 'Planes'),
      (product.plans ?? []).length
        ? h(
            'ul',
            { class: 'plain', testid: 'vendor-plans' },
            product.plans.map((plan) => h('li', `${plan.name}: `, money(plan.price), ' por usuario por mes', trialText(plan.trial_days) && ` · ${trialText(plan.trial_days)}`)),
          )
        : h('p', { class: 'muted' }, 'Sin planes.'),
      h('div', { class: 'card__actions' }, h('a', { class: 'btn', href: `/products/${seg(product.id)}`, testid: 'product-link', 'aria-label': `Ver ficha de ${product.name}` }, 'Ver ficha')),
    ),
  );
}
