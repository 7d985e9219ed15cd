// The operator's lists: every company (/operator/companies: search by name or CUIT, "Cargar más",
// duplicated CUITs flagged; its sales rep picked from the active reps, its spend limits) and the
// staff (/operator/users: created, searched, disabled with the handover of a rep's companies,
// enabled).

import { allItems, api, query, seg } from '../api.js';
import { h } from '../dom.js';
import { COMPANY_STATUS, formatMoney, moneyInputValue, ROLE_LABELS, USER_STATUS } from '../format.js';
import { badge, bindForm, confirmAction, field, filledPage, flash, openDialog, pageTitle, pagedList, searchForm, submitButton, table } from '../ui.js';

/** Every active sales rep (all pages of GET /operator/users?role=sales_rep), by name. */
async function activeReps() {
  const reps = await allItems('/operator/users', { role: 'sales_rep' });
  return reps.filter((r) => r.status !== 'disabled').sort((a, b) => a.name.localeCompare(b.name, 'es'));
}

const repOption = (r) => ({ value: r.id, label: `${r.name} · ${r.email}${r.status === 'active' ? '' : ' (sin activar)'}` });

function limitsText(limits) {
  const parts = [limits?.daily && `Diario: ${formatMoney(limits.daily)}`, limits?.rolling_30_days && `30 días: ${formatMoney(limits.rolling_30_days)}`].filter(Boolean);
  return parts.length ? parts.join(' · ') : h('span', { class: 'muted' }, 'Sin límites');
}

export async function companies(view) {
  let text = '';
  const replace = (updated) => list.update((items) => items.map((c) => (c.id === updated.id ? { ...c, ...updated } : c)));
  const list = pagedList({
    load: (cursor) => filledPage((c) => api.get(`/operator/companies${query({ query: text, limit: 50, cursor: c })}`), cursor, { want: 25 }),
    render: (items) =>
      table({
        caption: h('span', { class: 'visually-hidden' }, 'Empresas clientes'),
        rowProps: (c) => ({ testid: 'company-row', 'data-id': c.id }),
        columns: [
          {
            label: 'Empresa',
            value: (c) => [
              h('strong', c.name),
              h('div', { class: 'muted' }, c.tax_id ? `CUIT ${c.tax_id} ` : 'Sin CUIT', c.duplicate_tax_id && h('span', { class: 'badge badge--warn', testid: 'duplicate-cuit', title: 'Otra empresa activa tiene el mismo CUIT' }, 'CUIT repetido')),
            ],
          },
          { label: 'Estado', value: (c) => badge(COMPANY_STATUS[c.status], c.status) },
          { label: 'Comercial', value: (c) => (c.sales_rep ? h('span', { testid: 'company-rep' }, c.sales_rep.email) : h('span', { class: 'muted', testid: 'company-rep' }, 'Sin comercial: la atiende el operador')) },
          { label: 'Límites de gasto', value: (c) => limitsText(c.spend_limits) },
          {
            label: 'Acciones',
            value: (c) =>
              h(
                'div',
                { class: 'row' },
                h('button', { type: 'button', class: 'btn btn-small', testid: 'assign-rep', onclick: () => assignRep(c, replace), 'aria-label': `Cambiar el comercial de ${c.name}` }, 'Cambiar comercial'),
                h('button', { type: 'button', class: 'btn btn-small', testid: 'set-limits', onclick: () => setLimits(c, replace), 'aria-label': `Límites de gasto de ${c.name}` }, 'Límites'),
              ),
          },
        ],
        rows: items,
      }),
    emptyText: 'No hay empresas que coincidan.',
  });
  const search = searchForm({
    label: 'Buscar por nombre o CUIT',
    hint: 'Por ejemplo «bodega» o 30-71234567-1.',
    testid: 'company-search',
    onSearch: async (value) => {
      text = value;
      await list.reload();
    },
  });
  view.append(pageTitle('Empresas'), h('p', { class: 'lead' }, 'Todas las empresas clientes, de la más vieja a la más nueva. Un CUIT repetido entre empresas activas se marca, no se rechaza.'), search, list.element);
  await list.reload();
}

