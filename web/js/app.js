// The app shell: the routes and who may open them, the navigation bar (only what the role may
// use), and the page change itself (access checks, title, focus on the new page's heading).

import { getSession, onSessionChange } from './api.js';
import { currentUser, homeFor, logout, refreshMe } from './auth.js';
import { h } from './dom.js';
import { ROLE_LABELS } from './format.js';
import { onPendingChange, pendingApprovals, refreshPending } from './pending.js';
import { compilePath, navigate, startRouter } from './router.js';
import { errorPanel, flash, flashNext, pageTitle, rotateFlash, withBusy } from './ui.js';

// Who may open a route: everyone, only signed-out people, any signed-in person, or some roles.
const PUBLIC = 'public';
const SIGNED_OUT = 'signed-out';
const SIGNED_IN = 'signed-in';
const ADMIN = ['admin'];
const OPERATOR = ['operator'];
const SALES_REP = ['sales_rep'];
const VENDOR = ['vendor'];

// `load` imports the page's module on first use; `page` names its export (default: 'default').
// `nav` puts the route in the navigation bar, inside its `group`. `trail` lists the pages above it
// (the breadcrumb: "Gestionar › Gestionar por usuario"). Titles and labels are the customer FAQ's
// names for each step, so a person following the FAQ finds every one by its name.
const ROUTES = [
  { path: '/', title: 'Catálogo', access: PUBLIC, nav: 'Catálogo', load: () => import('./pages/catalog.js'), page: 'catalog',
    description: 'Catálogo de Cloud Store: aplicaciones en la nube para empresas, con abono mensual por usuario, prueba gratis y soporte telefónico.' },
  { path: '/products/:id', title: 'Producto', access: PUBLIC, load: () => import('./pages/catalog.js'), page: 'product' },
  { path: '/login', title: 'Acceso', access: SIGNED_OUT, nav: 'Acceso', load: () => import('./pages/login.js'), page: 'login' },
  { path: '/signup', title: 'Crear cuenta', access: SIGNED_OUT, nav: 'Crear cuenta', load: () => import('./pages/signup.js') },
  { path: '/forgot-password', title: 'Restablecer contraseña', access: PUBLIC, load: () => import('./pages/login.js'), page: 'forgotPassword' },
  { path: '/activate', title: 'Activar la cuenta', access: PUBLIC, load: () => import('./pages/set-password.js'), page: 'activate' },
  { path: '/reset-password', title: 'Elegir una contraseña nueva', access: PUBLIC, load: () => import('./pages/set-password.js'), page: 'resetPassword' },

  { path: '/panel', title: 'Mi panel', access: ['admin', 'user'], nav: 'Mi panel', load: () => import('./pages/panel.js') },

  { path: '/admin', title: 'Gestionar', access: ADMIN, nav: 'Gestionar', load: () => import('./pages/admin-home.js') },
  { path: '/admin/users', title: 'Gestionar por usuario', access: ADMIN, trail: ['/admin'], load: () => import('./pages/admin-users.js') },
  { path: '/admin/users/:id', title: 'Usuario', access: ADMIN, trail: ['/admin', '/admin/users'], load: () => import('./pages/admin-user.js') },
  { path: '/admin/subscriptions', title: 'Suscripciones y licencias', access: ADMIN, trail: ['/admin'], load: () => import('./pages/admin-subscriptions.js'), page: 'subscriptions' },
  { path: '/admin/subscriptions/:id/licences', title: 'Licencias', access: ADMIN, trail: ['/admin', '/admin/subscriptions'], load: () => import('./pages/admin-licences.js') },
  { path: '/admin/orders', title: 'Pedidos', access: ADMIN, trail: ['/admin'], load: () => import('./pages/admin-orders.js'), page: 'orders' },
  { path: '/admin/approvals', title: 'Gestionar procesos delegados', access: ADMIN, trail: ['/admin'], load: () => import('./pages/admin-orders.js'), page: 'approvals' },
  { path: '/admin/approvals/:id', title: 'Revisar pedido delegado', access: ADMIN, trail: ['/admin', '/admin/approvals'], load: () => import('./pages/admin-orders.js'), page: 'approval' },
  { path: '/admin/billing', title: 'Mi factura', access: ADMIN, trail: ['/admin'], load: () => import('./pages/admin-billing.js') },
  { path: '/admin/company', title: 'Mi empresa', access: ADMIN, trail: ['/admin'], load: () => import('./pages/admin-company.js') },
  { path: '/admin/audit', title: 'Auditoría', access: ADMIN, trail: ['/admin'], load: () => import('./pages/admin-audit.js') },
  { path: '/checkout', title: 'Comprar', access: ADMIN, nav: 'Comprar', load: () => import('./pages/checkout.js'), page: 'checkout' },

  { path: '/sales', title: 'Mis empresas', access: SALES_REP, nav: 'Mis empresas', group: 'Ventas', load: () => import('./pages/sales.js'), page: 'companies' },
  { path: '/sales/buy', title: 'Comprar para una empresa', access: SALES_REP, load: () => import('./pages/checkout.js'), page: 'sales' },
  { path: '/sales/orders', title: 'Mis pedidos', access: SALES_REP, nav: 'Mis pedidos', group: 'Ventas', load: () => import('./pages/sales.js'), page: 'orders' },
  { path: '/sales/onboard', title: 'Abrir una cuenta nueva', access: SALES_REP, nav: 'Nueva empresa', group: 'Ventas', load: () => import('./pages/sales.js'), page: 'onboard' },
  { path: '/sales/terminations', title: 'Bajas de mis empresas', access: SALES_REP, nav: 'Bajas', group: 'Ventas', load: () => import('./pages/sales.js'), page: 'terminations' },

  { path: '/operator/catalog', title: 'Productos', access: OPERATOR, nav: 'Productos', group: 'Operación', load: () => import('./pages/operator-catalog.js'), page: 'list' },
  { path: '/operator/catalog/new', title: 'Nuevo producto', access: OPERATOR, load: () => import('./pages/operator-catalog.js'), page: 'edit' },
  { path: '/operator/catalog/:id', title: 'Editar producto', access: OPERATOR, load: () => import('./pages/operator-catalog.js'), page: 'edit' },
  { path: '/operator/coupons', title: 'Cupones', access: OPERATOR, nav: 'Cupones', group: 'Operación', load: () => import('./pages/operator-coupons.js') },
  { path: '/operator/companies', title: 'Empresas', access: OPERATOR, nav: 'Empresas', group: 'Operación', load: () => import('./pages/operator-directory.js'), page: 'companies' },
  { path: '/operator/users', title: 'Personal', access: OPERATOR, nav: 'Personal', group: 'Operación', load: () => import('./pages/operator-directory.js'), page: 'staff' },
  { path: '/operator/vendors', title: 'Proveedores', access: OPERATOR, nav: 'Proveedores', group: 'Operación', load: () => import('./pages/operator-vendors.js') },
  { path: '/operator/terminations', title: 'Bajas de cuentas', access: OPERATOR, nav: 'Bajas', group: 'Operación', load: () => import('./pages/operator.js'), page: 'terminations' },
  { path: '/operator/billing', title: 'Facturación', access: OPERATOR, nav: 'Facturación', group: 'Operación', load: () => import('./pages/operator.js'), page: 'billing' },
  { path: '/operator/help', title: 'Artículos de ayuda', access: OPERATOR, nav: 'Artículos de ayuda', group: 'Operación', load: () => import('./pages/operator-help.js') },

  { path: '/vendor', title: 'Mis productos', access: VENDOR, nav: 'Mis productos', load: () => import('./pages/vendor-home.js') },
  { path: '/vendor/endpoints', title: 'Webhooks', access: VENDOR, nav: 'Webhooks', load: () => import('./pages/vendor-endpoints.js') },

  { path: '/help', title: 'Ayuda', access: PUBLIC, nav: 'Ayuda', load: () => import('./pages/help.js'),
    description: 'Ayuda de Cloud Store: preguntas frecuentes sobre compras, usuarios, licencias y accesos, los teléfonos de soporte y la ayuda de cada aplicación.' },

  { path: '/account/password', title: 'Cambiar mi contraseña', access: SIGNED_IN, nav: 'Mi contraseña', load: () => import('./pages/panel.js'), page: 'changePassword' },
].map((route) => ({ ...route, match: compilePath(route.path) }));

