// Browser journeys of identity and user management: signing up, activating from the emailed link,
// signing in, the admin's users (NO ACTIVO, the last-admin rule) and the forgotten password.
//
//   node --test web/tests/        (see web/README.md for the environment)

import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  activeAdmin,
  activeUser,
  emailCount,
  linkIn,
  manage,
  PASSWORD,
  screenshot,
  seeAsPerson,
  signIn,
  uniqueEmail,
  useBrowser,
  waitForEmail,
} from './helpers.mjs';

const browser = useBrowser();

/** The text of the first element with this data-testid that has some, once it shows. */
async function textOf(page, testid) {
  const locator = page.getByTestId(testid).filter({ hasText: /\S/ }).first();
  await locator.waitFor();
  return (await locator.textContent()).trim();
}

test('a company signs up, its admin activates from the emailed link, signs in and sees the panel', async () => {
  const email = uniqueEmail('signup');
  const page = await browser.open('/');

  await page.getByRole('link', { name: 'Crear cuenta' }).first().click();
  await page.getByRole('heading', { level: 1, name: 'Crear cuenta' }).waitFor();
  // Focus moves to the new page's heading after an in-app navigation.
  assert.equal(await page.evaluate(() => document.activeElement?.tagName), 'H1');

  // A field the API rejects is explained next to that field.
  await page.getByLabel('Nombre de la empresa').fill('Ferretería Los Andes');
  await page.getByLabel('CUIT').fill('30-71234567-1');
  await page.getByLabel('Nombre y apellido').fill('Lucía Gómez');
  await page.getByLabel('Email').fill('no-es-un-email');
  await page.getByTestId('signup-submit').click();
  assert.match(await textOf(page, 'field-error'), /email válido/);

  await page.getByLabel('Email').fill(email);
  await page.getByTestId('signup-submit').click();
  assert.match(await textOf(page, 'signup-done'), /Revisá tu email para activar la cuenta/);
  await seeAsPerson(page);
  await screenshot(page, '01-signup-done');

  const link = linkIn(await waitForEmail(email));
  assert.equal(link.kind, 'activate');
  await page.goto(`${browser.base}/activate?token=${link.token}`, { waitUntil: 'domcontentloaded' });
  await page.getByRole('heading', { level: 1, name: 'Activar la cuenta' }).waitFor();

  // Two different passwords are caught before calling the API...
  await page.getByLabel('Contraseña nueva').fill(PASSWORD);
  await page.getByLabel('Repetí la contraseña').fill(`${PASSWORD}x`);
  await page.getByTestId('password-submit').click();
  assert.match(await textOf(page, 'field-error'), /no coinciden/);
  // ...and a common password is refused by the API, its message shown next to the field.
  await page.getByLabel('Contraseña nueva').fill('qwertyuiop');
  await page.getByLabel('Repetí la contraseña').fill('qwertyuiop');
  await page.getByTestId('password-submit').click();
  assert.match(await textOf(page, 'field-error'), /demasiado común/);
  await screenshot(page, '02-activate-password-refused');

  await page.getByLabel('Contraseña nueva').fill(PASSWORD);
  await page.getByLabel('Repetí la contraseña').fill(PASSWORD);
  await page.getByTestId('password-submit').click();
  assert.match(await textOf(page, 'password-done'), /Tu cuenta quedó activa/);
  // The spent token does not stay in the address bar.
  assert.equal(new URL(page.url()).search, '');
  await seeAsPerson(page);
  await screenshot(page, '03-activated');

  await page.getByTestId('go-login').click();
  assert.equal(await page.getByLabel('Email').inputValue(), email);
  await page.getByLabel('Contraseña').fill(PASSWORD);
  await page.getByTestId('login-submit').click();
  await page.waitForURL('**/panel');
  assert.equal(await textOf(page, 'me-name'), 'Lucía Gómez');
  assert.equal(await textOf(page, 'me-company'), 'Ferretería Los Andes');
  await page.getByTestId('no-apps').waitFor();
  // An admin's navigation offers "Gestionar" and "Comprar"; "Cerrar sesión" is there.
  const nav = page.getByTestId('nav');
  await nav.getByRole('link', { name: 'Gestionar', exact: true }).waitFor();
  await nav.getByRole('link', { name: 'Comprar' }).waitFor();
  await nav.getByRole('link', { name: 'Ayuda' }).waitFor();
  assert.equal(await page.getByRole('link', { name: 'Productos' }).count(), 0);
  assert.equal(await textOf(page, 'me-role'), 'Administrador');
  await seeAsPerson(page);
  await screenshot(page, '04-panel');

  // The same panel on a phone.
  await page.setViewportSize({ width: 390, height: 844 });
  await screenshot(page, '05-panel-phone');
  await page.getByTestId('menu-toggle').click();
  await page.getByTestId('logout').click();
  await page.waitForURL('**/login');
  assert.match(await textOf(page, 'flash'), /Cerraste la sesión/);

  // Signed out, the panel asks to sign in first.
  await page.goto(`${browser.base}/panel`, { waitUntil: 'domcontentloaded' });
  await page.waitForURL('**/login?next=%2Fpanel');
});

