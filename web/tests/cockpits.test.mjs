// Browser journeys of the staff's cockpits: a sales rep onboards a customer, buys for it from their
// list, follows the order and finishes the customer's termination from the page the email leads
// to; the operator finds a company (a duplicated CUIT flagged), reassigns its rep and disables a
// rep, whose companies go to another.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatMoney } from '../js/format.js';
import {
  activateByEmail,
  apiOk,
  callApi,
  emailCount,
  freshCuit,
  linkIn,
  login,
  PASSWORD,
  screenshot,
  signIn,
  STAFF_PASSWORD,
  uniqueEmail,
  useBrowser,
  waitForEmail,
} from './helpers.mjs';

const OPERATOR = 'operator@cloudstore.test';
const TAG = Date.now().toString(36).slice(-5);

let products = [];
const browser = useBrowser({
  setup: async () => {
    products = (await apiOk(200, 'GET', '/products?limit=100')).items;
  },
});

/** A sales rep created by the operator and activated through the email; answers {email, id, token}. */
async function newRep(operatorToken, name) {
  const email = uniqueEmail('comercial');
  const user = await apiOk(201, 'POST', '/operator/users', { token: operatorToken, body: { name, email, role: 'sales_rep' } });
  await activateByEmail(email);
  return { email, id: user.id, token: (await login(email)).access_token };
}

/** The next email to `address` after `before` emails, once it arrives. */
const nextEmail = (address, before) => waitForEmail(address, { index: before });

async function textOf(scope, testid) {
  const locator = scope.getByTestId(testid).filter({ hasText: /\S/ }).first();
  await locator.waitFor();
  return (await locator.textContent()).trim();
}

/** No stray words a broken view would show. */
async function assertClean(page) {
  const text = await page.locator('main').innerText();
  assert.doesNotMatch(text, /\b(undefined|null|NaN|false|\[object Object\])\b/, text);
}

