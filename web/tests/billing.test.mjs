// Browser journey of money that adds up: an admin adds seats (their monthly cost shown before
// buying), the catalog's price moves meanwhile and the panel shows both totals before charging
// the new one, then "Mi factura" shows the month with the same figures as the API, and its CSV.
// A new admin keeps the company's data in "Mi empresa" (name, CUIT, the account number of the
// "factura de comunicaciones"), and "Mi factura" says which CUIT and account the charges go on.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatMoney } from '../js/format.js';
import { activeAdmin, apiOk, freshCuit, login, manage, noRawIds, screenshot, seeAsPerson, signIn, STAFF_PASSWORD, useBrowser } from './helpers.mjs';

const OPERATOR = 'operator@cloudstore.test';

const browser = useBrowser();

const ars = (amount) => formatMoney({ amount, currency: 'ARS' });

/** A product of the test's own, so that changing its price moves nothing another test reads. */
function productBody(name, price) {
  return {
    name,
    vendor: 'Pruebas SRL',
    category: 'Pruebas',
    summary: 'Un producto para probar cambios de precio.',
    launch_url: 'https://apps.cloudstore.test/precio/',
    plans: [{ id: 'equipo', name: 'Equipo', price: { amount: price, currency: 'ARS' } }],
  };
}

async function downloaded(download) {
  const stream = await download.createReadStream();
  let text = '';
  for await (const chunk of stream) text += chunk;
  return text;
}

