// What a month costs, shown the same way to the operator (the export, per company) and to a
// company's admin ("Mi factura"): one row per subscription billed by seat-days, then the net, the
// IVA and the total; and the CSV download, which needs the bearer token (so it is fetched, then
// saved as a blob).

import { request } from './api.js';
import { h } from './dom.js';
import { table } from './ui.js';
import { money } from './views.js';

/**
 * The account number of the telecom's invoice the charges go on, by the customer FAQ's name for
 * that invoice ("facturadas junto con tu factura de comunicaciones").
 */
export const BILLING_ACCOUNT_LABEL = 'Número de cuenta de la factura de comunicaciones';

/** The current month, `YYYY-MM`. */
export function thisMonth(date = new Date()) {
  return `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}`;
}

/** "30 de 30", with the trial's free days when there were some. */
function daysText(c) {
  const free = c.trial_days_free ? ` (${c.trial_days_free} de prueba gratis)` : '';
  return `${c.billable_days} de ${c.days_in_month}${free}`;
}

/** The month's lines: each subscription, its peak seats, its seat-days and its amount. */
export function chargesTable(charges, caption) {
  return table({
    caption: h('span', { class: 'visually-hidden' }, caption),
    rowProps: (c) => ({ testid: 'billing-row', 'data-subscription': c.subscription_id }),
    columns: [
      { label: 'Producto', value: (c) => `${c.product_name} — ${c.plan_id}` },
      { label: 'Asientos (máximo del mes)', value: (c) => String(c.seats), num: true },
      { label: 'Asientos × día', value: (c) => String(c.seat_days), num: true },
      { label: 'Precio por asiento', value: (c) => (c.unit_price ? money(c.unit_price) : 'varios'), num: true },
      { label: 'Días cobrados', value: daysText, num: true },
      { label: 'Subtotal', value: (c) => money(c.subtotal), num: true },
      { label: 'Descuento', value: (c) => money(c.discount.amount ? { ...c.discount, amount: -c.discount.amount } : c.discount), num: true },
      { label: 'Importe', value: (c) => money(c.amount, 'line-amount'), num: true },
    ],
    rows: charges,
  });
}

/** Net, IVA (21 %) and total. */
export function invoiceTotals({ net, iva, total }) {
  return h(
    'dl',
    { class: 'totals', testid: 'invoice-totals' },
    h('dt', 'Neto (los precios no incluyen IVA)'),
    h('dd', money(net, 'net')),
    h('dt', 'IVA 21 %'),
    h('dd', money(iva, 'iva')),
    h('dt', { class: 'totals__total' }, 'Total'),
    h('dd', { class: 'totals__total' }, money(total, 'invoice-total')),
  );
}

/** Fetches `path` as CSV and saves it as `filename`. */
export async function downloadCsv(path, filename) {
  const response = await request('GET', path, { accept: 'text/csv', raw: true });
  const url = URL.createObjectURL(await response.blob());
  const link = h('a', { href: url, download: filename, hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
