// "Mi empresa" (/admin/company): the company's name, its CUIT and the account number of the
// "factura de comunicaciones" its Cloud Store charges go on (the customer FAQ's name for the
// telecom's invoice), and since when it is a customer; a form changes the three (a blank CUIT or
// account number removes it).

import { api } from '../api.js';
import { BILLING_ACCOUNT_LABEL } from '../billing.js';
import { fill, h } from '../dom.js';
import { formatDate } from '../format.js';
import { bindForm, errorPanel, field, flash, loading, pageTitle, submitButton } from '../ui.js';

export default async function myCompany(view) {
  const summary = h('div', loading());
  const editor = h('div');
  view.append(
    pageTitle('Mi empresa'),
    h('p', { class: 'lead' }, 'Los datos de tu empresa en Cloud Store. Tus compras se cobran junto con tu factura de comunicaciones, en la cuenta que indiques acá.'),
    summary,
    editor,
  );

  const show = (company) => fill(summary, companySummary(company));
  const load = async () => {
    summary.replaceChildren(loading());
    editor.replaceChildren();
    try {
      const company = await api.get('/company');
      show(company);
      // The form stays in place after saving (focus stays on its button): only the summary and
      // the fields' values (the CUIT as the API writes it) change.
      fill(editor, companyForm(company, show));
    } catch (err) {
      summary.replaceChildren(errorPanel(err, load));
    }
  };
  await load();
}

/** Who the company is for Cloud Store: name, CUIT, the invoice's account, customer since. */
function companySummary(company) {
  return h(
    'section',
    { class: 'panel', testid: 'company-profile', 'aria-labelledby': 'company-title' },
    h('h2', { id: 'company-title', testid: 'company-name' }, company.name),
    h('p', { class: 'muted', testid: 'customer-since' }, `Cliente desde el ${formatDate(company.created_at)}`),
    h(
      'dl',
      { class: 'kv kv--stack' },
      h('dt', 'CUIT'),
      h('dd', { testid: 'company-tax-id' }, company.tax_id ?? 'Sin CUIT'),
      h('dt', BILLING_ACCOUNT_LABEL),
      h('dd', { testid: 'company-billing-account' }, company.billing_account ?? 'Sin número de cuenta'),
    ),
    !company.billing_account &&
      h(
        'div',
        { class: 'warning', testid: 'billing-account-missing' },
        h('p', h('strong', 'Falta el número de cuenta de tu factura de comunicaciones.'), ' Tus compras en Cloud Store se cobran en esa factura: sin el número de cuenta no podemos incluir los cargos en ella. Lo encontrás en la factura; cargalo abajo.'),
      ),
  );
}

/** The form that changes the three fields; a blank CUIT or account number removes it. */
function companyForm(company, onSaved) {
  const form = bindForm(
    h(
      'form',
      { class: 'panel narrow', testid: 'company-form', 'aria-labelledby': 'company-form-title' },
      h('h2', { id: 'company-form-title' }, 'Modificar los datos'),
      field({ label: 'Nombre de la empresa', name: 'name', required: true, value: company.name, attrs: { maxlength: 200, autocomplete: 'organization' } }),
      field({
        label: 'CUIT',
        name: 'tax_id',
        value: company.tax_id,
        hint: ['Once dígitos, con o sin guiones: ', h('span', { class: 'nowrap' }, '30-71234567-1'), '. Si lo dejás vacío, se quita.'],
        attrs: { inputmode: 'numeric', autocomplete: 'off', maxlength: 32 },
      }),
      field({
        label: BILLING_ACCOUNT_LABEL,
        name: 'billing_account',
        value: company.billing_account,
        hint: ['Figura en tu factura de comunicaciones: hasta 20 dígitos y guiones, por ejemplo ', h('span', { class: 'nowrap' }, '0800-1234567'), '.'],
        attrs: {
          inputmode: 'numeric',
          autocomplete: 'off',
          maxlength: 20,
          pattern: '[0-9\\-]*[0-9][0-9\\-]*',
          'data-pattern-message': 'Escribí solo dígitos y guiones, por ejemplo 0800-1234567.',
        },
      }),
      h('div', { class: 'form-actions' }, submitButton('Guardar los cambios', { testid: 'save-company' })),
    ),
    async (body) => {
      // readForm leaves blank optional fields out; for this form a blank one means "remove it".
      const saved = await api.patch('/company', { name: body.name, tax_id: body.tax_id ?? '', billing_account: body.billing_account ?? '' });
      form.elements.namedItem('name').value = saved.name;
      form.elements.namedItem('tax_id').value = saved.tax_id ?? '';
      form.elements.namedItem('billing_account').value = saved.billing_account ?? '';
      onSaved(saved);
      flash('Guardamos los datos de la empresa.');
    },
  );
  return form;
}
