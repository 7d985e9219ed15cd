// Signing in ("Acceso", /login) and asking for a link to choose a new password ("Restablecer
// contraseña", /forgot-password), as the customer FAQ names them.

import { api } from '../api.js';
import { homeFor, login as signIn } from '../auth.js';
import { focusElement, h } from '../dom.js';
import { navigate, safeLocalPath } from '../router.js';
import { bindForm, field, pageTitle, showError, submitButton } from '../ui.js';

export async function login(view, { query }) {
  const form = bindForm(
    h(
      'form',
      { class: 'panel', testid: 'login-form' },
      field({ label: 'Email', name: 'email', type: 'email', required: true, value: query.get('email') ?? '', attrs: { autocomplete: 'username' } }),
      field({ label: 'Contraseña', name: 'password', type: 'password', required: true, attrs: { autocomplete: 'current-password' } }),
      h('div', { class: 'form-actions' }, submitButton('Ingresar', { testid: 'login-submit' }), h('a', { href: '/forgot-password', testid: 'forgot-link' }, 'Restablecer contraseña')),
    ),
    async ({ email, password }) => {
      try {
        const user = await signIn(email, password);
        navigate(safeLocalPath(query.get('next')) ?? homeFor(user));
      } catch (err) {
        if (err.code !== 'account_not_active') throw err;
        showError(form, err, { extra: h('p', h('a', { href: '/forgot-password' }, 'Pedir un enlace de activación nuevo')) });
      }
    },
  );
  view.append(
    h(
      'div',
      { class: 'narrow' },
      pageTitle('Acceso'),
      h('p', 'Ingresá con tu email y tu contraseña.'),
      form,
      h('p', '¿Tu empresa todavía no tiene cuenta? ', h('a', { href: '/signup' }, 'Creá una cuenta')),
    ),
  );
}

export async function forgotPassword(view) {
  view.append(
    h(
      'div',
      { class: 'narrow' },
      pageTitle('Restablecer contraseña'),
      requestLinkForm({
        intro: 'Escribí el email con el que ingresás. Si corresponde a una cuenta, te enviamos un enlace para elegir una contraseña nueva (o para activarla, si todavía no lo hiciste).',
      }),
      h('p', h('a', { href: '/login' }, 'Volver a Acceso')),
    ),
  );
}

/**
 * POST /password-reset {email}. The API answers the same whether or not the email has an account,
 * and so does this form. Also used from an expired or used activation link.
 */
export function requestLinkForm({ intro, submitLabel = 'Enviarme el enlace' }) {
  const wrapper = h('div', { class: 'panel' });
  const form = bindForm(
    h(
      'form',
      { testid: 'request-link-form' },
      intro && h('p', intro),
      field({ label: 'Email', name: 'email', type: 'email', required: true, attrs: { autocomplete: 'email' } }),
      h('div', { class: 'form-actions' }, submitButton(submitLabel, { testid: 'request-link' })),
    ),
    async ({ email }) => {
      await api.post('/password-reset', { email }, { auth: false });
      const done = h(
        'div',
        { class: 'success', testid: 'link-requested' },
        h('p', 'Si el email corresponde a una cuenta, te enviamos un enlace para continuar. Revisá tu correo, también la carpeta de correo no deseado.'),
        h('p', 'El enlace para elegir una contraseña nueva vence en una hora.'),
      );
      wrapper.replaceChildren(done);
      focusElement(done);
    },
  );
  wrapper.append(form);
  return wrapper;
}
