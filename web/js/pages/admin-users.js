// The admin manages the company's users (/admin/users): create, edit, delete (with the two ways
// out when it is the last admin), and ask someone to choose a new password.

import { api, query, seg } from '../api.js';
import { focusElement, h } from '../dom.js';
import { describeError } from '../errors.js';
import { ROLE_LABELS, USER_STATUS } from '../format.js';
import { badge, bindForm, confirmAction, field, flash, openDialog, pageTitle, pagedList, submitButton, table, withBusy } from '../ui.js';

const COMPANY_ROLES = [
  { value: 'user', label: ROLE_LABELS.user },
  { value: 'admin', label: ROLE_LABELS.admin },
];

export default async function users(view, { user: me }) {
  const replaceUser = (updated) => list.update((items) => items.map((u) => (u.id === updated.id ? updated : u)));
  const removeUser = (id) => list.update((items) => items.filter((u) => u.id !== id));

  const actions = {
    edit: (user) => editUser(user, replaceUser),
    remove: (user) => deleteUser(user, { me, list, replaceUser, removeUser }),
    requestPassword: (user) => requestPasswordChange(user, replaceUser),
  };

  const list = pagedList({
    load: (cursor) => api.get(`/users${query({ limit: 50, cursor })}`),
    render: (items) => usersTable(items, me, actions),
    emptyText: 'Todavía no hay usuarios.',
  });

  view.append(
    pageTitle('Usuarios'),
    h('p', { class: 'lead' }, 'Las personas de tu empresa que usan Cloud Store. Quien figura como NO ACTIVO todavía no eligió su contraseña con el enlace que le enviamos.'),
    createForm((user) => list.update((items) => [user, ...items])),
    h('section', { 'aria-labelledby': 'users-title' }, h('h2', { id: 'users-title' }, 'Usuarios de la empresa'), list.element),
  );
  await list.reload();
}

function createForm(onCreated) {
  const form = bindForm(
    h(
      'form',
      { class: 'panel', testid: 'create-user-form', 'aria-labelledby': 'create-title' },
      h('h2', { id: 'create-title' }, 'Crear usuario'),
      h(
        'div',
        { class: 'grid-fields' },
        field({ label: 'Nombre y apellido', name: 'name', required: true, attrs: { autocomplete: 'off' } }),
        field({ label: 'Email', name: 'email', type: 'email', required: true, attrs: { autocomplete: 'off' } }),
        field({ label: 'Rol', name: 'role', type: 'select', required: true, options: COMPANY_ROLES, value: 'user' }),
      ),
      h('p', { class: 'hint' }, 'Le enviamos un email para que active su cuenta eligiendo una contraseña.'),
      h('div', { class: 'form-actions' }, submitButton('Crear usuario', { testid: 'create-user' })),
    ),
    async (body) => {
      const user = await api.post('/users', body);
      onCreated(user);
      form.reset();
      flash(`Creamos a ${user.name}. Le enviamos un email a ${user.email} para activar la cuenta; hasta entonces figura como NO ACTIVO.`);
    },
  );
  return form;
}

function usersTable(items, me, actions) {
  return table({
    caption: h('span', { class: 'visually-hidden' }, 'Usuarios de la empresa'),
    rowProps: (u) => ({ testid: 'user-row', 'data-email': u.email }),
    columns: [
      { label: 'Nombre', value: (u) => [u.name, u.id === me.id && h('span', { class: 'muted' }, ' (vos)')] },
      { label: 'Email', value: (u) => u.email },
      { label: 'Rol', value: (u) => h('span', { testid: 'user-role' }, ROLE_LABELS[u.role] ?? u.role) },
      { label: 'Estado', value: (u) => badge(USER_STATUS[u.status], u.status, 'user-status') },
      {
        label: 'Acciones',
        value: (u) =>
          h(
            'div',
            { class: 'row' },
            h('button', { type: 'button', class: 'btn btn-small', testid: 'edit-user', 'aria-label': `Editar a ${u.name}`, onclick: () => actions.edit(u) }, 'Editar'),
            h(
              'button',
              { type: 'button', class: 'btn btn-small', testid: 'request-password-change', 'aria-label': `Pedir cambio de contraseña a ${u.name}`, onclick: () => actions.requestPassword(u) },
              'Pedir cambio de contraseña',
            ),
            h('button', { type: 'button', class: 'btn btn-small btn-danger', testid: 'delete-user', 'aria-label': `Eliminar a ${u.name}`, onclick: () => actions.remove(u) }, 'Eliminar'),
          ),
      },
    ],
    rows: items,
  });
}

