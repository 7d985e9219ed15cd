// The audit trail (/admin/audit): every change an admin made, newest first.

import { api, itemsOf, query } from '../api.js';
import { h } from '../dom.js';
import { AUDIT_ACTIONS, formatDateTime, ROLE_LABELS } from '../format.js';
import { pageTitle, pagedList, table } from '../ui.js';

export default async function audit(view) {
  // Names for the ids in the trail; a deleted user keeps showing as their id.
  const names = new Map();
  const list = pagedList({
    load: (cursor) => api.get(`/audit${query({ limit: 50, cursor })}`),
    render: (entries) =>
      table({
        caption: h('span', { class: 'visually-hidden' }, 'Cambios, del más reciente al más antiguo'),
        rowProps: () => ({ testid: 'audit-row' }),
        columns: [
          { label: 'Fecha', value: (e) => formatDateTime(e.at) },
          { label: 'Quién', value: (e) => names.get(e.actor_id) ?? h('code', e.actor_id) },
          { label: 'Qué', value: (e) => AUDIT_ACTIONS[e.action] ?? e.action },
          { label: 'Sobre', value: (e) => names.get(e.target_id) ?? h('code', e.target_id) },
          { label: 'Detalle', value: (e) => describeDetail(e.detail) },
        ],
        rows: entries,
      }),
    emptyText: 'Todavía no hay cambios registrados.',
  });
  view.append(pageTitle('Auditoría'), h('p', { class: 'lead' }, 'Cada cambio que hizo un administrador sobre las personas de la empresa.'), list.element);
  try {
    for (const u of itemsOf(await api.get('/users?limit=100'))) names.set(u.id, `${u.name} (${u.email})`);
  } catch {
    // Without names the trail still reads with ids.
  }
  await list.reload();
}

const FIELD_NAMES = { name: 'nombre', email: 'email', role: 'rol', company: 'empresa' };

const show = (value) => ROLE_LABELS[value] ?? (typeof value === 'object' ? JSON.stringify(value) : String(value));

/** {"role": {"from": "user", "to": "admin"}} → "rol: de Usuario a Administrador". */
function describeDetail(detail) {
  if (detail === null || detail === undefined) return '';
  if (typeof detail !== 'object') return String(detail);
  const parts = Object.entries(detail).map(([key, value]) => {
    const label = FIELD_NAMES[key] ?? key;
    if (value && typeof value === 'object' && 'from' in value && 'to' in value) return `${label}: de ${show(value.from)} a ${show(value.to)}`;
    return `${label}: ${show(value)}`;
  });
  return parts.join('; ');
}
