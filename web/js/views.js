// Views of the store's things that several pages show: products, quotes and orders.

import { allItems } from './api.js';
import { h } from './dom.js';
import { formatDateTime, formatMoney, ORDER_STATUS, seatsText, trialText } from './format.js';
import { badge } from './ui.js';

let catalogCache = null;

/**
 * Every active product (GET /products, every page). Cached for the life of the page; `fresh`
 * reloads it, past the browser's HTTP cache too (the API lets browsers keep the list 60 s, but the
 * operator must see their own change at once).
 */
export function loadProducts({ fresh = false } = {}) {
  if (fresh || !catalogCache) {
    catalogCache = allItems('/products', {}, { auth: false, cache: fresh ? 'no-cache' : 'default' }).catch((err) => {
      catalogCache = null;
      throw err;
    });
  }
  return catalogCache;
}

/** Products by id, to name the product and plan of a subscription or an order line. */
export async function productIndex() {
  return new Map((await loadProducts()).map((p) => [p.id, p]));
}

/**
 * "Producto — Plan". An archived product is no longer in the catalog: then `knownName` (a
 * subscription's product_name) or the ids.
 */
export function productLabel(index, productId, planId, knownName) {
  const product = index.get(productId);
  const plan = product?.plans?.find((p) => p.id === planId);
  return `${product?.name ?? knownName ?? productId} — ${plan?.name ?? planId}`;
}

/** The cheapest plan's monthly price. */
export function lowestPrice(product) {
  const prices = (product.plans ?? []).map((p) => p.price).filter(Boolean);
  return prices.sort((a, b) => a.amount - b.amount)[0] ?? null;
}

export const money = (m, testid) => h('span', { class: 'money', testid }, formatMoney(m));

/**
 * What follows a catalog price, which is net of IVA: " + IVA por usuario por mes". The space inside
 * "+ IVA" does not break, so a narrow screen never leaves the "+" alone at the end of a line.
 */
export const PER_SEAT_MONTH = ' +\u00a0IVA por usuario por mes';

/** The same after a net monthly total: " + IVA por mes". */
export const PER_MONTH = ' +\u00a0IVA por mes';

/** An application icon; decorative, since its name is always written next to it. */
export function appIcon(url, name = '') {
  // Without an icon (or when it does not load), a tile with the name's initial.
  const tile = () => h('span', { class: 'card__icon card__icon--initial', 'aria-hidden': 'true' }, name.trim().charAt(0).toUpperCase());
  if (!url) return tile();
  const img = h('img', { class: 'card__icon', src: url, alt: '', loading: 'lazy', width: 48, height: 48 });
  img.addEventListener('error', () => img.replaceWith(tile()), { once: true });
  return img;
}

/** The lines of a quote or an order: product and plan, seats, unit price, discount, total (net of IVA, which goes on the order's total). */
function linesTable(lines, index) {
  return h(
    'div',
    { class: 'table-wrap' },
    h(
      'table',
      { class: 'responsive', testid: 'lines' },
      h('caption', { class: 'visually-hidden' }, 'Detalle por producto (importes mensuales)'),
      h(
        'thead',
        h('tr', ['Producto', 'Asientos', 'Precio por asiento', 'Subtotal', 'Descuento', 'Total sin IVA'].map((label, i) => h('th', { scope: 'col', class: i > 0 ? 'num' : null }, label))),
      ),
      h(
        'tbody',
        lines.map((line) =>
          h(
            'tr',
            h('td', { 'data-label': 'Producto' }, productLabel(index, line.product_id, line.plan_id), line.trial_days > 0 && h('div', h('span', { class: 'badge badge--info' }, trialText(line.trial_days)))),
            h('td', { 'data-label': 'Asientos', class: 'num' }, String(line.seats)),
            h('td', { 'data-label': 'Precio por asiento', class: 'num' }, money(line.unit_price)),
            h('td', { 'data-label': 'Subtotal', class: 'num' }, money(line.subtotal)),
            h('td', { 'data-label': 'Descuento', class: 'num' }, money(line.discount?.amount ? { ...line.discount, amount: -line.discount.amount } : line.discount)),
            h('td', { 'data-label': 'Total sin IVA', class: 'num' }, money(line.total)),
          ),
        ),
      ),
    ),
  );
}

/** The same lines, compact, for the narrow summary beside the cart. */
export function quoteLines(lines, index) {
  return h(
    'ul',
    { class: 'quote-lines', testid: 'lines' },
    lines.map((line) =>
      h(
        'li',
        h('p', h('strong', productLabel(index, line.product_id, line.plan_id))),
        h('p', `${seatsText(line.seats)} × `, money(line.unit_price), ' = ', money(line.subtotal)),
        line.discount?.amount > 0 && h('p', 'Descuento: ', money({ ...line.discount, amount: -line.discount.amount })),
        line.trial_days > 0 && h('p', h('span', { class: 'badge badge--info' }, trialText(line.trial_days))),
      ),
    ),
  );
}

/**
 * Subtotal, discount (with the coupon's code), the total without IVA, the IVA (21 %) and the total
 * with it, per month. Every figure is the API's own (`iva` and `total_with_iva` follow the monthly
 * statement's rounding): nothing is computed here.
 */
export function totals({ subtotal, discount, total, iva, total_with_iva: withIva }, couponCode) {
  const hasIva = Boolean(iva && withIva);
  return h(
    'dl',
    { class: 'totals', testid: 'totals' },
    h('dt', 'Subtotal mensual'),
    h('dd', money(subtotal, 'subtotal')),
    h('dt', couponCode ? `Descuento (cupón ${couponCode})` : 'Descuento'),
    h('dd', money(discount ? { ...discount, amount: -discount.amount } : discount, 'discount')),
    hasIva
      ? [
          h('dt', { class: 'totals__net' }, 'Total mensual sin\u00a0IVA'),
          h('dd', { class: 'totals__net' }, money(total, 'total')),
          h('dt', 'IVA 21\u00a0%'),
          h('dd', money(iva, 'iva')),
          h('dt', { class: 'totals__total' }, 'Total mensual con\u00a0IVA'),
          h('dd', { class: 'totals__total' }, money(withIva, 'total-with-iva')),
        ]
      : [h('dt', { class: 'totals__total' }, 'Total mensual sin\u00a0IVA'), h('dd', { class: 'totals__total' }, money(total, 'total'))],
  );
}

/** Everything about one order: its state, dates, lines and totals. */
export function orderSummary(order, index) {
  const status = ORDER_STATUS[order.status];
  return h(
    'div',
    { class: 'stack order-summary', testid: 'order-summary' },
    h(
      'dl',
      { class: 'kv' },
      h('dt', 'Pedido'),
      h('dd', h('code', { testid: 'order-id' }, order.id)),
      h('dt', 'Estado'),
      h('dd', badge(status, order.status, 'order-status')),
      h('dt', 'Fecha'),
      h('dd', formatDateTime(order.created_at)),
      order.decided_at && [h('dt', 'Decidido'), h('dd', formatDateTime(order.decided_at))],
      order.reason && [h('dt', 'Motivo'), h('dd', order.reason)],
      order.subscription_ids?.length > 0 && [h('dt', 'Suscripciones'), h('dd', `${order.subscription_ids.length} creada(s)`)],
    ),
    linesTable(order.lines ?? [], index),
    totals(order, order.coupon_code),
  );
}

/** "3 asientos · 1 libre". */
export function seatsSummary(sub) {
  const free = Math.max(0, sub.seats - sub.seats_assigned);
  return `${seatsText(sub.seats)} · ${sub.seats_assigned} asignados · asientos libres: ${free}`;
}