const DESCRIPTION = 'Cloud Store: el mercado de aplicaciones en la nube para empresas. Contratá, gestioná y abrí tus aplicaciones desde un solo lugar.';

const NOT_FOUND = { title: 'Página no encontrada', access: PUBLIC, load: async () => ({ default: notFound }) };

function findRoute(pathname) {
  for (const route of ROUTES) {
    const params = route.match(pathname);
    if (params) return { route, params };
  }
  return { route: NOT_FOUND, params: {} };
}

function mayOpen(route, user) {
  if (route.access === PUBLIC) return true;
  if (route.access === SIGNED_OUT) return !user;
  if (route.access === SIGNED_IN) return Boolean(user);
  return Boolean(user) && route.access.includes(user.role);
}

// ---- Navigation bar ----

const nav = () => document.getElementById('site-nav');
const menuToggle = () => document.querySelector('.menu-toggle');

function setMenu(open) {
  nav().classList.toggle('is-open', open);
  menuToggle().setAttribute('aria-expanded', String(open));
}

function navLink(route, pathname, extra) {
  const current = route.path === pathname || (route.path === '/admin' && pathname.startsWith('/admin/'));
  return h('li', h('a', { href: route.path, 'aria-current': current ? 'page' : null, testid: `nav-${route.path}` }, route.nav, extra));
}

