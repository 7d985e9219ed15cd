// "Gestionar › Gestionar por usuario" (/admin/users): the company's people, searched by name or
// email and paged through the API; "Añadir Nuevo" adds one; each can be modified, asked for a new
// password or given the "baja" (after reassigning the applications they would lose, and with the
// two ways out when it is the last admin). Each person's own page (/admin/users/:id) lists their
// applications.

import { api, seg } from '../api.js';
import { debounce, focusElement, h } from '../dom.js';
import { describeError } from '../errors.js';
import { ROLE_LABELS, USER_STATUS } from '../format.js';
import { personPicker, searchUsers } from '../people.js';
import { badge, bindForm, confirmAction, field, flash, openDialog, pageTitle, pagedList, submitButton, table, withBusy } from '../ui.js';

export const COMPANY_ROLES = [
  { value: 'user', label: ROLE_LABELS.user },
  { value: 'admin', label: ROLE_LABELS.admin },
];

export default async function users(view, { user: me }) {
  const replaceUser = (updated) => list.update((items) => items.map((u) => (u.id === updated.id ? updated : u)));
  const removeUser = (id) => list.update((items) => items.filter((u) => u.id !== id));
  let words = '';

  const actions = {
    edit: (user) => editUser(user, replaceUser),
    remove: (user) => deleteUser(user, { me, list, replaceUser, removeUser }),
    requestPassword: (user) => requestPasswordChange(user, replaceUser),
  };

  const list = pagedList({
    load: (cursor) => searchUsers(words, { limit: 50, cursor }),
    render: (items) => usersTable(items, me, actions),
    emptyText: 'Nadie de la empresa tiene ese nombre o email.',
  });
  const search = h('input', { type: 'search', id: 'users-search', autocomplete: 'off', testid: 'users-search' });
  search.addEventListener(
    'input',
    debounce(() => {
      words = search.value.trim();
      list.reload();
    }, 250),
  );
  const add = h('button', { type: 'button', class: 'btn btn-primary', testid: 'add-new-user' }, 'Añadir Nuevo');
  add.addEventListener('click', () => addUser((user) => list.update((items) => [user, ...items])));

  view.append(
    pageTitle('Gestionar por usuario', add),
    h('p', { class: 'lead' }, 'Las personas de tu empresa que usan Cloud Store. Crear usuarios es gratis y sin límite. Quien figura como NO ACTIVO todavía no eligió su contraseña con el enlace que le enviamos.'),
    h(
      'section',
      { 'aria-labelledby': 'users-title' },
      h('h2', { id: 'users-title' }, 'Usuarios de la empresa'),
      h('div', { class: 'field search-field' }, h('label', { for: 'users-search' }, 'Buscá por nombre o email'), search),
      list.element,
    ),
  );
  await list.reload();
}

/** "Añadir Nuevo": a new user, who gets an email to activate the account. */
function addUser(onCreated) {
  openDialog({
    title: 'Añadir Nuevo usuario',
    testid: 'add-user-dialog',
    build: (close) =>
      bindForm(
        h(
          'form',
          { testid: 'create-user-form' },
          field({ label: 'Nombre y apellido', name: 'name', required: true, attrs: { autocomplete: 'off' } }),
          field({ label: 'Email', name: 'email', type: 'email', required: true, attrs: { autocomplete: 'off' } }),
          field({ label: 'Rol', name: 'role', type: 'select', required: true, options: COMPANY_ROLES, value: 'user' }),
          h('p', { class: 'hint' }, 'Le enviamos un email para que active su cuenta eligiendo una contraseña.'),
          h('div', { class: 'form-actions' }, submitButton('Añadir usuario', { testid: 'create-user' }), h('button', { type: 'button', class: 'btn', onclick: () => close() }, 'Cancelar')),
        ),
        async (body) => {
          const user = await api.post('/users', body);
          onCreated(user);
          close();
          flash(`Añadimos a ${user.name}. Le enviamos un email a ${user.email} para activar la cuenta; hasta entonces figura como NO ACTIVO.`);
        },
      ),
  });
}

