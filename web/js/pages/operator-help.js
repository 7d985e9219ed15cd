// The operator's help centre (/operator/help): the articles of "Ayuda", written, reordered and
// deleted here, so the telecom changes its help without a deploy.

import { api, query, seg } from '../api.js';
import { h } from '../dom.js';
import { bindForm, confirmAction, field, flash, openDialog, pageTitle, pagedList, submitButton, table } from '../ui.js';
import { answerBody } from './help.js';

export default async function operatorHelp(view) {
  // The public list may be cached for a minute: the operator always sees the table as it is.
  const list = pagedList({
    load: (cursor) => api.get(`/help${query({ limit: 100, cursor })}`, { auth: false, cache: 'no-cache' }),
    render: (items) =>
      table({
        rowProps: (a) => ({ testid: 'article-row', 'data-id': a.id }),
        columns: [
          { label: 'Posición', value: (a) => String(a.position), num: true },
          { label: 'Grupo', value: (a) => a.group },
          { label: 'Pregunta', value: (a) => h('details', h('summary', a.question), answerBody(a.answer)) },
          {
            label: 'Acciones',
            value: (a) =>
              h(
                'div',
                { class: 'row' },
                h('button', { type: 'button', class: 'btn btn-small', testid: 'edit-article', 'aria-label': `Modificar «${a.question}»`, onclick: () => editArticle(a, list) }, 'Modificar'),
                h('button', { type: 'button', class: 'btn btn-small btn-danger', testid: 'delete-article', 'aria-label': `Borrar «${a.question}»`, onclick: () => deleteArticle(a, list) }, 'Borrar'),
              ),
          },
        ],
        rows: items,
      }),
    emptyText: 'La ayuda todavía no tiene artículos.',
  });
  const add = h('button', { type: 'button', class: 'btn btn-primary', testid: 'new-article', onclick: () => editArticle(null, list) }, 'Nuevo artículo');
  view.append(
    pageTitle('Artículos de ayuda', add),
    h('p', { class: 'lead' }, 'Lo que muestra la sección Ayuda de la tienda y del panel, en este orden y agrupado así. Los cambios se ven enseguida.'),
    list.element,
  );
  await list.reload();
}

function editArticle(article, list) {
  openDialog({
    title: article ? 'Modificar artículo' : 'Nuevo artículo',
    testid: 'article-dialog',
    wide: true,
    build: (close) =>
      bindForm(
        h(
          'form',
          { testid: 'article-form' },
          field({ label: 'Grupo', name: 'group', required: true, value: article?.group, hint: 'Los artículos del mismo grupo se muestran juntos.', attrs: { maxlength: 60 } }),
          field({ label: 'Pregunta', name: 'question', required: true, value: article?.question, attrs: { maxlength: 200 } }),
          field({ label: 'Respuesta', name: 'answer', type: 'textarea', required: true, value: article?.answer, hint: 'Separá los párrafos con una línea en blanco; empezá una línea con «• » para una lista. Los teléfonos 0800 se vuelven enlaces.', attrs: { maxlength: 5000, rows: 8 } }),
          field({ label: 'Posición', name: 'position', type: 'number', value: article?.position, hint: 'Los artículos se ordenan por posición; vacío: al final.', attrs: { min: 0, max: 999999, step: 1 } }),
          h('div', { class: 'form-actions' }, submitButton(article ? 'Guardar cambios' : 'Crear artículo', { testid: 'save-article' }), h('button', { type: 'button', class: 'btn', onclick: () => close() }, 'Cancelar')),
        ),
        async (body) => {
          const saved = article ? await api.put(`/help/${seg(article.id)}`, body) : await api.post('/help', body);
          close();
          flash(article ? `Guardamos «${saved.question}».` : `Creamos «${saved.question}».`);
          await list.reload();
        },
      ),
  });
}

async function deleteArticle(article, list) {
  const result = await confirmAction({
    title: '¿Borrar este artículo?',
    message: `«${article.question}» deja de verse en la Ayuda.`,
    confirmLabel: 'Borrar',
    action: () => api.delete(`/help/${seg(article.id)}`),
  });
  if (result?.ok) {
    flash(`Borramos «${article.question}».`);
    await list.reload();
  }
}
