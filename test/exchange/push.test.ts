/**
 * Partner push (issue 14, acceptance 1): two providers push their LHEO files into their own
 * sources; each reads only its own reports; re-pushing the first never changes the second's
 * offers nor any other source (the bundle's, when PASSERELLES_DATA_DIR is set, and a source
 * imported as a bundle file here); an invalid offer is rejected with its element path and French
 * reason while the valid ones are kept; another's source and a bundle source are refused.
 * Runs on PGlite, and on PostgreSQL when DATABASE_URL is set.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { bundleDir, openBundleDatabase, openTestDatabase } from '../helpers/db.ts';
import { account, startServer, Visitor, type TestServer } from '../identity/helpers.ts';
import { runImport } from '../../src/platform/import/run.ts';
import { lheoSource } from '../../src/trainings/import.ts';
import { PUSH_MAX_BYTES } from '../../src/exchange/push-contract.ts';

const FIXTURES = path.resolve(import.meta.dirname, '../fixtures/exchange');
const fixture = (name: string) => fs.readFileSync(path.join(FIXTURES, name));
const LOT = 'lot-pdl';

let server: TestServer;
let lotDir: string;
const a = { visitor: undefined as unknown as Visitor, structureId: 0 };
const b = { visitor: undefined as unknown as Visitor, structureId: 0 };

const cookieOf = (v: Visitor) => [...v.cookies].map(([k, val]) => `${k}=${val}`).join('; ');

async function send(v: Visitor, method: 'PUT' | 'POST' | 'GET', url: string, body?: Buffer | object, type = 'application/xml') {
  const cookie = cookieOf(v);
  return server.app.inject({
    method,
    url,
    payload: body as never,
    remoteAddress: v.ip,
    headers: { cookie, ...(body ? { 'content-type': Buffer.isBuffer(body) ? type : 'application/json' } : {}) },
  });
}

/** Everything a visitor of the catalogue would see of one source's offers. */
async function offersOf(source: string) {
  const { rows } = await sql<{ formation: string; intitule: string; actions: number; sessions: number }>`
    SELECT f.formation, f.intitule,
      (SELECT count(*)::int FROM training_action a WHERE a.source = f.source AND a.formation = f.formation) AS actions,
      (SELECT count(*)::int FROM training_session s WHERE s.source = f.source AND s.formation = f.formation) AS sessions
    FROM training_formation f WHERE f.source = ${source} ORDER BY f.formation`.execute(server.handle.db);
  return rows;
}

async function otherSources() {
  const { rows } = await sql<{ name: string; kind: string; n: number; run: number | null }>`
    SELECT s.name, s.kind, s.run_id AS run, (SELECT count(*)::int FROM training_formation f WHERE f.source = s.name) AS n
    FROM training_source s WHERE s.name NOT IN ('of-a', 'of-b') ORDER BY s.name`.execute(server.handle.db);
  return rows;
}

before(
  async () => {
    const handle = bundleDir() ? await openBundleDatabase() : await openTestDatabase();
    server = await startServer(handle);
    // A source imported as a bundle file, as `data import` would.
    lotDir = fs.mkdtempSync(path.join(os.tmpdir(), 'push-lot-'));
    fs.mkdirSync(path.join(lotDir, 'formations'));
    fs.copyFileSync(
      path.resolve(import.meta.dirname, '../fixtures/lheo/offres-pays-de-la-loire-2.3.xml'),
      path.join(lotDir, 'formations', `${LOT}.xml`),
    );
    await runImport(handle.db, lotDir, [lheoSource]);
    for (const [who, role] of [
      [a, ['cfa', 'admin']],
      [b, ['pilotage']],
    ] as const) {
      const acc = await account(server, [...role]);
      who.visitor = new Visitor(server.app, `198.51.100.${who === a ? 1 : 2}`);
      assert.equal((await who.visitor.signIn(acc.email)).statusCode, 200);
      who.structureId = acc.structureId!;
    }
  },
  { timeout: 600_000 },
);
after(async () => {
  await server?.close();
  if (lotDir) fs.rmSync(lotDir, { recursive: true, force: true });
});

