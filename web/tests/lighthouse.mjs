#!/usr/bin/env node
// Lighthouse (npm lighthouse@12.2.3, Debian's Chromium) on the store's public pages: the catalog,
// a product sheet and the help centre must score 95 or more in every category (performance,
// accessibility, best practices, SEO), on Lighthouse's mobile profile (its slow-4G network and a
// phone's CPU, calibrated to this machine) and on its desktop one, with nothing logged to the
// console. `make test` runs it after the browser journeys;
// `make lighthouse` runs it against `make dev`.
//
//   WEB_URL=http://127.0.0.1:5173 API_URL=http://127.0.0.1:9000 node web/tests/lighthouse.mjs
//
// Reports (JSON) go to .local/lighthouse/; the last line sums the run up. Exits non-zero when a
// score is under the bar or the console logged an error.

import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse, { desktopConfig } from 'lighthouse';

const WEB_URL = (process.env.WEB_URL ?? 'http://127.0.0.1:5173').replace(/\/+$/, '');
const API_URL = (process.env.API_URL ?? 'http://127.0.0.1:9000').replace(/\/+$/, '');
const BAR = Number(process.env.LIGHTHOUSE_MIN_SCORE ?? 95);
const REPORTS = fileURLToPath(new URL('../../.local/lighthouse/', import.meta.url));
const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'];

const products = await fetch(`${API_URL}/products?limit=1`).then((r) => r.json());
const product = products.items?.[0];
if (!product) throw new Error(`GET ${API_URL}/products answered no product`);
const pages = [
  ['catalog', '/'],
  ['product', `/products/${product.id}`],
  ['help', '/help'],
];
/**
 * The CPU slowdown that makes this machine behave like Lighthouse's target phone, from its
 * benchmark index (Lighthouse measures it in every run): 1× at 150, 2× at 800, 3× at 1300, one
 * more per 233 above. These are the points of Lighthouse's own CPU throttling calculator
 * (github.com/patrickhulce/lighthouse-cpu-throttling-calculator); the fixed 4× of the default
 * assumes a fast desktop (about 1,500), and on a shared 2-core machine it would measure the
 * machine's other work rather than the page. LIGHTHOUSE_CPU_SLOWDOWN overrides it.
 */
function calibratedSlowdown(benchmarkIndex) {
  if (process.env.LIGHTHOUSE_CPU_SLOWDOWN) return Number(process.env.LIGHTHOUSE_CPU_SLOWDOWN);
  if (benchmarkIndex >= 1300) return 3 + (benchmarkIndex - 1300) / 233;
  if (benchmarkIndex >= 800) return 2 + (benchmarkIndex - 800) / 500;
  return 1 + Math.max(0, benchmarkIndex - 150) / 650;
}

/** The default (mobile) settings with the calibrated CPU slowdown. */
function mobileConfig(slowdown) {
  return { extends: 'lighthouse:default', settings: { throttling: { ...defaultMobileThrottling, cpuSlowdownMultiplier: slowdown } } };
}

const defaultMobileThrottling = { rttMs: 150, throughputKbps: 1638.4, requestLatencyMs: 562.5, downloadThroughputKbps: 1474.56, uploadThroughputKbps: 675 };

mkdirSync(REPORTS, { recursive: true });
const chrome = await chromeLauncher.launch({
  chromePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  chromeFlags: ['--headless=new', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
});
const failures = [];
const summary = [];
try {
  // A first run measures the machine (its result is not judged): the browser warms up too.
  const probe = await lighthouse(`${WEB_URL}/`, { port: chrome.port, output: 'json', logLevel: 'error', onlyCategories: ['performance'] }, desktopConfig);
  const benchmarkIndex = probe.lhr.environment.benchmarkIndex;
  const slowdown = Math.round(calibratedSlowdown(benchmarkIndex) * 10) / 10;
  summary.push(`benchmark index ${Math.round(benchmarkIndex)}: mobile CPU slowdown ${slowdown}×`);
  const profiles = [
    ['mobile', mobileConfig(slowdown)],
    ['desktop', desktopConfig],
  ];
  const run = async (path, config) => (await lighthouse(`${WEB_URL}${path}`, { port: chrome.port, output: 'json', logLevel: 'error' }, config)).lhr;
  const scoresOf = (lhr) => Object.fromEntries(CATEGORIES.map((c) => [c, Math.round((lhr.categories[c]?.score ?? 0) * 100)]));
  for (const [profile, config] of profiles) {
    for (const [name, path] of pages) {
      let lhr = await run(path, config);
      let scores = scoresOf(lhr);
      const all = [lhr];
      // Lighthouse's own advice on variance: judge a run that misses the bar by the median of three.
      if (CATEGORIES.some((c) => scores[c] < BAR)) {
        all.push(await run(path, config), await run(path, config));
        const perf = (r) => r.categories.performance?.score ?? 0;
        lhr = [...all].sort((a, b) => perf(a) - perf(b))[1];
        scores = scoresOf(lhr);
      }
      writeFileSync(`${REPORTS}${profile}-${name}.json`, JSON.stringify(lhr));
      // Any run's console error counts: the median must not hide one.
      const consoleErrors = all.flatMap((r) => r.audits['errors-in-console']?.details?.items ?? []);
      summary.push(`${profile} ${name}: ${CATEGORIES.map((c) => `${c} ${scores[c]}`).join(', ')}; console errors ${consoleErrors.length}${all.length > 1 ? ' (median of 3 runs)' : ''}`);
      for (const c of CATEGORIES) {
        if (scores[c] < BAR) {
          const failing = Object.values(lhr.audits)
            .filter((a) => a.score !== null && a.score < 0.9 && lhr.categories[c].auditRefs.some((r) => r.id === a.id && r.weight > 0))
            .map((a) => `${a.id} (${a.displayValue ?? a.score})`);
          failures.push(`${profile} ${name}: ${c} ${scores[c]} < ${BAR}: ${failing.join(', ')}`);
        }
      }
      for (const item of consoleErrors) failures.push(`${profile} ${name}: console: ${item.description ?? JSON.stringify(item)}`);
    }
  }
} finally {
  await chrome.kill();
}
console.log(summary.join('\n'));
if (failures.length) {
  console.log(`lighthouse: FAILED\n${failures.join('\n')}`);
  process.exit(1);
}
console.log(`lighthouse: PASSED (every page ${BAR}+ in every category, mobile and desktop, no console errors)`);
