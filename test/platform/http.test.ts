import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { openTestDatabase } from '../helpers/db.ts';
import { ensureData } from '../../src/app/data.ts';
import { buildServer, type App } from '../../src/app/server.ts';
import type { DbHandle } from '../../src/platform/db/connection.ts';

let handle: DbHandle;
let app: App;

before(async () => {
  handle = await openTestDatabase();
  await ensureData(handle.db, { dataDir: undefined });
  ({ app } = await buildServer(handle, { logger: false }));
});
after(async () => {
  await app.close();
  await handle.close();
});

test('an empty database starts on the built-in sample and says so', async () => {
  const health = await app.inject('/api/health');
  assert.equal(health.statusCode, 200);
  assert.equal(health.json().status, 'ok');
  assert.equal(health.json().sampleData, true);
  const home = await app.inject('/');
  assert.match(home.body, /Données d’exemple/);
  assert.match(home.body, /<html lang="fr">/);
});

test('occupation search answers over HTTP with code and label, best first', async () => {
  const res = await app.inject('/api/occupations?q=boulangere');
  assert.equal(res.statusCode, 200);
  const hits = res.json() as { code: string; label: string }[];
  assert.equal(hits[0].code, 'D1102');
  assert.match(hits[0].label, /Boulanger/);
});

test('a fiche is served whole; an unknown code is a 404 with a French message', async () => {
  const fiche = await app.inject('/api/occupations/d1102');
  assert.equal(fiche.statusCode, 200);
  assert.equal(fiche.json().code, 'D1102');
  assert.ok(fiche.json().appellations.length > 0);
  const unknown = await app.inject('/api/occupations/N9999');
  assert.equal(unknown.statusCode, 404);
  assert.match(unknown.json().error, /Fiche ROME inconnue : N9999/);
});

test('bad parameters get a 400 naming the field, in French', async () => {
  const limit = await app.inject('/api/occupations?q=boulanger&limit=0');
  assert.equal(limit.statusCode, 400);
  assert.equal(limit.json().field, 'limit');
  assert.match(limit.json().error, /« limit ».*supérieur ou égal à 1/);
  const missing = await app.inject('/api/occupations');
  assert.equal(missing.statusCode, 400);
  assert.equal(missing.json().field, 'q');
  const code = await app.inject('/api/occupations/123');
  assert.equal(code.statusCode, 400);
  assert.equal(code.json().field, 'code');
});

test('commune autocomplete answers by name and postcode', async () => {
  const byName = await app.inject(`/api/territories/communes?q=${encodeURIComponent('st nazaire')}`);
  assert.equal(byName.statusCode, 200);
  assert.equal(byName.json()[0].code, '44184');
  const byPostcode = await app.inject('/api/territories/communes?q=49000');
  assert.equal(byPostcode.json()[0].code, '49007');
});

test('the OpenAPI 3.1 document lists the public routes', async () => {
  const res = await app.inject('/api/docs/json');
  assert.equal(res.statusCode, 200);
  const doc = res.json();
  assert.equal(doc.openapi, '3.1.0');
  for (const p of ['/api/health', '/api/occupations', '/api/occupations/{code}', '/api/territories/communes']) {
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

test('public endpoints are rate limited with a French 429', async () => {
  const limited = await buildServer(handle, { logger: false, rateLimit: 3 });
  try {
    const codes = [];
    for (let i = 0; i < 4; i++) codes.push((await limited.app.inject('/api/health')).statusCode);
    assert.deepEqual(codes, [200, 200, 200, 429]);
    const last = await limited.app.inject('/api/health');
    assert.match(last.json().error, /Trop de requêtes/);
  } finally {
    await limited.app.close();
  }
});
