// "Gestionar" (/admin): where an admin finds every management task by the name the customer FAQ
// gives it: "Gestionar por usuario", "Gestionar procesos delegados", the subscriptions and their
// licences, the orders, the invoice, the company's own data and the audit trail.

import { h } from '../dom.js';
import { pendingApprovals, refreshPending } from '../pending.js';
import { pageTitle } from '../ui.js';

const TASKS = [
  { path: '/admin/users', name: 'Gestionar por usuario', text: 'Añadí, modificá y dá de baja a las personas de tu empresa, y mirá y cambiá las aplicaciones de cada una.' },
  { path: '/admin/approvals', name: 'Gestionar procesos delegados', text: 'Las compras que tu comercial hizo en nombre de tu empresa y esperan tu aprobación.' },
  { path: '/admin/subscriptions', name: 'Suscripciones y licencias', text: 'Lo que la empresa tiene contratado: asientos, licencias asignadas y cancelaciones.' },
  { path: '/admin/orders', name: 'Pedidos', text: 'Todas las compras de la empresa, con su detalle.' },
  { path: '/admin/billing', name: 'Mi factura', text: 'Lo que la empresa paga por mes, línea por línea, con su IVA: el mismo detalle que va a la factura.' },
  { path: '/admin/company', name: 'Mi empresa', text: 'El nombre de la empresa, su CUIT y el número de cuenta de la factura de comunicaciones en la que se cobran tus compras.' },
  { path: '/admin/audit', name: 'Auditoría', text: 'Cada cambio en la empresa (usuarios, compras, asientos, licencias, aprobaciones), con fecha y autor.' },
];

export default async function adminHome(view) {
  const count = h('span', { testid: 'approvals-waiting' });
  const show = (items) => {
    count.replaceChildren(items.length ? h('span', { class: 'badge badge--warn' }, items.length === 1 ? '1 compra para aprobar' : `${items.length} compras para aprobar`) : '');
  };
  view.append(
    pageTitle('Gestionar'),
    h('p', { class: 'lead' }, 'Todo lo que administrás de tu empresa en Cloud Store.'),
    h(
      'ul',
      { class: 'cards', testid: 'admin-tasks' },
      TASKS.map((task) =>
        h(
          'li',
          h(
            'article',
            { class: 'card' },
            h('h2', h('a', { href: task.path }, task.name)),
            h('p', task.text),
            task.path === '/admin/approvals' && h('p', count),
          ),
        ),
      ),
    ),
  );
  show(pendingApprovals());
  show(await refreshPending().catch(() => pendingApprovals()));
}
