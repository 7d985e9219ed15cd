// The operator's other tools: staff accounts (/operator/users), a company's sales rep and spend
// limits (/operator/companies), account terminations (/operator/terminations) and the monthly
// billing export (/operator/billing).

import { api, query, request, seg } from '../api.js';
import { h } from '../dom.js';
import { formatDateTime, formatMoney, ROLE_LABELS, TERMINATION_STATUS, USER_STATUS } from '../format.js';
import { badge, bindForm, confirmAction, errorPanel, field, flash, flashError, loading, pageTitle, pagedList, submitButton, table, withBusy } from '../ui.js';
import { chargesTable, invoiceTotals } from '../billing.js';
import { money } from '../views.js';

export async function staff(view) {
  const created = h('div');
  const shown = [];
  const form = bindForm(
    h(
      'form',
      { class: 'panel', testid: 'create-staff-form', 'aria-labelledby': 'staff-title' },
      h('h2', { id: 'staff-title' }, 'Crear una cuenta del equipo'),
      h(
        'div',
        { class: 'grid-fields' },
        field({ label: 'Nombre y apellido', name: 'name', required: true }),
        field({ label: 'Email', name: 'email', type: 'email', required: true }),
        field({
          label: 'Rol',
          name: 'role',
          type: 'select',
          required: true,
          options: ['sales_rep', 'operator'].map((value) => ({ value, label: ROLE_LABELS[value] })),
        }),
      ),
      h('p', { class: 'hint' }, 'Le enviamos un email para que active su cuenta eligiendo una contraseña.'),
      h('div', { class: 'form-actions' }, submitButton('Crear cuenta', { testid: 'create-staff' })),
    ),
    async (body) => {
      const user = await api.post('/operator/users', body);
      shown.unshift(user);
      form.reset();
      flash(`Creamos la cuenta de ${user.name}. Le enviamos un email para activarla.`);
      created.replaceChildren(
        h('h2', 'Cuentas creadas ahora'),
        table({
          rowProps: () => ({ testid: 'staff-row' }),
          columns: [
            { label: 'Nombre', value: (u) => u.name },
            { label: 'Email', value: (u) => u.email },
            { label: 'Rol', value: (u) => ROLE_LABELS[u.role] ?? u.role },
            { label: 'Estado', value: (u) => badge(USER_STATUS[u.status], u.status) },
            // A sales rep's id is what "Empresas" asks for to assign them a company.
            { label: 'Id', value: (u) => h('code', u.id) },
          ],
          rows: shown,
        }),
      );
    },
  );
  view.append(pageTitle('Personal'), h('p', { class: 'lead' }, 'Comerciales y operadores de Cloud Store.'), form, created);
}

export async function companies(view) {
  const salesRepForm = bindForm(
    h(
      'form',
      { class: 'panel', testid: 'sales-rep-form', 'aria-labelledby': 'rep-title' },
      h('h2', { id: 'rep-title' }, 'Asignar un comercial a una empresa'),
      h(
        'div',
        { class: 'grid-fields' },
        field({ label: 'Código de la empresa', name: 'company_id', required: true, attrs: { 'data-ignore': true, spellcheck: 'false' } }),
        field({ label: 'Id del comercial', name: 'user_id', required: true, hint: 'Figura al crear su cuenta en «Personal».', attrs: { spellcheck: 'false' } }),
      ),
      h('div', { class: 'form-actions' }, submitButton('Asignar comercial', { testid: 'assign-sales-rep' })),
    ),
    async (body, form) => {
      await api.put(`/operator/companies/${seg(form.elements.company_id.value.trim())}/sales-rep`, body);
      flash('Listo: ese comercial ahora atiende a la empresa.');
    },
  );

  const limitsForm = bindForm(
    h(
      'form',
      { class: 'panel', testid: 'spend-limits-form', 'aria-labelledby': 'limits-title' },
      h('h2', { id: 'limits-title' }, 'Límites de gasto'),
      h('p', { class: 'hint' }, 'Los pedidos y las aprobaciones que superen un límite se rechazan. Dejá vacío el que no quieras cambiar.'),
      h(
        'div',
        { class: 'grid-fields' },
        field({ label: 'Código de la empresa', name: 'company_id', required: true, attrs: { 'data-ignore': true, spellcheck: 'false' } }),
        field({ label: 'Límite diario', name: 'daily', kind: 'money', hint: 'En pesos, por ejemplo 500.000,00.', attrs: { inputmode: 'decimal' } }),
        field({ label: 'Límite de 30 días', name: 'rolling_30_days', kind: 'money', attrs: { inputmode: 'decimal' } }),
      ),
      h('div', { class: 'form-actions' }, submitButton('Guardar límites', { testid: 'save-spend-limits' })),
    ),
    async (body, form) => {
      await api.put(`/operator/companies/${seg(form.elements.company_id.value.trim())}/spend-limits`, body);
      const parts = [body.daily && `diario ${formatMoney(body.daily)}`, body.rolling_30_days && `de 30 días ${formatMoney(body.rolling_30_days)}`].filter(Boolean);
      flash(parts.length ? `Guardamos los límites: ${parts.join(', ')}.` : 'Guardamos los límites.');
    },
  );

  view.append(pageTitle('Empresas'), h('p', { class: 'lead' }, 'El administrador de cada empresa ve su código en su panel.'), salesRepForm, limitsForm);
}

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
  slot.replaceChildren(
    ...companies.map((company) =>
      h(
        'section',
        { class: 'panel', testid: 'billing-company' },
        h('h2', company.company_name || company.company_id),
        chargesTable(company.subscriptions ?? [], `Cargos de ${company.company_name} en ${month}`),
        invoiceTotals(company),
      ),
    ),
    h('p', { class: 'lead', testid: 'billing-total' }, `Total de ${month} (con IVA): `, h('strong', money(answer.total))),
  );
}
