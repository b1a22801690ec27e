import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { announceSkip, openTestDatabase } from '../helpers/db.ts';
import { webBuildReady } from '../helpers/ready.ts';
import { ensureData } from '../../src/app/data.ts';
import { buildServer, type App } from '../../src/app/server.ts';
import { INTERNAL_HEADER, documentEncoding, webBuildDir } from '../../src/app/portal.ts';
import type { DbHandle } from '../../src/platform/db/connection.ts';

let handle: DbHandle;
let app: App;

before(async () => {
  handle = await openTestDatabase();
  await ensureData(handle.db, { dataDir: undefined });
  // The portal's pages are served from the run's build.
  await webBuildReady();
  ({ app } = await buildServer(handle, { logger: false }));
});
after(async () => {
  await app.close();
  await handle.close();
});

test('an empty database starts on the built-in sample and says so', async () => {
  const health = await app.inject('/api/v1/health');
  assert.equal(health.statusCode, 200);
  assert.equal(health.json().status, 'ok');
  assert.equal(health.json().sampleData, true);
  const home = await app.inject('/');
  assert.match(home.body, /Données d’exemple/);
  assert.match(home.body, /<html lang="fr">/);
});

test('occupation search answers over HTTP with code and label, best first', async () => {
  const res = await app.inject('/api/v1/occupations?q=boulangere');
  assert.equal(res.statusCode, 200);
  const hits = res.json() as { code: string; label: string }[];
  assert.equal(hits[0].code, 'D1102');
  assert.match(hits[0].label, /Boulanger/);
});

test('a fiche is served whole; an unknown code is a 404 with a French message', async () => {
  const fiche = await app.inject('/api/v1/occupations/d1102');
  assert.equal(fiche.statusCode, 200);
  assert.equal(fiche.json().code, 'D1102');
  assert.ok(fiche.json().appellations.length > 0);
  const unknown = await app.inject('/api/v1/occupations/N9999');
  assert.equal(unknown.statusCode, 404);
  assert.match(unknown.json().error, /Fiche ROME inconnue : N9999/);
});

test('bad parameters get a 400 naming the field, in French', async () => {
  const limit = await app.inject('/api/v1/occupations?q=boulanger&limit=0');
  assert.equal(limit.statusCode, 400);
  assert.equal(limit.json().field, 'limit');
  assert.match(limit.json().error, /« limit ».*supérieur ou égal à 1/);
  const missing = await app.inject('/api/v1/occupations');
  assert.equal(missing.statusCode, 400);
  assert.equal(missing.json().field, 'q');
  const code = await app.inject('/api/v1/occupations/123');
  assert.equal(code.statusCode, 400);
  assert.equal(code.json().field, 'code');
});

test('commune autocomplete answers by name and postcode', async () => {
  const byName = await app.inject(`/api/v1/territories/communes?q=${encodeURIComponent('st nazaire')}`);
  assert.equal(byName.statusCode, 200);
  assert.equal(byName.json()[0].code, '44184');
  const byPostcode = await app.inject('/api/v1/territories/communes?q=49000');
  assert.equal(byPostcode.json()[0].code, '49007');
});

test('the OpenAPI 3.1 document lists the public routes', async () => {
  const res = await app.inject('/api/docs/json');
  assert.equal(res.statusCode, 200);
  const doc = res.json();
  assert.equal(doc.openapi, '3.1.0');
  for (const p of ['/api/v1/health', '/api/v1/occupations', '/api/v1/occupations/{code}', '/api/v1/territories/communes']) {
    assert.ok(doc.paths[p], `${p} absent de la documentation`);
  }
  const ui = await app.inject('/api/docs');
  assert.ok([200, 302].includes(ui.statusCode));
});