function usersTable(items, me, actions) {
  return table({
    caption: h('span', { class: 'visually-hidden' }, 'Usuarios de la empresa'),
    rowProps: (u) => ({ testid: 'user-row', 'data-email': u.email }),
    columns: [
      { label: 'Nombre', value: (u) => [h('a', { href: `/admin/users/${seg(u.id)}`, testid: 'user-link' }, u.name), u.id === me.id && h('span', { class: 'muted' }, ' (vos)')] },
      { label: 'Email', value: (u) => u.email },
      { label: 'Rol', value: (u) => h('span', { testid: 'user-role' }, ROLE_LABELS[u.role] ?? u.role) },
      { label: 'Estado', value: (u) => badge(USER_STATUS[u.status], u.status, 'user-status') },
      {
        label: 'Acciones',
        value: (u) =>
          h(
            'div',
            { class: 'row' },
            h('a', { class: 'btn btn-small', href: `/admin/users/${seg(u.id)}`, testid: 'manage-user', 'aria-label': `Aplicaciones de ${u.name}` }, 'Aplicaciones'),
            h('button', { type: 'button', class: 'btn btn-small', testid: 'edit-user', 'aria-label': `Modificar a ${u.name}`, onclick: () => actions.edit(u) }, 'Modificar'),
            h(
              'button',
              { type: 'button', class: 'btn btn-small', testid: 'request-password-change', 'aria-label': `Solicitar cambio de contraseña de ${u.name}`, onclick: () => actions.requestPassword(u) },
              'Solicitar cambio de contraseña',
            ),
            h('button', { type: 'button', class: 'btn btn-small btn-danger', testid: 'delete-user', 'aria-label': `Dar de baja a ${u.name}`, onclick: () => actions.remove(u) }, 'Dar de baja'),
          ),
      },
    ],
    rows: items,
  });
}

/** PATCH /users/{id} with only what changed. */
export function editUser(user, replaceUser) {
  openDialog({
    title: `Modificar a ${user.name}`,
    testid: 'edit-user-dialog',
    build: (close) => {
      const form = bindForm(
        h(
          'form',
          field({ label: 'Nombre y apellido', name: 'name', required: true, value: user.name }),
          field({
            label: 'Email',
            name: 'email',
            type: 'email',
            required: true,
            value: user.email,
            hint: 'Si lo cambiás, la persona tiene que confirmar la dirección nueva con el enlace que le enviamos (hasta entonces figura como NO ACTIVO).',
          }),
          field({ label: 'Rol', name: 'role', type: 'select', required: true, options: COMPANY_ROLES, value: user.role }),
          h('div', { class: 'form-actions' }, submitButton('Guardar cambios', { testid: 'save-user' }), h('button', { type: 'button', class: 'btn', onclick: () => close() }, 'Cancelar')),
        ),
        async (body) => {
          const changes = Object.fromEntries(Object.entries(body).filter(([key, value]) => value !== user[key]));
          if (!Object.keys(changes).length) return close();
          const updated = await api.patch(`/users/${seg(user.id)}`, changes);
          replaceUser(updated);
          close();
          flash(
            changes.email
              ? `Guardamos los cambios. Le enviamos a ${updated.email} un enlace para confirmar la dirección nueva.`
              : `Guardamos los cambios de ${updated.name}.`,
          );
        },
      );
      return form;
    },
  });
}

export async function requestPasswordChange(user, replaceUser) {
  const result = await confirmAction({
    title: `¿Solicitar a ${user.name} una contraseña nueva?`,
    message: `Cerramos sus sesiones y le enviamos a ${user.email} un enlace para elegir una contraseña nueva. Hasta que lo siga, figura como NO ACTIVO.`,
    confirmLabel: 'Solicitar cambio de contraseña',
    danger: false,
    action: () => api.post(`/users/${seg(user.id)}/password-reset`),
  });
  if (!result?.ok) return;
  replaceUser(result.value?.id ? result.value : { ...user, status: 'pending_activation' });
  flash(`Le enviamos a ${user.email} un enlace para elegir una contraseña nueva.`);
}

/**
 * "Dar de baja": first the applications the person would lose, each with a way to give it to
 * someone else right there (POST …/reassign), then the confirmation.
 */
export async function deleteUser(user, context) {
  let detail;
  try {
    detail = await api.get(`/users/${seg(user.id)}`);
  } catch (err) {
    flash(describeError(err), 'error');
    return;
  }
  const apps = detail.applications ?? [];
  const result = await confirmAction({
    title: `¿Dar de baja a ${user.name}?`,
    message: [
      apps.length
        ? h(
            'section',
            { class: 'choice', testid: 'apps-to-lose' },
            h('h3', apps.length === 1 ? 'Pierde 1 aplicación' : `Pierde ${apps.length} aplicaciones`),
            h('p', apps.length === 1 ? 'Conviene asignarla antes a otra persona:' : 'Conviene asignarlas antes a otra persona:'),
            h('ul', { class: 'stack' }, apps.map((app) => h('li', { testid: 'app-to-lose' }, reassignRow(user, app)))),
          )
        : h('p', 'No tiene aplicaciones asignadas.'),
      'Se cierran sus sesiones. Esta acción no se puede deshacer.',
    ],
    confirmLabel: 'Dar de baja',
    action: () => api.delete(`/users/${seg(user.id)}`),
    passCodes: ['last_admin'],
  });
  if (!result) return;
  if (result.ok) {
    context.removeUser(user.id);
    flash(`Dimos de baja a ${user.name}.`);
    return;
  }
  lastAdminWaysOut(user, result.error, context);
}

