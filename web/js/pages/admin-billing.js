// "Mi factura" (/admin/billing): what the company is charged for a month, line by line, with the
// same figures as the operator's export (billed by seat-days; net, IVA 21 %, total), its spend
// limits and how much of each is used today, and the month as CSV. It says which CUIT and which
// account of the company's "factura de comunicaciones" the charges go on (set in "Mi empresa").

import { api, seg } from '../api.js';
import { h } from '../dom.js';
import { BILLING_ACCOUNT_LABEL, chargesTable, downloadCsv, invoiceTotals, thisMonth } from '../billing.js';
import { bindForm, errorPanel, field, flash, flashError, loading, pageTitle, submitButton, withBusy } from '../ui.js';
import { money } from '../views.js';

export default async function myInvoice(view, { query }) {
  const result = h('div');
  const initial = /^\d{4}-\d{2}$/.test(query.get('month') ?? '') ? query.get('month') : thisMonth();
  const monthField = field({ label: 'Mes', name: 'month', type: 'month', required: true, value: initial, attrs: { pattern: '\\d{4}-\\d{2}', 'data-pattern-message': 'Elegí un mes (AAAA-MM).' } });
  const download = h('button', { type: 'button', class: 'btn', testid: 'download-invoice-csv' }, 'Descargar CSV');
  const form = bindForm(
    h('form', { class: 'panel row', testid: 'invoice-form' }, monthField, submitButton('Ver el mes', { testid: 'show-invoice' }), download),
    async ({ month }) => {
      result.replaceChildren(loading());
      try {
        showStatement(result, await api.get(`/billing/statements/${seg(month)}`));
      } catch (err) {
        result.replaceChildren(errorPanel(err));
      }
    },
  );
  download.addEventListener('click', () =>
    withBusy(download, async () => {
      const month = monthField.querySelector('input').value;
      if (!/^\d{4}-\d{2}$/.test(month)) return flash('Elegí un mes para descargar.', 'error');
      await downloadCsv(`/billing/statements/${seg(month)}`, `cloudstore-factura-${month}.csv`);
      flash(`Descargamos tu factura de ${month}.`);
    }).catch(flashError),
  );
  view.append(
    pageTitle('Mi factura'),
    h('p', { class: 'lead' }, 'Lo que se le cobra a la empresa en el mes: cada día cuenta la mayor cantidad de asientos que tuvo cada suscripción. Los precios del catálogo no incluyen IVA.'),
    form,
    result,
  );
  form.requestSubmit();
}

/** "Usaste $ X de $ Y", or "Sin límite". */
function limitText(use) {
  if (!use) return h('span', 'Sin límite');
  return h('span', 'Usado ', money(use.used), ' de ', money(use.limit));
}

/** Where the charges go: the company's CUIT and the account of its "factura de comunicaciones". */
function invoicedTo(s) {
  const missing = (text) => [h('span', { class: 'badge badge--warn' }, text), ': cargalo en ', h('a', { href: '/admin/company' }, 'Mi empresa')];
  return h(
    'dl',
    { class: 'kv kv--stack', testid: 'invoiced-to' },
    h('dt', 'CUIT'),
    h('dd', { testid: 'invoice-tax-id' }, s.tax_id ?? missing('Sin CUIT')),
    h('dt', BILLING_ACCOUNT_LABEL),
    h('dd', { testid: 'invoice-billing-account' }, s.billing_account ?? missing('Sin número de cuenta')),
  );
}

function showStatement(slot, s) {
  const lines = s.lines ?? [];
  slot.replaceChildren(
    h(
      'section',
      { class: 'panel', testid: 'invoice', 'aria-labelledby': 'invoice-title' },
      h('h2', { id: 'invoice-title' }, `${s.company_name} · ${s.month}`),
      invoicedTo(s),
      lines.length
        ? chargesTable(lines, `Cargos de ${s.month}`)
        : h('p', { class: 'muted', testid: 'empty' }, `No hay cargos en ${s.month}.`),
      invoiceTotals(s),
    ),
    h(
      'section',
      { class: 'panel', testid: 'spend-limits', 'aria-labelledby': 'limits-title' },
      h('h2', { id: 'limits-title' }, 'Límites de gasto'),
      h('p', { class: 'hint' }, 'Los fija el operador. Cada compra y cada asiento que sumás cuenta su precio mensual el día que se hace.'),
      h(
        'dl',
        { class: 'kv' },
        h('dt', 'Hoy'),
        h('dd', { testid: 'limit-daily' }, limitText(s.spend_limits?.daily)),
        h('dt', 'Últimos 30 días'),
        h('dd', { testid: 'limit-30-days' }, limitText(s.spend_limits?.rolling_30_days)),
      ),
    ),
  );
}
