// Browser journeys of the vendors: the operator opens a vendor's account from "Proveedores", its
// person activates it from the email and lands on an empty "Mis productos", then sees there the
// product the operator gives it from the product's form; the demo vendor sees the demo products;
// and the demo vendor's "Webhooks": an endpoint at a receiver of the test's own added (its secret
// shown once), pinged, its secret rotated, switched off and on, switched off by a 410, a URL inside
// a network refused next to the field, and the endpoint deleted.

import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { createServer } from 'node:http';
import { test } from 'node:test';
import { formatMoney } from '../js/format.js';
import { activateByEmail, apiOk, login, noRawIds, screenshot, seeAsPerson, signIn, STAFF_PASSWORD, uniqueEmail, useBrowser } from './helpers.mjs';

const OPERATOR = 'operator@cloudstore.test';
const DEMO_VENDOR = 'proveedor@cloudstore.test';
const TAG = Date.now().toString(36).slice(-5);

const browser = useBrowser();

async function textOf(scope, testid) {
  const locator = scope.getByTestId(testid).filter({ hasText: /\S/ }).first();
  await locator.waitFor();
  return (await locator.textContent()).trim();
}

const heading = (page, name) => page.getByRole('heading', { level: 1, name }).waitFor();

/** Every active product (all pages of GET /products). */
async function allProducts() {
  const items = [];
  let cursor = '';
  do {
    const page = await apiOk(200, 'GET', `/products?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    items.push(...page.items);
    cursor = page.next_cursor;
  } while (cursor);
  return items;
}

/** A product of the test's own, without a vendor, so that giving it away moves nothing another test reads. */
function productBody(name) {
  return {
    name,
    vendor: 'Pruebas SRL',
    category: 'Pruebas de proveedores',
    summary: 'Un producto para probar la página de los proveedores.',
    launch_url: 'https://apps.cloudstore.test/proveedor/',
    plans: [{ id: 'equipo', name: 'Equipo', price: { amount: 1_234_500, currency: 'ARS' }, trial_days: 0 }],
  };
}

test('the operator opens a vendor, whose person activates it, lands on "Mis productos" and sees the product given to it', async () => {
  const operator = (await login(OPERATOR, STAFF_PASSWORD)).access_token;
  const page = await browser.open('/login');
  await signIn(page, OPERATOR, STAFF_PASSWORD);
  await page.waitForURL('**/operator/catalog');

  // "Proveedores": the demo vendor, with the person in charge and no failures.
  await page.getByTestId('nav').getByRole('link', { name: 'Proveedores', exact: true }).click();
  await heading(page, 'Proveedores');
  const demo = page.getByTestId('vendor-row').filter({ hasText: 'Proveedor Demo' });
  assert.equal(await textOf(demo, 'vendor-contact'), 'Equipo de Proveedor Demo');
  assert.equal(await textOf(demo, 'vendor-email'), DEMO_VENDOR);
  assert.equal(await textOf(demo, 'vendor-failing'), 'Sin fallas');
  await seeAsPerson(page);
  await screenshot(page, 'vendors-operator-list');

  // A new vendor: a taken email is explained next to it, then the account is opened.
  const name = `Soluciones Ñandú ${TAG}`;
  const person = `Vera Proveedora ${TAG}`;
  const email = uniqueEmail('proveedor');
  const form = page.getByTestId('create-vendor-form');
  await form.getByLabel('Nombre del proveedor').fill(name);
  await form.getByLabel('Nombre y apellido').fill(person);
  await form.getByLabel('Email').fill(DEMO_VENDOR);
  await page.getByTestId('create-vendor').click();
  assert.equal(await textOf(form, 'field-error'), 'Ya existe una cuenta con ese email.');
  await form.getByLabel('Email').fill(email);
  await page.getByTestId('create-vendor').click();
  await page.getByTestId('flash').filter({ hasText: `Creamos el proveedor ${name}` }).waitFor();
  assert.match(await textOf(page, 'flash'), new RegExp(`Le enviamos a ${email.replace(/[.+]/g, '\\$&')} el email para activar su cuenta`));
  const row = page.getByTestId('vendor-row').filter({ hasText: name });
  assert.equal(await textOf(row, 'vendor-contact'), person);
  assert.equal(await textOf(row, 'vendor-email'), email);
  assert.equal(await textOf(row, 'vendor-failing'), 'Sin fallas');
  assert.equal(await form.getByLabel('Nombre del proveedor').inputValue(), '');
  await screenshot(page, 'vendors-operator-created');

  // Its person activates the account from the email and lands on an empty "Mis productos".
  await activateByEmail(email);
  const vendorPage = await browser.open('/login');
  await signIn(vendorPage, email);
  await vendorPage.waitForURL('**/vendor');
  await heading(vendorPage, 'Mis productos');
  assert.match(await textOf(vendorPage, 'empty'), /El operador de Cloud Store asigna cada producto a su proveedor/);
  // Its navigation offers only what a vendor may use.
  const nav = vendorPage.getByTestId('nav');
  for (const link of ['Catálogo', 'Mis productos', 'Webhooks', 'Ayuda', 'Mi contraseña']) await nav.getByRole('link', { name: link, exact: true }).waitFor();
  for (const link of ['Productos', 'Proveedores', 'Gestionar', 'Mi panel', 'Mis empresas']) assert.equal(await nav.getByRole('link', { name: link, exact: true }).count(), 0, link);
  assert.equal(await textOf(vendorPage, 'nav-user'), `${person} · Proveedor`);
  await seeAsPerson(vendorPage);
  await screenshot(vendorPage, 'vendors-home-empty');

  // The operator gives it a product from the product's form; the list names its holder.
  const productName = `Agenda Proveedor ${TAG}`;
  const product = await apiOk(201, 'POST', '/products', { token: operator, body: productBody(productName) });
  await page.getByTestId('nav').getByRole('link', { name: 'Productos', exact: true }).click();
  const productRow = page.getByTestId('product-row').filter({ hasText: productName });
  await productRow.getByTestId('edit-product').click();
  await heading(page, 'Editar producto');
  const productForm = page.getByTestId('product-form');
  assert.equal(await productForm.getByLabel('Titular').locator('option:checked').textContent(), 'Sin proveedor');
  await productForm.getByLabel('Titular').selectOption({ label: name });
  await page.getByTestId('save-product').click();
  await page.waitForURL('**/operator/catalog');
  assert.equal(await textOf(productRow, 'product-holder'), `Titular: ${name}`);
  await screenshot(page, 'vendors-operator-catalog');
  const me = await apiOk(200, 'GET', '/me', { token: (await login(email)).access_token });
  assert.equal((await apiOk(200, 'GET', `/products/${product.id}`)).vendor_id, me.company_id);

  // The form shows the holder it has.
  await productRow.getByTestId('edit-product').click();
  await heading(page, 'Editar producto');
  assert.equal(await page.getByTestId('product-form').getByLabel('Titular').locator('option:checked').textContent(), name);

  // The vendor's page lists it, with its plan and price and the way to its sheet.
  await vendorPage.reload();
  await heading(vendorPage, 'Mis productos');
  const card = vendorPage.getByTestId('vendor-product').filter({ hasText: productName });
  assert.match(await textOf(card, 'vendor-plans'), new RegExp(`Equipo: ${formatMoney({ amount: 1_234_500, currency: 'ARS' }).replace(/[$.]/g, '\\$&')} por usuario por mes`));
  assert.match(await card.textContent(), /Pruebas de proveedores/);
  assert.equal(await vendorPage.getByTestId('empty').count(), 0);
  await seeAsPerson(vendorPage);
  await screenshot(vendorPage, 'vendors-home');
  await card.getByRole('link', { name: `Ver ficha de ${productName}` }).click();
  await heading(vendorPage, productName);

  await apiOk(204, 'DELETE', `/products/${product.id}`, { token: operator });
});

test('the demo vendor signs in and sees the demo products in "Mis productos"', async () => {
  const session = await login(DEMO_VENDOR, STAFF_PASSWORD);
  const me = await apiOk(200, 'GET', '/me', { token: session.access_token });
  const mine = (await allProducts()).filter((p) => p.vendor_id === me.company_id);
  assert.ok(mine.length > 0, 'the demo vendor owns the demo products');

  const page = await browser.open('/login');
  await signIn(page, DEMO_VENDOR, STAFF_PASSWORD);
  await page.waitForURL('**/vendor');
  await heading(page, 'Mis productos');
  for (const product of mine) await page.getByTestId('vendor-product').filter({ has: page.getByRole('heading', { name: product.name, exact: true }) }).waitFor();
  assert.equal(await page.getByTestId('vendor-product').count(), mine.length);
  await seeAsPerson(page);
  await screenshot(page, 'vendors-home-demo');

  // A vendor's own pages only: the operator's are refused.
  await page.goto(`${browser.base}/operator/vendors`, { waitUntil: 'domcontentloaded' });
  await page.getByTestId('forbidden').waitFor();
});

// ---- Webhooks ----

/**
 * A vendor's application receiving webhooks, on 127.0.0.1 (a free port; the local stack allows
 * plain http to loopback): it answers `status` to every call and keeps each call's headers and body.
 */
async function receiver() {
  const hooks = { status: 200, calls: [] };
  const server = createServer((request, response) => {
    const chunks = [];
    request.on('data', (chunk) => chunks.push(chunk));
    request.on('end', () => {
      hooks.calls.push({ method: request.method, headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
      response.writeHead(hooks.status, { 'Content-Type': 'text/plain' });
      response.end('recibido');
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  hooks.url = `http://127.0.0.1:${server.address().port}/webhooks/cloudstore`;
  hooks.close = () => new Promise((resolve) => server.close(resolve));
  return hooks;
}

/** The Standard Webhooks signature of a call with `secret` ("v1,<base64 HMAC-SHA256>"). */
function signature(secret, call) {
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  const signed = `${call.headers['webhook-id']}.${call.headers['webhook-timestamp']}.${call.body}`;
  return `v1,${createHmac('sha256', key).update(signed).digest('base64')}`;
}

/** Waits for call number `count` to the receiver. */
async function nthCall(hooks, count) {
  const deadline = Date.now() + 10_000;
  while (hooks.calls.length < count) {
    if (Date.now() > deadline) throw new Error(`the receiver got ${hooks.calls.length} calls, not ${count}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return hooks.calls[count - 1];
}

/** What the "Estado" cell of a row says: "Activo", "Desactivado (lo desactivaste vos)". */
async function stateOf(row) {
  return (await row.locator('td[data-label="Estado"]').innerText()).replace(/\s+/g, ' ').trim();
}

/** Today as the panel writes it in Buenos Aires: "8 de diciembre de 2026". */
const today = () => new Intl.DateTimeFormat('es-AR', { dateStyle: 'long', timeZone: 'America/Argentina/Buenos_Aires' }).format(new Date());

test('the demo vendor adds a webhook endpoint, sees its secret once, pings it, rotates the secret, switches it off and on, and deletes it', async (t) => {
  const token = (await login(DEMO_VENDOR, STAFF_PASSWORD)).access_token;
  // Endpoints outlive a run in the local table (and a vendor keeps at most 10): start from none.
  for (const leftover of (await apiOk(200, 'GET', '/vendor/endpoints', { token })).items) {
    await apiOk(204, 'DELETE', `/vendor/endpoints/${leftover.id}`, { token });
  }
  const hooks = await receiver();
  t.after(() => hooks.close());
  await browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: browser.base });

  const page = await browser.open('/login');
  await signIn(page, DEMO_VENDOR, STAFF_PASSWORD);
  await page.waitForURL('**/vendor');
  await page.getByTestId('nav').getByRole('link', { name: 'Webhooks', exact: true }).click();
  await page.waitForURL('**/vendor/endpoints');
  await heading(page, 'Webhooks');

  // None yet: what an endpoint is for.
  const empty = await textOf(page, 'empty');
  assert.match(empty, /Todavía no tenés endpoints/);
  assert.match(empty, /cada compra, cada cambio de una suscripción y cada licencia/);
  assert.match(empty, /firmado según Standard Webhooks/);
  await seeAsPerson(page, 'vendors-endpoints-empty');

  // "Todos los eventos" comes checked; unchecking it lets the person choose, and choosing none is
  // explained next to the events.
  const form = page.getByTestId('create-endpoint-form');
  const urlInput = form.getByLabel('URL', { exact: true });
  const all = form.getByLabel('Todos los eventos');
  assert.equal(await all.isChecked(), true);
  assert.equal(await form.getByLabel('Suscripción creada').isDisabled(), true);
  await all.uncheck();
  assert.equal(await form.getByLabel('Suscripción creada').isChecked(), false);
  await urlInput.fill(hooks.url);
  await page.getByTestId('create-endpoint').click();
  assert.equal(await textOf(form.getByTestId('events-fieldset'), 'field-error'), 'Elegí al menos un evento, o «Todos los eventos».');
  await form.getByLabel('Suscripción creada').check();
  await form.getByLabel('Licencia asignada').check();
  await page.getByTestId('create-endpoint').click();

  // The secret, once, in a box that says so, with a button that copies it.
  const box = page.getByTestId('secret-box');
  await box.waitFor();
  assert.equal(await textOf(box, 'secret-warning'), 'Copiá este secreto ahora: no se vuelve a mostrar.');
  const secret = await textOf(box, 'secret-value');
  assert.match(secret, /^whsec_[A-Za-z0-9+/]{43}=$/);
  await box.getByTestId('copy-secret').click();
  assert.match(await textOf(box, 'copy-status'), /^Copiado\./);
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), secret);
  assert.equal(await textOf(page, 'flash'), `Sumamos el endpoint ${hooks.url}.`);

  // The list: its URL, its events in words, on, created today; the form ready for another.
  const [endpoint] = (await apiOk(200, 'GET', '/vendor/endpoints', { token })).items;
  assert.equal(endpoint.url, hooks.url);
  assert.deepEqual(endpoint.events, ['subscription.created', 'licence.assigned']);
  const row = page.getByTestId('endpoint-row').filter({ hasText: hooks.url });
  assert.equal(await textOf(row, 'endpoint-url'), hooks.url);
  assert.deepEqual(await row.getByTestId('endpoint-events').locator('li').allInnerTexts(), ['Suscripción creada', 'Licencia asignada']);
  assert.equal(await stateOf(row), 'Activo');
  assert.equal(await textOf(row, 'endpoint-created'), today());
  assert.equal(await textOf(page, 'endpoint-count'), 'Tenés 1 endpoint; podés tener hasta 10.');
  assert.equal(await urlInput.inputValue(), '');
  assert.equal(await all.isChecked(), true);
  await seeAsPerson(page, 'vendors-endpoints-secret');
  await noRawIds(page, [endpoint.id]);

  // "Probar": a signed ping reaches the receiver, and the answer reads in words.
  await row.getByTestId('ping-endpoint').click();
  const pinged = await textOf(row, 'ping-result');
  assert.match(pinged, /^Respondió 200 en \d+ ms$/);
  assert.equal(await textOf(page, 'flash'), `Probamos ${hooks.url}. ${pinged}.`);
  const ping = await nthCall(hooks, 1);
  assert.equal(ping.method, 'POST');
  assert.equal(JSON.parse(ping.body).type, 'ping');
  assert.equal(ping.headers['webhook-signature'], signature(secret, ping), 'the ping is signed with the secret shown');
  // Focus stays on the button pressed, though the list was drawn again.
  assert.equal(await page.evaluate(() => document.activeElement?.dataset.testid), 'ping-endpoint');
  await seeAsPerson(page, 'vendors-endpoints-ping');

  // "Ya lo guardé" puts the secret away; after a reload it is nowhere on the page.
  await box.getByTestId('secret-done').click();
  assert.equal(await box.count(), 0);
  await page.reload();
  await heading(page, 'Webhooks');
  await row.waitFor();
  assert.equal(await page.getByTestId('secret-box').count(), 0);
  const shown = await page.evaluate((s) => document.body.innerHTML.includes(s), secret);
  assert.equal(shown, false, 'the secret is shown only once');

  // "Rotar secreto": what happens to the old one, then the new one, once.
  await row.getByTestId('rotate-secret').click();
  const rotateDialog = page.getByTestId('rotate-dialog');
  assert.match(await rotateDialog.innerText(), /El secreto actual sigue firmando los eventos junto al nuevo durante 24 horas/);
  await screenshot(page, 'vendors-endpoints-rotate');
  await rotateDialog.getByTestId('confirm').click();
  await box.filter({ hasText: 'El secreto nuevo' }).waitFor();
  const rotated = await textOf(box, 'secret-value');
  assert.match(rotated, /^whsec_[A-Za-z0-9+/]{43}=$/);
  assert.notEqual(rotated, secret);
  assert.equal(await textOf(box, 'secret-warning'), 'Copiá este secreto ahora: no se vuelve a mostrar.');
  assert.match(await box.innerText(), /El secreto anterior sigue firmando junto a este durante 24 horas/);
  await seeAsPerson(page, 'vendors-endpoints-rotated');
  // For 24 hours a call carries both signatures, the new one first.
  await row.getByTestId('ping-endpoint').click();
  await row.locator('[data-testid="ping-endpoint"]:enabled').waitFor();
  assert.match(await textOf(row, 'ping-result'), /^Respondió 200 en \d+ ms$/);
  const both = await nthCall(hooks, 2);
  assert.deepEqual(both.headers['webhook-signature'].split(' '), [signature(rotated, both), signature(secret, both)]);

  // "Desactivar" and "Activar".
  const toggle = row.getByTestId('toggle-endpoint');
  assert.equal(await toggle.innerText(), 'Desactivar');
  await toggle.click();
  await toggle.filter({ hasText: /^Activar$/ }).waitFor();
  assert.equal(await stateOf(row), 'Desactivado (lo desactivaste vos)');
  assert.match(await textOf(page, 'flash'), /no le enviamos eventos hasta que lo actives/);
  assert.equal((await apiOk(200, 'GET', '/vendor/endpoints', { token })).items[0].disabled_reason, 'manual');
  await seeAsPerson(page, 'vendors-endpoints-disabled');
  await toggle.click();
  await toggle.filter({ hasText: /^Desactivar$/ }).waitFor();
  assert.equal(await stateOf(row), 'Activo');
  assert.equal((await apiOk(200, 'GET', '/vendor/endpoints', { token })).items[0].enabled, true);

  // An endpoint that answers 410 asks to be left alone: the list shows it switched off, and why.
  hooks.status = 410;
  await row.getByTestId('ping-endpoint').click();
  await toggle.filter({ hasText: /^Activar$/ }).waitFor();
  assert.match(await textOf(row, 'ping-result'), /^Respondió 410 en \d+ ms: el endpoint pidió no recibir más eventos, así que lo desactivamos\.$/);
  assert.equal(await stateOf(row), 'Desactivado (el endpoint respondió 410)');
  await seeAsPerson(page, 'vendors-endpoints-gone');
  hooks.status = 200;
  await toggle.click();
  await toggle.filter({ hasText: /^Desactivar$/ }).waitFor();
  assert.equal(await stateOf(row), 'Activo');
  assert.equal(await row.getByTestId('ping-result').count(), 0, 'the 410 no longer describes it');

  // A URL inside a network is refused, the reason next to the URL.
  await urlInput.fill('https://10.0.0.1/hooks');
  await page.getByTestId('create-endpoint').click();
  await form.locator('[aria-invalid="true"]').first().waitFor();
  assert.equal(await urlInput.getAttribute('aria-invalid'), 'true');
  const errorId = (await urlInput.getAttribute('aria-describedby')).split(' ').find((id) => id.endsWith('-error'));
  assert.equal(await page.locator(`#${errorId}`).innerText(), 'La URL debe apuntar a una dirección pública, no a una red interna.');
  assert.equal(await form.getByTestId('form-error').isHidden(), true);
  assert.equal(await page.getByTestId('endpoint-row').count(), 1);
  await seeAsPerson(page, 'vendors-endpoints-refused');
  await noRawIds(page, [endpoint.id]);

  // "Eliminar", after confirming: back to none.
  await row.getByTestId('delete-endpoint').click();
  const deleteDialog = page.getByTestId('delete-dialog');
  assert.match(await deleteDialog.innerText(), new RegExp(`Dejamos de enviar eventos a ${hooks.url.replace(/[.]/g, '\\.')}`));
  await deleteDialog.getByTestId('confirm').click();
  await page.getByTestId('empty').waitFor();
  assert.equal(await page.getByTestId('endpoint-row').count(), 0);
  assert.equal(await textOf(page, 'flash'), `Eliminamos el endpoint ${hooks.url}.`);
  assert.deepEqual((await apiOk(200, 'GET', '/vendor/endpoints', { token })).items, []);
  await seeAsPerson(page);

  // The page is the vendor's: the operator is refused it.
  const operatorPage = await browser.open('/login');
  await signIn(operatorPage, OPERATOR, STAFF_PASSWORD);
  await operatorPage.goto(`${browser.base}/vendor/endpoints`, { waitUntil: 'domcontentloaded' });
  await operatorPage.getByTestId('forbidden').waitFor();
});
