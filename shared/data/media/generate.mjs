#!/usr/bin/env node
// Draws the demo products' media from shared/data/demo-catalog.json: for each product an icon
// (128×128 PNG), two screenshots of the application (960×600 PNG) and a one-page manual (PDF),
// into media/<slug>/. The output is committed; run this again only when the demo catalog changes:
//
//   node shared/data/media/generate.mjs        (needs web/node_modules: cd web && npm ci)
//
// Everything is drawn by Debian's Chromium from HTML and inline SVG: no image is downloaded.

import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(new URL('../../../web/package.json', import.meta.url));
const { chromium } = require('playwright-core');
const HERE = fileURLToPath(new URL('.', import.meta.url));
const products = JSON.parse(readFileSync(new URL('../demo-catalog.json', import.meta.url), 'utf8'));

const esc = (text) => String(text).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);

// One pictogram per category, white strokes on the product's colour (24×24 viewBox).
const GLYPHS = {
  Productividad: '<rect x="3" y="5" width="18" height="14" rx="2"/><path d="M3 7l9 6 9-6"/>',
  Almacenamiento: '<path d="M4 7h16v12a1 1 0 0 1-1 1H5a1 1 0 0 1-1-1z"/><path d="M3 4h18v3H3z"/><path d="M10 11h4"/>',
  Comunicaciones: '<rect x="3" y="6" width="12" height="12" rx="2"/><path d="M15 10l6-3v10l-6-3z"/>',
  Seguridad: '<path d="M12 3l8 3v6c0 5-3.5 8-8 9-4.5-1-8-4-8-9V6z"/><path d="M9 12l2 2 4-4"/>',
  'Gestión': '<path d="M4 20V10M10 20V4M16 20v-7M22 20H2"/>',
  'Facturación': '<path d="M6 3h12v18l-3-2-3 2-3-2-3 2z"/><path d="M9 8h6M9 12h6M9 16h3"/>',
  'Atención al cliente': '<path d="M4 14v-3a8 8 0 0 1 16 0v3"/><rect x="3" y="13" width="4" height="6" rx="1"/><rect x="17" y="13" width="4" height="6" rx="1"/><path d="M19 19c0 1.5-2 2-5 2"/>',
};

const MENUS = {
  Productividad: ['Correo', 'Calendario', 'Documentos', 'Planillas', 'Contactos'],
  Almacenamiento: ['Mis archivos', 'Compartidos', 'Versiones', 'Papelera', 'Equipo'],
  Comunicaciones: ['Reuniones', 'Agenda', 'Grabaciones', 'Salas', 'Contactos'],
  Seguridad: ['Tablero', 'Equipos', 'Amenazas', 'Políticas', 'Informes'],
  'Gestión': ['Tablero', 'Ventas', 'Compras', 'Stock', 'Contabilidad'],
  'Facturación': ['Nueva factura', 'Emitidas', 'Clientes', 'Productos', 'AFIP'],
  'Atención al cliente': ['Tickets', 'Chat', 'Base de conocimiento', 'Encuestas', 'Informes'],
};

function glyph(product, size, stroke = 2) {
  return `<svg width="${size}" height="${size}" viewBox="0 0 24 24" fill="none" stroke="#fff" stroke-width="${stroke}" stroke-linecap="round" stroke-linejoin="round">${GLYPHS[product.category]}</svg>`;
}

function iconHtml(p) {
  return `<html><body style="margin:0;background:transparent">
    <div style="width:128px;height:128px;border-radius:28px;display:grid;place-items:center;
      background:linear-gradient(145deg, ${p.color}, color-mix(in srgb, ${p.color} 60%, #000))">${glyph(p, 72, 1.8)}</div>
  </body></html>`;
}