test('a sales rep onboards a customer, buys for it from their list, follows the order and finishes its termination', async () => {
  const operator = await login(OPERATOR, STAFF_PASSWORD);
  const rep = await newRep(operator.access_token, `Rita Comercial ${TAG}`);
  const page = await browser.open('/login');
  await signIn(page, rep.email);
  await page.waitForURL('**/sales');
  await page.getByRole('heading', { level: 1, name: 'Mis empresas' }).waitFor();
  await page.getByTestId('empty').waitFor();

  // Onboarding: a wrong check digit is explained next to the CUIT, then the account is opened.
  await page.getByRole('link', { name: 'Nueva empresa' }).click();
  const company = `Panadería Ñandú ${TAG}`;
  const tax = freshCuit();
  const adminEmail = uniqueEmail('dora');
  const form = page.getByTestId('onboard-form');
  await form.getByLabel('Nombre de la empresa').fill(company);
  await form.getByLabel('CUIT').fill(`${tax.slice(0, -1)}${(Number(tax.slice(-1)) + 1) % 10}`);
  await form.getByLabel('Nombre y apellido').fill('Dora Díaz');
  await form.getByLabel('Email').fill(adminEmail);
  await page.getByTestId('onboard-submit').click();
  assert.match(await textOf(form, 'field-error'), /último dígito/);
  await form.getByLabel('CUIT').fill(tax.replaceAll('-', ''));
  await page.getByTestId('onboard-submit').click();
  assert.match(await textOf(page, 'onboard-done'), new RegExp(`Abriste la cuenta de ${company}`));
  await screenshot(page, '40-sales-onboarded');
  const welcome = await waitForEmail(adminEmail);
  assert.equal(welcome.subject, `Rita Comercial ${TAG} abrió la cuenta de ${company} en Cloud Store`);

  // Its first order, at once, from the company's own cart.
  await page.getByTestId('buy-for-new-company').click();
  assert.match(await textOf(page, 'buying-for'), new RegExp(company));
  const product = products.find((p) => p.plans.some((plan) => plan.trial_days === 0));
  const plan = product.plans.find((p) => p.trial_days === 0);
  await page.getByTestId('cart-product').selectOption(product.id);
  await page.getByTestId('cart-plan').selectOption(plan.id);
  await page.getByTestId('cart-seats').fill('2');
  await page.getByTestId('list-price').filter({ hasText: formatMoney({ amount: plan.price.amount * 2, currency: 'ARS' }) }).waitFor();
  await page.getByTestId('buy').click();
  assert.equal(await textOf(page, 'order-status'), 'Pendiente de aprobación');
  await screenshot(page, '41-sales-order-pending');

  // The rep follows it in "Mis pedidos" while the admin activates and approves it.
  const repEmails = await emailCount(rep.email);
  await page.getByTestId('go-sales-orders').click();
  const row = page.getByTestId('sales-order').filter({ hasText: company });
  assert.equal(await textOf(row, 'sales-order-status'), 'Pendiente de aprobación');
  const { token } = linkIn(welcome);
  await apiOk(200, 'POST', '/activation', { body: { token, password: PASSWORD, password_confirmation: PASSWORD } });
  const admin = await login(adminEmail);
  const [pending] = (await apiOk(200, 'GET', '/approvals', { token: admin.access_token })).items;
  await apiOk(200, 'POST', `/approvals/${pending.id}/approve`, { token: admin.access_token });
  assert.equal((await nextEmail(rep.email, repEmails)).subject, 'Pedido aprobado');
  await page.reload();
  assert.equal(await textOf(page.getByTestId('sales-order').filter({ hasText: company }), 'sales-order-status'), 'Aprobado');
  await assertClean(page);
  await screenshot(page, '42-sales-orders');

  // "Mis empresas": found by a search without accents, with its admin and what it bought.
  await page.getByRole('link', { name: 'Mis empresas' }).click();
  await page.getByLabel('Buscar por nombre o CUIT').fill(`nandu ${TAG}`);
  await page.getByTestId('company-search-submit').click();
  const card = page.getByTestId('sales-company').filter({ hasText: company });
  await card.getByTestId('company-subscription').filter({ hasText: product.name }).waitFor();
  assert.match(await card.textContent(), new RegExp(`CUIT ${tax}`));
  assert.match(await textOf(card, 'company-admin'), new RegExp(adminEmail.replace(/[.+]/g, '\\$&')));
  await assertClean(page);
  await screenshot(page, '43-sales-companies');

  // The admin asks for the termination: the email leads the rep to a page they can open.
  const before = await emailCount(rep.email);
  const asked = await callApi('DELETE', `/users/${admin.user.id}?terminate_account=true`, { token: admin.access_token });
  assert.equal(asked.status, 202);
  const notice = await nextEmail(rep.email, before);
  const path = /https?:\/\/[^/\s]+(\/\S+)/.exec(notice.body.text)[1];
  assert.equal(path, '/sales/terminations');
  await page.goto(browser.base + path, { waitUntil: 'domcontentloaded' });
  const termination = page.getByTestId('termination-row').filter({ hasText: company });
  assert.equal(await textOf(termination, 'termination-status'), 'Pedida');
  await termination.getByTestId('complete-termination').click();
  await page.getByTestId('confirm-dialog').getByTestId('confirm').click();
  await page.getByTestId('termination-row').filter({ hasText: company }).getByTestId('termination-status').filter({ hasText: 'Completada' }).waitFor();
  await screenshot(page, '44-sales-termination-completed');
  assert.equal((await callApi('POST', '/login', { body: { email: adminEmail, password: PASSWORD } })).status, 403);
});

