// The operator's vendors (/operator/vendors): the companies whose applications the store sells,
// each with the person in charge and how its integration is doing, in the order they joined
// ("Cargar más"); and opening a new vendor's account, whose person gets the activation email.

import { allItems, api, query } from '../api.js';
import { h } from '../dom.js';
import { badge, bindForm, field, flash, pageTitle, pagedList, submitButton, table } from '../ui.js';

/** Every vendor (all pages of GET /operator/vendors), in the order they joined. */
export function loadVendors() {
  return allItems('/operator/vendors');
}

/** The failing endpoints in words: "Sin fallas", "1 destino con fallas", "2 destinos con fallas". */
export function failingText(count) {
  if (!Number.isInteger(count) || count < 0) return { label: '—', tone: '' };
  if (count === 0) return { label: 'Sin fallas', tone: 'ok' };
  return { label: `${count} ${count === 1 ? 'destino' : 'destinos'} con fallas`, tone: 'bad' };
}

// A vendor added at the end of the loaded ones (see `created` below) shows once, where it really
// is once "Cargar más" reaches it.
const lastOfEach = (items) => items.filter((v, i) => items.findLastIndex((o) => o.id === v.id) === i);

export default async function vendors(view) {
  const list = pagedList({
    load: (cursor) => api.get(`/operator/vendors${query({ limit: 50, cursor })}`),
    render: (items) =>
      table({
        caption: h('span', { class: 'visually-hidden' }, 'Proveedores de Cloud Store'),
        rowProps: (v) => ({ testid: 'vendor-row', 'data-id': v.id }),
        columns: [
          { label: 'Proveedor', value: (v) => h('strong', { testid: 'vendor-name' }, v.name) },
          {
            label: 'Persona a cargo',
            value: (v) =>
              v.admin
                ? [h('div', { testid: 'vendor-contact' }, v.admin.name), h('a', { href: `mailto:${v.admin.email}`, 'data-external': '', testid: 'vendor-email' }, v.admin.email)]
                : h('span', { class: 'muted' }, 'Sin persona a cargo'),
          },
          { label: 'Integración', value: (v) => badge(failingText(v.failing_endpoints), null, 'vendor-failing') },
        ],
        rows: lastOfEach(items),
      }),
    emptyText: 'Todavía no hay proveedores. Creá el primero con el formulario de arriba.',
  });
  const created = async (vendor) => {
    await list.reload();
    // Past the first page the new vendor is not loaded yet: shown at the end, where it joined.
    if (!list.items().some((v) => v.id === vendor.id)) list.update((items) => [...items, vendor]);
  };
  view.append(
    pageTitle('Proveedores'),
    h('p', { class: 'lead' }, 'Las empresas cuyas aplicaciones vende Cloud Store, en el orden en que se sumaron. Cada producto se asigna a su proveedor desde «Productos».'),
    createForm(created),
    h('section', { 'aria-labelledby': 'vendors-title' }, h('h2', { id: 'vendors-title' }, 'Todos los proveedores'), list.element),
  );
  await list.reload();
}

function createForm(created) {
  const form = bindForm(
    h(
      'form',
      { class: 'panel', testid: 'create-vendor-form', 'aria-labelledby': 'create-vendor-title' },
      h('h2', { id: 'create-vendor-title' }, 'Nuevo proveedor'),
      field({ label: 'Nombre del proveedor', name: 'name', required: true, attrs: { maxlength: 200, autocomplete: 'organization' } }),
      h('h3', 'Persona a cargo'),
      h(
        'div',
        { class: 'grid-fields' },
        field({ label: 'Nombre y apellido', name: 'admin.name', required: true, attrs: { maxlength: 100 } }),
        field({ label: 'Email', name: 'admin.email', type: 'email', required: true, attrs: { autocomplete: 'off' } }),
      ),
      h('p', { class: 'hint' }, 'Le enviamos un email para que active su cuenta eligiendo una contraseña; después entra a Cloud Store y ve sus productos.'),
      h('div', { class: 'form-actions' }, submitButton('Crear proveedor', { testid: 'create-vendor' })),
    ),
    async (body) => {
      const { vendor_id: id } = await api.post('/operator/vendors', body);
      form.reset();
      flash(`Creamos el proveedor ${body.name}. Le enviamos a ${body.admin.email} el email para activar su cuenta.`);
      await created({ id, name: body.name, admin: body.admin, failing_endpoints: 0 });
    },
  );
  return form;
}