/** PATCH /users/{id} with only what changed. */
function editUser(user, replaceUser) {
  openDialog({
    title: `Editar a ${user.name}`,
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

async function requestPasswordChange(user, replaceUser) {
  const result = await confirmAction({
    title: `¿Pedir a ${user.name} una contraseña nueva?`,
    message: `Cerramos sus sesiones y le enviamos a ${user.email} un enlace para elegir una contraseña nueva. Hasta que lo siga, figura como NO ACTIVO.`,
    confirmLabel: 'Pedir cambio de contraseña',
    danger: false,
    action: () => api.post(`/users/${seg(user.id)}/password-reset`),
  });
  if (!result?.ok) return;
  replaceUser(result.value?.id ? result.value : { ...user, status: 'pending_activation' });
  flash(`Le enviamos a ${user.email} un enlace para elegir una contraseña nueva.`);
}

async function deleteUser(user, context) {
  const result = await confirmAction({
    title: `¿Eliminar a ${user.name}?`,
    message: ['Pierde todas sus licencias (esos asientos quedan libres) y se cierran sus sesiones.', 'Esta acción no se puede deshacer.'],
    confirmLabel: 'Eliminar',
    action: () => api.delete(`/users/${seg(user.id)}`),
    passCodes: ['last_admin'],
  });
  if (!result) return;
  if (result.ok) {
    context.removeUser(user.id);
    flash(`Eliminamos a ${user.name}.`);
    return;
  }
  lastAdminWaysOut(user, result.error, context);
}

/**
 * The last admin cannot simply go: the API's `detail` explains why, and the two ways out are
 * offered right here: make another user admin (then delete), or request the account's termination.
 */
function lastAdminWaysOut(user, error, { me, list, replaceUser, removeUser }) {
  const others = list.items().filter((u) => u.id !== user.id && u.role !== 'admin');
  openDialog({
    title: 'No se puede eliminar al último administrador',
    testid: 'last-admin-dialog',
    build: (close) => {
      // The API's own explanation of the rule (its `detail`).
      const explanation = h('div', { class: 'warning', testid: 'last-admin-detail' }, h('p', error.detail || describeError(error)));
      const promote = h('section', { class: 'choice', testid: 'way-out-promote' }, h('h3', 'Opción 1: dar el rol de administrador a otra persona'));
      if (others.length) {
        const form = bindForm(
          h(
            'form',
            field({ label: 'Nuevo administrador', name: 'user_id', type: 'select', required: true, options: others.map((u) => ({ value: u.id, label: `${u.name} (${u.email})` })) }),
            h('div', { class: 'form-actions' }, submitButton('Hacer administrador', { testid: 'promote' })),
          ),
          async ({ user_id }) => {
            const promoted = await api.patch(`/users/${seg(user_id)}`, { role: 'admin' });
            replaceUser(promoted);
            const deleteNow = h('button', { type: 'button', class: 'btn btn-danger', testid: 'delete-now' }, `Eliminar a ${user.name} ahora`);
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
              removeUser(user.id);
              close();
              flash(`Eliminamos a ${user.name}. ${promoted.name} es ahora administrador.`);
            });
            const note = h('div', { class: 'success', testid: 'promoted' }, h('p', `${promoted.name} ahora es administrador.`));
            promote.replaceChildren(h('h3', 'Opción 1: dar el rol de administrador a otra persona'), note, failure, deleteNow);
            focusElement(note);
          },
        );
        promote.append(form);
      } else {
        promote.append(h('p', 'No hay otros usuarios en la empresa. Creá uno en «Crear usuario» con el rol Administrador y después eliminá este.'));
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