let firstPushA = 0;
let pushB = 0;

test('two providers push their files: each push answers with its report at once', async () => {
  const before = await otherSources();
  const ra = await send(a.visitor, 'PUT', '/api/v1/sources/of-a/offers', fixture('organisme-a.xml'));
  assert.equal(ra.statusCode, 200, ra.body);
  const repA = ra.json();
  firstPushA = repA.id;
  assert.deepEqual([repA.mode, repA.accepted, repA.rejected, repA.warnings, repA.removed, repA.live], ['complet', 3, 0, 2, 0, 3]);
  const warned = Object.fromEntries(repA.offers.map((o: { identifiant: string; warnings: string[] }) => [o.identifiant, o.warnings]));
  assert.deepEqual(warned['A-1'], []);
  assert.match(warned['A-2'].join(' '), /session « A-2-S1 » .*passée : terminée le 31\/01\/2025/);
  assert.match(warned['A-3'].join(' '), /aucun code ROME/);

  const rb = await send(b.visitor, 'PUT', '/api/v1/sources/of-b/offers', fixture('organisme-b.xml'));
  assert.equal(rb.statusCode, 200, rb.body);
  const repB = rb.json();
  pushB = repB.id;
  assert.deepEqual([repB.accepted, repB.rejected, repB.live], [2, 1, 2]);
  // The invalid offer: its element path and French reason; the valid ones are online.
  const bad = repB.offers.find((o: { status: string }) => o.status === 'rejected');
  assert.equal(bad.identifiant, 'B-2');
  assert.equal(bad.errors[0].path, '/lheo/offres/formation[2]/action[1]/session[2]/periode/debut');
  assert.match(bad.errors[0].reason, /date « 20271345 » invalide/);
  assert.deepEqual(
    (await offersOf('of-b')).map((o) => o.formation),
    ['B-1', 'B-3'],
  );
  assert.deepEqual(await otherSources(), before, 'les autres sources n’ont pas changé');
  const kinds = await sql<{ kind: string }>`SELECT kind FROM training_source WHERE name IN ('of-a', 'of-b')`.execute(server.handle.db);
  assert.deepEqual(
    kinds.rows.map((r) => r.kind),
    ['fichier', 'fichier'],
  );
});

test('re-pushing the first provider never changes the second one’s offers nor any other source', async () => {
  const bBefore = await offersOf('of-b');
  const others = await otherSources();
  const res = await send(a.visitor, 'PUT', '/api/v1/sources/of-a/offers', fixture('organisme-a-v2.xml'));
  assert.equal(res.statusCode, 200, res.body);
  assert.deepEqual([res.json().accepted, res.json().removed, res.json().live], [3, 1, 3]);
  const offersA = await offersOf('of-a');
  assert.deepEqual(
    offersA.map((o) => o.formation),
    ['A-1', 'A-2', 'A-4'],
  );
  assert.equal(offersA[0].intitule, 'Assistant de vie aux familles (ADVF)');
  assert.deepEqual(await offersOf('of-b'), bBefore);
  assert.deepEqual(await otherSources(), others);

  // One offer alone: added, the others of the source kept.
  const one = await send(a.visitor, 'POST', '/api/v1/sources/of-a/offers', fixture('organisme-a-une-offre.xml'));
  assert.equal(one.statusCode, 200, one.body);
  assert.deepEqual([one.json().mode, one.json().accepted, one.json().removed, one.json().live], ['une-offre', 1, 0, 4]);
  const many = await send(a.visitor, 'POST', '/api/v1/sources/of-a/offers', fixture('organisme-a.xml'));
  assert.equal(many.statusCode, 400);
  assert.match(many.json().error, /exactement une <formation> : 3 trouvée\(s\)/);
  assert.equal((await offersOf('of-a')).length, 4);
  assert.deepEqual(await offersOf('of-b'), bBefore);

  // `data import` of a bundle that lacks the pushed sources keeps them.
  await runImport(server.handle.db, lotDir, [lheoSource]);
  assert.equal((await offersOf('of-a')).length, 4);
  assert.deepEqual(await offersOf('of-b'), bBefore);
});

