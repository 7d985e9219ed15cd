// Browser journeys of the store: the catalog, buying with a coupon, assigning a licence that the
// user then opens, a sales rep's order approved by the admin, and the operator's back office.
// They need the catalog: a stack whose GET /products does not answer 200 fails them at once.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatMoney } from '../js/format.js';
import {
  activeAdmin,
  activeUser,
  API_URL,
  apiOk,
  freshCuit,
  login,
  manage,
  noRawIds,
  screenshot,
  seeAsPerson,
  signIn,
  STAFF_PASSWORD,
  useBrowser,
} from './helpers.mjs';

const OPERATOR = 'operator@cloudstore.test';
const SALES_REP = 'ventas@cloudstore.test';

// The store journeys need the catalog: a stack without it is a failure, never a silent skip.
const catalogStatus = await fetch(`${API_URL}/products`).then((r) => r.status, () => 0);
if (catalogStatus !== 200) {
  throw new Error(`GET ${API_URL}/products answered ${catalogStatus}: the store journeys cannot run`);
}

let products = [];
const browser = useBrowser({
  setup: async () => {
    products = (await apiOk(200, 'GET', '/products?limit=100')).items;
  },
});

async function textOf(scope, testid) {
  const locator = scope.getByTestId(testid).filter({ hasText: /\S/ }).first();
  await locator.waitFor();
  return (await locator.textContent()).trim();
}

/** Waits until the element with this data-testid reads `expected`. */
async function waitForText(scope, testid, expected) {
  await scope.getByTestId(testid).filter({ hasText: expected }).first().waitFor();
}

/** The IVA of a net monthly total in centavos: 21 %, rounded half up, as the monthly statement does. */
const ivaOf = (net) => Math.floor((net * 21 + 50) / 100);
const ars = (amount) => formatMoney({ amount, currency: 'ARS' });

/** A totals block as a person reads it: each label with its amount, spaces as they look. */
async function totalsRows(scope) {
  const block = scope.getByTestId('totals').last();
  await block.waitFor();
  return block.evaluate((dl) => [...dl.querySelectorAll('dt')].map((dt) => [dt.innerText, dt.nextElementSibling.innerText].map((t) => t.replace(/\s+/g, ' ').trim())));
}

/** The rows a quote or an order shows: subtotal, discount, total without IVA, IVA, total with IVA. */
function expectedRows({ subtotal, discount, iva, withIva, coupon }) {
  return [
    ['Subtotal mensual', ars(subtotal)],
    [coupon ? `Descuento (cupón ${coupon})` : 'Descuento', ars(-discount)],
    ['Total mensual sin IVA', ars(subtotal - discount)],
    ['IVA 21 %', ars(iva)],
    ['Total mensual con IVA', ars(withIva)],
  ];
}

/** A product whose first plan has no free trial, so the first month is charged (and discounted). */
function paidProduct() {
  const product = products.find((p) => p.plans.some((plan) => plan.trial_days === 0));
  assert.ok(product, 'the catalog needs a plan without a trial');
  return { product, plan: product.plans.find((plan) => plan.trial_days === 0) };
}

