/**
 * The public API's conventions (issue 14): addresses under /api/v1/ with the old ones as dated
 * aliases, refusals as French problem+json, ETag and Last-Modified on reads, CORS for reads only,
 * and, in the tests, every answer checked against its declared schema.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Type } from 'typebox';
import { openTestDatabase } from '../helpers/db.ts';
import { ensureData } from '../../src/app/data.ts';
import { buildServer, type App } from '../../src/app/server.ts';
import type { DbHandle } from '../../src/platform/db/connection.ts';
import { LEGACY_API_SUNSET } from '../../src/platform/http/api-version.ts';
import { checkResponses } from '../../src/platform/http/response-check.ts';

let handle: DbHandle;
let app: App;

before(async () => {
  handle = await openTestDatabase();
  await ensureData(handle.db, { dataDir: undefined });
  ({ app } = await buildServer(handle, { logger: false }));
  // A route that answers outside its own schema, to see the check refuse it.
  if (process.env.PASSERELLES_CHECK_RESPONSES !== '1') checkResponses(app);
  app.get(
    '/api/v1/essai/hors-schema',
    { schema: { response: { 200: Type.Object({ code: Type.String({ minLength: 5 }) }) } }, config: { access: 'public' } },
    async () => ({ code: 'D11' }),
  );
});
after(async () => {
  await app.close();
  await handle.close();
});

test('an old address answers like its /api/v1/ route, and says until when', async () => {
  const v1 = await app.inject('/api/v1/occupations/D1102');
  const old = await app.inject('/api/occupations/D1102?x=1');
  assert.equal(v1.statusCode, 200);
  assert.equal(old.statusCode, 200);
  assert.equal(old.json().code, v1.json().code);
  assert.equal(v1.headers.deprecation, undefined);
  assert.match(String(old.headers.deprecation), /^@\d+$/);
  assert.equal(old.headers.sunset, LEGACY_API_SUNSET.toUTCString());
  assert.equal(old.headers.link, '</api/v1/occupations/D1102?x=1>; rel="successor-version"');
  // The documentation is not versioned; the document lists /api/v1/ addresses only.
  const doc = (await app.inject('/api/docs/json')).json() as { paths: Record<string, unknown>; info: { description: string } };
  const paths = Object.keys(doc.paths);
  assert.ok(paths.length > 50);
  assert.deepEqual(
    paths.filter((p) => !p.startsWith('/api/v1/')),
    [],
  );
  assert.match(doc.info.description, new RegExp(LEGACY_API_SUNSET.toISOString().slice(0, 10)));
});

test('a refusal is a French problem+json: type, title, status, detail, and the field at fault', async () => {
  const unknown = await app.inject('/api/v1/occupations/N9999');
  assert.equal(unknown.statusCode, 404);
  assert.match(String(unknown.headers['content-type']), /^application\/problem\+json/);
  const p = unknown.json();
  assert.equal(p.type, 'about:blank');
  assert.equal(p.title, 'Ressource introuvable');
  assert.equal(p.status, 404);
  assert.match(p.detail, /Fiche ROME inconnue : N9999/);
  assert.equal(p.error, p.detail);
  const bad = (await app.inject('/api/v1/occupations?q=boulanger&limit=0')).json();
  assert.equal(bad.status, 400);
  assert.equal(bad.title, 'Requête invalide');
  assert.equal(bad.field, 'limit');
  const account = await app.inject('/api/v1/account');
  assert.equal(account.statusCode, 401);
  assert.equal(account.json().code, 'connexion-requise');
  assert.match(String(account.headers['content-type']), /^application\/problem\+json/);
  const route = (await app.inject('/api/v1/rien-ici')).json();
  assert.equal(route.status, 404);
  assert.match(route.detail, /Ressource inconnue : \/api\/v1\/rien-ici/);
});

test('reads carry an ETag; If-None-Match gets 304; an answer that changes gets a new tag', async () => {
  const first = await app.inject('/api/v1/occupations?q=boulanger');
  const tag = String(first.headers.etag);
  assert.match(tag, /^"[^"]+"$/);
  const again = await app.inject({ url: '/api/v1/occupations?q=boulanger', headers: { 'if-none-match': tag } });
  assert.equal(again.statusCode, 304);
  assert.equal(again.body, '');
  const other = await app.inject({ url: '/api/v1/occupations?q=infirmier', headers: { 'if-none-match': tag } });
  assert.equal(other.statusCode, 200);
  assert.notEqual(other.headers.etag, tag);
});

test('what changes only with an import says when it was imported; If-Modified-Since then gets 304', async () => {
  const res = await app.inject('/api/v1/territories/communes?q=angers');
  assert.equal(res.statusCode, 200);
  const last = String(res.headers['last-modified']);
  assert.ok(!Number.isNaN(Date.parse(last)), last);
  const same = await app.inject({ url: '/api/v1/territories/communes?q=angers', headers: { 'if-modified-since': last } });
  assert.equal(same.statusCode, 304);
  const before = new Date(Date.parse(last) - 3600_000).toUTCString();
  assert.equal(
    (await app.inject({ url: '/api/v1/territories/communes?q=angers', headers: { 'if-modified-since': before } })).statusCode,
    200,
  );
  // The account's data changes without an import: no Last-Modified there.
  assert.equal((await app.inject('/api/v1/health')).headers['last-modified'], undefined);
});

test('any site may read the API from a page; nothing else crosses origins', async () => {
  const origin = 'https://partenaire.example';
  const read = await app.inject({ url: '/api/v1/occupations?q=boulanger', headers: { origin } });
  assert.equal(read.headers['access-control-allow-origin'], '*');
  assert.match(String(read.headers['access-control-expose-headers']), /ETag/);
  assert.equal(read.headers['access-control-allow-credentials'], undefined);
  const preflight = await app.inject({
    method: 'OPTIONS',
    url: '/api/v1/changes',
    headers: { origin, 'access-control-request-method': 'GET', 'access-control-request-headers': 'x-api-key' },
  });
  assert.equal(preflight.statusCode, 204);
  assert.equal(preflight.headers['access-control-allow-origin'], '*');
  assert.match(String(preflight.headers['access-control-allow-headers']), /X-Api-Key/i);
  const write = await app.inject({
    method: 'OPTIONS',
    url: '/api/v1/auth/sign-in',
    headers: { origin, 'access-control-request-method': 'POST' },
  });
  assert.equal(write.headers['access-control-allow-origin'], undefined);
  const page = await app.inject({ url: '/', headers: { origin } });
  assert.equal(page.headers['access-control-allow-origin'], undefined);
});

test('in the tests, an answer outside its declared schema is a 500 that names the route and the reason', async () => {
  const res = await app.inject('/api/v1/essai/hors-schema');
  assert.equal(res.statusCode, 500);
  assert.match(res.json().detail, /GET \/api\/v1\/essai\/hors-schema hors de son schéma : \/code .*5/);
});
