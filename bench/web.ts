/**
 * `npm run bench:web`: the public portal as a phone on a slow network sees it, and under load.
 *
 * 1. A fresh PGlite database (temporary folder) with the bundle of PASSERELLES_DATA_DIR, or the
 *    built-in sample without it, plus the demonstration catalogue of trainings; the portal built
 *    into a private folder; the platform on a free port, NODE_ENV=production.
 * 2. For the home, a fiche métier around Angers, the training search around Angers and the global
 *    results page:
 *    - JavaScript per route: every script the page loads (after network idle), bytes as sent by
 *      the server (compressed) and gzipped size — target ≤ 100 KB gzipped;
 *    - server response time under 50 concurrent connections (autocannon, gzip accepted): p50 / p95 /
 *      p99 — target p95 ≤ 100 ms;
 *    - LCP in Chromium at 390 px with the CPU slowed 4× and the network throttled (Lighthouse's
 *      mobile profile « 4G lent »: 150 ms RTT, 1.6 Mbit/s down, 750 kbit/s up), cold cache, several
 *      runs: median and p95 — target ≤ 1.5 s.
 *
 * The server runs in its own process, as `npm start` runs it (NODE_ENV=production, page cache on):
 * load is measured twice, on one address (pages from the cache) and with a new address for every
 * request (every page rendered).
 *
 * Options: --runs N (LCP runs per page, 7), --seconds N (load per page and case, 10), --keep DIR
 * (reuse or keep the PGlite folder: the import is the slow part).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { finished } from 'node:stream/promises';
import autocannon from 'autocannon';
import { chromium, type Browser } from 'playwright-core';
import { openDatabase } from '../src/app/database.ts';
import { runImport } from '../src/platform/import/run.ts';
import { importSources } from '../src/app/modules.ts';
import { SAMPLE_DIR } from '../src/app/data.ts';
import { writeDemoCatalogue } from '../src/trainings/demo-catalogue.ts';
import { importLheoFile } from '../src/trainings/import.ts';
import { percentile } from './stats.ts';
import { buildPortal, startServer, type RunningServer } from './load-server.ts';
import { CHROMIUM_FLAGS } from '../test/web/helpers/browser.ts';
import { chromiumPath } from '../test/web/helpers/portal.ts';

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
};
const RUNS = Number(arg('runs', '7'));
const SECONDS = Number(arg('seconds', '10'));
const KEEP = process.argv.includes('--keep') ? path.resolve(arg('keep', 'var/bench-web')) : undefined;
const BUNDLE = process.env.PASSERELLES_DATA_DIR ? path.resolve(process.env.PASSERELLES_DATA_DIR) : undefined;

/** Lighthouse's mobile throttling (« Slow 4G »), the profile PageSpeed Insights uses for phones. */
const NETWORK = { offline: false, latency: 150, downloadThroughput: (1.6 * 1024 * 1024) / 8, uploadThroughput: (750 * 1024) / 8 };
const CPU_SLOWDOWN = 4;

const PAGES = [
  { name: 'accueil', path: '/' },
  { name: 'fiche métier (Angers)', path: '/metiers/D1102?commune=49007' },
  { name: 'recherche de formations (Angers)', path: '/formations?rome=D1102&commune=49007' },
  { name: 'résultats de recherche', path: '/recherche?q=boulanger' },
];

