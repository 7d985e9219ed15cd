// The operator's discount coupons (/operator/coupons): list, create, activate and deactivate.

import { api, query, seg } from '../api.js';
import { h } from '../dom.js';
import { COUPON_DURATION, formatDate, formatMoney } from '../format.js';
import { badge, bindForm, field, flash, pageTitle, pagedList, submitButton, table, withBusy, flashError } from '../ui.js';
import { loadProducts } from '../views.js';

export default async function coupons(view) {
  view.append(pageTitle('Cupones'), h('p', { class: 'lead' }, 'Cada empresa usa un cupón una sola vez. Los códigos no distinguen mayúsculas de minúsculas.'));
  // The products a coupon may be limited to; without them the coupon applies to all.
  const products = await loadProducts().catch(() => []);
  const names = new Map(products.map((p) => [p.id, p.name]));

  const toggle = async (coupon, button) => {
    try {
      const updated = await withBusy(button, () => api.patch(`/coupons/${seg(coupon.code)}`, { active: !coupon.active }));
      list.update((items) => items.map((c) => (c.code === coupon.code ? { ...coupon, ...updated, active: updated?.active ?? !coupon.active } : c)));
      flash(coupon.active ? `Desactivamos el cupón ${coupon.code}.` : `Activamos el cupón ${coupon.code}.`);
    } catch (err) {
      flashError(err);
    }
  };

  const list = pagedList({
    load: (cursor) => api.get(`/coupons${query({ limit: 50, cursor })}`),
    render: (items) =>
      table({
        rowProps: (c) => ({ testid: 'coupon-row', 'data-code': c.code }),
        columns: [
          { label: 'Código', value: (c) => [h('strong', c.code), h('div', { class: 'muted' }, c.description)] },
          { label: 'Descuento', value: (c) => discountText(c) },
          { label: 'Condiciones', value: (c) => conditions(c, names) },
          { label: 'Usos', value: (c) => (c.max_redemptions ? `${c.times_redeemed ?? 0} de ${c.max_redemptions}` : `${c.times_redeemed ?? 0} (sin límite)`) },
          { label: 'Estado', value: (c) => badge(c.active ? { label: 'Activo', tone: 'ok' } : { label: 'Inactivo', tone: 'bad' }) },
          {
            label: 'Acciones',
            value: (c) => {
              const button = h('button', { type: 'button', class: `btn btn-small${c.active ? ' btn-danger' : ''}`, testid: 'toggle-coupon' }, c.active ? 'Desactivar' : 'Activar');
              button.addEventListener('click', () => toggle(c, button));
              return button;
            },
          },
        ],
        rows: items,
      }),
    emptyText: 'Todavía no hay cupones.',
  });

  view.append(
    createForm(products, (coupon) => list.update((items) => [coupon, ...items])),
    h('section', { 'aria-labelledby': 'coupons-title' }, h('h2', { id: 'coupons-title' }, 'Cupones'), list.element),
  );
  await list.reload();
}

function discountText(c) {
  const amount = c.percent_off !== undefined && c.percent_off !== null ? `${String(c.percent_off).replace('.', ',')} %` : formatMoney(c.amount_off);
  const months = c.duration === 'repeating' && c.duration_in_months ? ` (${c.duration_in_months} meses)` : '';
  return `${amount} · ${COUPON_DURATION[c.duration] ?? c.duration}${months}`;
}

function conditions(c, names) {
  const parts = [];
  if (c.valid_from || c.valid_until) parts.push(`Vigencia: ${c.valid_from ? formatDate(c.valid_from) : 'desde siempre'} – ${c.valid_until ? formatDate(c.valid_until) : 'sin vencimiento'}`);
  if (c.product_ids?.length) parts.push(`Solo para: ${c.product_ids.map((id) => names.get(id) ?? id).join(', ')}`);
  if (c.min_order_amount) parts.push(`Compra mínima: ${formatMoney(c.min_order_amount)}`);
  if (c.first_purchase_only) parts.push('Solo en la primera compra');
  return parts.length ? h('ul', parts.map((p) => h('li', p))) : 'Ninguna';
}

