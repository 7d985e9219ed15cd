// The company's orders (/admin/orders), and the purchases its sales rep made for it that wait for
// an admin: "Gestionar procesos delegados" (/admin/approvals, /admin/approvals/:id). Approving
// sends the total on screen; if the catalog moved since, both totals are shown first.

import { api, query, seg } from '../api.js';
import { focusElement, h } from '../dom.js';
import { formatDateTime, ORDER_STATUS } from '../format.js';
import { badge, bindForm, errorPanel, field, flash, loading, pageTitle, pagedList, table } from '../ui.js';
import { withPriceCheck } from '../price-change.js';
import { refreshPending } from '../pending.js';
import { money, orderSummary, PER_MONTH, productIndex, productLabel } from '../views.js';

/** "Producto — Plan × 3; Otro — Plan × 1". */
const linesText = (order, index) => (order.lines ?? []).map((l) => `${productLabel(index, l.product_id, l.plan_id)} × ${l.seats}`).join('; ');

export async function orders(view) {
  const intro = h('p', { class: 'lead' }, 'Las compras de la empresa, las tuyas y las que hizo tu comercial. Abrí un pedido para ver el detalle.');
  view.append(pageTitle('Pedidos'), intro);
  const index = await productIndex().catch(() => new Map());
  const list = pagedList({
    load: (cursor) => api.get(`/orders${query({ limit: 50, cursor })}`),
    render: (items) =>
      h(
        'ul',
        { class: 'stack', testid: 'orders' },
        items.map((order) =>
          h(
            'li',
            { class: 'panel', testid: 'order' },
            h(
              'details',
              h('summary', `${formatDateTime(order.created_at)} · `, badge(ORDER_STATUS[order.status], order.status), ' · ', money(order.total), `${PER_MONTH} · ${linesText(order, index)}`),
              orderSummary(order, index),
            ),
          ),
        ),
      ),
    emptyText: 'La empresa todavía no hizo pedidos.',
  });
  view.append(list.element);
  await list.reload();
}

export async function approvals(view) {
  view.append(
    pageTitle('Gestionar procesos delegados'),
    h('p', { class: 'lead' }, 'Compras que tu comercial hizo para la empresa. No se cobran ni se activan hasta que un administrador las apruebe.'),
  );
  const index = await productIndex().catch(() => new Map());
  const list = pagedList({
    load: (cursor) => api.get(`/approvals${query({ limit: 50, cursor })}`),
    render: (items) =>
      table({
        caption: h('span', { class: 'visually-hidden' }, 'Pedidos que esperan aprobación'),
        rowProps: (o) => ({ testid: 'approval-row', 'data-id': o.id }),
        columns: [
          { label: 'Fecha', value: (o) => formatDateTime(o.created_at) },
          { label: 'Qué', value: (o) => linesText(o, index) },
          { label: 'Total mensual con IVA', value: (o) => money(o.total_with_iva), num: true },
          {
            label: 'Acciones',
            value: (o) => h('a', { class: 'btn btn-small btn-primary', href: `/admin/approvals/${seg(o.id)}`, testid: 'review-approval', 'aria-label': `Revisar el pedido del ${formatDateTime(o.created_at)}` }, 'Revisar'),
          },
        ],
        rows: items,
      }),
    emptyText: 'No hay pedidos esperando tu aprobación.',
  });
  view.append(list.element);
  await list.reload();
}

export async function approval(view, { params }) {
  const slot = h('div', loading());
  view.append(h('p', h('a', { href: '/admin/approvals' }, '← Volver a procesos delegados')), pageTitle('Revisar pedido delegado'), slot);

  const show = async () => {
    let order;
    let index;
    try {
      [order, index] = await Promise.all([api.get(`/approvals/${seg(params.id)}`), productIndex()]);
    } catch (err) {
      slot.replaceChildren(errorPanel(err, show));
      return;
    }
    slot.replaceChildren(orderSummary(order, index), order.status === 'pending_approval' ? decisionForm(order, slot, show) : h('p', h('a', { href: '/admin/orders' }, 'Ver todos los pedidos')));
  };
  await show();
}

/** Approve or reject, with an optional reason (sent with a rejection). */
function decisionForm(order, slot, reload) {
  const form = bindForm(
    h(
      'form',
      { class: 'panel', testid: 'decision-form', 'aria-labelledby': 'decision-title' },
      h('h2', { id: 'decision-title' }, 'Tu decisión'),
      field({ label: 'Motivo', name: 'reason', type: 'textarea', hint: 'Se lo enviamos al comercial si rechazás el pedido.', attrs: { maxlength: 500 } }),
      h(
        'div',
        { class: 'form-actions' },
        h('button', { type: 'submit', class: 'btn btn-primary', value: 'approve', testid: 'approve' }, 'Aprobar'),
        h('button', { type: 'submit', class: 'btn btn-danger', value: 'reject', testid: 'reject' }, 'Rechazar'),
      ),
    ),
    async ({ reason }, theForm) => {
      const decision = theForm.dataset.decision;
      const path = `/approvals/${seg(order.id)}/${decision}`;
      try {
        if (decision === 'approve') {
          // The total on screen is what the admin approves: a moved catalog asks again.
          const approved = await withPriceCheck((total) => api.post(path, { expected_total: total }), order.total, 'el pedido');
          if (!approved) return;
          flash('Aprobaste el pedido: las suscripciones ya están activas y le avisamos al comercial.');
        } else {
          await api.post(path, reason ? { reason } : {});
          flash('Rechazaste el pedido. Le avisamos al comercial.');
        }
      } catch (err) {
        // Someone else decided first: show what they decided.
        if (err.code !== 'already_decided') throw err;
        flash('Otra persona ya aprobó o rechazó este pedido.', 'error');
      }
      refreshPending({ force: true }).catch(() => {});
      await reload();
      focusElement(slot.querySelector('[data-testid="order-status"]'));
    },
  );
  // Which of the two submit buttons was pressed decides the call.
  form.addEventListener('click', (event) => {
    const button = event.target.closest('button[type="submit"]');
    if (button) form.dataset.decision = button.value;
  }, true);
  form.addEventListener('submit', (event) => {
    if (event.submitter?.value) form.dataset.decision = event.submitter.value;
  }, true);
  return form;
}