/** One application a person would lose, and giving it to someone else. */
function reassignRow(user, app) {
  const picker = personPicker({ label: `Nueva persona para ${app.name}`, exclude: [user.id], testid: 'reassign-picker' });
  const slot = h('div');
  const button = h('button', { type: 'button', class: 'btn btn-small', testid: 'reassign' }, 'Reasignar');
  const failure = h('p', { class: 'field-error', role: 'alert' });
  button.addEventListener('click', async () => {
    const to = picker.person();
    if (!to) {
      failure.textContent = 'Elegí a quién pasarle la aplicación.';
      return;
    }
    try {
      await withBusy(button, () => api.post(`/subscriptions/${seg(app.subscription_id)}/licences/${seg(user.id)}/reassign`, { user_id: to.id }));
    } catch (err) {
      failure.textContent = describeError(err);
      return;
    }
    slot.replaceChildren(h('p', { class: 'success', testid: 'reassigned' }, `${app.name}: ahora la tiene ${to.name}.`));
    focusElement(slot.firstChild);
  });
  slot.append(h('p', h('strong', app.name)), picker.element, failure, button);
  return slot;
}

/**
 * The last admin cannot simply go: the API's `detail` explains why, and the two ways out are
 * offered right here: make another user admin (then delete), or request the account's termination.
 */
function lastAdminWaysOut(user, error, { me, replaceUser, removeUser }) {
  openDialog({
    title: 'No se puede dar de baja al último administrador',
    testid: 'last-admin-dialog',
    build: (close) => {
      // The API's own explanation of the rule (its `detail`).
      const explanation = h('div', { class: 'warning', testid: 'last-admin-detail' }, h('p', error.detail || describeError(error)));
      const promote = h('section', { class: 'choice', testid: 'way-out-promote' }, h('h3', 'Opción 1: dar el rol de administrador a otra persona'));
      {
        const picker = personPicker({ label: 'Nuevo administrador', exclude: [user.id], testid: 'promote-picker' });
        const form = bindForm(
          h('form', picker.element, h('div', { class: 'form-actions' }, submitButton('Hacer administrador', { testid: 'promote' }))),
          async ({ user_id }) => {
            const promoted = await api.patch(`/users/${seg(user_id)}`, { role: 'admin' });
            replaceUser?.(promoted);
            const deleteNow = h('button', { type: 'button', class: 'btn btn-danger', testid: 'delete-now' }, `Dar de baja a ${user.name} ahora`);
            // With another admin in place, the deletion runs again from the same dialog.
            const failure = h('div', { class: 'alert', role: 'alert', hidden: true });
            deleteNow.addEventListener('click', async () => {
              try {
                await withBusy(deleteNow, () => api.delete(`/users/${seg(user.id)}`));
              } catch (err) {
                failure.replaceChildren(h('p', describeError(err)));
                failure.hidden = false;
                return;
              }
              removeUser?.(user.id);
              close();
              flash(`Dimos de baja a ${user.name}. ${promoted.name} es ahora administrador.`);
            });
            const note = h('div', { class: 'success', testid: 'promoted' }, h('p', `${promoted.name} ahora es administrador.`));
            promote.replaceChildren(h('h3', 'Opción 1: dar el rol de administrador a otra persona'), note, failure, deleteNow);
            focusElement(note);
          },
        );
        promote.append(h('p', 'Si no hay nadie más, añadí un usuario con «Añadir Nuevo» y el rol Administrador, y después repetí la baja.'), form);
      }

      const terminate = h(
        'section',
        { class: 'choice', testid: 'way-out-terminate' },
        h('h3', 'Opción 2: dar de baja la cuenta de la empresa'),
        h('p', 'Se pide la cancelación de todas las suscripciones y tu comercial completa la baja. No se puede deshacer.'),
      );
      const company = me.company?.name ?? 'mi empresa';
      const terminateForm = bindForm(
        h(
          'form',
          field({ label: `Entiendo que se da de baja la cuenta de ${company} en Cloud Store.`, name: 'understood', type: 'checkbox', required: true, attrs: { 'data-ignore': true } }),
          h('div', { class: 'form-actions' }, submitButton('Confirmar la baja de la cuenta', { testid: 'confirm-termination', danger: true })),
        ),
        async () => {
          const answer = await api.delete(`/users/${seg(user.id)}?terminate_account=true`);
          const note = h(
            'div',
            { class: 'success', testid: 'termination-requested' },
            h('p', 'Pedimos la baja de la cuenta. Las suscripciones quedan con la cancelación pedida hasta que tu comercial complete la baja.'),
            answer?.termination_request_id && h('p', 'Número de pedido: ', h('code', answer.termination_request_id)),
          );
          terminate.replaceChildren(h('h3', 'Opción 2: dar de baja la cuenta de la empresa'), note);
          // The way out is taken: the explanation and the other way are no longer relevant.
          explanation.remove();
          promote.remove();
          focusElement(note);
        },
      );
      terminate.append(terminateForm);

      return [
        explanation,
        promote,
        terminate,
        h('div', { class: 'form-actions' }, h('button', { type: 'button', class: 'btn', testid: 'close-dialog', onclick: () => close() }, 'Cerrar')),
      ];
    },
  });
}