if (process.env.NODE_ENV !== 'production') {
  console.error('NODE_ENV=production attendu (npm run bench:web le positionne) : React est bien plus lent en mode développement.');
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} Ko`;
const ms = (v: number) => `${Math.round(v)} ms`;

async function prepareDatabase(folder: string): Promise<void> {
  const handle = await openDatabase({ pgliteDir: folder });
  try {
    const done = await handle.db
      .selectFrom('import_run')
      .select('id')
      .limit(1)
      .executeTakeFirst()
      .catch(() => undefined);
    if (done) return;
    const started = Date.now();
    await runImport(handle.db, BUNDLE ?? SAMPLE_DIR, importSources, undefined, { sample: !BUNDLE });
    const file = path.join(os.tmpdir(), `passerelles-bench-web-${process.pid}.xml`);
    const out = fs.createWriteStream(file);
    await writeDemoCatalogue(handle.db, out, { size: BUNDLE ? 4000 : 1500, seed: 'portail', today: '2026-12-01' });
    out.end();
    await finished(out);
    await importLheoFile(handle.db, file, { source: 'demo-portail' });
    fs.rmSync(file, { force: true });
    console.log(
      `données : ${BUNDLE ? `lot ${BUNDLE}` : 'échantillon intégré'} + catalogue de démonstration, importés en ${((Date.now() - started) / 1000).toFixed(0)} s`,
    );
  } finally {
    await handle.close();
  }
}

interface JsFigures {
  scripts: number;
  sent: number;
  gzip: number;
  html: number;
  total: number;
}

/** Scripts a page loads (after network idle), as sent and gzipped; HTML and total bytes as sent. */
async function javascriptOf(browser: Browser, url: string): Promise<JsFigures> {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  const responses: import('playwright-core').Response[] = [];
  page.on('response', (r) => responses.push(r));
  await page.goto(url, { waitUntil: 'networkidle' });
  const figures: JsFigures = { scripts: 0, sent: 0, gzip: 0, html: 0, total: 0 };
  for (const r of responses) {
    const sizes = await r
      .request()
      .sizes()
      .catch(() => ({ responseBodySize: 0, responseHeadersSize: 0 }));
    const sent = sizes.responseBodySize + sizes.responseHeadersSize;
    figures.total += sent;
    const type = r.request().resourceType();
    if (type === 'document') figures.html += sent;
    if (type === 'script') {
      const body = await r.body().catch(() => Buffer.alloc(0));
      figures.scripts++;
      figures.sent += sent;
      figures.gzip += zlib.gzipSync(body, { level: 9 }).length;
    }
  }
  await context.close();
  return figures;
}

/** Largest Contentful Paint of a cold load at 390 px, CPU ×4 slower, network throttled. */
async function lcpOf(browser: Browser, url: string): Promise<number> {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  await cdp.send('Network.emulateNetworkConditions', NETWORK);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_SLOWDOWN });
  await page.addInitScript(() => {
    const w = window as unknown as { __lcp: number };
    w.__lcp = 0;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) w.__lcp = Math.max(w.__lcp, entry.startTime);
    }).observe({ type: 'largest-contentful-paint', buffered: true });
  });
  await page.goto(url, { waitUntil: 'load' });
  await page.waitForTimeout(500);
  const lcp = await page.evaluate(() => (window as unknown as { __lcp: number }).__lcp);
  await context.close();
  return lcp;
}

/**
 * Response times under `connections` concurrent connections for `seconds` seconds. `unique`: each
 * request gets its own address (an unused parameter), so that no page comes from the page cache.
 */
function load(
  url: string,
  connections: number,
  seconds: number,
  unique: boolean,
): Promise<{ samples: number[]; rps: number; errors: number }> {
  const samples: number[] = [];
  let n = 0;
  const target = new URL(url);
  const pathOf = () => `${target.pathname}${target.search || '?'}${target.search ? '&' : ''}bench=${++n}`;
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url,
        connections,
        duration: seconds,
        headers: { 'accept-encoding': 'gzip, br' },
        requests: unique ? [{ setupRequest: (req) => ({ ...req, path: pathOf() }) }] : undefined,
      },
      (error, result) => {
        if (error) reject(error);
        else resolve({ samples, rps: result.requests.average, errors: result.errors + result.non2xx });
      },
    );
    instance.on('response', (_client, status, _bytes, time) => {
      if (status === 200) samples.push(time);
    });
  });
}

async function main(): Promise<void> {
  const folder = KEEP ?? fs.mkdtempSync(path.join(os.tmpdir(), 'passerelles-bench-web-'));
  fs.mkdirSync(folder, { recursive: true });
  let buildDir: string | undefined;
  let server: RunningServer | undefined;
  try {
    await prepareDatabase(folder);
    buildDir = buildPortal();
    // As `npm start` runs it, page cache on (the load is measured with and without it).
    server = await startServer({
      PASSERELLES_DB: folder,
      DATABASE_URL: '',
      PASSERELLES_WEB_BUILD_DIR: buildDir,
      PASSERELLES_PAGE_CACHE_SECONDS: process.env.PASSERELLES_PAGE_CACHE_SECONDS ?? '60',
    });
    const base = server.base;
    const browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_FLAGS, headless: true });
    console.log(
      `Portail : ${base} (PGlite, NODE_ENV=production, cache de pages ${process.env.PASSERELLES_PAGE_CACHE_SECONDS ?? 60} s) ; ${os.cpus().length} cœurs, charge ${os.loadavg()[0].toFixed(1)}`,
    );
    console.log(
      `LCP : ${RUNS} chargements à froid par page, 390 px, processeur ×${CPU_SLOWDOWN} plus lent, réseau « 4G lent » (150 ms, 1,6 Mbit/s)`,
    );
    console.log(`Charge : 50 connexions simultanées pendant ${SECONDS} s par page et par cas (autocannon)\n`);
    try {
      for (const p of PAGES) {
        const url = base + p.path;
        const first = await fetch(url);
        if (first.status !== 200) throw new Error(`${p.path} : statut ${first.status}`);
        const js = await javascriptOf(browser, url);
        const lcps: number[] = [];
        for (let i = 0; i < RUNS; i++) lcps.push(await lcpOf(browser, url));
        const fmt = (r: { samples: number[]; rps: number; errors: number }) =>
          `p50 ${ms(percentile(r.samples, 50))}, p95 ${ms(percentile(r.samples, 95))}, p99 ${ms(percentile(r.samples, 99))} ` +
          `(${Math.round(r.rps)} req/s${r.errors ? `, ${r.errors} erreurs` : ''})`;
        const same = await load(url, 50, SECONDS, false);
        const unique = await load(url, 50, SECONDS, true);
        console.log(`${p.name} — ${p.path}`);
        console.log(
          `  JavaScript             : ${js.scripts} script(s), ${kb(js.sent)} envoyés, ${kb(js.gzip)} gzip (objectif ≤ 100 Ko gzip)`,
        );
        console.log(`  Poids                  : ${kb(js.html)} HTML, ${kb(js.total)} en tout (compressés)`);
        console.log(`  Réponse, même adresse  : ${fmt(same)} (objectif p95 ≤ 100 ms)`);
        console.log(`  Réponse, sans cache    : ${fmt(unique)} (chaque requête à une adresse nouvelle)`);
        console.log(
          `  LCP mobile             : médiane ${ms(percentile(lcps, 50))}, p95 ${ms(percentile(lcps, 95))} (objectif ≤ 1 500 ms)\n`,
        );
      }
    } finally {
      await browser.close();
    }
  } finally {
    await server?.stop();
    if (buildDir) fs.rmSync(buildDir, { recursive: true, force: true });
    if (!KEEP) fs.rmSync(folder, { recursive: true, force: true });
  }
}

await main();