test('each provider sees only its own sources, pushes and reports', async () => {
  const mine = await send(a.visitor, 'GET', '/api/v1/structure/sources');
  assert.deepEqual(
    mine.json().sources.map((s: { name: string; live: number }) => [s.name, s.live]),
    [['of-a', 4]],
  );
  const history = await send(a.visitor, 'GET', '/api/v1/sources/of-a/pushes');
  assert.equal(history.statusCode, 200);
  assert.deepEqual(
    history.json().pushes.map((p: { mode: string; accepted: number }) => [p.mode, p.accepted]),
    [
      ['une-offre', 1],
      ['complet', 3],
      ['complet', 3],
    ],
  );
  const report = await send(b.visitor, 'GET', `/api/v1/sources/of-b/pushes/${pushB}`);
  assert.equal(report.statusCode, 200);
  assert.equal(report.json().offers.length, 3);
  // The other provider's source, push and report: not said to exist.
  for (const url of [
    '/api/v1/sources/of-a/pushes',
    `/api/v1/sources/of-a/pushes/${firstPushA}`,
    `/api/v1/sources/of-b/pushes/${firstPushA}`,
  ]) {
    const res = await send(b.visitor, 'GET', url);
    assert.equal(res.statusCode, 404, `${url} : ${res.body}`);
    assert.doesNotMatch(res.body, /A-1/);
  }
  assert.equal((await send(a.visitor, 'GET', `/api/v1/sources/of-b/pushes/${pushB}`)).statusCode, 404);
});