async function assignRep(company, replace) {
  const reps = await activeReps();
  openDialog({
    title: `Comercial de ${company.name}`,
    testid: 'assign-rep-dialog',
    build: (close) => {
      if (!reps.length) return [h('p', 'No hay comerciales activos. Creá uno en «Personal».'), h('button', { type: 'button', class: 'btn', onclick: () => close() }, 'Cerrar')];
      return bindForm(
        h(
          'form',
          field({ label: 'Comercial', name: 'user_id', type: 'select', required: true, value: company.sales_rep?.id ?? '', options: [{ value: '', label: 'Elegí un comercial' }, ...reps.map(repOption)] }),
          h('p', { class: 'hint' }, 'La empresa pasa a su lista de «Mis empresas»; sale de la del comercial anterior.'),
          h('div', { class: 'form-actions' }, submitButton('Asignar', { testid: 'confirm-assign' }), h('button', { type: 'button', class: 'btn', onclick: () => close() }, 'Cancelar')),
        ),
        async (body) => {
          const updated = await api.put(`/operator/companies/${seg(company.id)}/sales-rep`, body);
          replace(updated);
          close();
          flash(`Listo: ${reps.find((r) => r.id === body.user_id)?.name ?? 'ese comercial'} ahora atiende a ${company.name}.`);
        },
      );
    },
  });
}

function setLimits(company, replace) {
  openDialog({
    title: `Límites de gasto de ${company.name}`,
    testid: 'limits-dialog',
    build: (close) =>
      bindForm(
        h(
          'form',
          h('p', { class: 'hint' }, 'Los pedidos y las aprobaciones que superen un límite se rechazan. Dejá vacío el que no quieras poner.'),
          field({ label: 'Límite diario', name: 'daily', kind: 'money', value: moneyInputValue(company.spend_limits?.daily), hint: 'En pesos, por ejemplo 500.000,00.', attrs: { inputmode: 'decimal' } }),
          field({ label: 'Límite de 30 días', name: 'rolling_30_days', kind: 'money', value: moneyInputValue(company.spend_limits?.rolling_30_days), attrs: { inputmode: 'decimal' } }),
          h('div', { class: 'form-actions' }, submitButton('Guardar límites', { testid: 'save-spend-limits' }), h('button', { type: 'button', class: 'btn', onclick: () => close() }, 'Cancelar')),
        ),
        async (body) => {
          replace(await api.put(`/operator/companies/${seg(company.id)}/spend-limits`, body));
          close();
          flash(`Guardamos los límites de ${company.name}.`);
        },
      ),
  });
}

export async function staff(view, ctx) {
  let filters = {};
  const replace = (updated) => list.update((items) => items.map((u) => (u.id === updated.id ? { ...u, ...updated } : u)));
  const list = pagedList({
    load: (cursor) => filledPage((c) => api.get(`/operator/users${query({ ...filters, limit: 50, cursor: c })}`), cursor, { want: 25 }),
    render: (items) =>
      table({
        caption: h('span', { class: 'visually-hidden' }, 'Personal de Cloud Store'),
        rowProps: (u) => ({ testid: 'staff-row', 'data-id': u.id }),
        columns: [
          { label: 'Nombre', value: (u) => h('strong', u.name) },
          { label: 'Email', value: (u) => u.email },
          { label: 'Rol', value: (u) => ROLE_LABELS[u.role] ?? u.role },
          { label: 'Estado', value: (u) => badge(USER_STATUS[u.status], u.status, 'staff-status') },
          {
            label: 'Acciones',
            value: (u) => {
              if (u.id === ctx.user?.id) return h('span', { class: 'muted' }, 'Vos');
              if (u.status === 'disabled') return h('button', { type: 'button', class: 'btn btn-small', testid: 'enable-staff', onclick: () => enable(u, replace) }, 'Habilitar');
              return h('button', { type: 'button', class: 'btn btn-small btn-danger', testid: 'disable-staff', onclick: () => disable(u, replace) }, 'Deshabilitar');
            },
          },
        ],
        rows: items,
      }),
    emptyText: 'No hay personas que coincidan.',
  });
  const search = bindForm(
    h(
      'form',
      { class: 'panel row search', role: 'search', testid: 'staff-search' },
      field({ label: 'Buscar por nombre o email', name: 'query', type: 'search', quiet: true, attrs: { autocomplete: 'off', maxlength: 100 } }),
      field({ label: 'Rol', name: 'role', type: 'select', quiet: true, options: [{ value: '', label: 'Todos' }, { value: 'sales_rep', label: ROLE_LABELS.sales_rep }, { value: 'operator', label: ROLE_LABELS.operator }] }),
      submitButton('Buscar', { testid: 'staff-search-submit' }),
    ),
    async (values) => {
      filters = values;
      await list.reload();
    },
  );
  view.append(
    pageTitle('Personal'),
    h('p', { class: 'lead' }, 'Comerciales y operadores de Cloud Store. Quien deja la empresa se deshabilita: sale del sistema en el momento.'),
    createForm((user) => list.update((items) => [...items, user])),
    h('section', { 'aria-labelledby': 'staff-title' }, h('h2', { id: 'staff-title' }, 'Equipo'), search, list.element),
  );
  await list.reload();
}

