// "Ayuda" (/help), in the store and in the panel: the customer FAQ's questions with their full
// answers, grouped as the FAQ groups them and searchable (GET /help?query=), the support phone
// numbers, and each application's own help.

import { allItems, api, itemsOf } from '../api.js';
import { currentUser } from '../auth.js';
import { debounce, fill, h } from '../dom.js';
import { errorPanel, loading, pageTitle } from '../ui.js';
import { loadProducts } from '../views.js';

/** The support lines of the FAQ, as written and as dialled. */
export const PHONES = [
  { label: 'Soporte', number: '0800 666 7676', testid: 'phone-support' },
  { label: 'Consultas sobre las aplicaciones, antes de contratar', number: '0800 333 6006', testid: 'phone-sales' },
];

const telHref = (number) => `tel:${number.replace(/\s+/g, '')}`;

/** Every article (all pages), or those matching `words`. */
function loadArticles(words) {
  return allItems('/help', { query: words }, { auth: false });
}

/** A line of an answer, its phone numbers turned into links that dial them. */
function withPhones(text) {
  const parts = [];
  let last = 0;
  for (const match of text.matchAll(/0800 \d{3} \d{4}/g)) {
    parts.push(text.slice(last, match.index), h('a', { href: telHref(match[0]) }, match[0]));
    last = match.index + match[0].length;
  }
  parts.push(text.slice(last));
  return parts;
}

/** An answer: paragraphs split by a blank line; lines starting with "• " are a list. */
export function answerBody(answer) {
  return answer.split(/\n\s*\n/).map((block) => {
    const lines = block.split('\n').map((l) => l.trim()).filter(Boolean);
    if (lines.length && lines.every((l) => l.startsWith('• '))) return h('ul', lines.map((l) => h('li', withPhones(l.slice(2)))));
    return lines.map((l) => (l.startsWith('• ') ? h('ul', h('li', withPhones(l.slice(2)))) : h('p', withPhones(l))));
  });
}

/** The articles under one heading per group, in the order the groups first appear. */
function grouped(articles, open) {
  const groups = new Map();
  for (const article of articles) {
    if (!groups.has(article.group)) groups.set(article.group, []);
    groups.get(article.group).push(article);
  }
  return [...groups].map(([group, items], i) =>
    h(
      'section',
      { class: 'faq-group', testid: 'help-group', 'aria-labelledby': `group-${i}` },
      h('h2', { id: `group-${i}` }, group),
      items.map((a) =>
        h(
          'details',
          { class: 'faq', id: `a-${a.id}`, testid: 'help-article', open },
          h('summary', { testid: 'help-question' }, a.question),
          h('div', { class: 'faq__answer', testid: 'help-answer' }, answerBody(a.answer)),
        ),
      ),
    ),
  );
}

function contact() {
  return h(
    'section',
    { class: 'panel contact', 'aria-labelledby': 'contact-title', testid: 'help-contact' },
    h('h2', { id: 'contact-title' }, '¿Tenés más preguntas? Te ayudamos'),
    h('ul', { class: 'phones' }, PHONES.map((p) => h('li', `${p.label}: `, h('a', { href: telHref(p.number), testid: p.testid }, p.number)))),
  );
}

/** Each application's own help: the signed-in person's applications first, then the catalog's. */
async function appsHelp(slot) {
  const user = currentUser();
  const [mine, products] = await Promise.all([
    user && ['admin', 'user'].includes(user.role) ? api.get('/me/apps').then(itemsOf).catch(() => []) : [],
    loadProducts().catch(() => []),
  ]);
  const link = (name, url) => h('li', h('a', { href: url, target: '_blank', rel: 'noopener noreferrer', testid: 'app-help-link' }, `Ayuda de ${name}`), h('span', { class: 'visually-hidden' }, ' (se abre en otra pestaña)'));
  const others = products.filter((p) => p.help_url && !mine.some((a) => a.product_id === p.id));
  fill(
    slot,
    h('h2', { id: 'apps-help-title' }, 'La ayuda de cada aplicación'),
    mine.length > 0 ? [h('h3', 'Tus aplicaciones'), h('ul', { class: 'links', testid: 'my-apps-help' }, mine.filter((a) => a.help_url).map((a) => link(a.name, a.help_url)))] : [],
    others.length > 0 ? [h('h3', mine.length ? 'Otras aplicaciones del catálogo' : 'Aplicaciones del catálogo'), h('ul', { class: 'links' }, others.map((p) => link(p.name, p.help_url)))] : [],
    h('p', { class: 'muted' }, 'Si ya contrataste una aplicación, su ícono en «Mi panel» también tiene un botón «Ayuda».'),
  );
}

export default async function help(view) {
  // Until the answers arrive, they hold a screen's height: what comes after them never moves.
  const results = h('div', { class: 'faq-list is-loading' }, loading());
  const status = h('p', { class: 'muted', role: 'status', testid: 'help-status' });
  const input = h('input', { type: 'search', id: 'help-search', name: 'query', autocomplete: 'off', testid: 'help-search', 'aria-describedby': 'help-search-hint' });
  const apps = h('section', { class: 'panel apps-help', 'aria-labelledby': 'apps-help-title', testid: 'apps-help' }, h('h2', { id: 'apps-help-title' }, 'La ayuda de cada aplicación'), loading());
  view.append(
    pageTitle('Ayuda'),
    h('p', { class: 'lead' }, 'Preguntas frecuentes de Cloud Store, los teléfonos de soporte y la ayuda de cada aplicación.'),
    h(
      'form',
      { class: 'help-search', role: 'search', onsubmit: (e) => e.preventDefault() },
      h('label', { for: 'help-search' }, 'Buscá en la ayuda'),
      h('p', { class: 'hint', id: 'help-search-hint' }, 'Por ejemplo: contraseña, cupón, usuario.'),
      input,
    ),
    status,
    h('div', { class: 'help-layout' }, contact(), results, apps),
  );

  let shown = 0;
  const show = async (words) => {
    const mine = ++shown;
    try {
      const articles = await loadArticles(words);
      if (mine !== shown) return;
      status.textContent = words ? (articles.length === 1 ? '1 respuesta' : `${articles.length} respuestas`) : '';
      results.classList.remove('is-loading');
      results.replaceChildren(
        ...(articles.length
          ? grouped(articles, Boolean(words))
          : [h('p', { testid: 'help-empty' }, 'No encontramos respuestas con esas palabras. Probá con otras, o llamanos: te ayudamos por teléfono.')]),
      );
    } catch (err) {
      if (mine === shown) results.replaceChildren(errorPanel(err, () => show(words)));
    }
  };
  input.addEventListener('input', debounce(() => show(input.value.trim()), 250));
  await Promise.all([show(''), appsHelp(apps)]);
}