test('the catalog lists the products with prices and icons, and a product sheet its plans, trial offer and screenshots', async (t) => {
  const page = await browser.open('/');
  await page.getByTestId('product-card').first().waitFor();
  assert.equal(await page.getByTestId('product-card').count(), products.length);
  // Every product with an icon shows it (an image that loaded); other journeys add products without one.
  assert.equal(await page.locator('[data-testid="product-card"] img.card__icon').count(), products.filter((p) => p.icon_url).length);
  // Catalog prices are net of IVA, and say so next to each one.
  for (const card of await page.getByTestId('product-card').all()) {
    const price = card.getByTestId('card-price');
    if (await price.count()) assert.match((await price.innerText()).replace(/\s+/g, ' '), /^Desde \$ [\d.]+,\d{2} \+ IVA por usuario por mes$/);
  }
  assert.ok(await page.getByTestId('card-price').count() > 0, 'the cards show their prices');
  await seeAsPerson(page, '20-catalog');

  const withTrial = products.find((p) => p.plans.some((plan) => plan.trial_days > 0)) ?? products[0];
  await page.getByRole('link', { name: `Ver ficha de ${withTrial.name}` }).click();
  await page.getByRole('heading', { level: 1, name: withTrial.name }).waitFor();
  const plans = page.getByTestId('plan');
  assert.equal(await plans.count(), withTrial.plans.length);
  for (const [i, plan] of withTrial.plans.entries()) {
    assert.equal(await plans.nth(i).getByTestId('plan-price').textContent(), formatMoney(plan.price));
    assert.equal((await plans.nth(i).getByTestId('plan-price-line').innerText()).replace(/\s+/g, ' '), `${formatMoney(plan.price)} + IVA por usuario por mes`);
    if (plan.trial_days > 0) assert.equal(await plans.nth(i).getByTestId('trial').textContent(), `Prueba gratis ${plan.trial_days} días`);
  }
  if (withTrial.manual_url) assert.equal(await page.getByTestId('manual-link').getAttribute('href'), withTrial.manual_url);
  // The screenshots are thumbnails that load, and open larger one after the other.
  const thumbnails = page.getByTestId('screenshot');
  assert.equal(await thumbnails.count(), withTrial.screenshots.length);
  assert.ok(withTrial.screenshots.length >= 2);
  await seeAsPerson(page, '21-product');
  await thumbnails.nth(0).click();
  const dialog = page.getByTestId('screenshot-dialog');
  const large = dialog.getByTestId('screenshot-large');
  assert.equal(await large.getAttribute('src'), withTrial.screenshots[0]);
  await page.waitForFunction((el) => el.complete && el.naturalWidth > 0, await large.elementHandle());
  assert.ok((await large.boundingBox()).width > (await thumbnails.nth(0).boundingBox()).width, 'larger than the thumbnail');
  await dialog.getByTestId('next-screenshot').click();
  assert.equal(await large.getAttribute('src'), withTrial.screenshots[1]);
  assert.equal(await large.getAttribute('alt'), `Captura 2 de ${withTrial.name}`);
  await seeAsPerson(page, '39-product-screenshot');
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'detached' });
});

