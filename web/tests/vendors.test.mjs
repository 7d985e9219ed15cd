// Browser journeys of the vendors: the operator opens a vendor's account from "Proveedores", its
// person activates it from the email and lands on an empty "Mis productos", then sees there the
// product the operator gives it from the product's form; and the demo vendor sees the demo
// products.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatMoney } from '../js/format.js';
import { activateByEmail, apiOk, login, screenshot, seeAsPerson, signIn, STAFF_PASSWORD, uniqueEmail, useBrowser } from './helpers.mjs';

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
  for (const link of ['Catálogo', 'Mis productos', 'Ayuda', 'Mi contraseña']) await nav.getByRole('link', { name: link, exact: true }).waitFor();
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
