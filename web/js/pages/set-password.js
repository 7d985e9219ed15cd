// Where emailed links land: /activate?token=… (new account, new email, a password change the admin
// asked for) and /reset-password?token=… (forgotten password). Both choose a password twice.

import { api, clearSession } from '../api.js';
import { currentUser } from '../auth.js';
import { focusElement, h } from '../dom.js';
import { describeError } from '../errors.js';
import { bindForm, field, pageTitle, submitButton } from '../ui.js';
import { requestLinkForm } from './login.js';

export function activate(view, ctx) {
  return setPassword(view, ctx, {
    title: 'Activar la cuenta',
    intro: 'Elegí la contraseña con la que vas a ingresar a Cloud Store.',
    endpoint: '/activation',
    submitLabel: 'Activar la cuenta',
    done: 'Tu cuenta quedó activa.',
  });
}

export function resetPassword(view, ctx) {
  return setPassword(view, ctx, {
    title: 'Elegir una contraseña nueva',
    intro: 'Elegí tu contraseña nueva. Al guardarla se cierran todas tus sesiones abiertas.',
    endpoint: '/password-reset/confirm',
    submitLabel: 'Guardar la contraseña',
    done: 'Tu contraseña nueva quedó guardada.',
  });
}

// Tokens are URL-safe base64 (the contract); anything else cannot be a link we sent.
const TOKEN = /^[A-Za-z0-9_-]{16,}$/;

async function setPassword(view, { query }, text) {
  const wrapper = h('div', { class: 'narrow' }, pageTitle(text.title));
  view.append(wrapper);
  const token = query.get('token') ?? '';
  if (!TOKEN.test(token)) {
    linkProblem(wrapper, 'El enlace está incompleto. Copiá el enlace completo del email, o pedí uno nuevo.');
    return;
  }

  const form = bindForm(
    h(
      'form',
      { class: 'panel', testid: 'password-form' },
      h('p', text.intro),
      field({
        label: 'Contraseña nueva',
        name: 'password',
        type: 'password',
        required: true,
        hint: 'Entre 10 y 128 caracteres. Puede ser una frase; las contraseñas muy comunes no se aceptan.',
        attrs: { autocomplete: 'new-password', minlength: 10, maxlength: 128 },
      }),
      field({
        label: 'Repetí la contraseña',
        name: 'password_confirmation',
        type: 'password',
        required: true,
        attrs: { autocomplete: 'new-password', 'data-match': 'password' },
      }),
      h('div', { class: 'form-actions' }, submitButton(text.submitLabel, { testid: 'password-submit' })),
    ),
    async ({ password, password_confirmation }) => {
      let answer;
      try {
        answer = await api.post(text.endpoint, { token, password, password_confirmation }, { auth: false });
      } catch (err) {
        if (err.code !== 'token_invalid' && err.code !== 'token_expired') throw err;
        wrapper.replaceChildren(pageTitle(text.title));
        linkProblem(wrapper, `${describeError(err)} Pedí un enlace nuevo con tu email.`);
        return;
      }
      // The link is spent: keep it out of the address bar and the history.
      history.replaceState(null, '', location.pathname);
      // Setting a password ends every session of that person, this tab's included.
      if (currentUser()?.email === answer?.email) clearSession('logout');
      const login = `/login${answer?.email ? `?email=${encodeURIComponent(answer.email)}` : ''}`;
      const done = h(
        'div',
        { class: 'success', testid: 'password-done' },
        h('p', text.done, ' Ya podés ingresar con tu email y la contraseña que elegiste.'),
        h('p', h('a', { class: 'btn btn-primary', href: login, testid: 'go-login' }, 'Ingresar')),
      );
      wrapper.replaceChildren(pageTitle(text.title), done);
      focusElement(done);
    },
  );
  wrapper.append(form);
}

/** Explains what is wrong with the link and offers a new one (POST /password-reset). */
function linkProblem(wrapper, message) {
  const alert = h('div', { class: 'alert', role: 'alert', testid: 'link-problem' }, h('p', message));
  wrapper.append(
    alert,
    requestLinkForm({
      intro: 'Te enviamos un enlace nuevo: para activar la cuenta si todavía no está activa, o para elegir una contraseña nueva si ya lo está.',
      submitLabel: 'Pedir un enlace nuevo',
    }),
  );
  focusElement(alert);
}