/** "Gestionar" counts the purchases waiting for the admin's approval. */
function pendingBadge(route) {
  const count = route.path === '/admin' ? pendingApprovals().length : 0;
  if (!count) return null;
  const words = count === 1 ? 'compra pendiente de aprobación' : 'compras pendientes de aprobación';
  return [' ', h('span', { class: 'nav-count', testid: 'pending-count', 'aria-hidden': 'true' }, String(count)), h('span', { class: 'visually-hidden' }, ` (${count} ${words})`)];
}

function renderNav(pathname) {
  // A redraw (the pending count arriving, the user reloaded) must not take a keyboard user's
  // place away: the link or button that had focus gets it back.
  const focused = nav().contains(document.activeElement) ? document.activeElement.dataset.testid : null;
  const user = currentUser();
  const visible = ROUTES.filter((r) => r.nav && mayOpen(r, user));
  // The store's pages as the role sees them (group labels show in the phone menu), then "Ayuda".
  const main = [];
  let group = null;
  for (const route of visible.filter((r) => r.access !== SIGNED_IN && r.path !== '/help')) {
    if (route.group && route.group !== group) main.push(h('li', { class: 'site-nav__group-label', 'aria-hidden': 'true' }, route.group));
    group = route.group;
    main.push(navLink(route, pathname, pendingBadge(route)));
  }
  main.push(navLink(ROUTES.find((r) => r.path === '/help'), pathname));
  const lists = [h('ul', { class: 'site-nav__main' }, main)];
  // The person's own things: who is signed in, their password, signing out.
  if (user) {
    const button = h('button', { type: 'button', testid: 'logout' }, 'Cerrar sesión');
    button.addEventListener('click', () =>
      withBusy(button, async () => {
        await logout();
        flashNext('Cerraste la sesión.');
        navigate('/login');
      }),
    );
    lists.push(
      h(
        'ul',
        { class: 'site-nav__account', 'aria-label': 'Tu cuenta' },
        h('li', { class: 'site-nav__user', testid: 'nav-user' }, `${user.name} · ${ROLE_LABELS[user.role] ?? user.role}`),
        visible.filter((r) => r.access === SIGNED_IN).map((r) => navLink(r, pathname)),
        h('li', button),
      ),
    );
  }
  nav().replaceChildren(...lists);
  if (focused) nav().querySelector(`[data-testid="${CSS.escape(focused)}"]`)?.focus();
}