test('an admin buys with BIENVENIDA20, assigns a licence, and the user opens the application', async (t) => {
  const admin = await activeAdmin('buyer');
  const colleague = await activeUser(admin.token, { tag: 'licensee' });
  const { product, plan } = paidProduct();

  const page = await browser.open('/login');
  const keys = [];
  page.on('request', (request) => {
    if (request.method() === 'POST' && new URL(request.url()).pathname === '/orders') keys.push(request.headers()['idempotency-key']);
  });
  // The quotes the page received, with the cart each one priced.
  const quotes = [];
  page.on('response', async (response) => {
    const request = response.request();
    if (request.method() !== 'POST' || new URL(response.url()).pathname !== '/checkout/quote' || response.status() !== 200) return;
    quotes.push({ cart: request.postDataJSON(), answer: await response.json().catch(() => null) });
  });
  await signIn(page, admin.email);
  await page.getByRole('link', { name: 'Comprar' }).click();
  await page.getByRole('heading', { level: 1, name: 'Comprar' }).waitFor();

  await page.getByTestId('cart-product').selectOption(product.id);
  await page.getByTestId('cart-plan').selectOption(plan.id);
  await page.getByTestId('cart-seats').fill('2');
  // Codes compare case-insensitively; the quote follows the typing.
  await page.getByLabel(/Cupón de descuento/).fill('bienvenida20');
  await page.getByTestId('coupon-applied').waitFor();
  const subtotal = plan.price.amount * 2;
  const discount = Math.round(subtotal * 0.2);
  await waitForText(page, 'subtotal', formatMoney({ amount: subtotal, currency: 'ARS' }));
  assert.equal(await textOf(page, 'discount'), formatMoney({ amount: -discount, currency: 'ARS' }));
  assert.equal(await textOf(page, 'total'), formatMoney({ amount: subtotal - discount, currency: 'ARS' }));
  // The summary adds the IVA as the API priced it (21 %, rounded half up, as "Mi factura" does).
  const priced = quotes.filter((q) => q.cart.coupon_code && q.cart.items[0].seats === 2).at(-1)?.answer;
  assert.ok(priced, 'the page showed a quote of the cart with the coupon');
  const net = subtotal - discount;
  assert.equal(priced.total.amount, net);
  assert.equal(priced.iva.amount, ivaOf(net));
  assert.equal(priced.total_with_iva.amount, net + ivaOf(net));
  const quoteRows = expectedRows({ subtotal, discount, iva: priced.iva.amount, withIva: priced.total_with_iva.amount, coupon: priced.coupon.code });
  assert.deepEqual(await totalsRows(page.getByTestId('quote')), quoteRows);
  assert.equal(await textOf(page, 'iva'), ars(ivaOf(net)));
  assert.equal(await textOf(page, 'total-with-iva'), ars(net + ivaOf(net)));
  // The plan's option in the cart says its price is net of IVA.
  assert.match((await page.getByTestId('cart-plan').locator('option:checked').textContent()).replace(/\s+/g, ' '), new RegExp(`${formatMoney(plan.price).replace(/[$.]/g, '\\$&')} \\+ IVA por usuario por mes`));
  await seeAsPerson(page, 'store-cart-iva');
  await screenshot(page, '22-checkout-quote');

  await page.getByTestId('buy').click();
  await page.getByTestId('order-done').waitFor();
  assert.equal(await textOf(page, 'order-status'), 'Completado');
  // The order bought is priced as the quote was: the same IVA and total with IVA.
  assert.deepEqual(await totalsRows(page.getByTestId('order-summary')), quoteRows);
  // Its line: the discount subtracts, like the total's, and the line's total is net of IVA.
  const line = page.getByTestId('order-summary').getByTestId('lines').locator('tbody tr');
  assert.equal(await line.locator('td[data-label="Descuento"]').innerText(), ars(-discount));
  assert.equal(await line.locator('td[data-label="Total sin IVA"]').innerText(), ars(net));
  assert.equal(keys.length, 1);
  assert.match(keys[0], /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  await seeAsPerson(page);
  await screenshot(page, '23-order-completed');

  await page.getByTestId('go-subscriptions').click();
  const card = page.getByTestId('subscription').filter({ hasText: product.name });
  await card.getByTestId('manage-licences').click();
  await waitForText(page, 'free-seats', 'Asientos libres: 2');
  await page.getByTestId('assign-search').fill(colleague.email);
  await page.locator(`[data-testid="assign-candidates"] li[data-email="${colleague.email}"]`).getByTestId('assign-candidate').check();
  await page.getByTestId('assign-licence').click();
  await waitForText(page, 'free-seats', 'Asientos libres: 1');
  await page.locator(`[data-testid="licence-row"][data-email="${colleague.email}"]`).waitFor();
  await seeAsPerson(page);
  await screenshot(page, '24-licences');

  // The colleague signs in and finds the application, ready to open in a new tab.
  const userPage = await browser.open('/login');
  await signIn(userPage, colleague.email);
  const app = userPage.getByTestId('app-card').filter({ hasText: product.name });
  const open = app.getByRole('link', { name: /Abrir Aplicación/ });
  assert.equal(await open.textContent(), 'Abrir Aplicación');
  assert.equal(await open.getAttribute('href'), product.launch_url);
  assert.equal(await open.getAttribute('target'), '_blank');
  assert.equal(await app.getByTestId('app-help').getAttribute('href'), product.help_url);
  // A user's panel shows their role in words: nothing stray under "Rol" (it once read "false").
  assert.equal(await textOf(userPage, 'me-role'), 'Usuario');
  await seeAsPerson(userPage, '25-user-apps');
});

test('a sales rep buys for a company; the admin approves it in "Gestionar procesos delegados"', async (t) => {
  const admin = await activeAdmin('delegated');
  const operator = await login(OPERATOR, STAFF_PASSWORD);
  const rep = await login(SALES_REP, STAFF_PASSWORD);
  await apiOk(200, 'PUT', `/operator/companies/${admin.me.company.id}/sales-rep`, { token: operator.access_token, body: { user_id: rep.user.id } });
  const { product, plan } = paidProduct();

  const repPage = await browser.open('/login');
  await signIn(repPage, SALES_REP, STAFF_PASSWORD);
  await repPage.waitForURL('**/sales');
  // Buying starts from the company's card in "Mis empresas".
  await repPage.getByLabel('Buscar por nombre o CUIT').fill(admin.me.company.name);
  await repPage.getByTestId('company-search-submit').click();
  await repPage.getByTestId('sales-company').filter({ hasText: admin.me.company.name }).getByTestId('buy-for-company').click();
  await repPage.getByTestId('buying-for').filter({ hasText: admin.me.company.name }).waitFor();
  await repPage.getByTestId('cart-product').selectOption(product.id);
  await repPage.getByTestId('cart-plan').selectOption(plan.id);
  await repPage.getByTestId('cart-seats').fill('3');
  await waitForText(repPage, 'list-price', formatMoney({ amount: plan.price.amount * 3, currency: 'ARS' }));
  const [placed] = await Promise.all([
    repPage.waitForResponse((r) => r.request().method() === 'POST' && /\/companies\/[^/]+\/orders$/.test(new URL(r.url()).pathname)),
    repPage.getByTestId('buy').click(),
  ]);
  const order = await placed.json();
  await repPage.getByTestId('order-done').waitFor();
  assert.equal(await textOf(repPage, 'order-status'), 'Pendiente de aprobación');
  // Three seats at list price, no coupon: the IVA and the total with it as the API priced them.
  const net = plan.price.amount * 3;
  assert.deepEqual([order.total.amount, order.iva.amount, order.total_with_iva.amount], [net, ivaOf(net), net + ivaOf(net)]);
  const orderRows = expectedRows({ subtotal: net, discount: 0, iva: order.iva.amount, withIva: order.total_with_iva.amount });
  assert.deepEqual(await totalsRows(repPage.getByTestId('order-summary')), orderRows);
  await seeAsPerson(repPage);
  await screenshot(repPage, '26-sales-order-pending');

  const page = await browser.open('/login');
  await signIn(page, admin.email);
  // The navigation counts what waits for the admin.
  await waitForText(page, 'pending-count', '1');
  await manage(page, 'Gestionar procesos delegados');
  // The list says what the order costs with IVA; the review shows every figure.
  const row = page.locator(`[data-testid="approval-row"][data-id="${order.id}"]`);
  assert.match((await row.innerText()).replace(/\s+/g, ' '), new RegExp(ars(net + ivaOf(net)).replace(/[$.]/g, '\\$&')));
  const [reviewed] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'GET' && new URL(r.url()).pathname === `/approvals/${order.id}`),
    row.getByTestId('review-approval').click(),
  ]);
  await waitForText(page, 'order-status', 'Pendiente de aprobación');
  const review = await reviewed.json();
  assert.deepEqual(await totalsRows(page.getByTestId('order-summary')), expectedRows({ subtotal: net, discount: 0, iva: review.iva.amount, withIva: review.total_with_iva.amount }));
  assert.deepEqual(await totalsRows(page.getByTestId('order-summary')), orderRows);
  await seeAsPerson(page);
  await screenshot(page, '27-approval-review');
  await page.getByTestId('approve').click();
  await waitForText(page, 'order-status', 'Aprobado');
  await page.getByTestId('pending-count').waitFor({ state: 'detached' });
  await seeAsPerson(page);
  await screenshot(page, '28-approval-approved');

  await manage(page, 'Suscripciones y licencias');
  await page.getByTestId('subscription').filter({ hasText: product.name }).waitFor();
});

