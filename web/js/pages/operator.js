// The operator's other tools: account terminations (/operator/terminations) and the monthly
// billing export (/operator/billing: each company's CUIT and invoice account, and "Sin número de
// cuenta" on a company that owes something and has none). The company and staff lists are in
// operator-directory.js.

import { api, query, request, seg } from '../api.js';
import { fill, h } from '../dom.js';
import { formatDateTime, TERMINATION_STATUS } from '../format.js';
import { badge, bindForm, confirmAction, errorPanel, field, flash, flashError, loading, pageTitle, pagedList, submitButton, table, withBusy } from '../ui.js';
import { BILLING_ACCOUNT_LABEL, chargesTable, invoiceTotals } from '../billing.js';
import { money } from '../views.js';

export async function terminations(view) {
  const list = pagedList({
    load: (cursor) => api.get(`/operator/terminations${query({ limit: 50, cursor })}`),
    render: (items) =>
      table({
        rowProps: (t) => ({ testid: 'termination-row', 'data-id': t.id }),
        columns: [
          { label: 'Pedida', value: (t) => formatDateTime(t.created_at) },
          { label: 'Empresa', value: (t) => t.company_name ?? h('code', t.company_id) },
          { label: 'Completada', value: (t) => (t.completed_at ? formatDateTime(t.completed_at) : '—') },
          { label: 'Estado', value: (t) => badge(TERMINATION_STATUS[t.status], t.status) },
          {
            label: 'Acciones',
            value: (t) => t.status === 'requested' && h('button', { type: 'button', class: 'btn btn-small btn-danger', testid: 'complete-termination', onclick: () => complete(t) }, 'Completar la baja'),
          },
        ],
        rows: items,
      }),
    emptyText: 'No hay pedidos de baja.',
  });
  const complete = async (t) => {
    const result = await confirmAction({
      title: '¿Completar la baja de la cuenta?',
      message: ['Se cancelan todas las suscripciones de la empresa y todos sus usuarios quedan deshabilitados y fuera del sistema.', 'Esta acción no se puede deshacer.'],
      confirmLabel: 'Completar la baja',
      action: () => api.post(`/operator/terminations/${seg(t.id)}/complete`),
    });
    if (result?.ok) {
      flash('Completamos la baja de la cuenta.');
      await list.reload();
    }
  };
  view.append(pageTitle('Bajas de cuentas'), h('p', { class: 'lead' }, 'Empresas cuyo último administrador pidió la baja de la cuenta.'), list.element);
  await list.reload();
}

/** The previous month, YYYY-MM: the one usually invoiced. */
function lastMonth() {
  const d = new Date();
  d.setDate(1);
  d.setMonth(d.getMonth() - 1);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}`;
}

export async function billing(view) {
  const result = h('div');
  const download = h('button', { type: 'button', class: 'btn', testid: 'download-csv' }, 'Descargar CSV');
  const monthField = field({ label: 'Mes', name: 'month', type: 'month', required: true, value: lastMonth(), attrs: { pattern: '\\d{4}-\\d{2}', 'data-pattern-message': 'Elegí un mes (AAAA-MM).' } });
  const month = () => monthField.querySelector('input').value;

  const form = bindForm(
    h('form', { class: 'panel row', testid: 'billing-form' }, monthField, submitButton('Ver cargos', { testid: 'show-billing' }), download),
    async ({ month: m }) => {
      result.replaceChildren(loading());
      try {
        showBilling(result, await api.get(`/operator/billing${query({ month: m })}`), m);
      } catch (err) {
        result.replaceChildren(errorPanel(err));
      }
    },
  );

  // The CSV needs the bearer token, so a plain link cannot fetch it: fetch it, then save the blob.
  download.addEventListener('click', () =>
    withBusy(download, async () => {
      const m = month();
      if (!/^\d{4}-\d{2}$/.test(m)) return flash('Elegí un mes para descargar.', 'error');
      const response = await request('GET', `/operator/billing${query({ month: m })}`, { accept: 'text/csv', raw: true });
      const url = URL.createObjectURL(await response.blob());
      const link = h('a', { href: url, download: `cloudstore-facturacion-${m}.csv`, hidden: true });
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      flash(`Descargamos la facturación de ${m}.`);
    }).catch(flashError),
  );

  view.append(pageTitle('Facturación'), h('p', { class: 'lead' }, 'Los cargos del mes por empresa y suscripción, para la factura de la operadora.'), form, result);
  form.requestSubmit();
}

/** The month's charges: one table per company with its net, IVA and total, and the month's total. */
function showBilling(slot, answer, month) {
  const companies = answer?.companies ?? [];
  if (!companies.length) {
    slot.replaceChildren(h('p', { class: 'muted', testid: 'empty' }, `No hay cargos en ${month}.`));
    return;
  }
  const missing = companies.filter((c) => c.missing_billing_account).length;
  fill(
    slot,
    missing > 0 &&
      h(
        'p',
        { class: 'warning', testid: 'missing-accounts' },
        missing === 1
          ? 'Una empresa con cargos este mes no tiene número de cuenta de la factura de comunicaciones: sus cargos no pueden ir en la factura hasta que su administrador lo cargue en «Mi empresa».'
          : `${missing} empresas con cargos este mes no tienen número de cuenta de la factura de comunicaciones: sus cargos no pueden ir en la factura hasta que sus administradores lo carguen en «Mi empresa».`,
      ),
    ...companies.map((company) =>
      h(
        'section',
        { class: 'panel', testid: 'billing-company' },
        h(
          'h2',
          company.company_name || company.company_id,
          company.missing_billing_account && [' ', h('span', { class: 'badge badge--warn', testid: 'missing-billing-account' }, 'Sin número de cuenta')],
        ),
        h(
          'dl',
          { class: 'kv kv--stack' },
          h('dt', 'CUIT'),
          h('dd', { testid: 'billing-tax-id' }, company.tax_id ?? 'Sin CUIT'),
          h('dt', BILLING_ACCOUNT_LABEL),
          h('dd', { testid: 'billing-account' }, company.billing_account ?? 'Sin número de cuenta'),
        ),
        chargesTable(company.subscriptions ?? [], `Cargos de ${company.company_name} en ${month}`),
        invoiceTotals(company),
      ),
    ),
    h('p', { class: 'lead', testid: 'billing-total' }, `Total de ${month} (con IVA): `, h('strong', money(answer.total))),
  );
}