/** "Gestionar › Gestionar por usuario": the pages above this one, each a link. */
function breadcrumb(route) {
  if (!route.trail) return null;
  const parents = route.trail.map((path) => ROUTES.find((r) => r.path === path)).filter(Boolean);
  return h(
    'nav',
    { class: 'breadcrumb', 'aria-label': 'Estás en', testid: 'breadcrumb' },
    h('ol', parents.map((r) => h('li', h('a', { href: r.path }, r.title))), h('li', { 'aria-current': 'page' }, route.title)),
  );
}

// ---- Pages ----

function notFound(view) {
  view.append(
    pageTitle('Página no encontrada'),
    h('p', 'La dirección no corresponde a ninguna página de Cloud Store.'),
    h('p', h('a', { href: '/' }, 'Ir al catálogo'), ' · ', h('a', { href: '/help' }, 'Ayuda')),
  );
}

function forbidden(view, user) {
  view.append(
    pageTitle('Sin permiso'),
    h('p', { testid: 'forbidden' }, 'Tu usuario no tiene permiso para ver esta página.'),
    h('p', h('a', { href: homeFor(user) }, 'Volver a tu página de inicio')),
  );
}

// Each page change takes a ticket; a slower, older one must not draw over a newer page.
let ticket = 0;

function focusHeading(view) {
  const heading = view.querySelector('h1') ?? document.getElementById('main');
  heading.setAttribute('tabindex', '-1');
  heading.focus({ preventScroll: true });
}

async function renderRoute({ focus }) {
  const mine = ++ticket;
  const url = new URL(location.href);
  const { route, params } = findRoute(url.pathname);
  const user = currentUser();
  setMenu(false);

  if (route.access === SIGNED_OUT && user) return navigate(homeFor(user), { replace: true });
  if (route.access !== PUBLIC && route.access !== SIGNED_OUT && !user) {
    flashNext('Ingresá para continuar.');
    return navigate(`/login?next=${encodeURIComponent(url.pathname + url.search)}`, { replace: true });
  }

  rotateFlash();
  renderNav(url.pathname);
  refreshPending().catch(() => {});
  document.title = `${route.title} · Cloud Store`;
  document.querySelector('meta[name="description"]')?.setAttribute('content', route.description ?? DESCRIPTION);
  const view = h('div', { class: 'view' }, breadcrumb(route));
  document.getElementById('main').replaceChildren(view);
  if (focus) window.scrollTo(0, 0);

  if (!mayOpen(route, user)) {
    forbidden(view, user);
    if (focus) focusHeading(view);
    return;
  }
  const ctx = {
    params,
    query: url.searchParams,
    user,
    setTitle: (text, description) => {
      if (mine !== ticket) return;
      document.title = `${text} · Cloud Store`;
      if (description) document.querySelector('meta[name="description"]')?.setAttribute('content', description);
    },
  };
  try {
    const module = await route.load();
    if (mine !== ticket) return;
    // A page draws its heading before its first await, so focus can move to it right away.
    const rendering = module[route.page ?? 'default'](view, ctx);
    if (focus) focusHeading(view);
    await rendering;
  } catch (err) {
    if (mine !== ticket || err?.name === 'AbortError') return;
    console.error(err);
    view.replaceChildren(pageTitle(route.title), errorPanel(err, () => renderRoute({ focus: true })));
  }
}

// ---- Start ----

menuToggle().addEventListener('click', () => setMenu(!nav().classList.contains('is-open')));

onPendingChange(() => renderNav(location.pathname));

onSessionChange((session, reason) => {
  renderNav(location.pathname);
  if (reason !== 'expired') return;
  // Only pages that need a session send the person to sign in again.
  if (findRoute(location.pathname).route.access === PUBLIC) {
    flash('Tu sesión terminó.');
    return;
  }
  flashNext('Tu sesión terminó. Ingresá de nuevo.', 'error');
  navigate(`/login?next=${encodeURIComponent(location.pathname + location.search)}`, { replace: true });
});

startRouter(renderRoute);

// The stored user may be stale (an admin may have changed the role): ask the API who we are.
if (getSession()) {
  const before = currentUser()?.role;
  refreshMe()
    .then((me) => {
      if (me.role !== before) renderRoute({ focus: false });
    })
    .catch(() => {});
}
