// One person of the company (/admin/users/:id), "Gestionar por usuario": who they are and the
// applications they hold, each released right here, and any other application of the company
// given to them in one step.

import { api, seg } from '../api.js';
import { fill, h } from '../dom.js';
import { ROLE_LABELS, USER_STATUS } from '../format.js';
import { navigate } from '../router.js';
import { badge, bindForm, confirmAction, errorPanel, field, flash, flashNext, loading, pageTitle, submitButton } from '../ui.js';
import { appIcon, productIndex, productLabel } from '../views.js';
import { loadSubscriptions } from './admin-subscriptions.js';
import { deleteUser, editUser, requestPasswordChange } from './admin-users.js';

export default async function userPage(view, { params, user: me, setTitle }) {
  const title = pageTitle('Usuario');
  const slot = h('div', loading());
  view.append(title, slot);

  const load = async () => {
    let user;
    let subs;
    let index;
    try {
      [user, subs, index] = await Promise.all([api.get(`/users/${seg(params.id)}`), loadSubscriptions(), productIndex()]);
    } catch (err) {
      slot.replaceChildren(errorPanel(err, load));
      return;
    }
    title.querySelector('h1').textContent = user.name;
    setTitle(user.name);
    const held = new Set(user.licences ?? []);
    const offer = subs.filter((s) => !held.has(s.id) && (s.status === 'trial' || s.status === 'active'));

    const release = async (app) => {
      const result = await confirmAction({
        title: `¿Quitarle ${app.name} a ${user.name}?`,
        message: 'Deja de poder abrir la aplicación y el asiento queda libre para otra persona.',
        confirmLabel: 'Quitar',
        action: () => api.delete(`/subscriptions/${seg(app.subscription_id)}/licences/${seg(user.id)}`),
      });
      if (result?.ok) {
        flash(`Le quitamos ${app.name} a ${user.name}.`);
        await load();
      }
    };

    const assignForm = offer.length
      ? bindForm(
          h(
            'form',
            { class: 'panel', testid: 'assign-app-form', 'aria-labelledby': 'assign-app-title' },
            h('h2', { id: 'assign-app-title' }, 'Asignar una aplicación'),
            field({
              label: 'Aplicación',
              name: 'subscription_id',
              type: 'select',
              required: true,
              testid: 'assign-app',
              options: [
                { value: '', label: 'Elegí una aplicación' },
                ...offer.map((s) => ({ value: s.id, label: `${productLabel(index, s.product_id, s.plan_id, s.product_name)} (asientos libres: ${Math.max(0, s.seats - s.seats_assigned)})` })),
              ],
            }),
            h('p', { class: 'hint' }, 'Le enviamos un email con cómo abrirla.'),
            h('div', { class: 'form-actions' }, submitButton('Asignar', { testid: 'assign-app-submit' })),
          ),
          async ({ subscription_id }) => {
            await api.post(`/subscriptions/${seg(subscription_id)}/licences`, { user_id: user.id });
            const sub = offer.find((s) => s.id === subscription_id);
            flash(`Le asignamos ${sub ? productLabel(index, sub.product_id, sub.plan_id, sub.product_name) : 'la aplicación'} a ${user.name}.`);
            await load();
          },
        )
      : h('p', { class: 'muted', testid: 'nothing-to-assign' }, 'No hay otras aplicaciones de la empresa para asignarle. ', h('a', { href: '/checkout' }, 'Comprar una aplicación'));

    const apps = user.applications ?? [];
    fill(
      slot,
      h(
        'div',
        { class: 'panel' },
        h(
          'dl',
          { class: 'kv' },
          h('dt', 'Email'),
          h('dd', { testid: 'user-email' }, user.email),
          h('dt', 'Rol'),
          h('dd', ROLE_LABELS[user.role] ?? user.role),
          h('dt', 'Estado'),
          h('dd', badge(USER_STATUS[user.status], user.status, 'user-status')),
        ),
        h(
          'div',
          { class: 'row' },
          h('button', { type: 'button', class: 'btn btn-small', testid: 'edit-user', onclick: () => editUser(user, () => load()) }, 'Modificar'),
          h('button', { type: 'button', class: 'btn btn-small', testid: 'request-password-change', onclick: () => requestPasswordChange(user, () => load()) }, 'Solicitar cambio de contraseña'),
          user.id !== me.id &&
            h(
              'button',
              {
                type: 'button',
                class: 'btn btn-small btn-danger',
                testid: 'delete-user',
                onclick: () =>
                  deleteUser(user, {
                    me,
                    replaceUser: () => {},
                    removeUser: () => {
                      flashNext(`Dimos de baja a ${user.name}.`);
                      navigate('/admin/users');
                    },
                  }),
              },
              'Dar de baja',
            ),
        ),
      ),
      h(
        'section',
        { 'aria-labelledby': 'user-apps-title' },
        h('h2', { id: 'user-apps-title' }, 'Aplicaciones'),
        apps.length
          ? h(
              'ul',
              { class: 'cards', testid: 'user-apps' },
              apps.map((app) =>
                h(
                  'li',
                  h(
                    'article',
                    { class: 'card', testid: 'user-app' },
                    h('div', { class: 'card__head' }, appIcon(app.icon_url, app.name), h('h3', app.name)),
                    h('div', { class: 'card__actions' }, h('button', { type: 'button', class: 'btn btn-small btn-danger', testid: 'release-app', 'aria-label': `Quitarle ${app.name}`, onclick: () => release(app) }, 'Quitar')),
                  ),
                ),
              ),
            )
          : h('p', { class: 'muted', testid: 'no-user-apps' }, 'Todavía no tiene aplicaciones asignadas.'),
      ),
      assignForm,
    );
  };
  await load();
}