function createForm(added) {
  const form = bindForm(
    h(
      'form',
      { class: 'panel', testid: 'create-staff-form', 'aria-labelledby': 'create-staff-title' },
      h('h2', { id: 'create-staff-title' }, 'Crear una cuenta del equipo'),
      h(
        'div',
        { class: 'grid-fields' },
        field({ label: 'Nombre y apellido', name: 'name', required: true }),
        field({ label: 'Email', name: 'email', type: 'email', required: true }),
        field({ label: 'Rol', name: 'role', type: 'select', required: true, options: ['sales_rep', 'operator'].map((value) => ({ value, label: ROLE_LABELS[value] })) }),
      ),
      h('p', { class: 'hint' }, 'Le enviamos un email para que active su cuenta eligiendo una contraseña.'),
      h('div', { class: 'form-actions' }, submitButton('Crear cuenta', { testid: 'create-staff' })),
    ),
    async (body) => {
      const user = await api.post('/operator/users', body);
      added(user);
      form.reset();
      flash(`Creamos la cuenta de ${user.name}. Le enviamos un email para activarla.`);
    },
  );
  return form;
}

async function disable(user, replace) {
  const heirs = user.role === 'sales_rep' ? (await activeReps()).filter((r) => r.id !== user.id) : [];
  openDialog({
    title: `¿Deshabilitar a ${user.name}?`,
    testid: 'disable-staff-dialog',
    build: (close) =>
      bindForm(
        h(
          'form',
          h('p', 'Sus sesiones terminan en el momento y ya no puede ingresar. Podés volver a habilitarlo cuando quieras.'),
          user.role === 'sales_rep' &&
            field({
              label: '¿Quién atiende sus empresas?',
              name: 'reassign_to',
              type: 'select',
              quiet: true,
              options: [{ value: '', label: 'Nadie: quedan a cargo del operador' }, ...heirs.map(repOption)],
              hint: 'Pasamos todas sus empresas ahora, con sus pedidos de baja.',
            }),
          h('div', { class: 'form-actions' }, submitButton('Deshabilitar', { testid: 'confirm-disable', danger: true }), h('button', { type: 'button', class: 'btn', onclick: () => close() }, 'Cancelar')),
        ),
        async (body) => {
          const answer = await api.post(`/operator/users/${seg(user.id)}/disable`, body);
          replace(answer);
          close();
          const heir = heirs.find((r) => r.id === body.reassign_to);
          const moved = answer.companies_reassigned ?? 0;
          const handed = moved ? ` Pasamos ${moved} ${moved === 1 ? 'empresa' : 'empresas'} a ${heir ? heir.name : 'la operación'}.` : '';
          flash(`Deshabilitamos a ${user.name}.${handed}`);
        },
      ),
  });
}

async function enable(user, replace) {
  const result = await confirmAction({
    title: `¿Habilitar a ${user.name}?`,
    message: 'Vuelve a ingresar con su contraseña. Si nunca eligió una, le enviamos un enlace nuevo para activar su cuenta.',
    confirmLabel: 'Habilitar',
    danger: false,
    action: () => api.post(`/operator/users/${seg(user.id)}/enable`),
  });
  if (result?.ok) {
    replace(result.value);
    flash(result.value.status === 'active' ? `${user.name} puede volver a ingresar.` : `Le enviamos a ${user.email} un enlace para activar su cuenta.`);
  }
}
