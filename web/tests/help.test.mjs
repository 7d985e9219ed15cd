// Browser journeys of finding one's way: the help centre ("Ayuda") in the store and the panel,
// the customer FAQ's steps walked by the names the FAQ gives them, the pending work an admin
// sees, and the operator writing the help and uploading a product's media.

import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import {
  activateByEmail,
  activeAdmin,
  activeUser,
  apiOk,
  linkIn,
  login,
  manage,
  PASSWORD,
  seeAsPerson,
  signIn,
  STAFF_PASSWORD,
  uniqueEmail,
  useBrowser,
  waitForEmail,
} from './helpers.mjs';

const OPERATOR = 'operator@cloudstore.test';
const SALES_REP = 'ventas@cloudstore.test';
const MEDIA = fileURLToPath(new URL('../../shared/data/media/', import.meta.url));
// "Reunión Plus", plan "pro": a welcome trial of 14 days.
const REUNION = { product_id: '01KMR5D34AHVB210RXHCMX5DQK', plan_id: 'pro' };

const browser = useBrowser();

const nav = (page) => page.getByTestId('nav');

async function heading(page, name) {
  await page.getByRole('heading', { level: 1, name }).waitFor();
}

test('the help centre answers every FAQ question, grouped and searchable, with the support numbers', async () => {
  const page = await browser.open('/');
  await nav(page).getByRole('link', { name: 'Ayuda' }).click();
  await heading(page, 'Ayuda');
  await page.getByTestId('help-article').first().waitFor();
  const articles = (await apiOk(200, 'GET', '/help?limit=100')).items;
  assert.ok(articles.length >= 19);
  assert.equal(await page.getByTestId('help-article').count(), articles.length);
  const groups = [...new Set(articles.map((a) => a.group))];
  assert.deepEqual(await page.getByTestId('help-group').locator('h2').allTextContents(), groups);

  // The support lines, each a link that dials it; in the footer of every page too.
  assert.equal(await page.getByTestId('phone-support').textContent(), '0800 666 7676');
  assert.equal(await page.getByTestId('phone-support').getAttribute('href'), 'tel:08006667676');
  assert.equal(await page.getByTestId('phone-sales').textContent(), '0800 333 6006');
  assert.equal(await page.getByTestId('phone-sales').getAttribute('href'), 'tel:08003336006');
  assert.equal(await page.getByTestId('footer-support').getAttribute('href'), 'tel:08006667676');
  // Each application's own help.
  assert.ok((await page.getByTestId('app-help-link').count()) >= 7);
  await seeAsPerson(page, '32-help');

  // An answer opens in full; the numbers in it dial too.
  const contact = page.getByTestId('help-article').filter({ hasText: '¿Cómo me comunico con Cloud Store si tengo una duda?' });
  await contact.getByTestId('help-question').click();
  assert.equal(await contact.getByRole('link', { name: '0800 666 7676' }).getAttribute('href'), 'tel:08006667676');

  // A search, accents and case aside.
  await page.getByLabel('Buscá en la ayuda').fill('CONTRASENA olvide');
  await page.getByTestId('help-status').filter({ hasText: '1 respuesta' }).waitFor();
  const found = page.getByTestId('help-article');
  assert.equal(await found.count(), 1);
  assert.match(await found.getByTestId('help-answer').textContent(), /«Acceso».*«Restablecer contraseña»/s);
  await seeAsPerson(page, '33-help-search');
  await page.getByLabel('Buscá en la ayuda').fill('xyzzy');
  await page.getByTestId('help-empty').waitFor();
});

