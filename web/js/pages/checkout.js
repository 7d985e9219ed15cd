// The cart, in two places: the admin buys for the company (/checkout → POST /orders), and a sales
// rep buys on behalf of a company they serve (/sales/buy?company=…, reached from the company's
// card in «Mis empresas» → POST /companies/{id}/orders), which waits
// for an admin's approval. Both send an Idempotency-Key, kept while the cart stays the same, so a
// retry after a lost answer never buys twice. The admin's purchase also sends the total of the
// quote on screen (`expected_total`): if the catalog moved meanwhile, both totals are shown and
// nothing is bought until the admin confirms the new one.

import { api, ApiError, newIdempotencyKey, seg } from '../api.js';
import { debounce, fill, focusElement, h } from '../dom.js';
import { CODE_FIELDS, describeError } from '../errors.js';
import { formatMoney, trialText } from '../format.js';
import { bindForm, clearErrors, errorPanel, field, loading, pageTitle, showError, submitButton } from '../ui.js';
import { withPriceCheck } from '../price-change.js';
import { loadProducts, money, orderSummary, PER_SEAT_MONTH, productIndex, quoteLines, totals } from '../views.js';

export async function checkout(view, ctx) {
  view.append(
    pageTitle('Comprar'),
    h('p', { class: 'lead' }, 'Elegí las aplicaciones, el plan y cuántos asientos (usuarios) necesitás. Los precios son mensuales; el resumen suma el IVA (21\u00a0%).'),
  );
  await cartPage(view, {
    prefill: { product_id: ctx.query.get('product'), plan_id: ctx.query.get('plan') },
    withQuote: true,
    submitLabel: 'Comprar',
    place: (body, key, _company, expected) =>
      withPriceCheck((total) => api.post('/orders', { ...body, expected_total: total }, { headers: { 'Idempotency-Key': key } }), expected, 'la compra'),
    placed: (order, index, again) =>
      h(
        'div',
        h('div', { class: 'success', testid: 'order-done' }, h('h2', 'Compra confirmada'), h('p', 'Las suscripciones ya están activas. Asigná las licencias a las personas que van a usar cada aplicación.')),
        orderSummary(order, index),
        h(
          'div',
          { class: 'form-actions' },
          h('a', { class: 'btn btn-primary', href: '/admin/subscriptions', testid: 'go-subscriptions' }, 'Asignar licencias'),
          h('button', { type: 'button', class: 'btn', onclick: again }, 'Hacer otra compra'),
        ),
      ),
  });
}

export async function sales(view, ctx) {
  const company = { id: ctx.query.get('company'), name: ctx.query.get('name') || ctx.query.get('company') };
  view.append(
    pageTitle(company.id ? `Comprar para ${company.name}` : 'Comprar para una empresa'),
    h('p', { class: 'lead' }, 'Armá el pedido de una empresa que atendés. Un administrador de la empresa lo tiene que aprobar; le avisamos por email.'),
  );
  if (!company.id) {
    view.append(h('p', { class: 'notice', testid: 'choose-company' }, 'Elegí la empresa en ', h('a', { href: '/sales' }, 'Mis empresas'), ' y tocá «Comprar» en su tarjeta.'));
    return;
  }
  await cartPage(view, {
    companyField: h('p', { class: 'notice', testid: 'buying-for' }, 'Empresa: ', h('strong', company.name), ' · ', h('a', { href: '/sales' }, 'Elegir otra')),
    withQuote: false,
    submitLabel: 'Enviar pedido para aprobación',
    place: async (body, key) => {
      try {
        return await api.post(`/companies/${seg(company.id)}/orders`, body, { headers: { 'Idempotency-Key': key } });
      } catch (err) {
        // The company is no longer one of mine (reassigned, closed) or never was.
        if (err.code !== 'not_found' && err.code !== 'forbidden') throw err;
        throw new ApiError({ status: err.status, code: 'not_your_company', detail: 'Esa empresa ya no está entre las que atendés.' });
      }
    },
    placed: (order, index, again) =>
      h(
        'div',
        h(
          'div',
          { class: 'success', testid: 'order-done' },
          h('h2', 'Pedido enviado para aprobación'),
          h('p', 'Un administrador de la empresa tiene que aprobarlo en «Gestionar procesos delegados». Te avisamos por email cuando lo decida, y lo seguís en «Mis pedidos».'),
        ),
        orderSummary(order, index),
        h(
          'div',
          { class: 'form-actions' },
          h('a', { class: 'btn btn-primary', href: '/sales/orders', testid: 'go-sales-orders' }, 'Ver mis pedidos'),
          h('button', { type: 'button', class: 'btn', onclick: again }, 'Armar otro pedido'),
          h('a', { class: 'btn', href: '/sales' }, 'Volver a mis empresas'),
        ),
      ),
  });
}