test('an admin creates a user, who shows as NO ACTIVO until activating from the email, then signs in', async () => {
  const admin = await activeAdmin('users');
  const page = await browser.open('/login');
  await signIn(page, admin.email);
  await manage(page, 'Gestionar por usuario');

  const email = uniqueEmail('new-user');
  await page.getByRole('button', { name: 'Añadir Nuevo' }).click();
  let form = page.getByTestId('create-user-form');
  await form.getByLabel('Nombre y apellido').fill('Martín Sosa');
  await form.getByLabel('Email').fill(email);
  await form.getByLabel('Rol').selectOption('user');
  await page.getByTestId('create-user').click();
  const row = page.locator(`[data-testid="user-row"][data-email="${email}"]`);
  assert.equal(await row.getByTestId('user-status').textContent(), 'NO ACTIVO');
  assert.match(await textOf(page, 'flash'), /Añadimos a Martín Sosa/);

  // The same email again is refused, in words, next to the email field.
  await page.getByRole('button', { name: 'Añadir Nuevo' }).click();
  form = page.getByTestId('create-user-form');
  await form.getByLabel('Nombre y apellido').fill('Otro Martín');
  await form.getByLabel('Email').fill(email);
  await page.getByTestId('create-user').click();
  assert.match(await form.getByTestId('field-error').filter({ hasText: /./ }).first().textContent(), /Ya existe una cuenta con ese email/);
  await seeAsPerson(page);
  await screenshot(page, '06-users-no-activo');
  await page.getByTestId('add-user-dialog').getByRole('button', { name: 'Cancelar' }).click();

  // The new user follows the emailed link in their own tab and signs in.
  const link = linkIn(await waitForEmail(email));
  const userPage = await browser.open(`/activate?token=${link.token}`);
  await userPage.getByLabel('Contraseña nueva').fill(PASSWORD);
  await userPage.getByLabel('Repetí la contraseña').fill(PASSWORD);
  await userPage.getByTestId('password-submit').click();
  await userPage.getByTestId('go-login').click();
  await signIn(userPage, email);
  await userPage.waitForURL('**/panel');
  assert.equal(await textOf(userPage, 'me-name'), 'Martín Sosa');
  // A plain user sees no admin pages, and an admin page tells them so.
  assert.equal(await userPage.getByRole('link', { name: /^Gestionar/ }).count(), 0);
  await seeAsPerson(userPage);
  await userPage.goto(`${browser.base}/admin/users`, { waitUntil: 'domcontentloaded' });
  await userPage.getByTestId('forbidden').waitFor();

  // Back in the admin's list, the user is active now.
  await page.reload({ waitUntil: 'domcontentloaded' });
  assert.equal(await row.getByTestId('user-status').textContent(), 'Activo');
});

