// Modal dialogs, and the confirmation of an action that runs inside its dialog.

import { h, focusElement, uid } from '../dom.js';
import { describeError } from '../errors.js';
import { withBusy } from './forms.js';

// ---- Dialogs ----

/**
 * Opens a modal dialog (focus is trapped inside and Escape closes it). `build(close)` answers its
 * content. Answers {dialog, close, closed}: `closed` resolves with what `close(value)` was given
 * (null when dismissed). Focus goes back to where it was.
 */
export function openDialog({ title, testid, build, wide = false }) {
  const opener = document.activeElement;
  const titleId = uid('dialog-title');
  const dialog = h('dialog', { 'aria-labelledby': titleId, testid, class: wide ? 'dialog--wide' : null });
  let result = null;
  const close = (value = null) => {
    result = value;
    if (dialog.open) dialog.close();
  };
  dialog.append(h('h2', { id: titleId }, title), ...[build(close)].flat());
  const closed = new Promise((resolve) => {
    dialog.addEventListener('close', () => {
      dialog.remove();
      // Back to the button that opened it; if that is gone (its row was deleted), to the heading.
      if (opener?.isConnected) opener.focus();
      else focusElement(document.querySelector('#main h1'));
      resolve(result);
    });
  });
  document.body.append(dialog);
  dialog.showModal();
  return { dialog, close, closed };
}

/**
 * Asks to confirm an action and runs it inside the dialog (its button shows progress).
 * Resolves with {ok: true, value} after it ran, {ok: false, error} when it failed with one of the
 * `passCodes` (the caller offers a way out), or null when cancelled. Other errors stay in the
 * dialog so the person can retry or cancel.
 */
export function confirmAction({ title, message, confirmLabel, danger = true, action, testid = 'confirm-dialog', passCodes = [] }) {
  let box;
  const { closed } = openDialog({
    title,
    testid,
    build: (closeWith) => {
      box = h('div', { class: 'alert', role: 'alert', hidden: true, testid: 'dialog-error' });
      const confirm = h('button', { type: 'button', class: `btn btn-primary${danger ? ' btn-danger' : ''}`, testid: 'confirm' }, confirmLabel);
      confirm.addEventListener('click', async () => {
        try {
          const value = await withBusy(confirm, action);
          closeWith({ ok: true, value });
        } catch (error) {
          if (passCodes.includes(error.code)) {
            closeWith({ ok: false, error });
            return;
          }
          box.replaceChildren(h('p', describeError(error)));
          box.hidden = false;
        }
      });
      return [
        ...[message].flat().map((m) => (typeof m === 'string' ? h('p', m) : m)),
        box,
        h('div', { class: 'form-actions' }, confirm, h('button', { type: 'button', class: 'btn', testid: 'cancel', onclick: () => closeWith(null) }, 'Cancelar')),
      ];
    },
  });
  return closed;
}