test('the operator manages the catalog, coupons and the monthly billing export', async (t) => {
  // Two companies charged this month: one with its CUIT and invoice account, one with neither.
  const { product, plan } = paidProduct();
  const taxId = freshCuit();
  const invoiced = await activeAdmin('con-cuenta', { taxId });
  const unaccounted = await activeAdmin('sin-cuenta');
  for (const [i, admin] of [invoiced, unaccounted].entries()) {
    const body = { items: [{ product_id: product.id, plan_id: plan.id, seats: 1 }] };
    await apiOk(201, 'POST', '/orders', { token: admin.token, headers: { 'Idempotency-Key': `web-account-${Date.now()}-${i}` }, body });
  }
  await apiOk(200, 'PATCH', '/company', { token: invoiced.token, body: { billing_account: '0800-7654321' } });

  const page = await browser.open('/login');
  await signIn(page, OPERATOR, STAFF_PASSWORD);
  await page.waitForURL('**/operator/catalog');
  await page.getByTestId('product-row').first().waitFor();
  await seeAsPerson(page);
  await screenshot(page, '29-operator-catalog');

  // A new product with two plans goes on sale, then is archived.
  const name = `Producto de prueba ${Date.now().toString(36)}`;
  await page.getByTestId('new-product').click();
  const form = page.getByTestId('product-form');
  await form.getByLabel('Nombre', { exact: true }).fill(name);
  await form.getByLabel('Proveedor').fill('Pruebas SRL');
  await form.getByLabel('Categoría').fill('Pruebas');
  await form.getByLabel('Funcionalidades').fill('Una cosa\nOtra cosa');
  await form.getByLabel('Dirección para abrir la aplicación').fill('https://apps.cloudstore.test/prueba/');
  await form.getByLabel('Nombre del plan').fill('Básico');
  await form.getByLabel('Precio mensual por usuario').fill('1.234,50');
  await page.getByTestId('add-plan').click();
  await form.getByLabel('Nombre del plan').nth(1).fill('Completo');
  await form.getByLabel('Precio mensual por usuario').nth(1).fill('2500');
  await form.getByLabel('Días de prueba gratis').nth(1).fill('7');
  await page.getByTestId('save-product').click();
  await page.waitForURL('**/operator/catalog');
  const row = page.getByTestId('product-row').filter({ hasText: name });
  await row.waitFor();
  assert.match(await row.textContent(), /Básico: \$ 1\.234,50/);
  assert.match(await row.textContent(), /Completo: \$ 2\.500,00 · Prueba gratis 7 días/);
  await row.getByTestId('archive-product').click();
  await page.getByTestId('confirm-dialog').getByTestId('confirm').click();
  await row.waitFor({ state: 'detached' });

  // A coupon is created, then deactivated.
  await page.getByRole('link', { name: 'Cupones' }).click();
  await page.locator('[data-testid="coupon-row"][data-code="BIENVENIDA20"]').waitFor();
  const code = `WEB${Date.now().toString(36).toUpperCase()}`;
  const couponForm = page.getByTestId('create-coupon-form');
  await couponForm.getByLabel('Código').fill(code);
  await couponForm.getByLabel('Descripción').fill('15 % para las pruebas del navegador');
  await couponForm.getByLabel('Porcentaje de descuento').fill('15');
  await page.getByTestId('create-coupon').click();
  const coupon = page.locator(`[data-testid="coupon-row"][data-code="${code}"]`);
  assert.match(await coupon.textContent(), /15 % · El primer mes/);
  await coupon.getByTestId('toggle-coupon').click();
  await coupon.getByText('Inactivo').waitFor();
  await seeAsPerson(page);
  await screenshot(page, '30-operator-coupons');

  await page.getByRole('link', { name: 'Facturación' }).click();
  // The current month: the purchases of the tests above are in it.
  const now = new Date();
  const month = `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}`;
  await page.getByLabel('Mes').fill(month);
  await page.getByTestId('show-billing').click();
  await page.getByTestId('billing-total').waitFor();
  // Each company's CUIT and invoice account; one that owes and has no account is flagged.
  const withAccount = page.getByTestId('billing-company').filter({ hasText: invoiced.me.company.name });
  assert.equal(await withAccount.getByTestId('billing-tax-id').textContent(), taxId);
  assert.equal(await withAccount.getByTestId('billing-account').textContent(), '0800-7654321');
  assert.equal(await withAccount.getByTestId('missing-billing-account').count(), 0);
  const withoutAccount = page.getByTestId('billing-company').filter({ hasText: unaccounted.me.company.name });
  assert.equal(await withoutAccount.getByTestId('billing-tax-id').textContent(), 'Sin CUIT');
  assert.equal(await withoutAccount.getByTestId('billing-account').textContent(), 'Sin número de cuenta');
  assert.ok(await withoutAccount.getByTestId('missing-billing-account').isVisible(), 'the company without an account is flagged');
  assert.equal(await withoutAccount.getByTestId('missing-billing-account').textContent(), 'Sin número de cuenta');
  assert.match(await page.getByTestId('missing-accounts').textContent(), /no tienen? número de cuenta/);
  await seeAsPerson(page);
  await noRawIds(page, [invoiced.me.company.id, unaccounted.me.company.id]);
  await screenshot(page, '31-operator-billing');

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-csv').click()]);
  assert.equal(download.suggestedFilename(), `cloudstore-facturacion-${month}.csv`);
  const csv = await new Promise((resolve, reject) => {
    download.createReadStream().then((stream) => {
      let text = '';
      stream.on('data', (chunk) => (text += chunk));
      stream.on('end', () => resolve(text));
      stream.on('error', reject);
    }, reject);
  });
  assert.match(csv.split('\n')[0], /^month,company_id,company_name/);
});
