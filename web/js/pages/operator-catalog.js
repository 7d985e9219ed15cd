// The operator's catalog: the products on sale (/operator/catalog), a new one
// (/operator/catalog/new) and editing one (/operator/catalog/:id), with its icon, screenshots and
// manual uploaded from the operator's computer, and its holder: the vendor whose application it
// is (who then sees it in "Mis productos"); archiving takes a product out of the catalog while its
// subscriptions keep working.

import { api, seg } from '../api.js';
import { focusElement, h, uid } from '../dom.js';
import { describeError } from '../errors.js';
import { moneyInputValue, trialText } from '../format.js';
import { bindForm, confirmAction, errorPanel, field, flash, flashNext, loading, pageTitle, submitButton, table } from '../ui.js';
import { loadProducts, money } from '../views.js';
import { ACCEPT, uploadMedia } from '../media.js';
import { navigate } from '../router.js';
import { loadVendors } from './operator-vendors.js';

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
    let vendors;
    try {
      // The vendors only name each product's holder: without them the list still shows.
      [products, vendors] = await Promise.all([loadProducts({ fresh: true }), loadVendors().catch(() => [])]);
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
              {
                label: 'Producto',
                value: (p) => {
                  const holder = p.vendor_id && vendors.find((v) => v.id === p.vendor_id);
                  return [h('strong', p.name), h('div', { class: 'muted' }, `${p.vendor} · ${p.category}`), holder && h('div', { class: 'muted', testid: 'product-holder' }, `Titular: ${holder.name}`)];
                },
              },
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
  let vendors;
  try {
    // The vendors fill the holder's choice: without them, saving would take the product from its vendor.
    [product, vendors] = await Promise.all([editing ? api.get(`/products/${seg(params.id)}`, { cache: 'no-cache' }) : null, loadVendors()]);
  } catch (err) {
    slot.replaceChildren(errorPanel(err));
    return;
  }
  slot.replaceChildren(productForm(product, vendors));
}

/**
 * The holder's choice: "Sin proveedor" or one of the vendors. A holder missing from the list (it
 * should not happen) stays chosen, so saving does not take the product away from it.
 */
function holderOptions(vendors, current) {
  const options = [{ value: '', label: 'Sin proveedor' }, ...vendors.map((v) => ({ value: v.id, label: v.name }))];
  if (current && !vendors.some((v) => v.id === current)) options.push({ value: current, label: 'El titular actual (no figura entre los proveedores)' });
  return options;
}

/**
 * A media field with a file chooser beside it: each chosen file is uploaded (POST /media, then
 * the presigned PUT) and its URL written into the field (a line more for the screenshots), with
 * a preview of what the field now points at.
 */
