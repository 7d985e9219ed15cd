// The sales rep's cockpit: the companies I serve (/sales, with search and "Cargar más"), buying for
// one of them starts from its row; my delegated orders and their state (/sales/orders); opening a
// new customer's account (/sales/onboard); and my companies' account terminations
// (/sales/terminations, where the termination email leads).

import { api, query, seg } from '../api.js';
import { focusElement, h } from '../dom.js';
import { COMPANY_STATUS, formatDateTime, ORDER_STATUS, SUBSCRIPTION_STATUS, TERMINATION_STATUS, USER_STATUS, seatsText } from '../format.js';
import { badge, bindForm, confirmAction, field, filledPage, flash, pageTitle, pagedList, searchForm, submitButton, table } from '../ui.js';
import { money, orderSummary, PER_MONTH, productIndex, productLabel } from '../views.js';

/** Where buying for a company starts: the delegated cart, with the company chosen. */
export const buyLink = (company) => `/sales/buy${query({ company: company.id ?? company.company_id, name: company.name })}`;

function companyCard(company) {
  const closed = company.status === 'closed';
  const subs = company.subscriptions ?? [];
  const pending = company.pending_orders ?? [];
  return h(
    'li',
    { class: 'card', testid: 'sales-company', 'data-id': company.id },
    h('div', { class: 'card__head' }, h('h2', company.name), badge(COMPANY_STATUS[company.status], company.status, 'company-status')),
    h('p', { class: 'card__meta' }, company.tax_id ? `CUIT ${company.tax_id}` : 'Sin CUIT'),
    h(
      'div',
      h('h3', { class: 'card__label' }, 'Administración'),
      (company.admins ?? []).length
        ? h('ul', { class: 'plain' }, company.admins.map((a) => h('li', { testid: 'company-admin' }, `${a.name} · `, h('a', { href: `mailto:${a.email}`, 'data-external': '' }, a.email), ' ', badge(USER_STATUS[a.status], a.status))))
        : h('p', { class: 'muted' }, 'Sin administradores.'),
    ),
    h(
      'div',
      h('h3', { class: 'card__label' }, 'Suscripciones'),
      subs.length
        ? h('ul', { class: 'plain' }, subs.map((s) => h('li', { testid: 'company-subscription' }, `${s.product_name} (${s.plan_id}) · ${seatsText(s.seats)} `, badge(SUBSCRIPTION_STATUS[s.status], s.status))))
        : h('p', { class: 'muted' }, 'Todavía no compró nada.'),
    ),
    h(
      'p',
      { testid: 'company-pending' },
      pending.length
        ? [h('span', { class: 'badge badge--warn' }, `${pending.length} ${pending.length === 1 ? 'pedido espera' : 'pedidos esperan'} aprobación`), ' · ', money({ amount: pending.reduce((sum, o) => sum + o.total.amount, 0), currency: 'ARS' }), PER_MONTH]
        : h('span', { class: 'muted' }, 'Sin pedidos pendientes.'),
    ),
    h(
      'div',
      { class: 'card__actions' },
      closed
        ? h('span', { class: 'muted' }, 'La cuenta está cerrada.')
        : h('a', { class: 'btn btn-primary btn-small', href: buyLink(company), testid: 'buy-for-company', 'aria-label': `Comprar para ${company.name}` }, 'Comprar'),
    ),
  );
}

export async function companies(view) {
  let text = '';
  const list = pagedList({
    load: (cursor) => filledPage((c) => api.get(`/sales/companies${query({ query: text, limit: 20, cursor: c })}`), cursor),
    render: (items) => h('ul', { class: 'cards cards--wide', testid: 'sales-companies' }, items.map(companyCard)),
    emptyText: 'No hay empresas que coincidan. Las que te asigne el operador, o las que abras vos, aparecen acá.',
  });
  const search = searchForm({
    label: 'Buscar por nombre o CUIT',
    hint: 'Por ejemplo «panadería» o 30-71234567-1.',
    testid: 'company-search',
    onSearch: async (value) => {
      text = value;
      await list.reload();
    },
  });
  view.append(
    pageTitle('Mis empresas', h('a', { class: 'btn btn-primary', href: '/sales/onboard', testid: 'go-onboard' }, 'Abrir una cuenta nueva')),
    h('p', { class: 'lead' }, 'Las empresas que atendés, con quién hablar, qué tienen contratado y qué pedidos esperan su aprobación.'),
    search,
    list.element,
  );
  await list.reload();
}

