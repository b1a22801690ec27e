/**
 * Partners' API keys through the API, as an administrator and a partner's program use them: the
 * secret shown once, scopes, revocation, quotas, usage, and no key in the log.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { createLog } from '../../src/platform/log.ts';
import { buildServer } from '../../src/app/server.ts';
import { openTestDatabase } from '../helpers/db.ts';
import { identityDb } from '../../src/identity/db.ts';
import { createApiKey } from '../../src/identity/keys.ts';
import { PASSWORD, Visitor, account, type TestServer } from './helpers.ts';
import { refusal } from '../helpers/refusal.ts';

const logLines: string[] = [];
let server: TestServer;
let admin: Visitor;
let adminAccount: { id: number; structureId: number | null };
/** Every key the tests handle, for the log check. */
const secrets = new Set<string>();

/** A program calling with a key: no cookie, no browser. */
async function call(method: 'GET' | 'PUT', url: string, key: string | undefined, header: 'bearer' | 'x-api-key' = 'bearer') {
  const headers: Record<string, string> = {};
  if (key !== undefined) {
    if (header === 'bearer') headers.authorization = `Bearer ${key}`;
    else headers['x-api-key'] = key;
  }
  return server.app.inject({ method, url, headers, remoteAddress: '198.51.100.200', payload: method === 'PUT' ? {} : undefined });
}

async function createKey(body: object) {
  const res = await admin.submit('/api/v1/structure/keys', body);
  assert.equal(res.statusCode, 200, res.body);
  const created = res.json() as { id: number; secret: string; prefix: string; message: string };
  secrets.add(created.secret);
  return created;
}

before(async () => {
  // The most talkative log, captured: the last test reads it whole.
  const handle = await openTestDatabase();
  const { app, guarded } = await buildServer(handle, {
    logger: createLog({ write: (line: string) => logLines.push(line) }, 'trace'),
    rateLimit: 100_000,
  });
  // No production route names a scope yet: two routes of this test's own, under the real guard.
  app.put('/api/v1/essai/sources/:source/offers', { config: { access: { scopes: ['push:offers'] } } }, async (request) => ({
    principal: request.principal,
  }));
  app.get('/api/v1/essai/changes', { config: { access: { scopes: ['read'] } } }, async () => ({ changes: [] }));
  server = {
    app,
    handle,
    db: identityDb(handle.db),
    guarded,
    close: async () => {
      await app.close();
      await handle.close();
    },
  };
  const a = await account(server, ['admin']);
  adminAccount = a;
  admin = new Visitor(server.app);
  assert.equal((await admin.signIn(a.email)).statusCode, 200);
});
after(() => server?.close());

test('an administrator creates a key: the secret once in the answer, then only its prefix in the list', async () => {
  const created = await createKey({ name: 'Logiciel du CFA', scopes: ['push:offers', 'read'], quotaPerDay: 500 });
  assert.match(created.secret, /^psl_[A-Za-z0-9_-]{43}$/);
  assert.equal(created.prefix, created.secret.slice(0, 12));
  assert.match(created.message, /Copiez-la maintenant : elle ne sera plus jamais affichée/);
  const list = await admin.get('/api/v1/structure/keys');
  assert.equal(list.statusCode, 200);
  assert.ok(!list.body.includes(created.secret), 'the secret is never listed');
  const key = list.json().find((k: { id: number }) => k.id === created.id);
  assert.equal(key.prefix, created.prefix);
  assert.deepEqual(key.scopes, ['read', 'push:offers']);
  assert.equal(key.quotaPerDay, 500);
  assert.equal(key.ratePerMinute, 60);
  assert.equal(key.revokedAt, null);
  assert.equal(key.lastUsedAt, null);
  assert.deepEqual(key.usage, { today: 0, last30Days: 0 });
  // The database keeps the hash only.
  const row = await server.db.selectFrom('api_key').selectAll().where('id', '=', created.id).executeTakeFirstOrThrow();
  assert.notEqual(row.hash, created.secret);
  assert.ok(!JSON.stringify(row).includes(created.secret));
  const log = await sql<{ action: string; purpose: string }>`
    SELECT action, purpose FROM audit_event WHERE subject_type = 'clé d’API' AND subject_id = ${String(created.id)}`.execute(server.db);
  assert.equal(log.rows[0].action, 'création');
  assert.match(log.rows[0].purpose, /Logiciel du CFA/);
  // The administrator's data download names the keys they created, never a secret.
  const exported = await admin.get('/api/v1/account/export');
  const mine = exported.json().identity.clesApiCreees;
  assert.ok(mine.some((k: { prefix: string; name: string }) => k.prefix === created.prefix && k.name === 'Logiciel du CFA'));
  assert.ok(!exported.body.includes(created.secret));
});