test('an admin adds seats, sees the price change before it is charged, and reads "Mi factura"', async () => {
  const operator = (await login(OPERATOR, STAFF_PASSWORD)).access_token;
  const name = `Nube Precio ${Date.now().toString(36)}`;
  const product = await apiOk(201, 'POST', '/products', { token: operator, body: productBody(name, 1_000_000) });
  const admin = await activeAdmin('seats');
  const cart = { items: [{ product_id: product.id, plan_id: 'equipo', seats: 1 }] };
  await apiOk(201, 'POST', '/orders', { token: admin.token, headers: { 'Idempotency-Key': `web-seats-${Date.now()}` }, body: cart });

  const page = await browser.open('/login');
  await signIn(page, admin.email);
  await manage(page, 'Suscripciones y licencias');
  const card = page.getByTestId('subscription').filter({ hasText: name });
  await card.waitFor();
  // Two more seats: what they cost a month is on screen before buying.
  await card.getByLabel('Asientos').fill('3');
  await card.getByTestId('seats-cost').filter({ hasText: 'Sumás 2' }).waitFor();
  assert.equal(await card.getByTestId('seats-added-cost').textContent(), ars(2_000_000));
  await screenshot(page, '32-seats-change');

  // The operator raises the plan's price while the admin looks at the old one.
  await apiOk(200, 'PUT', `/products/${product.id}`, { token: operator, body: productBody(name, 1_200_000) });
  await card.getByTestId('change-seats').click();
  const dialog = page.getByTestId('price-change-dialog');
  await dialog.waitFor();
  assert.equal(await dialog.getByTestId('expected-total').textContent(), ars(2_000_000));
  assert.equal(await dialog.getByTestId('current-total').textContent(), ars(2_400_000));
  assert.equal(await dialog.getByTestId('price-difference').textContent(), `+ ${ars(400_000)}`);
  // Nothing was bought yet.
  const before = await apiOk(200, 'GET', '/subscriptions', { token: admin.token });
  assert.equal(before.items.find((s) => s.product_id === product.id).seats, 1);
  await screenshot(page, '33-price-change');

  await dialog.getByTestId('confirm').click();
  await page.getByText('La suscripción ahora tiene 3 asientos.').waitFor();
  const updated = page.getByTestId('subscription').filter({ hasText: name });
  await updated.getByTestId('seats').filter({ hasText: '3 asientos' }).waitFor();
  // The first seat keeps its price; the two added cost the new one.
  assert.match(await updated.textContent(), new RegExp(ars(1_000_000 + 2 * 1_200_000).replace(/[$.]/g, '\\$&')));

  // "Mi factura" (under "Gestionar"): the month's line and totals are the API's, to the centavo.
  await manage(page, 'Mi factura');
  const row = page.getByTestId('billing-row').filter({ hasText: name });
  await row.waitFor();
  const now = new Date();
  const month = `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}`;
  const statement = await apiOk(200, 'GET', `/billing/statements/${month}`, { token: admin.token });
  const line = statement.lines.find((l) => l.product_name === name);
  assert.equal(line.seats, 3);
  assert.equal(await row.getByTestId('line-amount').textContent(), formatMoney(line.amount));
  for (const [testid, amount] of [['net', statement.net], ['iva', statement.iva], ['invoice-total', statement.total]]) {
    assert.equal(await page.getByTestId('invoice').getByTestId(testid).textContent(), formatMoney(amount), testid);
  }
  assert.equal(await page.getByTestId('limit-daily').textContent(), 'Sin límite');
  assert.doesNotMatch(await page.locator('main').innerText(), /undefined|NaN|null|\[object/);
  await screenshot(page, '34-mi-factura');

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-invoice-csv').click()]);
  assert.equal(download.suggestedFilename(), `cloudstore-factura-${month}.csv`);
  const csv = await downloaded(download);
  assert.match(csv.split('\n')[0], /^month,company_id,company_name,subscription_id/);
  const pesos = `${Math.trunc(line.amount.amount / 100)}.${String(line.amount.amount % 100).padStart(2, '0')}`;
  assert.ok(csv.includes(`,${pesos},`), csv);
});

/** A day as the panel writes it in Argentina: "25 de noviembre de 2025". */
const dayInArgentina = (iso) => new Intl.DateTimeFormat('es-AR', { dateStyle: 'long', timeZone: 'America/Argentina/Buenos_Aires' }).format(new Date(iso));

test('a new admin completes the company\'s data in "Mi empresa", and "Mi factura" says where the charges go', async () => {
  const signedUpCuit = freshCuit();
  const admin = await activeAdmin('empresa', { taxId: signedUpCuit });
  const company = await apiOk(200, 'GET', '/company', { token: admin.token });
  assert.equal(company.tax_id, signedUpCuit);
  assert.equal(company.billing_account, null);

  const page = await browser.open('/login');
  await signIn(page, admin.email);

  // "Mi factura" says the charges have no account to go on yet, and leads to "Mi empresa".
  await manage(page, 'Mi factura');
  const invoice = page.getByTestId('invoice');
  await invoice.waitFor();
  assert.equal(await invoice.getByTestId('invoice-tax-id').textContent(), signedUpCuit);
  assert.equal((await invoice.getByTestId('invoice-billing-account').innerText()).trim(), 'Sin número de cuenta: cargalo en Mi empresa');
  await seeAsPerson(page, 'company-mi-factura-no-account');
  await invoice.getByRole('link', { name: 'Mi empresa' }).click();
  await page.getByRole('heading', { level: 1, name: 'Mi empresa' }).waitFor();
  await page.waitForURL('**/admin/company');

  // "Mi empresa" (also under "Gestionar"): the CUIT from sign-up, no account, and why it matters.
  await manage(page, 'Mi empresa');
  const profile = page.getByTestId('company-profile');
  await profile.waitFor();
  assert.equal(await profile.getByTestId('company-name').textContent(), company.name);
  assert.equal(await profile.getByTestId('company-tax-id').textContent(), signedUpCuit);
  assert.equal(await profile.getByTestId('company-billing-account').textContent(), 'Sin número de cuenta');
  assert.equal(await profile.getByTestId('customer-since').textContent(), `Cliente desde el ${dayInArgentina(company.created_at)}`);
  assert.match(await profile.getByTestId('billing-account-missing').textContent(), /sin el número de cuenta no podemos incluir los cargos/);
  const form = page.getByTestId('company-form');
  const nameInput = form.getByLabel('Nombre de la empresa');
  const cuitInput = form.getByLabel('CUIT');
  const accountInput = form.getByLabel('Número de cuenta de la factura de comunicaciones');
  assert.equal(await nameInput.inputValue(), company.name);
  assert.equal(await cuitInput.inputValue(), signedUpCuit);
  assert.equal(await accountInput.inputValue(), '');
  await seeAsPerson(page, 'company-no-account');
  await noRawIds(page, [company.id, admin.me.id]);

  // A wrong check digit is explained next to the CUIT, and nothing changes.
  await cuitInput.fill('30-71234567-2');
  await form.getByTestId('save-company').click();
  const cuitField = form.locator('.field').filter({ has: page.getByLabel('CUIT') });
  await cuitField.getByTestId('field-error').filter({ hasText: /verificador/ }).waitFor();
  assert.equal(await cuitInput.getAttribute('aria-invalid'), 'true');
  assert.equal(await form.locator('.field').filter({ has: page.getByLabel('Número de cuenta de la factura de comunicaciones') }).getByTestId('field-error').textContent(), '');
  assert.equal((await apiOk(200, 'GET', '/company', { token: admin.token })).tax_id, signedUpCuit);
  await seeAsPerson(page, 'company-cuit-error');

  // The name, the CUIT (typed without dashes) and the invoice's account, saved.
  const newName = `${company.name} SRL`;
  const newCuit = freshCuit();
  await nameInput.fill(newName);
  await cuitInput.fill(newCuit.replaceAll('-', ''));
  await accountInput.fill('0800-1234567');
  await form.getByTestId('save-company').click();
  await page.locator('#flash').filter({ hasText: 'Guardamos los datos de la empresa.' }).waitFor();
  await profile.getByTestId('company-tax-id').filter({ hasText: newCuit }).waitFor();
  assert.equal(await cuitInput.getAttribute('aria-invalid'), null);
  assert.equal(await cuitInput.inputValue(), newCuit, 'the CUIT as the API writes it');
  assert.equal(await profile.getByTestId('billing-account-missing').count(), 0);
  await seeAsPerson(page, 'company-saved');
  assert.deepEqual(await apiOk(200, 'GET', '/company', { token: admin.token }), { ...company, name: newName, tax_id: newCuit, billing_account: '0800-1234567' });

  // After a reload the page shows what was saved.
  await page.reload({ waitUntil: 'domcontentloaded' });
  await page.getByTestId('company-profile').waitFor();
  assert.equal(await page.getByTestId('company-name').textContent(), newName);
  assert.equal(await page.getByTestId('company-tax-id').textContent(), newCuit);
  assert.equal(await page.getByTestId('company-billing-account').textContent(), '0800-1234567');
  assert.equal(await page.getByTestId('billing-account-missing').count(), 0);
  assert.equal(await page.getByTestId('company-form').getByLabel('Nombre de la empresa').inputValue(), newName);
  assert.equal(await page.getByTestId('company-form').getByLabel('CUIT').inputValue(), newCuit);
  assert.equal(await page.getByTestId('company-form').getByLabel('Número de cuenta de la factura de comunicaciones').inputValue(), '0800-1234567');
  await noRawIds(page, [company.id, admin.me.id]);

  // "Mi factura" names the CUIT and the account the charges go on.
  await manage(page, 'Mi factura');
  await page.getByTestId('invoice').waitFor();
  assert.ok((await page.getByTestId('invoice').getByRole('heading', { level: 2 }).textContent()).startsWith(`${newName} · `), 'the statement has the new name');
  assert.equal(await page.getByTestId('invoice-tax-id').textContent(), newCuit);
  assert.equal(await page.getByTestId('invoice-billing-account').textContent(), '0800-1234567');
  await seeAsPerson(page, 'company-mi-factura');
  await noRawIds(page, [company.id, admin.me.id]);
});