test('deleting the last admin explains why not and offers the two ways out', async () => {
  const admin = await activeAdmin('last-admin');
  const other = await activeUser(admin.token, { tag: 'colleague' });
  const page = await browser.open('/login');
  await signIn(page, admin.email);
  await page.goto(`${browser.base}/admin/users`, { waitUntil: 'domcontentloaded' });

  const adminRow = page.locator(`[data-testid="user-row"][data-email="${admin.email}"]`);
  await adminRow.getByTestId('delete-user').click();
  const confirm = page.getByTestId('confirm-dialog');
  await confirm.getByTestId('confirm').click();

  const dialog = page.getByTestId('last-admin-dialog');
  await dialog.waitFor();
  assert.match(await dialog.getByTestId('last-admin-detail').textContent(), /administrador/i);
  await dialog.getByTestId('way-out-promote').waitFor();
  await dialog.getByTestId('way-out-terminate').waitFor();
  await seeAsPerson(page);
  await screenshot(page, '07-last-admin');

  // Way out 1: make the colleague admin, then the deletion goes through.
  await dialog.getByLabel('Nuevo administrador').selectOption(other.user.id);
  await dialog.getByTestId('promote').click();
  await dialog.getByTestId('promoted').waitFor();
  const colleagueRow = page.locator(`[data-testid="user-row"][data-email="${other.email}"]`);
  assert.equal(await colleagueRow.getByTestId('user-role').textContent(), 'Administrador');
  await dialog.getByTestId('delete-now').click();
  await dialog.waitFor({ state: 'detached' });
  await adminRow.waitFor({ state: 'detached' });
  assert.match(await textOf(page, 'flash'), /Dimos de baja a/);
});

test('the last admin can instead ask for the account to be terminated', async () => {
  const admin = await activeAdmin('terminate');
  const page = await browser.open('/login');
  await signIn(page, admin.email);
  await page.goto(`${browser.base}/admin/users`, { waitUntil: 'domcontentloaded' });
  await page.locator(`[data-testid="user-row"][data-email="${admin.email}"]`).getByTestId('delete-user').click();
  await page.getByTestId('confirm-dialog').getByTestId('confirm').click();
  const dialog = page.getByTestId('last-admin-dialog');

  // Nobody else to promote: the dialog says how to get someone.
  assert.match(await dialog.getByTestId('way-out-promote').textContent(), /Añadir Nuevo/);
  // The termination needs an explicit confirmation.
  await dialog.getByTestId('confirm-termination').click();
  assert.match(await dialog.getByTestId('field-error').filter({ hasText: /./ }).first().textContent(), /Marcá esta casilla/);
  await dialog.getByLabel(/Entiendo que se da de baja/).check();
  await dialog.getByTestId('confirm-termination').click();
  assert.match(await dialog.getByTestId('termination-requested').textContent(), /Pedimos la baja de la cuenta/);
  await seeAsPerson(page);
  await screenshot(page, '08-termination-requested');
});