function withUpload(fieldElement, kind, label, testid) {
  const control = fieldElement.querySelector('input, textarea');
  const preview = h('div', { class: 'media-preview', testid: `${testid}-preview` });
  const showPreview = () => {
    const urls = control.value.split('\n').map((u) => u.trim()).filter((u) => /^https?:\/\//.test(u));
    preview.replaceChildren(
      ...(kind === 'manual'
        ? urls.map((u) => h('a', { href: u, target: '_blank', rel: 'noopener noreferrer' }, 'Ver el manual'))
        : urls.map((u, i) => h('img', { src: u, alt: kind === 'icon' ? 'Ícono actual' : `Captura ${i + 1}`, width: kind === 'icon' ? 64 : 160, height: kind === 'icon' ? 64 : 100, loading: 'lazy' }))),
    );
  };
  const status = h('p', { class: 'hint', role: 'status' });
  const inputId = uid('upload');
  const chooser = h('input', { type: 'file', id: inputId, accept: ACCEPT[kind], multiple: kind === 'screenshot', testid, 'data-ignore': true, class: 'file-input' });
  chooser.addEventListener('change', async () => {
    const files = [...chooser.files];
    for (const [i, file] of files.entries()) {
      status.textContent = `Subiendo ${file.name} (${i + 1} de ${files.length})…`;
      try {
        const mediaUrl = await uploadMedia(kind, file);
        control.value = kind === 'screenshot' ? [control.value.trim(), mediaUrl].filter(Boolean).join('\n') : mediaUrl;
      } catch (err) {
        status.textContent = `${file.name}: ${describeError(err)}`;
        chooser.value = '';
        showPreview();
        return;
      }
    }
    status.textContent = files.length === 1 ? `Subimos ${files[0].name}. Guardá el producto para publicarlo.` : `Subimos ${files.length} archivos. Guardá el producto para publicarlos.`;
    chooser.value = '';
    showPreview();
  });
  control.addEventListener('change', showPreview);
  showPreview();
  return h('div', { class: 'media-field' }, fieldElement, h('div', { class: 'field' }, h('label', { for: inputId }, label), chooser), status, preview);
}

/** The product's fields; `plans[i].…` are repeated per plan. */
function productForm(product, vendors) {
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
        field({
          label: 'Titular',
          name: 'vendor_id',
          type: 'select',
          value: p.vendor_id ?? '',
          options: holderOptions(vendors, p.vendor_id),
          testid: 'product-vendor',
          hint: 'El proveedor dueño de la aplicación: la ve en su página «Mis productos». Se dan de alta en «Proveedores».',
        }),
      ),
      field({ label: 'Resumen', name: 'summary', value: p.summary, hint: 'Una frase para la tarjeta del catálogo.' }),
      field({ label: 'Descripción', name: 'description', type: 'textarea', value: p.description }),
      field({ label: 'Funcionalidades', name: 'features', type: 'textarea', kind: 'lines', value: p.features.join('\n'), hint: 'Una por línea.' }),
      h(
        'fieldset',
        { testid: 'media' },
        h('legend', 'Ícono, capturas y manual'),
        h('p', { class: 'hint' }, 'Subí el ícono y las capturas desde tu equipo (PNG, JPEG o WebP): la tienda solo muestra imágenes propias. El manual (PDF) se sube igual, o se indica la dirección de uno ya publicado.'),
        withUpload(url('Ícono', 'icon_url', 'Una imagen cuadrada, de 128 × 128 px o más; hasta 512 KB.'), 'icon', 'Subir imagen', 'upload-icon'),
        withUpload(
          field({ label: 'Capturas de pantalla', name: 'screenshots', type: 'textarea', kind: 'lines', value: p.screenshots.join('\n'), hint: 'Una imagen subida por línea; hasta 5 MB cada una.' }),
          'screenshot',
          'Subir imágenes',
          'upload-screenshots',
        ),
        withUpload(url('Manual', 'manual_url', 'Un PDF de hasta 20 MB.'), 'manual', 'Subir manual', 'upload-manual'),
      ),
      h('div', { class: 'grid-fields' }, url('Dirección para abrir la aplicación', 'launch_url'), url('Ayuda', 'help_url')),
      h('h2', 'Planes'),
      plansBox,
      h('p', h('button', { type: 'button', class: 'btn btn-small', testid: 'add-plan', onclick: () => focusElement(addPlan().element.querySelector('input:not([type="hidden"])')) }, 'Agregar un plan')),
      h('div', { class: 'form-actions' }, submitButton(product ? 'Guardar cambios' : 'Crear producto', { testid: 'save-product' })),
    ),
    async (body) => {
      body.vendor_id ??= null; // "Sin proveedor": the product has no holder, or no longer has one
      const saved = product ? await api.put(`/products/${seg(product.id)}`, body) : await api.post('/products', body);
      await loadProducts({ fresh: true }).catch(() => {});
      flashNext(product ? `Guardamos ${saved?.name ?? body.name}.` : `Creamos ${saved?.name ?? body.name}.`);
      navigate('/operator/catalog');
    },
  );
}