// Screen 1: figures, a bar chart and the features as cards; screen 2: a list as a table.
function screenHtml(p, index) {
  const menu = MENUS[p.category];
  const title = p.screens[index];
  const bars = [42, 68, 55, 80, 63, 91, 74].map((h, i) => `<div style="flex:1;height:${h}%;background:${i === 5 ? p.color : `color-mix(in srgb, ${p.color} 35%, #fff)`};border-radius:4px 4px 0 0"></div>`).join('');
  const cards = p.features.map((f, i) => `<div class="card"><div class="num">${[128, 36, 9][i]}</div><div class="muted">${esc(f)}</div></div>`).join('');
  const rows = ['Acme SA', 'Ferretería Los Andes', 'Estudio Pérez', 'Panadería La Espiga', 'Transportes del Sur', 'Clínica San Martín']
    .map((name, i) => `<tr><td>${esc(name)}</td><td>${esc(p.features[i % p.features.length])}</td><td>${['Hoy', 'Ayer', '12/11', '11/11', '10/11', '08/11'][i]}</td><td><span class="pill">${['Activo', 'Pendiente', 'Activo', 'Cerrado', 'Activo', 'Activo'][i]}</span></td></tr>`)
    .join('');
  const body = index === 0
    ? `<div class="cards">${cards}</div><div class="panel"><div class="muted">Últimos 7 días</div><div style="display:flex;align-items:flex-end;gap:14px;height:200px;margin-top:12px">${bars}</div></div>`
    : `<div class="panel"><table><thead><tr><th>Cliente</th><th>Detalle</th><th>Fecha</th><th>Estado</th></tr></thead><tbody>${rows}</tbody></table></div>`;
  return `<html><head><style>
    * { box-sizing: border-box; font-family: "DejaVu Sans", sans-serif; }
    body { margin: 0; width: 960px; height: 600px; background: #f1f5f9; color: #0f172a; }
    .top { height: 56px; background: ${p.color}; color: #fff; display: flex; align-items: center; gap: 12px; padding: 0 20px; font-weight: 700; font-size: 18px; }
    .top .who { margin-left: auto; width: 32px; height: 32px; border-radius: 50%; background: rgba(255,255,255,.35); }
    .side { position: absolute; top: 56px; left: 0; bottom: 0; width: 200px; background: #fff; border-right: 1px solid #e2e8f0; padding: 16px 0; }
    .side div { padding: 10px 20px; font-size: 14px; color: #334155; }
    .side .on { background: color-mix(in srgb, ${p.color} 12%, #fff); color: ${p.color}; font-weight: 700; border-left: 4px solid ${p.color}; }
    .main { position: absolute; top: 56px; left: 200px; right: 0; bottom: 0; padding: 24px 28px; }
    h1 { font-size: 22px; margin: 0 0 18px; }
    .cards { display: grid; grid-template-columns: repeat(3, 1fr); gap: 16px; margin-bottom: 16px; }
    .card, .panel { background: #fff; border: 1px solid #e2e8f0; border-radius: 10px; padding: 16px; }
    .num { font-size: 28px; font-weight: 700; color: ${p.color}; }
    .muted { color: #475569; font-size: 13px; margin-top: 4px; }
    table { width: 100%; border-collapse: collapse; font-size: 14px; }
    th { text-align: left; color: #475569; font-weight: 600; padding: 8px; border-bottom: 2px solid #e2e8f0; }
    td { padding: 10px 8px; border-bottom: 1px solid #e2e8f0; }
    .pill { background: color-mix(in srgb, ${p.color} 14%, #fff); color: ${p.color}; padding: 2px 10px; border-radius: 999px; font-size: 12px; font-weight: 700; }
  </style></head><body>
    <div class="top">${glyph(p, 26)}<span>${esc(p.name)}</span><span class="who"></span></div>
    <div class="side">${menu.map((m, i) => `<div class="${i === index ? 'on' : ''}">${esc(m)}</div>`).join('')}</div>
    <div class="main"><h1>${esc(title)}</h1>${body}</div>
  </body></html>`;
}

function manualHtml(p) {
  return `<html><head><style>
    body { font-family: "DejaVu Sans", sans-serif; color: #0f172a; margin: 48px; }
    header { border-bottom: 4px solid ${p.color}; padding-bottom: 12px; margin-bottom: 24px; display: flex; gap: 16px; align-items: center; }
    .logo { width: 56px; height: 56px; border-radius: 12px; background: ${p.color}; display: grid; place-items: center; }
    h1 { margin: 0; font-size: 26px; } h2 { color: ${p.color}; font-size: 18px; margin-top: 28px; }
    p, li { font-size: 13px; line-height: 1.6; }
  </style></head><body>
    <header><div class="logo">${glyph(p, 32)}</div><div><h1>Manual de uso: ${esc(p.name)}</h1><p>${esc(p.vendor)} · ${esc(p.category)}</p></div></header>
    <p>${esc(p.summary)}</p>
    <h2>Qué incluye</h2><ul>${p.features.map((f) => `<li>${esc(f)}</li>`).join('')}</ul>
    <h2>Primeros pasos</h2>
    <ol>
      <li>El administrador de tu empresa te asigna una licencia desde Gestionar › Gestionar por usuario.</li>
      <li>Te llega un correo de Cloud Store; si todavía no activaste tu usuario, seguí el enlace y elegí tu contraseña.</li>
      <li>Entrá a tu panel de Cloud Store y tocá «Abrir Aplicación» en el ícono de ${esc(p.name)}.</li>
    </ol>
    <h2>¿Necesitás ayuda?</h2>
    <p>El botón «Ayuda» del ícono de la aplicación lleva a su ayuda propia. Soporte de Cloud Store: 0800 666 7676.</p>
  </body></html>`;
}

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox'] });
const page = await browser.newPage({ deviceScaleFactor: 1 });
for (const p of products) {
  const dir = `${HERE}${p.slug}`;
  mkdirSync(dir, { recursive: true });
  await page.setViewportSize({ width: 128, height: 128 });
  await page.setContent(iconHtml(p));
  await page.screenshot({ path: `${dir}/icon.png`, omitBackground: true });
  for (const index of [0, 1]) {
    await page.setViewportSize({ width: 960, height: 600 });
    await page.setContent(screenHtml(p, index));
    await page.screenshot({ path: `${dir}/captura-${index + 1}.png` });
  }
  await page.setContent(manualHtml(p));
  await page.pdf({ path: `${dir}/manual.pdf`, format: 'A4', printBackground: true });
  console.log(`media/${p.slug}: icon.png, captura-1.png, captura-2.png, manual.pdf`);
}
await browser.close();
