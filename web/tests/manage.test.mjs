// Browser journey of "Gestionar › Gestionar por usuario" in a company of more than a hundred
// people: every list pages through the API and is searched by name or email, a person's page
// shows their applications with assign and release right there, seats go to several people at
// once, and a person is given the "baja" after their application moves to someone else.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { activeAdmin, apiOk, manage, seeAsPerson, signIn, uniqueEmail, useBrowser } from './helpers.mjs';

const browser = useBrowser();

test('a company of 106 people: search, a person\'s applications, seats for several at once, and a baja after reassigning', { timeout: 240_000 }, async () => {
  const admin = await activeAdmin('big');
  const order = await apiOk(201, 'POST', '/orders', {
    token: admin.token,
    headers: { 'Idempotency-Key': `big-${Date.now()}` },
    body: { items: [{ product_id: '01KMR5D34AHVB210RXHCMX5DQK', plan_id: 'pro', seats: 4 }] },
  });
  const sub = order.subscription_ids[0];
  // 105 people, then Zoe: past the first hundred, where the old panel stopped.
  for (let batch = 0; batch < 7; batch += 1) {
    await Promise.all(
      Array.from({ length: 15 }, (_, i) => apiOk(201, 'POST', '/users', { token: admin.token, body: { name: `Persona Lote ${batch * 15 + i}`, email: uniqueEmail('lote'), role: 'user' } })),
    );
  }
  const zoe = await apiOk(201, 'POST', '/users', { token: admin.token, body: { name: 'Zoe Último', email: uniqueEmail('zoe'), role: 'user' } });

  const page = await browser.open('/login');
  await signIn(page, admin.email);
  await manage(page, 'Gestionar por usuario');
  // The list pages on ("Cargar más") and a search by name finds the 107th person.
  await page.getByTestId('user-row').nth(49).waitFor();
  assert.equal(await page.getByTestId('user-row').count(), 50);
  await page.getByTestId('load-more').click();
  await page.getByTestId('user-row').nth(99).waitFor();
  await page.getByLabel('Buscá por nombre o email').fill('zoe ultimo');
  await page.locator(`[data-testid="user-row"][data-email="${zoe.email}"]`).waitFor();
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="user-row"]').length === 1);

  // Her page: no applications yet; one assigned right there.
  await page.getByTestId('user-link').click();
  await page.getByRole('heading', { level: 1, name: 'Zoe Último' }).waitFor();
  await page.getByTestId('no-user-apps').waitFor();
  await page.getByTestId('assign-app').selectOption(sub);
  await page.getByTestId('assign-app-submit').click();
  const app = page.getByTestId('user-app').filter({ hasText: 'Reunión Plus' });
  await app.waitFor();
  await seeAsPerson(page, '35-user-page');

  // The licences of the subscription: holders searched, seats given to two more at once.
  await manage(page, 'Suscripciones y licencias');
  await page.getByTestId('subscription').filter({ hasText: 'Reunión Plus' }).getByTestId('manage-licences').click();
  await page.getByTestId('free-seats').filter({ hasText: 'Asientos libres: 3' }).waitFor();
  await page.getByTestId('holders-search').fill('zoe');
  await page.locator(`[data-testid="licence-row"][data-email="${zoe.email}"]`).waitFor();
  await page.getByTestId('assign-search').fill('persona lote 10');
  const candidates = page.getByTestId('assign-candidate');
  await page.getByTestId('assign-candidates').locator('li').filter({ hasText: 'Persona Lote 100' }).waitFor();
  const chosen = ['Persona Lote 100', 'Persona Lote 101'];
  for (const name of chosen) await page.getByTestId('assign-candidates').locator('li').filter({ hasText: `${name} (` }).getByTestId('assign-candidate').check();
  assert.ok((await candidates.count()) >= 2);
  await page.getByTestId('assign-licence').click();
  await page.getByTestId('free-seats').filter({ hasText: 'Asientos libres: 1' }).waitFor();
  await page.getByTestId('holders-search').fill('persona lote');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="licence-row"]').length === 2);
  await seeAsPerson(page, '37-licences-bulk');

  // Zoe leaves: the dialog lists what she loses, and it goes to someone else first.
  await manage(page, 'Gestionar por usuario');
  await page.getByLabel('Buscá por nombre o email').fill('zoe');
  const row = page.locator(`[data-testid="user-row"][data-email="${zoe.email}"]`);
  await row.getByTestId('delete-user').click();
  const dialog = page.getByTestId('confirm-dialog');
  const lose = dialog.getByTestId('app-to-lose');
  await lose.first().waitFor();
  assert.equal(await lose.count(), 1);
  assert.match(await lose.textContent(), /Reunión Plus/);
  await lose.getByTestId('reassign-picker-search').fill('persona lote 50');
  await lose.getByTestId('reassign-picker-select').locator('option', { hasText: 'Persona Lote 50 (' }).waitFor({ state: 'attached' });
  const fifty = await lose.getByTestId('reassign-picker-select').locator('option', { hasText: 'Persona Lote 50 (' }).getAttribute('value');
  await lose.getByTestId('reassign-picker-select').selectOption(fifty);
  await lose.getByTestId('reassign').click();
  await dialog.getByTestId('reassigned').waitFor();
  await seeAsPerson(page, '36-delete-reassign');
  await dialog.getByTestId('confirm').click();
  await row.waitFor({ state: 'detached' });
  const holders = (await apiOk(200, 'GET', `/subscriptions/${sub}/licences?limit=100`, { token: admin.token })).items.map((l) => l.name).sort();
  assert.deepEqual(holders, ['Persona Lote 100', 'Persona Lote 101', 'Persona Lote 50']);
});
