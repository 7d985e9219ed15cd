#!/usr/bin/env node
// A dependency-free static server for the Cloud Store panel (Node 20+).
//
//   node web/serve.mjs --port 5173 --api http://127.0.0.1:9000 --media http://127.0.0.1:9100/cloudstore-media
//
// - serves the app's own files (index.html, app.css, js/**) and nothing else of web/ (not the tests,
//   not node_modules, not this file);
// - answers /config.js with the API's address, so one copy of the files works against any API;
// - answers every other path without a file extension with index.html, because the app routes with
//   the History API and emailed links point at /activate?token=… and /reset-password?token=…;
// - sends a Content Security Policy that lets the page load images only from itself and from the
//   product media's origin (--media), and call only the API and that origin (uploads);
// - compresses text (brotli or gzip) for browsers that take it;
// - binds 127.0.0.1 only (it is a development and test server, not a production one).
// `--port 0` picks a free port; the first line printed says where it listens.

import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { brotliCompressSync, constants as zlibConstants, gzipSync } from 'node:zlib';

const ROOT = fileURLToPath(new URL('.', import.meta.url));

const CONTENT_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};

// What the browser may fetch from web/: the shell, the stylesheet and the modules.
const PUBLIC_FILES = new Set(['/index.html', '/app.css', '/favicon.svg', '/robots.txt']);
const PUBLIC_DIRS = ['/js/'];

function parseOptions() {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: process.env.PORT ?? '5173' },
      api: { type: 'string', default: process.env.API_URL ?? 'http://127.0.0.1:9000' },
      media: { type: 'string', default: process.env.MEDIA_BASE_URL ?? '' },
    },
  });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`--port must be a port number, not "${values.port}"`);
  }
  const api = new URL(values.api); // throws on a malformed address
  if (api.protocol !== 'http:' && api.protocol !== 'https:') {
    throw new Error(`--api must be an http(s) address, not "${values.api}"`);
  }
  // Product media (icons, screenshots) and their uploads: the media bucket's origin.
  const mediaOrigin = values.media ? new URL(values.media).origin : null;
  return { port, apiBaseUrl: api.href.replace(/\/+$/, ''), mediaOrigin };
}

function securityHeaders(apiOrigin, mediaOrigin) {
  const media = mediaOrigin ? ` ${mediaOrigin}` : '';
  return {
    'X-Content-Type-Options': 'nosniff',
    // Activation and reset tokens travel in the URL: never leak them in a Referer header.
    'Referrer-Policy': 'no-referrer',
    'Content-Security-Policy': [
      "default-src 'self'",
      "script-src 'self'",
      "style-src 'self'",
      `connect-src 'self' ${apiOrigin}${media}`,
      // Product icons and screenshots live in the media bucket.
      `img-src 'self' data:${media}`,
      "frame-ancestors 'none'",
      "base-uri 'self'",
      "form-action 'self'",
    ].join('; '),
    'Cache-Control': 'no-cache',
  };
}

function configScript(apiBaseUrl) {
  // JSON is valid JavaScript; escaping "<" keeps a crafted URL from closing a script element.
  const json = JSON.stringify({ apiBaseUrl }).replace(/</g, '\\u003c');
  return `window.CLOUDSTORE_CONFIG = Object.freeze(${json});\n`;
}

/** Maps a request path to a file of web/, or null when it is not one of the app's files. */
function publicFile(pathname) {
  // Judge the path after resolving it, so "/js/%2e%2e/serve.mjs" is not taken for a module.
  const file = resolve(ROOT, '.' + pathname);
  const path = '/' + relative(ROOT, file).split(sep).join('/');
  if (path.startsWith('/..')) return null;
  return PUBLIC_FILES.has(path) || PUBLIC_DIRS.some((dir) => path.startsWith(dir)) ? file : null;
}

function createHandler({ apiBaseUrl, mediaOrigin }) {
  const headers = securityHeaders(new URL(apiBaseUrl).origin, mediaOrigin);
  const encodingOf = (req) => {
    const accepts = String(req?.headers['accept-encoding'] ?? '');
    return /\bbr\b/.test(accepts) ? 'br' : /\bgzip\b/.test(accepts) ? 'gzip' : null;
  };
  // Compressed copies of what was sent, so each file is compressed once (until it changes).
  const compressed = new Map();
  const compress = (body, encoding) => {
    const key = `${encoding}:${body}`;
    let found = compressed.get(key);
    if (!found) {
      found = encoding === 'br' ? brotliCompressSync(body, { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 9 } }) : gzipSync(body, { level: 9 });
      if (compressed.size > 500) compressed.clear();
      compressed.set(key, found);
    }
    return found;
  };
  const send = (res, status, type, body, method) => {
    // Text is sent compressed when the browser takes it (as CloudFront does in AWS).
    const encoding = /^(text|application\/(json|yaml)|image\/svg)/.test(type) && Buffer.byteLength(body) > 1024 ? encodingOf(res.req) : null;
    const payload = encoding ? compress(body, encoding) : body;
    const extra = encoding ? { 'Content-Encoding': encoding, Vary: 'Accept-Encoding' } : {};
    res.writeHead(status, { ...headers, ...extra, 'Content-Type': type, 'Content-Length': Buffer.byteLength(payload) });
    res.end(method === 'HEAD' ? undefined : payload);
  };

  return async (req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('Allow', 'GET, HEAD');
      return send(res, 405, 'text/plain; charset=utf-8', 'Method Not Allowed\n', req.method);
    }
    let pathname;
    try {
      pathname = decodeURIComponent(new URL(req.url, 'http://localhost').pathname);
    } catch {
      pathname = null;
    }
    if (!pathname || pathname.includes('\0')) {
      return send(res, 400, 'text/plain; charset=utf-8', 'Bad Request\n', req.method);
    }
    if (pathname === '/config.js') {
      return send(res, 200, CONTENT_TYPES['.js'], configScript(apiBaseUrl), req.method);
    }
    if (pathname === '/openapi.yaml') {
      // The API's machine-readable contract, for front-end developers and their tools.
      const spec = await readFile(new URL('../openapi/openapi.yaml', import.meta.url));
      return send(res, 200, 'application/yaml; charset=utf-8', spec, req.method);
    }
    const extension = extname(pathname).toLowerCase();
    const file = publicFile(pathname === '/' ? '/index.html' : pathname);
    if (file) {
      try {
        const body = await readFile(file);
        return send(res, 200, CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream', body, req.method);
      } catch (err) {
        if (err.code !== 'ENOENT' && err.code !== 'EISDIR') throw err;
      }
    }
    // A missing asset is a 404, never the HTML shell (a stylesheet or module answered with HTML
    // fails in confusing ways); anything else is a route of the app.
    if (extension in CONTENT_TYPES) {
      return send(res, 404, 'text/plain; charset=utf-8', 'Not Found\n', req.method);
    }
    const shell = await readFile(join(ROOT, 'index.html'));
    return send(res, 200, CONTENT_TYPES['.html'], shell, req.method);
  };
}

function main() {
  const options = parseOptions();
  const handler = createHandler(options);
  const server = createServer((req, res) => {
    handler(req, res).catch((err) => {
      console.error(err);
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('Internal Server Error\n');
    });
  });
  server.listen(options.port, '127.0.0.1', () => {
    const { port } = server.address();
    console.log(`Cloud Store web: http://127.0.0.1:${port} (API ${options.apiBaseUrl}, media ${options.mediaOrigin ?? 'none'})`);
  });
  const stop = () => {
    server.close(() => process.exit(0));
    server.closeAllConnections();
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main();
