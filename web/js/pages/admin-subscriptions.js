// The company's subscriptions ("Suscripciones y licencias", /admin/subscriptions): seats and
// cancellation; each one's licences are on /admin/subscriptions/:id/licences (admin-licences.js).

import { api, itemsOf, query, seg } from '../api.js';
import { h } from '../dom.js';
import { formatDate, SUBSCRIPTION_STATUS } from '../format.js';
import { badge, bindForm, confirmAction, errorPanel, field, flash, loading, pageTitle, submitButton } from '../ui.js';
import { appIcon, money, productIndex, productLabel, seatsSummary } from '../views.js';

/** Every subscription of the company (all pages). */
export async function loadSubscriptions() {
  const all = [];
  let cursor;
  do {
    const answer = await api.get(`/subscriptions${query({ limit: 100, cursor })}`);
    all.push(...itemsOf(answer));
    cursor = answer?.next_cursor;
  } while (cursor);
  return all;
}

export async function subscriptions(view) {
  const slot = h('div', loading());
  view.append(pageTitle('Suscripciones y licencias'), h('p', { class: 'lead' }, 'Lo que la empresa tiene contratado. Cada asiento es una licencia que podés asignar a una persona.'), slot);
  const load = async () => {
    slot.replaceChildren(loading());
    try {
      const [subs, index] = await Promise.all([loadSubscriptions(), productIndex()]);
      slot.replaceChildren(
        subs.length
          ? h('ul', { class: 'cards', testid: 'subscriptions' }, subs.map((s) => subscriptionCard(s, index, load)))
          : h('p', { class: 'muted', testid: 'empty' }, 'La empresa todavía no tiene suscripciones. ', h('a', { href: '/checkout' }, 'Comprar una aplicación')),
      );
    } catch (err) {
      slot.replaceChildren(errorPanel(err, load));
    }
  };
  await load();
}

function subscriptionCard(sub, index, reload) {
  const product = index.get(sub.product_id);
  const open = sub.status !== 'cancelled';
  const seatsForm =
    open &&
    bindForm(
      h(
        'form',
        { class: 'row', testid: 'seats-form' },
        field({ label: 'Asientos', name: 'seats', type: 'number', required: true, value: sub.seats, attrs: { min: 1, max: 10000, step: 1, inputmode: 'numeric' } }),
        submitButton('Cambiar asientos', { testid: 'change-seats' }),
      ),
      async ({ seats }) => {
        await api.patch(`/subscriptions/${seg(sub.id)}`, { seats });
        flash(`La suscripción ahora tiene ${seats} asientos.`);
        await reload();
      },
    );
  const cancel = async () => {
    const result = await confirmAction({
      title: `¿Cancelar ${productLabel(index, sub.product_id, sub.plan_id, sub.product_name)}?`,
      message: ['Se liberan todas sus licencias: nadie de la empresa va a poder abrir la aplicación.', 'Esta acción no se puede deshacer.'],
      confirmLabel: 'Cancelar la suscripción',
      action: () => api.delete(`/subscriptions/${seg(sub.id)}`),
    });
    if (result?.ok) {
      flash('Cancelamos la suscripción.');
      await reload();
    }
  };
  return h(
    'li',
    h(
      'article',
      { class: 'card', testid: 'subscription', 'data-id': sub.id },
      h('div', { class: 'card__head' }, appIcon(product?.icon_url, product?.name ?? ''), h('h2', productLabel(index, sub.product_id, sub.plan_id, sub.product_name))),
      h('p', badge(SUBSCRIPTION_STATUS[sub.status], sub.status, 'subscription-status')),
      h('p', { testid: 'seats' }, seatsSummary(sub)),
      // `price` is the monthly price of all the seats; `unit_price` (beyond the contract) one seat's.
      h(
        'p',
        'Precio mensual: ',
        money(sub.price),
        sub.unit_price && [' (', money(sub.unit_price), ' por asiento)'],
        sub.discount?.amount > 0 && [' · descuento este mes: ', money(sub.discount)],
      ),
      sub.trial_ends_at && h('p', { class: 'muted' }, `Prueba gratis hasta el ${formatDate(sub.trial_ends_at)}`),
      seatsForm,
      open &&
        h(
          'div',
          { class: 'card__actions' },
          h('a', { class: 'btn btn-primary', href: `/admin/subscriptions/${seg(sub.id)}/licences`, testid: 'manage-licences' }, 'Licencias'),
          h('button', { type: 'button', class: 'btn btn-danger', testid: 'cancel-subscription', onclick: cancel }, 'Cancelar suscripción'),
        ),
    ),
  );
}
