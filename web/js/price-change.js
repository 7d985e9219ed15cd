// Prices the catalog moved since the person saw them are shown, never charged silently: every
// purchase the panel sends carries the total the person saw (`expected_total`); when the API
// answers 409 `price_changed`, this asks again with both totals and the difference, and sends the
// purchase once more at the new total only if the person confirms.

import { ApiError } from './api.js';
import { h } from './dom.js';
import { formatMoney } from './format.js';
import { confirmAction } from './ui.js';

/** "+ $ 4.000,00" or "- $ 1.000,00". */
function difference(expected, current) {
  const amount = current.amount - expected.amount;
  return `${amount >= 0 ? '+' : '-'} ${formatMoney({ amount: Math.abs(amount), currency: current.currency })}`;
}

/**
 * Sends `send(expectedTotal)`; if the catalog moved, shows the person both totals and, once they
 * confirm, sends `send(currentTotal)`. Resolves with the answer, or null when they cancel.
 * `what` names the purchase ("la compra", "los asientos nuevos", "el pedido").
 */
export async function withPriceCheck(send, expectedTotal, what) {
  try {
    return await send(expectedTotal);
  } catch (err) {
    if (!(err instanceof ApiError) || err.code !== 'price_changed' || !err.currentTotal) throw err;
    const expected = err.expectedTotal ?? expectedTotal;
    const current = err.currentTotal;
    const result = await confirmAction({
      title: 'El precio cambió',
      testid: 'price-change-dialog',
      danger: false,
      confirmLabel: `Confirmar por ${formatMoney(current)} +\u00a0IVA`,
      message: [
        h('p', `Los precios del catálogo cambiaron desde que viste el total de ${what}.`),
        h(
          'dl',
          { class: 'totals' },
          h('dt', 'Total que viste (sin IVA, por mes)'),
          h('dd', { testid: 'expected-total' }, formatMoney(expected)),
          h('dt', 'Total con los precios de hoy (sin IVA, por mes)'),
          h('dd', { testid: 'current-total' }, formatMoney(current)),
          h('dt', { class: 'totals__total' }, 'Diferencia'),
          h('dd', { class: 'totals__total', testid: 'price-difference' }, difference(expected, current)),
        ),
        h('p', '¿Confirmás al precio nuevo?'),
      ],
      action: () => send(current),
    });
    return result?.ok ? result.value : null;
  }
}