test('a push to another provider’s source or to a bundle source is refused and changes nothing', async () => {
  const aBefore = await offersOf('of-a');
  const lotBefore = await offersOf(LOT);
  const theirs = await send(b.visitor, 'PUT', '/api/v1/sources/of-a/offers', fixture('organisme-b.xml'));
  assert.equal(theirs.statusCode, 403);
  assert.match(theirs.json().error, /appartient à une autre structure/);
  const bundle = await send(a.visitor, 'PUT', `/api/v1/sources/${LOT}/offers`, fixture('organisme-a.xml'));
  assert.equal(bundle.statusCode, 409);
  assert.match(bundle.json().error, /existe déjà \(lot de données/);
  assert.deepEqual(await offersOf('of-a'), aBefore);
  assert.deepEqual(await offersOf(LOT), lotBefore);
  assert.ok(lotBefore.length > 0);
});

test('DTDs, oversize bodies, other media types and other roles are refused in French', async () => {
  const xxe = await send(a.visitor, 'PUT', '/api/v1/sources/of-a/offers', fixture('xxe.xml'));
  assert.equal(xxe.statusCode, 400);
  assert.match(xxe.json().error, /ligne 3 : déclaration <!DOCTYPE> refusée/);
  assert.doesNotMatch(xxe.body, /root:/);
  // Over the limit by the request's length: refused before a byte is read.
  const said = await server.app.inject({
    method: 'PUT',
    url: '/api/v1/sources/of-a/offers',
    payload: '<lheo/>',
    remoteAddress: a.visitor.ip,
    headers: { cookie: cookieOf(a.visitor), 'content-type': 'application/xml', 'content-length': String(PUSH_MAX_BYTES + 1) },
  });
  assert.equal(said.statusCode, 413);
  assert.match(said.json().error, /document trop volumineux : au plus 512 Mo/);
  const json = await send(a.visitor, 'PUT', '/api/v1/sources/of-a/offers', { offres: [] });
  assert.equal(json.statusCode, 415);
  assert.match(json.json().error, /Content-Type: application\/xml/);
  const broken = await send(a.visitor, 'PUT', '/api/v1/sources/of-a/offers', Buffer.from('<lheo xmlns="http://lheo.gouv.fr/2.3"><offres>'));
  assert.equal(broken.statusCode, 400);
  assert.match(broken.json().error, /document LHEO illisible/);
  const badName = await send(a.visitor, 'PUT', '/api/v1/sources/a%20b/offers', fixture('organisme-a.xml'));
  assert.equal(badName.statusCode, 400);
  assert.equal((await offersOf('of-a')).length, 4);

  const candidate = await account(server, ['candidat']);
  const c = new Visitor(server.app, '198.51.100.9');
  await c.signIn(candidate.email);
  assert.equal((await send(c, 'PUT', '/api/v1/sources/of-c/offers', fixture('organisme-a.xml'))).statusCode, 403);
  assert.equal((await send(new Visitor(server.app), 'GET', '/api/v1/structure/sources')).statusCode, 401);
});

test('a partner program pushes with its structure’s API key (scope push:offers), only into its own sources', async () => {
  const create = async (scopes: string[]) => {
    const res = await a.visitor.submit('/api/v1/structure/keys', { name: `Logiciel ${scopes.join(' ')}`, scopes });
    assert.equal(res.statusCode, 200, res.body);
    return res.json().secret as string;
  };
  const bearer = (secret: string, method: 'PUT' | 'POST' | 'GET', url: string, body?: Buffer) =>
    server.app.inject({
      method,
      url,
      payload: body,
      remoteAddress: '198.51.100.50',
      headers: { authorization: `Bearer ${secret}`, ...(body ? { 'content-type': 'application/xml' } : {}) },
    });
  const push = await create(['push:offers']);
  const bBefore = await offersOf('of-b');
  const one = await bearer(push, 'POST', '/api/v1/sources/of-a/offers', fixture('organisme-a-une-offre.xml'));
  assert.equal(one.statusCode, 200, one.body);
  assert.deepEqual([one.json().by, one.json().accepted, one.json().live], ['cle', 1, 4]);
  const row = await sql<{ key_id: number | null }>`SELECT key_id FROM exchange_push WHERE id = ${one.json().id}`.execute(server.handle.db);
  assert.ok(row.rows[0].key_id);
  assert.equal((await bearer(push, 'GET', `/api/v1/sources/of-a/pushes/${one.json().id}`)).statusCode, 200);
  const theirs = await bearer(push, 'PUT', '/api/v1/sources/of-b/offers', fixture('organisme-a.xml'));
  assert.equal(theirs.statusCode, 403);
  assert.deepEqual(await offersOf('of-b'), bBefore);
  const read = await create(['read']);
  const noScope = await bearer(read, 'PUT', '/api/v1/sources/of-a/offers', fixture('organisme-a.xml'));
  assert.equal(noScope.statusCode, 403);
  assert.equal(noScope.json().error, 'Cette clé d’API n’a pas accès à cette ressource.');
});

test('the structure’s page form sends a file with a one-time form token (people only)', async () => {
  const body = (csrf: string) => ({
    csrf,
    filename: 'organisme-b.xml',
    content: fixture('organisme-b.xml').toString('base64'),
    mode: 'complet',
  });
  const noToken = await b.visitor.request('POST', '/api/v1/sources/of-b/upload', body('x'));
  assert.equal(noToken.statusCode, 403);
  assert.equal(noToken.json().code, 'formulaire-expire');
  const res = await b.visitor.request('POST', '/api/v1/sources/of-b/upload', body(await b.visitor.formToken()));
  assert.equal(res.statusCode, 200, res.body);
  assert.deepEqual([res.json().accepted, res.json().rejected, res.json().live], [2, 1, 2]);
  const theirs = await a.visitor.request('POST', '/api/v1/sources/of-b/upload', body(await a.visitor.formToken()));
  assert.equal(theirs.statusCode, 403);
  assert.match(theirs.json().error, /appartient à une autre structure/);
});