test('creation refused in French: no scope, an unknown scope, no name, a replayed form', async () => {
  const noScope = await admin.submit('/api/v1/structure/keys', { name: 'Sans droit', scopes: [] });
  assert.deepEqual(refusal(noScope), { error: 'Cochez au moins une permission pour la clé.', field: 'scopes' });
  const unknown = await admin.submit('/api/v1/structure/keys', { name: 'Trop', scopes: ['admin'] });
  assert.equal(unknown.statusCode, 400);
  assert.match(unknown.json().error, /valeurs permises : read, push:offers, push:events/);
  const noName = await admin.submit('/api/v1/structure/keys', { name: '  ', scopes: ['read'] });
  assert.equal(noName.json().field, 'name');
  const noToken = await admin.request('POST', '/api/v1/structure/keys', { name: 'Sans jeton', scopes: ['read'] });
  assert.equal(noToken.statusCode, 403);
  assert.equal(noToken.json().code, 'formulaire-expire');
});

test('a key passes the routes of its scopes only, never an account’s route; an unknown key gets a 401 that says so', async () => {
  const { id, secret } = await createKey({ name: 'Poussée des offres', scopes: ['push:offers'] });
  for (const header of ['bearer', 'x-api-key'] as const) {
    const ok = await call('PUT', '/api/v1/essai/sources/cfa-1/offers', secret, header);
    assert.equal(ok.statusCode, 200, ok.body);
    assert.deepEqual(ok.json().principal, {
      accountId: adminAccount.id,
      structureId: adminAccount.structureId,
      roles: [],
      sessionKey: '',
      keyId: id,
      scopes: ['push:offers'],
    });
  }
  const noScope = await call('GET', '/api/v1/essai/changes', secret);
  assert.equal(noScope.statusCode, 403);
  assert.equal(noScope.json().error, 'Cette clé d’API n’a pas accès à cette ressource.');
  for (const url of ['/api/v1/account', '/api/v1/structure/keys']) {
    assert.equal((await call('GET', url, secret)).statusCode, 403, `${url} is for people signed in`);
  }
  const unknown = await call('PUT', '/api/v1/essai/sources/cfa-1/offers', `psl_${'x'.repeat(43)}`);
  assert.equal(unknown.statusCode, 401);
  assert.equal(unknown.json().code, 'cle-inconnue');
  assert.match(unknown.json().error, /^Clé d’API inconnue/);
  const none = await call('PUT', '/api/v1/essai/sources/cfa-1/offers', undefined);
  assert.equal(none.json().code, 'connexion-requise');
  // A public route does not look at the key.
  assert.equal((await call('GET', '/api/v1/health', 'pas une clé')).statusCode, 200);
});

test('a revoked key is refused at once with its French 401; another structure cannot revoke it', async () => {
  const { id, secret } = await createKey({ name: 'À révoquer', scopes: ['read'] });
  assert.equal((await call('GET', '/api/v1/essai/changes', secret)).statusCode, 200);
  const other = new Visitor(server.app, '203.0.113.50');
  await other.signIn((await account(server, ['admin'])).email);
  const foreign = await other.submit(`/api/v1/structure/keys/${id}/revoke`);
  assert.equal(foreign.statusCode, 404);
  assert.equal((await call('GET', '/api/v1/essai/changes', secret)).statusCode, 200, 'still valid');
  const revoked = await admin.submit(`/api/v1/structure/keys/${id}/revoke`);
  assert.equal(revoked.statusCode, 200);
  assert.match(revoked.json().message, /« À révoquer » .* est révoquée/);
  const refused = await call('GET', '/api/v1/essai/changes', secret);
  assert.equal(refused.statusCode, 401);
  assert.equal(refused.json().code, 'cle-revoquee');
  assert.match(refused.json().error, /^Cette clé d’API a été révoquée le .* : demandez une nouvelle clé/);
  const listed = (await admin.get('/api/v1/structure/keys')).json().find((k: { id: number }) => k.id === id);
  assert.notEqual(listed.revokedAt, null);
  const log = await sql<{ action: string }>`
    SELECT action FROM audit_event WHERE subject_type = 'clé d’API' AND subject_id = ${String(id)} ORDER BY id`.execute(server.db);
  assert.deepEqual(
    log.rows.map((r) => r.action),
    ['création', 'révocation'],
  );
});

test('a key dies with the account that created it', async () => {
  const a = await account(server, ['admin']);
  const v = new Visitor(server.app, '203.0.113.70');
  await v.signIn(a.email);
  const res = await v.submit('/api/v1/structure/keys', { name: 'Éphémère', scopes: ['read'] });
  const { secret } = res.json();
  secrets.add(secret);
  assert.equal((await call('GET', '/api/v1/essai/changes', secret)).statusCode, 200);
  assert.equal((await v.submit('/api/v1/account/delete', { password: PASSWORD })).statusCode, 200);
  const refused = await call('GET', '/api/v1/essai/changes', secret);
  assert.equal(refused.statusCode, 401);
  assert.match(refused.json().error, /le compte qui l’a créée a été supprimé/);
});