test("a customer walks the FAQ's steps by the FAQ's names", async () => {
  const admin = await activeAdmin('faq');
  const order = await apiOk(201, 'POST', '/orders', { token: admin.token, headers: { 'Idempotency-Key': `faq-${Date.now()}` }, body: { items: [{ ...REUNION, seats: 2 }] } });
  const page = await browser.open('/');

  // "En el cuadro de texto «Acceso» … hay también un link «Restablecer contraseña»".
  await nav(page).getByRole('link', { name: 'Acceso' }).click();
  await heading(page, 'Acceso');
  await page.getByRole('link', { name: 'Restablecer contraseña' }).click();
  await heading(page, 'Restablecer contraseña');
  await seeAsPerson(page);

  // "… pulsar en la pestaña de Gestionar -> Gestionar por usuario. Allí verán el botón «Añadir Nuevo»."
  await nav(page).getByRole('link', { name: 'Acceso' }).click();
  await signIn(page, admin.email);
  await manage(page, 'Gestionar por usuario');
  await seeAsPerson(page, '34-gestionar-por-usuario');
  await page.getByRole('button', { name: 'Añadir Nuevo' }).click();
  const email = uniqueEmail('faq-user');
  const form = page.getByTestId('create-user-form');
  await form.getByLabel('Nombre y apellido').fill('Laura Funes');
  await form.getByLabel('Email').fill(email);
  await page.getByTestId('create-user').click();
  // "… el usuario está NO ACTIVO porque no ha completado el proceso de activación".
  const row = page.locator(`[data-testid="user-row"][data-email="${email}"]`);
  assert.equal(await row.getByTestId('user-status').textContent(), 'NO ACTIVO');
  assert.match(await row.getByTestId('delete-user').textContent(), /Dar de baja/);
  assert.match(await row.getByTestId('request-password-change').textContent(), /Solicitar cambio de contraseña/);

  // "… la opción Gestionar -> Gestionar procesos delegados".
  await manage(page, 'Gestionar procesos delegados');
  await seeAsPerson(page);

  // "Cada usuario verá en su panel de control un icono con un botón de «Abrir Aplicación»"
  // and "un botón para acceder a la ayuda específica de ese servicio".
  await activateByEmail(email);
  const laura = (await apiOk(200, 'GET', `/users?query=${encodeURIComponent(email)}`, { token: admin.token })).items[0];
  await apiOk(201, 'POST', `/subscriptions/${order.subscription_ids[0]}/licences`, { token: admin.token, body: { user_id: laura.id } });
  const userPage = await browser.open('/login');
  await signIn(userPage, email);
  const card = userPage.getByTestId('app-card').filter({ hasText: 'Reunión Plus' });
  await card.getByRole('link', { name: /Abrir Aplicación/ }).waitFor();
  await card.getByRole('link', { name: /Ayuda de Reunión Plus/ }).waitFor();
  // "Ayuda" is in the panel too, with the person's own applications first.
  await nav(userPage).getByRole('link', { name: 'Ayuda' }).click();
  await heading(userPage, 'Ayuda');
  await userPage.getByTestId('my-apps-help').getByRole('link', { name: 'Ayuda de Reunión Plus' }).waitFor();
  await seeAsPerson(userPage);
});

test('an admin with purchases of their sales rep waiting sees them right after activating and signing in', async () => {
  const email = uniqueEmail('pending');
  const company = `Estudio Ríos ${Date.now().toString(36)}`;
  await apiOk(202, 'POST', '/signup', { body: { company: { name: company }, admin: { name: 'Inés Ríos', email } } });
  const operator = await login(OPERATOR, STAFF_PASSWORD);
  const rep = await login(SALES_REP, STAFF_PASSWORD);
  // Sign-up answers no ids (no account oracle): the operator finds the new company by its name.
  const found = await apiOk(200, 'GET', `/operator/companies?query=${encodeURIComponent(company)}`, { token: operator.access_token });
  const signed = { company_id: found.items[0].id };
  await apiOk(200, 'PUT', `/operator/companies/${signed.company_id}/sales-rep`, { token: operator.access_token, body: { user_id: rep.user.id } });
  await apiOk(201, 'POST', `/companies/${signed.company_id}/orders`, {
    token: rep.access_token,
    headers: { 'Idempotency-Key': `pending-${Date.now()}` },
    body: { items: [{ ...REUNION, seats: 3 }] },
  });

  // The admin activates from the email, as the FAQ tells, and signs in. The rep's order sends its own
  // email too, which may arrive first.
  const link = linkIn(await waitForEmail(email, { subject: /^Activá tu cuenta/ }));
  const page = await browser.open(`/activate?token=${link.token}`);
  await page.getByLabel('Contraseña nueva').fill(PASSWORD);
  await page.getByLabel('Repetí la contraseña').fill(PASSWORD);
  await page.getByTestId('password-submit').click();
  await page.getByTestId('go-login').click();
  await page.getByLabel('Contraseña').fill(PASSWORD);
  await page.getByTestId('login-submit').click();
  await page.waitForURL('**/panel');
  const waiting = page.getByTestId('pending-approvals');
  await waiting.waitFor();
  assert.match(await waiting.locator('h2').textContent(), /Tenés 1 compra de tu comercial para aprobar/);
  assert.match(await waiting.getByTestId('pending-order').textContent(), /Reunión Plus — Pro × 3/);
  assert.equal((await nav(page).getByTestId('pending-count').textContent()).trim(), '1');
  await seeAsPerson(page, '38-pending-after-activation');
  await waiting.getByTestId('review-pending').click();
  await page.getByTestId('approve').click();
  await page.getByTestId('order-status').filter({ hasText: 'Aprobado' }).waitFor();
  await nav(page).getByTestId('pending-count').waitFor({ state: 'detached' });
});

