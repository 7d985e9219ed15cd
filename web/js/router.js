// A small History API router: real paths (/products/abc, /activate?token=…), no hashes.
// Same-origin links are followed without reloading the page; the back and forward buttons work.

let onChange = () => {};

/** Compiles '/products/:id' into a matcher that answers {id} or null. */
export function compilePath(path) {
  const keys = [];
  const source = path.replace(/:([A-Za-z_]+)/g, (_, key) => {
    keys.push(key);
    return '([^/]+)';
  });
  const regex = new RegExp(`^${source}/?$`);
  return (pathname) => {
    const match = regex.exec(pathname);
    if (!match) return null;
    try {
      return Object.fromEntries(keys.map((key, i) => [key, decodeURIComponent(match[i + 1])]));
    } catch {
      return null; // not UTF-8 once decoded (/products/%FF): no page of the panel, "Página no encontrada"
    }
  };
}

/** Goes to a path of the app (adds a history entry unless `replace`). */
export function navigate(to, { replace = false } = {}) {
  const url = new URL(to, location.origin);
  if (url.origin !== location.origin) {
    location.assign(url);
    return;
  }
  history[replace ? 'replaceState' : 'pushState'](null, '', url.pathname + url.search + url.hash);
  onChange({ focus: true });
}

/** Whether a click on this link should stay inside the app. */
function isAppLink(event, link) {
  if (event.defaultPrevented || event.button !== 0) return false;
  if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return false;
  if (!link || link.target || link.hasAttribute('download') || link.dataset.external !== undefined) return false;
  const url = new URL(link.href, location.href);
  if (url.origin !== location.origin) return false;
  // In-page anchors (the skip link) keep the browser's behaviour.
  if (url.pathname === location.pathname && url.search === location.search && url.hash) return false;
  return true;
}

/** Starts routing: `render({focus})` is called now and after every navigation. */
export function startRouter(render) {
  onChange = render;
  window.addEventListener('popstate', () => render({ focus: true }));
  document.addEventListener('click', (event) => {
    const link = event.target.closest?.('a[href]');
    if (!isAppLink(event, link)) return;
    event.preventDefault();
    navigate(link.href);
  });
  render({ focus: false });
}

/** A path of this app from a `next=` parameter, or null (never another site: no open redirect). */
export function safeLocalPath(value) {
  if (typeof value !== 'string' || !value.startsWith('/')) return null;
  // Browsers drop tabs and line breaks from a URL and read a backslash as a slash, so "/\t/evil"
  // would leave the origin: refuse them all, then judge the path as a browser resolves it.
  if (/[\u0000-\u001f\u007f\\]/.test(value)) return null;
  const here = 'https://panel.invalid';
  let url;
  try {
    url = new URL(value, here);
  } catch {
    return null;
  }
  return url.origin === here ? value : null;
}
