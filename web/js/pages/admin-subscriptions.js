// The company's subscriptions ("Suscripciones y licencias", /admin/subscriptions): seats and
// cancellation; each one's licences are on /admin/subscriptions/:id/licences (admin-licences.js).
// Adding seats is a purchase: the form says what they cost a month at the catalog's price, sends
// that total (`expected_total`) with an Idempotency-Key, and if the price moved meanwhile asks
// again with both totals before buying.

import { allItems, api, newIdempotencyKey, seg } from '../api.js';
import { fill, h } from '../dom.js';
import { formatDate, formatDateTime, SUBSCRIPTION_STATUS } from '../format.js';
import { badge, bindForm, confirmAction, errorPanel, field, flash, loading, pageTitle, submitButton, table } from '../ui.js';
import { withPriceCheck } from '../price-change.js';
import { appIcon, money, productIndex, productLabel, seatsSummary } from '../views.js';

/** Every subscription of the company (all pages). */
export function loadSubscriptions() {
  return allItems('/subscriptions');
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

/** What changing to `seats` costs a month at the catalog's price: seats added × price (0 fewer). */
function changeCost(sub, product, seats) {
  const price = product?.plans.find((p) => p.id === sub.plan_id)?.price;
  const added = Number.isInteger(seats) ? seats - sub.seats : 0;
  if (!price || added <= 0) return { amount: 0, currency: 'ARS' };
  return { amount: price.amount * added, currency: price.currency };
}

function seatsForm(sub, product, reload) {
  const hint = h('p', { class: 'hint', testid: 'seats-cost', 'aria-live': 'polite' });
  const describe = (seats) => {
    const added = seats - sub.seats;
    if (!Number.isInteger(seats) || added === 0) return hint.replaceChildren('Cambiá la cantidad para sumar o quitar asientos.');
    if (added < 0) return hint.replaceChildren(`Quitás ${Math.abs(added)}: se dejan de cobrar desde mañana.`);
    hint.replaceChildren(`Sumás ${added}: `, money(changeCost(sub, product, seats), 'seats-added-cost'), ' más por mes, desde hoy.');
  };
  let pending = null; // {seats, key}: a retry of the same change keeps its key
  const form = bindForm(
    h(
      'form',
      { class: 'row', testid: 'seats-form' },
      field({ label: 'Asientos', name: 'seats', type: 'number', required: true, value: sub.seats, attrs: { min: 1, max: 10000, step: 1, inputmode: 'numeric' } }),
      submitButton('Cambiar asientos', { testid: 'change-seats' }),
      hint,
    ),
    async ({ seats }) => {
      if (pending?.seats !== seats) pending = { seats, key: newIdempotencyKey() };
      const headers = { 'Idempotency-Key': pending.key };
      const send = (total) => api.patch(`/subscriptions/${seg(sub.id)}`, { seats, expected_total: total }, { headers });
      const changed = await withPriceCheck(send, changeCost(sub, product, seats), 'los asientos nuevos');
      if (!changed) return;
      pending = null;
      flash(`La suscripción ahora tiene ${changed.seats} asientos.`);
      await reload();
    },
  );
  const input = form.querySelector('input[name="seats"]');
  input.addEventListener('input', () => describe(Number(input.value)));
  describe(sub.seats);
  return form;
}

function subscriptionCard(sub, index, reload) {
  const product = index.get(sub.product_id);
  const open = sub.status !== 'cancelled';
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
      open && seatsForm(sub, product, reload),
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