test('the operator writes the help centre and uploads a product icon and screenshots', async () => {
  const page = await browser.open('/login');
  await signIn(page, OPERATOR, STAFF_PASSWORD);
  await nav(page).getByRole('link', { name: 'Artículos de ayuda' }).click();
  await heading(page, 'Artículos de ayuda');
  await page.getByTestId('article-row').first().waitFor();
  const question = `¿Cómo pido una factura duplicada ${Date.now().toString(36)}?`;
  await page.getByTestId('new-article').click();
  const form = page.getByTestId('article-form');
  await form.getByLabel('Grupo').fill('Facturación');
  await form.getByLabel('Pregunta').fill(question);
  await form.getByLabel('Respuesta').fill('Llamá al 0800 666 7676.\n\n• Tené a mano tu número de cliente.');
  await page.getByTestId('save-article').click();
  const row = page.getByTestId('article-row').filter({ hasText: question });
  await row.waitFor();
  await seeAsPerson(page, '40-operator-help');
  // Published at once in the store's help.
  const store = await browser.open('/help');
  await store.getByLabel('Buscá en la ayuda').fill('factura duplicada');
  await store.getByTestId('help-question').filter({ hasText: question }).waitFor();
  await row.getByTestId('delete-article').click();
  await page.getByTestId('confirm-dialog').getByTestId('confirm').click();
  await row.waitFor({ state: 'detached' });

  // A new product with its icon and two screenshots uploaded from the computer.
  await nav(page).getByRole('link', { name: 'Productos' }).click();
  await page.getByTestId('new-product').click();
  const product = page.getByTestId('product-form');
  const name = `Agenda Pro ${Date.now().toString(36)}`;
  await product.getByLabel('Nombre', { exact: true }).fill(name);
  await product.getByLabel('Proveedor').fill('Pruebas SRL');
  await product.getByLabel('Categoría').fill('Productividad');
  await product.getByLabel('Dirección para abrir la aplicación').fill('https://apps.cloudstore.test/agenda/');
  await product.getByLabel('Nombre del plan').fill('Único');
  await product.getByLabel('Precio mensual por usuario').fill('1000');
  await page.getByTestId('upload-icon').setInputFiles(`${MEDIA}reunion-plus/icon.png`);
  await page.getByTestId('upload-icon-preview').locator('img').waitFor();
  await page.getByTestId('upload-screenshots').setInputFiles([`${MEDIA}reunion-plus/captura-1.png`, `${MEDIA}reunion-plus/captura-2.png`]);
  await page.getByTestId('upload-screenshots-preview').locator('img').nth(1).waitFor();
  await seeAsPerson(page, '41-operator-media');
  await page.getByTestId('save-product').click();
  await page.waitForURL('**/operator/catalog');
  const created = (await apiOk(200, 'GET', '/products?limit=100')).items.find((p) => p.name === name);
  assert.equal(created.screenshots.length, 2);
  const sheet = await browser.open(`/products/${created.id}`);
  await heading(sheet, name);
  await sheet.getByTestId('screenshot').nth(1).waitFor();
  await seeAsPerson(sheet);
  await apiOk(204, 'DELETE', `/products/${created.id}`, { token: (await login(OPERATOR, STAFF_PASSWORD)).access_token });
});

test('every page of a user of the panel shows no stray value at phone and desktop widths', async () => {
  const admin = await activeAdmin('look');
  const colleague = await activeUser(admin.token, { tag: 'look-user' });
  const page = await browser.open('/login');
  await signIn(page, colleague.email);
  await page.getByTestId('me-role').waitFor();
  await seeAsPerson(page);
  await page.goto(`${browser.base}/account/password`, { waitUntil: 'domcontentloaded' });
  await heading(page, 'Cambiar mi contraseña');
  await seeAsPerson(page);
});