async function cartPage(view, options) {
  const slot = h('div', loading('Cargando el catálogo…'));
  view.append(slot);
  let products;
  let index;
  try {
    products = await loadProducts();
    index = await productIndex();
  } catch (err) {
    slot.replaceChildren(errorPanel(err));
    return;
  }
  if (!products.length) {
    slot.replaceChildren(h('p', { class: 'muted' }, 'Todavía no hay productos en el catálogo.'));
    return;
  }
  const again = () => {
    slot.replaceChildren(cart(products, index, { ...options, prefill: {} }, again, slot));
    focusElement(slot.querySelector('select'));
  };
  slot.replaceChildren(cart(products, index, options, again, slot));
}

function cart(products, index, { prefill = {}, withQuote, companyField, submitLabel, place, placed }, again, slot) {
  const lines = [];
  const linesBox = h('div', { testid: 'cart-lines' });
  const summaryBody = h('div', { 'aria-live': 'polite', testid: 'quote-body' });
  const addButton = h('button', { type: 'button', class: 'btn btn-small', testid: 'add-line' }, 'Agregar otro producto');

  const form = h(
    'form',
    { class: 'panel', testid: 'cart-form', 'aria-label': 'Carrito' },
    companyField,
    h('fieldset', h('legend', 'Productos'), linesBox, addButton),
    field({ label: 'Cupón de descuento', name: 'coupon_code', hint: 'Por ejemplo BIENVENIDA20.', attrs: { autocomplete: 'off', autocapitalize: 'characters', spellcheck: 'false' } }),
    h('div', { class: 'form-actions' }, submitButton(submitLabel, { testid: 'buy' })),
  );

  // ---- Lines ----

  const planOptions = (productId) => {
    const product = index.get(productId);
    if (!product) return [{ value: '', label: 'Elegí primero un producto' }];
    return product.plans.map((p) => ({
      value: p.id,
      label: [p.name, `${formatMoney(p.price)}${PER_SEAT_MONTH}`, trialText(p.trial_days)].filter(Boolean).join(' · '),
    }));
  };
  const setOptions = (select, options, value) => {
    select.replaceChildren(...options.map((o) => h('option', { value: o.value }, o.label)));
    if (value && options.some((o) => o.value === value)) select.value = value;
  };
  const renumber = () => {
    lines.forEach((line, i) => {
      line.product.name = `items[${i}].product_id`;
      line.plan.name = `items[${i}].plan_id`;
      line.seats.name = `items[${i}].seats`;
      line.remove.hidden = lines.length === 1;
      line.remove.setAttribute('aria-label', `Quitar el producto ${i + 1} del carrito`);
    });
  };
  const addLine = ({ product_id, plan_id, seats } = {}) => {
    const productField = field({
      label: 'Producto',
      name: 'product',
      type: 'select',
      required: true,
      options: [{ value: '', label: 'Elegí un producto' }, ...products.map((p) => ({ value: p.id, label: p.name }))],
      value: product_id ?? '',
      testid: 'cart-product',
    });
    const planField = field({ label: 'Plan', name: 'plan', type: 'select', required: true, testid: 'cart-plan' });
    const seatsField = field({ label: 'Asientos', name: 'seats', type: 'number', required: true, value: seats ?? 1, testid: 'cart-seats', attrs: { min: 1, max: 10000, step: 1, inputmode: 'numeric' } });
    const line = {
      product: productField.querySelector('select'),
      plan: planField.querySelector('select'),
      seats: seatsField.querySelector('input'),
      remove: h('button', { type: 'button', class: 'btn btn-small btn-danger', testid: 'remove-line' }, 'Quitar'),
    };
    line.element = h('div', { class: 'cart-line', testid: 'cart-line' }, productField, planField, seatsField, line.remove);
    setOptions(line.plan, planOptions(line.product.value), plan_id);
    line.product.addEventListener('change', () => setOptions(line.plan, planOptions(line.product.value)));
    line.remove.addEventListener('click', () => {
      lines.splice(lines.indexOf(line), 1);
      line.element.remove();
      renumber();
      changed();
      focusElement(lines[0].product);
    });
    lines.push(line);
    linesBox.append(line.element);
    renumber();
    return line;
  };

  // ---- The summary: the API's quote, or the list price where there is no quote ----

  const readCart = () => {
    const items = lines.map((l) => ({ product_id: l.product.value, plan_id: l.plan.value, seats: Number(l.seats.value) }));
    const coupon = form.elements.coupon_code.value.trim();
    const complete = items.every((i) => i.product_id && i.plan_id && Number.isInteger(i.seats) && i.seats >= 1);
    return { body: coupon ? { items, coupon_code: coupon } : { items }, complete };
  };

  const showSummary = (...content) => fill(summaryBody, ...content);
  const incomplete = () => showSummary(h('p', { class: 'muted' }, 'Elegí producto, plan y asientos para ver el precio.'));

  const listPrice = () => {
    const { body, complete } = readCart();
    if (!complete) return incomplete();
    const amount = body.items.reduce((sum, i) => sum + (index.get(i.product_id)?.plans.find((p) => p.id === i.plan_id)?.price.amount ?? 0) * i.seats, 0);
    showSummary(
      h('dl', { class: 'totals' }, h('dt', { class: 'totals__total' }, 'Precio de lista mensual sin\u00a0IVA'), h('dd', { class: 'totals__total' }, money({ amount, currency: 'ARS' }, 'list-price'))),
      h('p', { class: 'hint' }, 'Sin descuentos ni promociones, y sin el IVA (21\u00a0%): el total final, con el cupón y el IVA, se calcula cuando la empresa aprueba el pedido.'),
    );
  };

  // The quote on screen and the cart it prices: its total is what the admin saw.
  let shown = null;
  const showQuote = (body, answer) => {
    shown = { cart: JSON.stringify(body), total: answer.total };
    showSummary(
      quoteLines(answer.lines ?? [], index),
      totals(answer, answer.coupon?.code),
      answer.coupon && h('p', { class: 'badge badge--ok', testid: 'coupon-applied' }, `Cupón ${answer.coupon.code} aplicado`),
    );
  };

  let quoteSeq = 0;
  let quoteAbort = null;
  const quote = debounce(async () => {
    const { body, complete } = readCart();
    if (!complete) return incomplete();
    const mine = ++quoteSeq;
    quoteAbort?.abort();
    quoteAbort = new AbortController();
    try {
      const answer = await api.post('/checkout/quote', body, { signal: quoteAbort.signal });
      if (mine !== quoteSeq) return;
      showQuote(body, answer);
    } catch (err) {
      if (err.name === 'AbortError' || mine !== quoteSeq) return;
      // A refused coupon or a bad field is shown where it belongs, without stealing focus.
      if (err.errors?.length || CODE_FIELDS[err.code]) showError(form, err, { focus: false });
      showSummary(h('p', { class: 'alert', testid: 'quote-error' }, describeError(err)));
    }
  }, 400);

  const changed = () => {
    clearErrors(form);
    if (!withQuote) return listPrice();
    quoteSeq += 1; // an answer still on its way is now stale
    showSummary(h('p', { class: 'loading' }, 'Calculando…'));
    quote();
  };
  form.addEventListener('input', changed);
  form.addEventListener('change', changed);
  addButton.addEventListener('click', () => {
    const line = addLine();
    changed();
    focusElement(line.product);
  });

  // ---- Buying ----

  let pending = null; // {fingerprint, key}: the same cart keeps its key, so retries are safe
  bindForm(form, async (values) => {
    const { body } = readCart();
    const fingerprint = JSON.stringify([values.company_id ?? null, body]);
    if (pending?.fingerprint !== fingerprint) pending = { fingerprint, key: newIdempotencyKey() };
    quote.cancel();
    let expected = null;
    if (withQuote) {
      // Buying before the quote showed: price it now, show it, and buy at that total.
      if (shown?.cart !== JSON.stringify(body)) showQuote(body, await api.post('/checkout/quote', body));
      expected = shown.total;
    }
    const order = await place(body, pending.key, values.company_id, expected);
    if (!order) return; // the admin did not confirm a new price
    pending = null;
    const result = placed(order, index, again);
    slot.replaceChildren(result);
    focusElement(result.querySelector('h2'));
  });

  addLine(prefill);
  changed();
  return h(
    'div',
    { class: 'two-columns' },
    form,
    h('section', { class: 'panel', 'aria-labelledby': 'summary-title', testid: 'quote' }, h('h2', { id: 'summary-title' }, 'Resumen'), summaryBody),
  );
}
