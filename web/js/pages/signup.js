// A company signs up with its first administrator (/signup → POST /signup). The API answers the
// same 202 whether or not the address already has an account (so it tells nobody who does): the
// page says what to expect either way, and the email says which case it is.

import { api } from '../api.js';
import { focusElement, h } from '../dom.js';
import { bindForm, field, pageTitle, submitButton } from '../ui.js';

export default async function signup(view) {
  const wrapper = h('div', { class: 'narrow' });
  const form = bindForm(
    h(
      'form',
      { class: 'panel', testid: 'signup-form' },
      h(
        'fieldset',
        h('legend', 'Tu empresa'),
        field({ label: 'Nombre de la empresa', name: 'company.name', required: true, attrs: { autocomplete: 'organization' } }),
        field({
          label: 'CUIT',
          name: 'company.tax_id',
          hint: 'Once dígitos, con o sin guiones: 30-12345678-1.',
          attrs: { inputmode: 'numeric', autocomplete: 'off' },
        }),
      ),
      h(
        'fieldset',
        h('legend', 'Quién va a administrar la cuenta'),
        field({ label: 'Nombre y apellido', name: 'admin.name', required: true, attrs: { autocomplete: 'name' } }),
        field({
          label: 'Email',
          name: 'admin.email',
          type: 'email',
          required: true,
          hint: 'Te enviamos ahí el enlace para activar la cuenta.',
          attrs: { autocomplete: 'email' },
        }),
      ),
      h('div', { class: 'form-actions' }, submitButton('Crear cuenta', { testid: 'signup-submit' })),
    ),
    async (body) => {
      await api.post('/signup', body, { auth: false });
      const done = h(
        'div',
        { class: 'success', testid: 'signup-done' },
        h('h2', 'Revisá tu email para activar la cuenta'),
        h('p', `Te escribimos a ${body.admin.email}. Seguí el enlace del email para elegir tu contraseña; después vas a poder ingresar.`),
        h('p', 'El enlace vence en 72 horas. Si esa dirección ya tenía una cuenta, el email te explica cómo ingresar. Si no lo encontrás, mirá en la carpeta de correo no deseado.'),
      );
      wrapper.replaceChildren(pageTitle('Crear cuenta'), done);
      focusElement(done);
    },
  );
  wrapper.append(
    pageTitle('Crear cuenta'),
    h('p', { class: 'lead' }, 'Registrá tu empresa en Cloud Store para comprar aplicaciones y gestionar las licencias de tu equipo.'),
    form,
    h('p', '¿Ya tenés cuenta? ', h('a', { href: '/login' }, 'Ingresá')),
  );
  view.append(wrapper);
}
