/**
 * The rate limit counts portal pages like API requests, by client address: a page is one request,
 * the API calls its loaders make in-process ride on it (src/platform/http/web.ts, PageTokens).
 * On the built-in sample data, with a low limit so that the bursts stay fast.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { openTestDatabase } from '../helpers/db.ts';
import { ensureData } from '../../src/app/data.ts';
import { buildServer, type App } from '../../src/app/server.ts';
import { INTERNAL_HEADER, webBuildDir } from '../../src/app/portal.ts';
import type { DbHandle } from '../../src/platform/db/connection.ts';

const LIMIT = 50;
const PAGES = ['/', '/recherche?q=boulanger', '/metiers/D1102', '/mentions-legales', '/formations?q=boulanger'];

let handle: DbHandle;

before(async () => {
  handle = await openTestDatabase();
  await ensureData(handle.db, { dataDir: undefined });
});
after(async () => {
  await handle.close();
});

/** A server of its own for each test: the limit's counters start at zero. */
async function limitedServer(): Promise<App> {
  const { app } = await buildServer(handle, { logger: false, rateLimit: LIMIT });
  return app;
}

function get(app: App, url: string, address: string, headers: Record<string, string> = {}) {
  return app.inject({ method: 'GET', url, remoteAddress: address, headers });
}

test('a burst of 1,000 page requests from one address is limited like the API; another address is still served', async () => {
  const app = await limitedServer();
  try {
    const statuses: number[] = [];
    let firstRefusal: Awaited<ReturnType<typeof get>> | undefined;
    for (let i = 0; i < 1000; i++) {
      const res = await get(app, PAGES[i % PAGES.length], '203.0.113.7');
      statuses.push(res.statusCode);
      if (res.statusCode === 429) firstRefusal ??= res;
    }
    assert.equal(statuses.filter((s) => s === 200).length, LIMIT, 'exactly the limit served');
    assert.ok(statuses.slice(0, LIMIT).every((s) => s === 200), 'the first requests are served');
    assert.ok(statuses.slice(LIMIT).every((s) => s === 429), 'every request over the limit is refused');
    assert.match(String(firstRefusal!.headers['content-type']), /text\/html/);
    assert.match(firstRefusal!.body, /<html lang="fr">/);
    assert.match(firstRefusal!.body, /Trop de requêtes/);
    assert.ok(Number(firstRefusal!.headers['retry-after']) > 0, 'Retry-After tells when to come back');

    // The API is refused to that address too: one budget.
    const api = await get(app, '/api/occupations?q=boulanger', '203.0.113.7');
    assert.equal(api.statusCode, 429);
    assert.match(api.json().error, /Trop de requêtes/);

    // Another address has its own budget, pages and API.
    const other = await get(app, '/metiers/D1102', '198.51.100.20');
    assert.equal(other.statusCode, 200);
    assert.match(other.body, /Boulanger/);
    assert.equal((await get(app, '/api/health', '198.51.100.20')).statusCode, 200);
  } finally {
    await app.close();
  }
});

test('API requests and pages share one budget; a page is counted once, whatever its loaders call', async () => {
  const app = await limitedServer();
  try {
    const address = '203.0.113.8';
    for (let i = 0; i < LIMIT - 10; i++) {
      assert.equal((await get(app, '/api/occupations?q=boulanger', address)).statusCode, 200);
    }
    // The fiche's loader asks the API for the fiche (and more) in-process: still one request each.
    for (let i = 0; i < 10; i++) {
      const page = await get(app, '/metiers/D1102', address);
      assert.equal(page.statusCode, 200, `page ${i + 1} sur 10`);
      assert.match(page.body, /Boulanger/, 'the page shows the data its loaders fetched');
      assert.equal(page.headers['x-ratelimit-remaining'], String(10 - i - 1));
    }
    const page = await get(app, '/metiers/D1102', address);
    assert.equal(page.statusCode, 429);
    assert.match(page.body, /Trop de requêtes/);
    assert.equal((await get(app, '/api/occupations?q=boulanger', address)).statusCode, 429);
  } finally {
    await app.close();
  }
});

test('the portal header sent from outside buys nothing: the request is counted', async () => {
  const app = await limitedServer();
  try {
    const address = '203.0.113.9';
    // A token from an earlier page of this server is dead once that page is sent.
    await get(app, '/metiers/D1102', address);
    const statuses: number[] = [];
    for (let i = 0; i < LIMIT; i++) {
      const res = await get(app, '/api/health', address, { [INTERNAL_HEADER]: `forged-${i}` });
      statuses.push(res.statusCode);
    }
    assert.equal(statuses.filter((s) => s === 200).length, LIMIT - 1);
    assert.equal(statuses.at(-1), 429);
  } finally {
    await app.close();
  }
});

test('the build’s hashed assets are not counted; another address under /assets/ is', async (t) => {
  const assets = path.join(webBuildDir(), 'client/assets');
  const files = fs.existsSync(assets) ? fs.readdirSync(assets).filter((f) => f.endsWith('.js') || f.endsWith('.css')) : [];
  if (!files.length) {
    process.stderr.write(`# IGNORÉ : pas de portail construit (${assets} vide ou absent) : test des fichiers statiques ignoré\n`);
    t.skip(`portail non construit (${assets})`);
    return;
  }
  const app = await limitedServer();
  try {
    const address = '203.0.113.10';
    for (let i = 0; i < LIMIT; i++) assert.equal((await get(app, '/', address)).statusCode, 200);
    assert.equal((await get(app, '/', address)).statusCode, 429);
    const asset = await get(app, `/assets/${files[0]}`, address);
    assert.equal(asset.statusCode, 200, 'a built asset is served past the limit');
    assert.equal((await get(app, '/assets/absent-0000.js', address)).statusCode, 429, 'an unknown asset address is a page: counted');
  } finally {
    await app.close();
  }
});
