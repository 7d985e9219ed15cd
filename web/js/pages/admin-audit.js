// The audit trail (/admin/audit): every change to the company, newest first — by its admins, its
// sales rep or the operator — filtered by kind.

import { api, itemsOf, query } from '../api.js';
import { h } from '../dom.js';
import { AUDIT_ACTIONS, AUDIT_KINDS, formatDateTime, formatMoney, ROLE_LABELS } from '../format.js';
import { field, pageTitle, pagedList, table } from '../ui.js';

export default async function audit(view) {
  // Names for the ids in the trail; a deleted user keeps showing as their id.
  const names = new Map();
  const kindField = field({
    label: 'Mostrar',
    name: 'kind',
    type: 'select',
    options: [{ value: '', label: 'Todos los cambios' }, ...Object.entries(AUDIT_KINDS).map(([value, label]) => ({ value, label }))],
    testid: 'audit-kind',
  });
  const kind = kindField.querySelector('select');
  const list = pagedList({
    load: (cursor) => api.get(`/audit${query({ limit: 50, cursor, kind: kind.value })}`),
    render: (entries) =>
      table({
        caption: h('span', { class: 'visually-hidden' }, 'Cambios, del más reciente al más antiguo'),
        rowProps: () => ({ testid: 'audit-row' }),
        columns: [
          { label: 'Fecha', value: (e) => formatDateTime(e.at) },
          { label: 'Quién', value: (e) => names.get(e.actor_id) ?? h('code', e.actor_id) },
          { label: 'Qué', value: (e) => AUDIT_ACTIONS[e.action] ?? e.action },
          { label: 'Sobre', value: (e) => names.get(e.target_id) ?? (e.target_id === e.company_id ? 'La empresa' : h('code', e.target_id)) },
          { label: 'Detalle', value: (e) => describeDetail(e.detail) },
        ],
        rows: entries,
      }),
    emptyText: 'Todavía no hay cambios registrados.',
  });
  kind.addEventListener('change', () => list.reload());
  view.append(
    pageTitle('Auditoría'),
    h('p', { class: 'lead' }, 'Cada cambio de la empresa: usuarios, compras, asientos, licencias y aprobaciones, y lo que hicieron el comercial y el operador.'),
    h('div', { class: 'panel row' }, kindField),
    list.element,
  );
  try {
    for (const u of itemsOf(await api.get('/users?limit=100'))) names.set(u.id, `${u.name} (${u.email})`);
  } catch {
    // Without names the trail still reads with ids.
  }
  await list.reload();
}

const FIELD_NAMES = { name: 'nombre', email: 'email', role: 'rol', company: 'empresa', seats: 'asientos', price: 'precio mensual', added_total: 'costo de lo sumado', total: 'total', reason: 'motivo', lines: 'pedido', placed_total: 'total pedido', coupon_code: 'cupón', user_id: 'usuario', subscription_id: 'suscripción', licences_released: 'licencias liberadas', tax_id: 'CUIT', billing_account: 'número de cuenta de la factura' };

const show = (value) => {
  if (value === null || value === undefined) return 'ninguno';
  if (typeof value === 'object' && Number.isInteger(value.amount) && value.currency) return formatMoney(value);
  if (Array.isArray(value)) return `${value.length} ${value.length === 1 ? 'línea' : 'líneas'}`;
  if (typeof value === 'object' && 'daily' in value) return `diario ${show(value.daily)}, 30 días ${show(value.rolling_30_days)}`;
  return ROLE_LABELS[value] ?? (typeof value === 'object' ? JSON.stringify(value) : String(value));
};

/** A plain object of fields (not Money, not a list). */
const isFields = (value) => value !== null && typeof value === 'object' && !Array.isArray(value) && !('amount' in value);

/** {"role": {"from": "user", "to": "admin"}} → "rol: de Usuario a Administrador". */
function describeDetail(detail) {
  if (detail === null || detail === undefined) return '';
  if (typeof detail !== 'object') return String(detail);
  // {"from": {"tax_id": null}, "to": {"tax_id": "30-…"}} (the company's data): one change per field.
  const { from, to } = detail;
  if (isFields(from) && isFields(to) && Object.keys(detail).length === 2) {
    return Object.keys(to)
      .map((key) => `${FIELD_NAMES[key] ?? key}: de ${show(from[key])} a ${show(to[key])}`)
      .join('; ');
  }
  const parts = Object.entries(detail).map(([key, value]) => {
    const label = FIELD_NAMES[key] ?? key;
    if (value && typeof value === 'object' && 'from' in value && 'to' in value) return `${label}: de ${show(value.from)} a ${show(value.to)}`;
    return `${label}: ${show(value)}`;
  });
  return parts.join('; ');
}