test('over its daily quota a key gets 429 with Retry-After; what it used is counted and listed', async () => {
  const { id, secret } = await createKey({ name: 'Petit quota', scopes: ['read'], quotaPerDay: 3 });
  for (let i = 0; i < 3; i++) assert.equal((await call('GET', '/api/v1/essai/changes', secret)).statusCode, 200);
  const over = await call('GET', '/api/v1/essai/changes', secret);
  assert.equal(over.statusCode, 429);
  assert.equal(over.json().code, 'cle-quota-atteint');
  assert.match(over.json().error, /Quota quotidien de cette clé d’API atteint \(3 requêtes par jour\)/);
  const wait = Number(over.headers['retry-after']);
  assert.ok(wait >= 1 && wait <= 25 * 3600, `Retry-After: ${over.headers['retry-after']}`);
  const listed = (await admin.get('/api/v1/structure/keys')).json().find((k: { id: number }) => k.id === id);
  assert.deepEqual(listed.usage, { today: 3, last30Days: 3 }, 'the refused request is not counted');
  assert.notEqual(listed.lastUsedAt, null);
});

test('over its requests per minute a key gets 429 with Retry-After within the minute', async () => {
  const { secret } = await createKey({ name: 'Petit débit', scopes: ['read'], ratePerMinute: 2 });
  // Five calls in a row: whichever minute they fall in, at least one is over two a minute.
  const answers = [];
  for (let i = 0; i < 5; i++) answers.push(await call('GET', '/api/v1/essai/changes', secret));
  const over = answers.filter((r) => r.statusCode === 429);
  assert.ok(over.length >= 1, 'some calls are refused');
  assert.ok(
    answers.every((r) => r.statusCode === 200 || r.statusCode === 429),
    'the others pass',
  );
  assert.equal(over[0].json().code, 'cle-trop-de-requetes');
  assert.match(over[0].json().error, /^Trop de requêtes pour cette clé d’API \(2 par minute au plus\) : réessayez dans \d+ secondes?\./);
  const wait = Number(over[0].headers['retry-after']);
  assert.ok(wait >= 1 && wait <= 60, `Retry-After: ${over[0].headers['retry-after']}`);
});

test('people without the administrator role neither list nor create keys', async () => {
  const v = new Visitor(server.app, '203.0.113.60');
  await v.signIn((await account(server, ['conseiller'])).email);
  assert.equal((await v.get('/api/v1/structure/keys')).statusCode, 403);
  assert.equal((await v.submit('/api/v1/structure/keys', { name: 'Non', scopes: ['read'] })).statusCode, 403);
});

test('the address’s rate limit: anonymous calls keep it, a valid key has a budget of its own', async () => {
  const handle = await openTestDatabase();
  const { app } = await buildServer(handle, { logger: false, rateLimit: 3 });
  try {
    const db = identityDb(handle.db);
    const a = await account({ app, handle, db, guarded: [], close: async () => {} }, ['admin']);
    const me = { accountId: a.id, structureId: a.structureId, roles: ['admin'], sessionKey: '' };
    const { secret } = await createApiKey(db, me, { name: 'Lecteur', scopes: ['read'], ratePerMinute: 10 });
    secrets.add(secret);
    const from = (headers: Record<string, string> = {}) => app.inject({ url: '/api/v1/health', remoteAddress: '192.0.2.77', headers });
    const anonymous = [];
    for (let i = 0; i < 4; i++) anonymous.push((await from()).statusCode);
    assert.deepEqual(anonymous, [200, 200, 200, 429], 'three a minute from this address');
    const keyed = [];
    for (let i = 0; i < 6; i++) keyed.push((await from({ authorization: `Bearer ${secret}` })).statusCode);
    assert.deepEqual(keyed, [200, 200, 200, 200, 200, 200], 'the key’s ten a minute, from the same address');
    const forged = await from({ authorization: `Bearer psl_${'y'.repeat(43)}` });
    assert.equal(forged.statusCode, 429, 'an unknown key buys no budget: it counts as its address');
  } finally {
    await app.close();
    await handle.close();
  }
});

test('the log never holds a key', async () => {
  const log = logLines.join('');
  assert.ok(log.length > 5_000, `le journal capturé est presque vide (${log.length} caractères)`);
  assert.ok(log.includes('/api/v1/essai/changes'), 'the key’s requests are logged');
  assert.ok(secrets.size >= 5);
  for (const secret of secrets) assert.ok(!log.includes(secret), `clé dans le journal : ${secret.slice(0, 12)}…`);
  assert.ok(!log.includes('psl_'), 'not even a prefix');
});