test('forgot password: the same answer for any email, a reset link that works once, then sign in', async () => {
  const admin = await activeAdmin('forgot');
  const page = await browser.open('/login');
  await page.getByRole('link', { name: 'Restablecer contraseña' }).click();
  await page.getByRole('heading', { level: 1, name: 'Restablecer contraseña' }).waitFor();

  // An unknown email gets the same answer as a real one.
  await page.getByLabel('Email').fill(uniqueEmail('nobody'));
  await page.getByTestId('request-link').click();
  const unknownAnswer = await textOf(page, 'link-requested');

  await page.goto(`${browser.base}/forgot-password`, { waitUntil: 'domcontentloaded' });
  const before = await emailCount(admin.email);
  await page.getByLabel('Email').fill(admin.email);
  await page.getByTestId('request-link').click();
  assert.equal(await textOf(page, 'link-requested'), unknownAnswer);
  await seeAsPerson(page);
  await screenshot(page, '09-forgot-password');

  const link = linkIn(await waitForEmail(admin.email, { index: before }));
  assert.equal(link.kind, 'reset-password');
  const newPassword = `${PASSWORD}-nueva`;
  await page.goto(`${browser.base}/reset-password?token=${link.token}`, { waitUntil: 'domcontentloaded' });
  await page.getByLabel('Contraseña nueva').fill(newPassword);
  await page.getByLabel('Repetí la contraseña').fill(newPassword);
  await page.getByTestId('password-submit').click();
  await page.getByTestId('password-done').waitFor();

  // The link was single use: opening it again explains it and offers a new one.
  await page.goto(`${browser.base}/reset-password?token=${link.token}`, { waitUntil: 'domcontentloaded' });
  await page.getByLabel('Contraseña nueva').fill(newPassword);
  await page.getByLabel('Repetí la contraseña').fill(newPassword);
  await page.getByTestId('password-submit').click();
  assert.match(await textOf(page, 'link-problem'), /no es válido o ya se usó/);
  await page.getByTestId('request-link-form').waitFor();
  await seeAsPerson(page);
  await screenshot(page, '10-reset-link-used');

  // The old password no longer works; the new one does.
  await page.goto(`${browser.base}/login`, { waitUntil: 'domcontentloaded' });
  await page.getByLabel('Email').fill(admin.email);
  await page.getByLabel('Contraseña').fill(PASSWORD);
  await page.getByTestId('login-submit').click();
  assert.match(await textOf(page, 'form-error'), /email o la contraseña no son correctos/);
  await signIn(page, admin.email, newPassword);
  await page.waitForURL('**/panel');
});

test('an expired session is refreshed silently with the refresh token', async () => {
  const admin = await activeAdmin('refresh');
  const page = await browser.open('/login');
  await signIn(page, admin.email);
  await page.waitForURL('**/panel');
  // Spoil the access token: the next call answers 401, the app refreshes once and retries.
  await page.evaluate(() => {
    const session = JSON.parse(sessionStorage.getItem('cloudstore.session'));
    session.access_token = 'expired.or.revoked';
    sessionStorage.setItem('cloudstore.session', JSON.stringify(session));
  });
  await manage(page, 'Gestionar por usuario');
  await page.locator(`[data-testid="user-row"][data-email="${admin.email}"]`).waitFor();
  const token = await page.evaluate(() => JSON.parse(sessionStorage.getItem('cloudstore.session')).access_token);
  assert.notEqual(token, 'expired.or.revoked');
});

test('keyboard only: the skip link, signing in with Enter, a dialog that Escape closes', async () => {
  const admin = await activeAdmin('keyboard');
  const page = await browser.open('/login');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Saltar al contenido');

  await page.getByLabel('Email').focus();
  await page.keyboard.type(admin.email);
  await page.keyboard.press('Tab');
  await page.keyboard.type(PASSWORD);
  await page.keyboard.press('Enter');
  await page.waitForURL('**/panel');
  // The new page takes focus to its heading once drawn; the keyboard goes on from there.
  await page.getByRole('heading', { level: 1 }).waitFor();

  await page.getByTestId('nav').getByRole('link', { name: /^Gestionar/ }).focus();
  // The navigation is drawn again when what it shows changes (here: the user read again from
  // GET /me, as the panel does); the keyboard's place stays where it was.
  await page.evaluate(() => import('/js/auth.js').then((auth) => auth.refreshMe()));
  assert.equal(await page.evaluate(() => document.activeElement?.dataset.testid), 'nav-/admin');
  await page.keyboard.press('Enter');
  await page.getByRole('link', { name: 'Gestionar por usuario', exact: true }).focus();
  await page.keyboard.press('Enter');
  const remove = page.locator(`[data-testid="user-row"][data-email="${admin.email}"]`).getByTestId('delete-user');
  await remove.focus();
  await page.keyboard.press('Enter');
  await page.getByTestId('confirm-dialog').waitFor();
  // Focus is inside the modal dialog, and Escape closes it, giving focus back to the button.
  assert.equal(await page.evaluate(() => Boolean(document.activeElement?.closest('dialog'))), true);
  await page.keyboard.press('Escape');
  await page.getByTestId('confirm-dialog').waitFor({ state: 'detached' });
  assert.equal(await page.evaluate(() => document.activeElement?.dataset.testid), 'delete-user');
});