export async function orders(view) {
  view.append(pageTitle('Mis pedidos'), h('p', { class: 'lead' }, 'Los pedidos que hiciste para tus empresas, del más nuevo al más viejo, y en qué quedó cada uno.'));
  const index = await productIndex().catch(() => new Map());
  const linesText = (o) => (o.lines ?? []).map((l) => `${productLabel(index, l.product_id, l.plan_id)} × ${l.seats}`).join('; ');
  const list = pagedList({
    load: (cursor) => api.get(`/sales/orders${query({ limit: 20, cursor })}`),
    render: (items) =>
      h(
        'ul',
        { class: 'stack', testid: 'sales-orders' },
        items.map((o) =>
          h(
            'li',
            { class: 'panel', testid: 'sales-order', 'data-id': o.id },
            h(
              'details',
              h('summary', h('strong', o.company_name), ` · ${formatDateTime(o.created_at)} · `, badge(ORDER_STATUS[o.status], o.status, 'sales-order-status'), ' · ', money(o.total), `${PER_MONTH} · ${linesText(o)}`),
              orderSummary(o, index),
            ),
          ),
        ),
      ),
    emptyText: 'Todavía no hiciste pedidos. Empezá desde «Mis empresas».',
  });
  view.append(list.element);
  await list.reload();
}

export async function onboard(view) {
  const form = bindForm(
    h(
      'form',
      { class: 'panel narrow', testid: 'onboard-form', 'aria-labelledby': 'onboard-title' },
      h('h2', { id: 'onboard-title' }, 'Datos de la empresa'),
      field({ label: 'Nombre de la empresa', name: 'company.name', required: true, attrs: { maxlength: 200, autocomplete: 'organization' } }),
      field({ label: 'CUIT', name: 'company.tax_id', hint: 'Con o sin guiones, por ejemplo 30-71234567-1.', attrs: { inputmode: 'numeric', autocomplete: 'off', maxlength: 32 } }),
      h('h2', 'Su administrador'),
      field({ label: 'Nombre y apellido', name: 'admin.name', required: true, attrs: { maxlength: 100 } }),
      field({ label: 'Email', name: 'admin.email', type: 'email', required: true, attrs: { autocomplete: 'off' } }),
      h('p', { class: 'hint' }, 'Le enviamos un email para que active la cuenta eligiendo su contraseña. Mientras tanto ya podés preparar su primer pedido: lo aprueba cuando entre.'),
      h('div', { class: 'form-actions' }, submitButton('Abrir la cuenta', { testid: 'onboard-submit' })),
    ),
    async (body) => {
      const { company_id: id } = await api.post('/sales/companies', body);
      const company = { id, name: body.company.name };
      const done = h(
        'div',
        { class: 'success', testid: 'onboard-done' },
        h('h2', `Abriste la cuenta de ${company.name}`),
        h('p', `Le enviamos a ${body.admin.email} el email para activar su cuenta. La empresa ya figura entre las tuyas.`),
        h('div', { class: 'form-actions' }, h('a', { class: 'btn btn-primary', href: buyLink(company), testid: 'buy-for-new-company' }, 'Preparar su primer pedido'), h('a', { class: 'btn', href: '/sales' }, 'Ver mis empresas')),
      );
      form.replaceWith(done);
      focusElement(done.querySelector('h2'));
    },
  );
  view.append(pageTitle('Abrir una cuenta nueva'), h('p', { class: 'lead' }, 'Una empresa nueva que vas a atender vos.'), form);
}

export async function terminations(view) {
  const list = pagedList({
    load: () => api.get('/sales/terminations'),
    render: (items) =>
      table({
        caption: h('span', { class: 'visually-hidden' }, 'Pedidos de baja de tus empresas'),
        rowProps: (t) => ({ testid: 'termination-row', 'data-id': t.id }),
        columns: [
          { label: 'Empresa', value: (t) => t.company_name ?? t.company_id },
          { label: 'Pedida', value: (t) => formatDateTime(t.created_at) },
          { label: 'Estado', value: (t) => badge(TERMINATION_STATUS[t.status], t.status, 'termination-status') },
          { label: 'Completada', value: (t) => (t.completed_at ? formatDateTime(t.completed_at) : '—') },
          {
            label: 'Acciones',
            value: (t) => (t.status === 'requested' ? h('button', { type: 'button', class: 'btn btn-small btn-danger', testid: 'complete-termination', onclick: () => complete(t) }, 'Completar la baja') : '—'),
          },
        ],
        rows: items,
      }),
    emptyText: 'Ninguna de tus empresas pidió la baja.',
  });
  const complete = async (t) => {
    const result = await confirmAction({
      title: `¿Completar la baja de ${t.company_name ?? 'la empresa'}?`,
      message: ['Se cancelan todas sus suscripciones y todos sus usuarios quedan deshabilitados y fuera del sistema.', 'Esta acción no se puede deshacer.'],
      confirmLabel: 'Completar la baja',
      action: () => api.post(`/sales/terminations/${seg(t.id)}/complete`),
    });
    if (result?.ok) {
      flash(`Completaste la baja de ${t.company_name ?? 'la empresa'}.`);
      await list.reload();
    }
  };
  view.append(pageTitle('Bajas de mis empresas'), h('p', { class: 'lead' }, 'Cuando el último administrador de una empresa que atendés pide la baja, la completás acá.'), list.element);
  await list.reload();
}
