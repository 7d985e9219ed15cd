// The operator's catalog: the products on sale (/operator/catalog), a new one
// (/operator/catalog/new) and editing one (/operator/catalog/:id); archiving takes a product out
// of the catalog while its subscriptions keep working.

import { api, seg } from '../api.js';
import { focusElement, h } from '../dom.js';
import { moneyInputValue, trialText } from '../format.js';
import { bindForm, confirmAction, errorPanel, field, flash, flashNext, loading, pageTitle, submitButton, table } from '../ui.js';
import { loadProducts, money } from '../views.js';
import { navigate } from '../router.js';

export async function list(view) {
  const slot = h('div', loading());
  view.append(
    pageTitle('Productos', h('a', { class: 'btn btn-primary', href: '/operator/catalog/new', testid: 'new-product' }, 'Nuevo producto')),
    h('p', { class: 'lead' }, 'Los productos a la venta. Archivar un producto lo saca del catálogo; las suscripciones que ya existen siguen funcionando.'),
    slot,
  );
  const load = async () => {
    slot.replaceChildren(loading());
    let products;
    try {
      products = await loadProducts({ fresh: true });
    } catch (err) {
      slot.replaceChildren(errorPanel(err, load));
      return;
    }
    const archive = async (product) => {
      const result = await confirmAction({
        title: `¿Archivar ${product.name}?`,
        message: 'Sale del catálogo y nadie más lo puede comprar. Las suscripciones que ya existen siguen funcionando.',
        confirmLabel: 'Archivar',
        action: () => api.delete(`/products/${seg(product.id)}`),
      });
      if (result?.ok) {
        flash(`Archivamos ${product.name}.`);
        await load();
      }
    };
    slot.replaceChildren(
      products.length
        ? table({
            rowProps: (p) => ({ testid: 'product-row', 'data-id': p.id }),
            columns: [
              { label: 'Producto', value: (p) => [h('strong', p.name), h('div', { class: 'muted' }, `${p.vendor} · ${p.category}`)] },
              { label: 'Planes', value: (p) => h('ul', p.plans.map((plan) => h('li', `${plan.name}: `, money(plan.price), trialText(plan.trial_days) && ` · ${trialText(plan.trial_days)}`))) },
              {
                label: 'Acciones',
                value: (p) =>
                  h(
                    'div',
                    { class: 'row' },
                    h('a', { class: 'btn btn-small', href: `/operator/catalog/${seg(p.id)}`, testid: 'edit-product', 'aria-label': `Editar ${p.name}` }, 'Editar'),
                    h('button', { type: 'button', class: 'btn btn-small btn-danger', testid: 'archive-product', 'aria-label': `Archivar ${p.name}`, onclick: () => archive(p) }, 'Archivar'),
                  ),
              },
            ],
            rows: products,
          })
        : h('p', { class: 'muted', testid: 'empty' }, 'No hay productos en el catálogo.'),
    );
  };
  await load();
}

export async function edit(view, { params }) {
  const editing = Boolean(params.id);
  const slot = h('div', loading());
  view.append(h('p', h('a', { href: '/operator/catalog' }, '← Volver a productos')), pageTitle(editing ? 'Editar producto' : 'Nuevo producto'), slot);
  let product = null;
  if (editing) {
    try {
      product = await api.get(`/products/${seg(params.id)}`, { cache: 'no-cache' });
    } catch (err) {
      slot.replaceChildren(errorPanel(err));
      return;
    }
  }
  slot.replaceChildren(productForm(product));
}