test('pages escape what people type', async () => {
  const res = await app.inject(`/recherche?q=${encodeURIComponent('<script>alert(1)</script>')}`);
  assert.equal(res.statusCode, 200);
  assert.ok(!res.body.includes('<script>alert(1)</script>'));
  assert.match(res.body, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
});

test('pages come compressed as the browser allows: brotli, else gzip, else as they are', async () => {
  const page = (encoding?: string) =>
    app.inject({ url: '/metiers/D1102', remoteAddress: '198.51.100.77', headers: encoding ? { 'accept-encoding': encoding } : {} });
  // Each render has its own nonce: the rest of the page is the same.
  const text = (html: string) => html.replace(/nonce="[^"]*"/g, '');
  const plain = await page();
  assert.equal(plain.headers['content-encoding'], undefined);
  assert.match(plain.body, /Savoir-faire/);
  const br = await page('gzip, deflate, br');
  assert.equal(br.headers['content-encoding'], 'br');
  assert.match(String(br.headers.vary), /Accept-Encoding/);
  assert.ok(br.rawPayload.length < plain.rawPayload.length / 2);
  assert.equal(text(zlib.brotliDecompressSync(br.rawPayload).toString()), text(plain.body));
  const gzip = await page('br;q=0, gzip');
  assert.equal(gzip.headers['content-encoding'], 'gzip');
  assert.equal(text(zlib.gunzipSync(gzip.rawPayload).toString()), text(plain.body));
  assert.equal((await page('identity')).headers['content-encoding'], undefined);
  assert.equal(documentEncoding('*'), 'br');
  assert.equal(documentEncoding('*;q=0, gzip;q=0.5'), 'gzip');
  assert.equal(documentEncoding(['deflate', 'GZIP']), 'gzip');
  assert.equal(documentEncoding(undefined), undefined);
});

test('a fiche page: an unknown or malformed code is a French 404 each time, a code in small letters is redirected', async () => {
  const page = (url: string) => app.inject({ url, remoteAddress: '198.51.100.78' });
  for (let i = 0; i < 2; i++) {
    const unknown = await page('/metiers/N9999');
    assert.equal(unknown.statusCode, 404);
    assert.match(unknown.body, /Aucune fiche métier ne porte le code « N9999 »/);
  }
  const malformed = await page('/metiers/boulanger');
  assert.equal(malformed.statusCode, 404);
  assert.match(malformed.body, /n’est pas un code de fiche métier/);
  const small = await page('/metiers/d1102?commune=44109');
  assert.equal(small.statusCode, 301);
  assert.equal(small.headers.location, '/metiers/D1102?commune=44109');
  const fiche = await page('/metiers/D1102');
  assert.equal(fiche.statusCode, 200);
  assert.match(fiche.body, /<h2 id="competences-titre">Compétences<\/h2>/);
});

test('public endpoints are rate limited with a French 429', async () => {
  const limited = await buildServer(handle, { logger: false, rateLimit: 3 });
  try {
    const codes = [];
    // An address of its own: the counters are the database's, shared by every server on it.
    const ask = () => limited.app.inject({ url: '/api/v1/health', remoteAddress: '198.51.100.8' });
    for (let i = 0; i < 4; i++) codes.push((await ask()).statusCode);
    assert.deepEqual(codes, [200, 200, 200, 429]);
    const last = await ask();
    assert.match(last.json().error, /Trop de requêtes/);
  } finally {
    await limited.app.close();
  }
});

// Portal pages count toward the rate limit like API requests, by client address: a page is one
// request, the API calls its loaders make in-process ride on it (src/app/portal.ts,
// PageTokens). A low limit keeps the bursts fast.
const LIMIT = 50;
const PAGES = ['/', '/recherche?q=boulanger', '/metiers/D1102', '/mentions-legales', '/formations?q=boulanger'];

/** A server with the low limit; the counters are the database's: each test uses addresses of its own. */
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
    assert.ok(
      statuses.slice(0, LIMIT).every((s) => s === 200),
      'the first requests are served',
    );
    assert.ok(
      statuses.slice(LIMIT).every((s) => s === 429),
      'every request over the limit is refused',
    );
    assert.match(String(firstRefusal!.headers['content-type']), /text\/html/);
    assert.match(firstRefusal!.body, /<html lang="fr">/);
    assert.match(firstRefusal!.body, /Trop de requêtes/);
    assert.ok(Number(firstRefusal!.headers['retry-after']) > 0, 'Retry-After tells when to come back');

    // The API is refused to that address too: one budget.
    const api = await get(app, '/api/v1/occupations?q=boulanger', '203.0.113.7');
    assert.equal(api.statusCode, 429);
    assert.match(api.json().error, /Trop de requêtes/);

    // Another address has its own budget, pages and API.
    const other = await get(app, '/metiers/D1102', '198.51.100.20');
    assert.equal(other.statusCode, 200);
    assert.match(other.body, /Boulanger/);
    assert.equal((await get(app, '/api/v1/health', '198.51.100.20')).statusCode, 200);
  } finally {
    await app.close();
  }
});

test('API requests and pages share one budget; a page is counted once, whatever its loaders call', async () => {
  const app = await limitedServer();
  try {
    const address = '203.0.113.8';
    for (let i = 0; i < LIMIT - 10; i++) {
      assert.equal((await get(app, '/api/v1/occupations?q=boulanger', address)).statusCode, 200);
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
    assert.equal((await get(app, '/api/v1/occupations?q=boulanger', address)).statusCode, 429);
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
      const res = await get(app, '/api/v1/health', address, { [INTERNAL_HEADER]: `forged-${i}` });
      statuses.push(res.statusCode);
    }
    assert.equal(statuses.filter((s) => s === 200).length, LIMIT - 1);
    assert.equal(statuses.at(-1), 429);
  } finally {
    await app.close();
  }
});

test('a forged X-Forwarded-For buys no fresh budget; a proxy on this machine is believed', async () => {
  const app = await limitedServer();
  try {
    const statuses: number[] = [];
    for (let i = 0; i <= LIMIT; i++) {
      const res = await get(app, '/api/v1/health', '203.0.113.10', { 'x-forwarded-for': `198.51.100.${i}` });
      statuses.push(res.statusCode);
    }
    assert.equal(statuses.filter((s) => s === 200).length, LIMIT);
    assert.equal(statuses.at(-1), 429);
    // Behind a reverse proxy on the same machine, each client keeps its own budget.
    const proxied = await get(app, '/api/v1/health', '127.0.0.1', { 'x-forwarded-for': '198.51.100.200' });
    assert.equal(proxied.statusCode, 200);
  } finally {
    await app.close();
  }
});

test('the build’s hashed assets are not counted; another address under /assets/ is', async (t) => {
  const assets = path.join(webBuildDir(), 'client/assets');
  const files = fs.existsSync(assets) ? fs.readdirSync(assets).filter((f) => f.endsWith('.js') || f.endsWith('.css')) : [];
  if (!files.length) {
    announceSkip(`portail non construit (${assets} vide ou absent) : le test des fichiers statiques et du débit est ignoré`);
    t.skip(`portail non construit (${assets})`);
    return;
  }
  const app = await limitedServer();
  try {
    const address = '203.0.113.13';
    for (let i = 0; i < LIMIT; i++) assert.equal((await get(app, '/', address)).statusCode, 200);
    assert.equal((await get(app, '/', address)).statusCode, 429);
    const asset = await get(app, `/assets/${files[0]}`, address);
    assert.equal(asset.statusCode, 200, 'a built asset is served past the limit');
    assert.equal((await get(app, '/assets/absent-0000.js', address)).statusCode, 429, 'an unknown asset address is a page: counted');
  } finally {
    await app.close();
  }
});