function createForm(products, onCreated) {
  const percent = field({ label: 'Porcentaje de descuento', name: 'percent_off', type: 'number', required: true, attrs: { min: 0.01, max: 100, step: 0.01, inputmode: 'decimal' } });
  const amount = field({ label: 'Monto de descuento', name: 'amount_off', kind: 'money', required: true, hint: 'En pesos, por ejemplo 5.000,00.', attrs: { inputmode: 'decimal' } });
  const months = field({ label: 'Cantidad de meses', name: 'duration_in_months', type: 'number', required: true, attrs: { min: 1, max: 36, step: 1 } });
  const kind = field({
    label: 'Tipo de descuento',
    name: 'discount_kind',
    type: 'select',
    required: true,
    options: [
      { value: 'percent', label: 'Porcentaje' },
      { value: 'amount', label: 'Monto fijo' },
    ],
    attrs: { 'data-ignore': true },
  });
  const duration = field({
    label: 'Duración',
    name: 'duration',
    type: 'select',
    required: true,
    options: Object.entries(COUPON_DURATION).map(([value, label]) => ({ value, label })),
  });
  // Only the fields that apply are enabled: disabled controls are neither checked nor sent.
  const enable = (wrapper, on) => {
    wrapper.hidden = !on;
    for (const el of wrapper.querySelectorAll('input, select')) el.disabled = !on;
  };
  const sync = () => {
    const byPercent = kind.querySelector('select').value === 'percent';
    enable(percent, byPercent);
    enable(amount, !byPercent);
    enable(months, duration.querySelector('select').value === 'repeating');
  };
  kind.addEventListener('change', sync);
  duration.addEventListener('change', sync);
  sync();

  const form = bindForm(
    h(
      'form',
      { class: 'panel', testid: 'create-coupon-form', 'aria-labelledby': 'new-coupon-title' },
      h('h2', { id: 'new-coupon-title' }, 'Nuevo cupón'),
      h(
        'div',
        { class: 'grid-fields' },
        field({ label: 'Código', name: 'code', required: true, hint: 'Letras, números, guiones.', attrs: { minlength: 3, maxlength: 32, pattern: '[A-Za-z0-9_-]+', 'data-pattern-message': 'Usá solo letras, números y guiones.', autocapitalize: 'characters', spellcheck: 'false' } }),
        field({ label: 'Descripción', name: 'description', required: true }),
      ),
      h('div', { class: 'grid-fields' }, kind, percent, amount),
      h('div', { class: 'grid-fields' }, duration, months),
      h(
        'div',
        { class: 'grid-fields' },
        field({ label: 'Válido desde', name: 'valid_from', type: 'datetime-local', kind: 'datetime' }),
        field({ label: 'Válido hasta', name: 'valid_until', type: 'datetime-local', kind: 'datetime' }),
        field({ label: 'Usos en total', name: 'max_redemptions', type: 'number', hint: 'Vacío: sin límite.', attrs: { min: 1, step: 1 } }),
        field({ label: 'Compra mínima', name: 'min_order_amount', kind: 'money', hint: 'Total mensual, en pesos.', attrs: { inputmode: 'decimal' } }),
      ),
      products.length > 0 &&
        h(
          'fieldset',
          h('legend', 'Solo para estos productos (ninguno marcado: para todos)'),
          products.map((p) => field({ label: p.name, name: 'product_ids', type: 'checkbox', kind: 'list', attrs: { value: p.id } })),
        ),
      field({ label: 'Solo en la primera compra de la empresa', name: 'first_purchase_only', type: 'checkbox' }),
      h('div', { class: 'form-actions' }, submitButton('Crear cupón', { testid: 'create-coupon' })),
    ),
    async (body) => {
      const coupon = await api.post('/coupons', body);
      onCreated(coupon ?? { ...body, times_redeemed: 0, active: true });
      form.reset();
      sync();
      flash(`Creamos el cupón ${coupon?.code ?? body.code}.`);
    },
  );
  return form;
}
