// The signed-in person's panel (/panel): who they are, the applications assigned to them (each
// with "Abrir Aplicación" and its own help) and, for an admin, the sales rep's purchases waiting
// for approval; and changing their own password (/account/password).

import { api, itemsOf, seg } from '../api.js';
import { refreshMe } from '../auth.js';
import { fill, focusElement, h } from '../dom.js';
import { formatDateTime, ROLE_LABELS } from '../format.js';
import { refreshPending } from '../pending.js';
import { bindForm, errorPanel, field, loading, pageTitle, submitButton } from '../ui.js';
import { appIcon, money, PER_MONTH, productIndex, productLabel } from '../views.js';

export default async function panel(view, { user }) {
  const who = h('div', { class: 'panel', testid: 'me' }, loading());
  const apps = h('div', loading('Cargando tus aplicaciones…'));
  // An admin sees first what waits for them: the sales rep's purchases to approve.
  const waiting = h('div');
  view.append(
    pageTitle('Mi panel'),
    waiting,
    who,
    h('section', { 'aria-labelledby': 'apps-title' }, h('h2', { id: 'apps-title' }, 'Mis aplicaciones'), apps),
  );
  await Promise.all([showMe(who), showApps(apps), user?.role === 'admin' && showPending(waiting)]);
}

/** The delegated purchases waiting for this admin, each with a link to decide it. */
async function showPending(slot) {
  let orders;
  try {
    orders = await refreshPending({ force: true });
  } catch {
    return;
  }
  if (!orders.length) return;
  const index = await productIndex().catch(() => new Map());
  slot.replaceChildren(
    h(
      'section',
      { class: 'notice', testid: 'pending-approvals', 'aria-labelledby': 'pending-title' },
      h('h2', { id: 'pending-title' }, orders.length === 1 ? 'Tenés 1 compra de tu comercial para aprobar' : `Tenés ${orders.length} compras de tu comercial para aprobar`),
      h('p', orders.length === 1
        ? 'No se contrata nada hasta que un administrador la apruebe. La encontrás siempre en Gestionar › Gestionar procesos delegados.'
        : 'No se contrata nada hasta que un administrador las apruebe. Las encontrás siempre en Gestionar › Gestionar procesos delegados.'),
      h(
        'ul',
        orders.map((o) =>
          h(
            'li',
            { testid: 'pending-order' },
            `${formatDateTime(o.created_at)} · ${(o.lines ?? []).map((l) => `${productLabel(index, l.product_id, l.plan_id)} × ${l.seats}`).join('; ')} · `,
            money(o.total),
            `${PER_MONTH} · `,
            h('a', { href: `/admin/approvals/${seg(o.id)}`, testid: 'review-pending' }, 'Revisar'),
          ),
        ),
      ),
      h('p', h('a', { class: 'btn btn-primary', href: '/admin/approvals' }, 'Gestionar procesos delegados')),
    ),
  );
}

async function showMe(slot) {
  let me;
  try {
    me = await refreshMe();
  } catch (err) {
    slot.replaceChildren(errorPanel(err));
    return;
  }
  // fill() skips null and false: a condition that does not hold shows nothing (not "false").
  fill(
    slot,
    h('p', { class: 'lead' }, 'Hola, ', h('strong', { testid: 'me-name' }, me.name), '.'),
    h(
      'dl',
      { class: 'kv' },
      h('dt', 'Empresa'),
      h('dd', { testid: 'me-company' }, me.company?.name ?? '—'),
      h('dt', 'Email'),
      h('dd', me.email),
      h('dt', 'Rol'),
      h('dd', { testid: 'me-role' }, ROLE_LABELS[me.role] ?? me.role),
    ),
    // The company's id is what its sales rep needs to buy on its behalf.
    me.role === 'admin' &&
      me.company?.id &&
      h('p', { class: 'muted' }, 'Código de tu empresa (para tu comercial): ', h('code', { testid: 'company-id' }, me.company.id)),
  );
}

async function showApps(slot) {
  const load = async () => {
    slot.replaceChildren(loading('Cargando tus aplicaciones…'));
    try {
      const items = itemsOf(await api.get('/me/apps'));
      slot.replaceChildren(
        items.length
          ? h('ul', { class: 'cards', testid: 'apps' }, items.map(appCard))
          : h('p', { class: 'muted', testid: 'no-apps' }, 'Todavía no tenés aplicaciones asignadas. Cuando el administrador de tu empresa te asigne una licencia, la vas a ver acá con su botón «Abrir Aplicación».'),
      );
    } catch (err) {
      slot.replaceChildren(errorPanel(err, load));
    }
  };
  await load();
}

function appCard(app) {
  return h(
    'li',
    h(
      'article',
      { class: 'card', testid: 'app-card' },
      h('div', { class: 'card__head' }, appIcon(app.icon_url, app.name), h('h3', app.name)),
      h(
        'div',
        { class: 'card__actions' },
        h(
          'a',
          { class: 'btn btn-primary', href: app.launch_url, target: '_blank', rel: 'noopener noreferrer', testid: 'open-app', 'aria-label': `Abrir Aplicación ${app.name} (en otra pestaña)` },
          'Abrir Aplicación',
        ),
        app.help_url &&
          h('a', { class: 'btn', href: app.help_url, target: '_blank', rel: 'noopener noreferrer', testid: 'app-help', 'aria-label': `Ayuda de ${app.name} (en otra pestaña)` }, 'Ayuda'),
      ),
    ),
  );
}

export async function changePassword(view) {
  const wrapper = h('div', { class: 'narrow' }, pageTitle('Cambiar mi contraseña'));
  const form = bindForm(
    h(
      'form',
      { class: 'panel', testid: 'change-password-form' },
      field({ label: 'Contraseña actual', name: 'current_password', type: 'password', required: true, attrs: { autocomplete: 'current-password' } }),
      field({
        label: 'Contraseña nueva',
        name: 'password',
        type: 'password',
        required: true,
        hint: 'Entre 10 y 128 caracteres. Puede ser una frase; las contraseñas muy comunes no se aceptan.',
        attrs: { autocomplete: 'new-password', minlength: 10, maxlength: 128 },
      }),
      field({ label: 'Repetí la contraseña nueva', name: 'password_confirmation', type: 'password', required: true, attrs: { autocomplete: 'new-password', 'data-match': 'password' } }),
      h('div', { class: 'form-actions' }, submitButton('Cambiar la contraseña', { testid: 'change-password-submit' })),
    ),
    async (body) => {
      await api.post('/me/password', body);
      form.reset();
      const done = h('div', { class: 'success', testid: 'password-changed' }, h('p', 'Tu contraseña cambió. Cerramos tus otras sesiones abiertas; esta sigue activa.'));
      wrapper.replaceChildren(pageTitle('Cambiar mi contraseña'), done);
      focusElement(done);
    },
  );
  wrapper.append(form);
  view.append(wrapper);
}