test('the operator finds a company, reassigns its rep and disables a rep, whose companies go to another', async () => {
  const operator = await login(OPERATOR, STAFF_PASSWORD);
  const rita = await newRep(operator.access_token, `Rita Ventas ${TAG}`);
  const bruno = await newRep(operator.access_token, `Bruno Ventas ${TAG}`);
  const tax = freshCuit();
  const name = `Bodega Andina ${TAG}`;
  await apiOk(201, 'POST', '/sales/companies', { token: rita.token, body: { company: { name, tax_id: tax }, admin: { name: 'Ana', email: uniqueEmail('bodega') } } });
  // Another company signs up with the same CUIT: accepted, and flagged.
  await apiOk(202, 'POST', '/signup', { body: { company: { name: `Bodega Gemela ${TAG}`, tax_id: tax }, admin: { name: 'Eva', email: uniqueEmail('gemela') } } });

  const page = await browser.open('/login');
  await signIn(page, OPERATOR, STAFF_PASSWORD);
  await page.getByRole('link', { name: 'Empresas' }).click();
  await page.getByLabel('Buscar por nombre o CUIT').fill(tax);
  await page.getByTestId('company-search-submit').click();
  // The search's answer replaces the whole list: no row without that CUIT stays.
  await page.getByTestId('company-row').filter({ hasNotText: tax }).first().waitFor({ state: 'detached' });
  await page.getByTestId('company-row').nth(1).waitFor();
  assert.equal(await page.getByTestId('company-row').count(), 2);
  assert.equal(await page.getByTestId('duplicate-cuit').count(), 2);
  await assertClean(page);
  await screenshot(page, '45-operator-companies');

  // Found by name, served by Rita; Bruno, picked from the active reps, takes it over.
  await page.getByLabel('Buscar por nombre o CUIT').fill(`bodega andina ${TAG}`);
  await page.getByTestId('company-search-submit').click();
  const row = page.getByTestId('company-row').filter({ hasText: name });
  await row.getByTestId('company-rep').filter({ hasText: rita.email }).waitFor();
  await row.getByTestId('assign-rep').click();
  const dialog = page.getByTestId('assign-rep-dialog');
  await dialog.getByLabel('Comercial').selectOption(bruno.id);
  await dialog.getByTestId('confirm-assign').click();
  await row.getByTestId('company-rep').filter({ hasText: bruno.email }).waitFor();
  assert.match(await page.getByTestId('flash').textContent(), new RegExp(`Bruno Ventas ${TAG} ahora atiende a ${name}`));
  await screenshot(page, '46-operator-reassigned');
  assert.equal((await apiOk(200, 'GET', '/sales/companies', { token: bruno.token })).items[0].name, name);

  // Bruno leaves: disabled at once, his company goes back to Rita.
  await page.getByRole('link', { name: 'Personal' }).click();
  await page.getByTestId('staff-search').getByLabel('Buscar por nombre o email').fill(`bruno ventas ${TAG}`);
  await page.getByTestId('staff-search-submit').click();
  const staffRow = page.getByTestId('staff-row').filter({ hasText: bruno.email });
  assert.equal(await textOf(staffRow, 'staff-status'), 'Activo');
  await staffRow.getByTestId('disable-staff').click();
  const disable = page.getByTestId('disable-staff-dialog');
  await disable.getByLabel('¿Quién atiende sus empresas?').selectOption(rita.id);
  await screenshot(page, '47-operator-disable-dialog');
  await disable.getByTestId('confirm-disable').click();
  await staffRow.getByTestId('staff-status').filter({ hasText: 'Deshabilitado' }).waitFor();
  assert.match(await page.getByTestId('flash').textContent(), new RegExp(`Pasamos 1 empresa a Rita Ventas ${TAG}`));
  await assertClean(page);
  await screenshot(page, '48-operator-staff-disabled');
  assert.equal((await callApi('GET', '/sales/companies', { token: bruno.token })).status, 401);
  assert.equal((await apiOk(200, 'GET', `/sales/companies?query=${encodeURIComponent(name)}`, { token: rita.token })).items.length, 1);

  // And he may come back.
  await staffRow.getByTestId('enable-staff').click();
  await page.getByTestId('confirm-dialog').getByTestId('confirm').click();
  await staffRow.getByTestId('staff-status').filter({ hasText: 'Activo' }).waitFor();
});