/** The product's fields; `plans[i].…` are repeated per plan. */
function productForm(product) {
  const p = product ?? { features: [], screenshots: [], plans: [] };
  const url = (label, name, hint) => field({ label, name, type: 'url', required: name === 'launch_url', value: p[name], hint, attrs: { inputmode: 'url' } });
  const plansBox = h('div', { testid: 'plans' });
  const plans = [];

  const renumber = () =>
    plans.forEach((plan, i) => {
      plan.legend.textContent = `Plan ${i + 1}`;
      for (const el of plan.element.querySelectorAll('[name]')) el.name = el.name.replace(/^plans\[\d+\]/, `plans[${i}]`);
      plan.remove.hidden = plans.length === 1;
    });
  const addPlan = (plan = {}) => {
    const legend = h('legend');
    const remove = h('button', { type: 'button', class: 'btn btn-small btn-danger', testid: 'remove-plan' }, 'Quitar este plan');
    const element = h(
      'fieldset',
      { testid: 'plan-fields' },
      legend,
      // An existing plan keeps its id, so its subscriptions stay attached to it.
      plan.id && h('input', { type: 'hidden', name: 'plans[0].id', value: plan.id }),
      h(
        'div',
        { class: 'grid-fields' },
        field({ label: 'Nombre del plan', name: 'plans[0].name', required: true, value: plan.name }),
        field({ label: 'Precio mensual por usuario', name: 'plans[0].price', required: true, kind: 'money', value: moneyInputValue(plan.price), hint: 'En pesos, por ejemplo 12.500,00.', attrs: { inputmode: 'decimal' } }),
        field({ label: 'Días de prueba gratis', name: 'plans[0].trial_days', type: 'number', required: true, value: plan.trial_days ?? 0, hint: '0 si no tiene.', attrs: { min: 0, max: 365, step: 1 } }),
      ),
      remove,
    );
    const entry = { element, legend, remove };
    remove.addEventListener('click', () => {
      plans.splice(plans.indexOf(entry), 1);
      element.remove();
      renumber();
      focusElement(plans[0].element.querySelector('input:not([type="hidden"])'));
    });
    plans.push(entry);
    plansBox.append(element);
    renumber();
    return entry;
  };
  for (const plan of p.plans.length ? p.plans : [{}]) addPlan(plan);

  return bindForm(
    h(
      'form',
      { class: 'panel', testid: 'product-form' },
      h(
        'div',
        { class: 'grid-fields' },
        field({ label: 'Nombre', name: 'name', required: true, value: p.name }),
        field({ label: 'Proveedor', name: 'vendor', required: true, value: p.vendor }),
        field({ label: 'Categoría', name: 'category', required: true, value: p.category }),
      ),
      field({ label: 'Resumen', name: 'summary', value: p.summary, hint: 'Una frase para la tarjeta del catálogo.' }),
      field({ label: 'Descripción', name: 'description', type: 'textarea', value: p.description }),
      field({ label: 'Funcionalidades', name: 'features', type: 'textarea', kind: 'lines', value: p.features.join('\n'), hint: 'Una por línea.' }),
      field({ label: 'Capturas de pantalla', name: 'screenshots', type: 'textarea', kind: 'lines', value: p.screenshots.join('\n'), hint: 'La dirección de una imagen por línea.' }),
      h(
        'div',
        { class: 'grid-fields' },
        url('Ícono', 'icon_url', 'Dirección de una imagen cuadrada.'),
        url('Dirección para abrir la aplicación', 'launch_url'),
        url('Ayuda', 'help_url'),
        url('Manual', 'manual_url'),
      ),
      h('h2', 'Planes'),
      plansBox,
      h('p', h('button', { type: 'button', class: 'btn btn-small', testid: 'add-plan', onclick: () => focusElement(addPlan().element.querySelector('input:not([type="hidden"])')) }, 'Agregar un plan')),
      h('div', { class: 'form-actions' }, submitButton(product ? 'Guardar cambios' : 'Crear producto', { testid: 'save-product' })),
    ),
    async (body) => {
      const saved = product ? await api.put(`/products/${seg(product.id)}`, body) : await api.post('/products', body);
      await loadProducts({ fresh: true }).catch(() => {});
      flashNext(product ? `Guardamos ${saved?.name ?? body.name}.` : `Creamos ${saved?.name ?? body.name}.`);
      navigate('/operator/catalog');
    },
  );
}
