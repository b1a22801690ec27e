/**
 * The change feed (issue 14) through its public routes, after real writes: an LHEO import of the
 * test catalogue, a second import that changes one offer and drops another, an agenda event
 * published then unpublished by moderation, an apprenticeship offer published then withdrawn by its
 * CFA. Mirrors that replay the feed from the start, from a cursor taken mid-way, and from an export
 * snapshot all end with the same set as the full export (ids and representations). Also: what a
 * deleted entity carries, the kinds filter and its French refusal, the ETag, the open CORS header.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { importLheoFile } from '../../src/trainings/import.ts';
import { unpublishEvent } from '../../src/agenda/events.ts';
import { agendaDb } from '../../src/agenda/db.ts';
import { createOffer, updateOffer } from '../../src/recruitment/offers.ts';
import { recruitmentDb } from '../../src/recruitment/db.ts';
import type { Principal } from '../../src/platform/http/access.ts';
import type { Change, ChangesPage, ExportPage } from '../../src/exchange/changes-contract.ts';
import { account, startServer, Visitor, type TestServer } from '../identity/helpers.ts';
import { catalogueText, replaceOnce, splitFormations, tempDir } from '../trainings/lheo-helpers.ts';

let server: TestServer;
let anyone: Visitor;
const work = tempDir('passerelles-changes-');
const KINDS = ['offre-formation', 'evenement', 'offre-apprentissage'] as const;

before(async () => {
  server = await startServer();
  anyone = new Visitor(server.app);
});
after(async () => {
  await server?.close();
  fs.rmSync(work, { recursive: true, force: true });
});

type Entities = Map<string, unknown>;
// biome-ignore lint/suspicious/noExplicitAny: a representation read back from the API's JSON
type Json = Record<string, any>;

/** A mirror: the entities it holds, and where it is in the feed. */
class Mirror {
  readonly entities: Entities = new Map();
  constructor(public cursor = 0) {}

  /** Reads the feed from its cursor until the end, in pages of `limit`. */
  async replay(limit = 3): Promise<Change[]> {
    const seen: Change[] = [];
    for (;;) {
      const res = await anyone.get(`/api/v1/changes?since=${this.cursor}&limit=${limit}`);
      assert.equal(res.statusCode, 200, res.body);
      const page: ChangesPage = res.json();
      for (const c of page.items) {
        assert.ok(c.sequence > this.cursor, 'les changements arrivent dans l’ordre du curseur');
        const key = `${c.kind}:${c.id}`;
        if (c.action === 'supprime') {
          assert.equal(c.data, undefined, 'une suppression ne porte que l’identifiant');
          this.entities.delete(key);
        } else this.entities.set(key, c.data);
        seen.push(c);
        this.cursor = c.sequence;
      }
      assert.equal(page.next, this.cursor);
      if (!page.hasMore) return seen;
    }
  }
}

/** The full export of every kind, page by page; the feed's position at its first page. */
async function fullExport(limit = 2): Promise<{ entities: Entities; cursor: number }> {
  const entities: Entities = new Map();
  let cursor: number | null = null;
  for (const kind of KINDS) {
    let next: string | null = '';
    do {
      const res = await anyone.get(`/api/v1/offers?kind=${kind}&limit=${limit}${next ? `&cursor=${encodeURIComponent(next)}` : ''}`);
      assert.equal(res.statusCode, 200, res.body);
      const page: ExportPage = res.json();
      cursor ??= page.changesCursor;
      for (const item of page.items) entities.set(`${item.kind}:${item.id}`, item.data);
      next = page.next;
    } while (next);
  }
  return { entities, cursor: cursor ?? 0 };
}

function assertSame(mirror: Entities, reference: Entities, who: string): void {
  assert.deepEqual([...mirror.keys()].sort(), [...reference.keys()].sort(), `${who} : les mêmes identifiants`);
  for (const [key, data] of reference) assert.deepEqual(mirror.get(key), data, `${who} : la même représentation de ${key}`);
}

function importFile(name: string, text: string) {
  const file = path.join(work, name);
  fs.writeFileSync(file, text);
  return importLheoFile(server.handle.db, file, { source: 'echanges', allowShrink: true });
}

test('mirrors replaying the feed end with the full export, after imports, agenda and apprenticeship writes', async () => {
  // 1. The catalogue imported: three offers created.
  await importFile('echanges.xml', catalogueText());
  const fromStart = new Mirror();
  const first = await fromStart.replay(2);
  assert.deepEqual(
    first.map((c) => c.action),
    ['cree', 'cree', 'cree'],
  );
  assert.deepEqual(first.map((c) => c.id).sort(), ['echanges/PDL-0001', 'echanges/PDL-0002', 'echanges/PDL-0003']);
  const electricien = first.find((c) => c.id === 'echanges/PDL-0001')!.data as Json;
  assert.equal(electricien.intitule, "Électricien·ne d'équipement du bâtiment");
  assert.equal(electricien.source, 'echanges');
  assert.equal(electricien.page, '/formations/echanges/PDL-0001');
  assert.deepEqual(electricien.actions[0].lieux[0], { commune: '44162', ville: 'Saint-Herblain', codePostal: '44800' });
  assert.equal(electricien.actions[0].sessions[0].debut, '2026-01-05');

  // A mirror that starts from a snapshot (the export and the feed's position) now.
  const snapshot = await fullExport();
  assert.equal(snapshot.entities.size, 3);
  const fromSnapshot = new Mirror(snapshot.cursor);
  for (const [k, v] of snapshot.entities) fromSnapshot.entities.set(k, v);

  // The same file again changes nothing: the feed has nothing new.
  await importFile('echanges.xml', catalogueText());
  assert.deepEqual(await new Mirror(fromStart.cursor).replay(), []);

  // 2. A second import: one title changed, one offer gone.
  const { head, formations, tail } = splitFormations(catalogueText());
  formations.delete('PDL-0003');
  const changed = replaceOnce(
    head + [...formations.values()].join('') + tail,
    'CAP Pâtissier en apprentissage',
    'CAP Pâtissier en apprentissage (rentrée 2026)',
  );
  await importFile('echanges.xml', changed);

  // 3. Agenda: an event imported as published, another published then unpublished by moderation.
  const events = await sql<{ id: number }>`
    INSERT INTO agenda_event (import_key, source_file, kind, title, start_date, end_date, city, search_text)
    VALUES ('t-1', 'agenda-test.csv', 'salon', 'Salon de l’apprentissage', '2026-03-14', '2026-03-15', 'Nantes', 'salon'),
           ('t-2', 'agenda-test.csv', 'jpo', 'Portes ouvertes du CFA', '2026-02-07', '2026-02-07', 'Angers', 'jpo')
    RETURNING id`.execute(server.handle.db);
  const [kept, unpublished] = events.rows.map((r) => r.id);
  const midway = await fromStart.replay(1);
  assert.ok(midway.some((c) => c.kind === 'evenement' && c.id === String(unpublished) && c.action === 'cree'));
  await unpublishEvent(agendaDb(server.handle.db), unpublished);

  // 4. An apprenticeship offer published by a CFA, another published then withdrawn.
  await sql`INSERT INTO commune (code, name, departement, region, search_name) VALUES ('44109', 'Nantes', '44', '52', 'nantes')`.execute(
    server.handle.db,
  );
  await sql`INSERT INTO rome_appellation (code_ogr, code_rome, label, principale) VALUES ('11573', 'D1104', 'Pâtissier / Pâtissière', true)`.execute(
    server.handle.db,
  );
  const cfa = await account(server, ['cfa']);
  const me: Principal = { accountId: cfa.id, structureId: cfa.structureId, roles: ['cfa'], sessionKey: '' };
  const input = {
    title: 'Apprenti pâtissier',
    appellation: '11573',
    company: 'Pâtisserie du Commerce',
    companySiret: '12345678900012',
    description: 'Préparation des entremets et viennoiseries, en binôme avec le chef pâtissier.',
    commune: '44109',
    startDate: '2099-09-01',
    diploma: 'CAP Pâtissier',
    level: 3,
    rhythm: '2 semaines en entreprise, 1 semaine au CFA',
    places: 1,
  };
  const published = await createOffer(recruitmentDb(server.handle.db), me, input);
  const withdrawn = await createOffer(recruitmentDb(server.handle.db), me, { ...input, title: 'Apprenti boulanger' });
  const beforeWithdrawal = await fromStart.replay(2);
  await updateOffer(recruitmentDb(server.handle.db), me, withdrawn.id, { ...input, title: 'Apprenti boulanger', state: 'retiree' });

  // Every mirror ends with the full export.
  const reference = (await fullExport(1)).entities;
  const tail1 = await fromStart.replay(2);
  assertSame(fromStart.entities, reference, 'depuis le début, suivi en route');
  const fromZero = new Mirror();
  await fromZero.replay(1000);
  assertSame(fromZero.entities, reference, 'depuis le début, en une fois');
  await fromSnapshot.replay(1);
  assertSame(fromSnapshot.entities, reference, 'depuis un instantané');

  // What a user of the feed notices.
  const keys = [...reference.keys()].sort();
  assert.deepEqual(keys, [
    `evenement:${kept}`,
    'offre-apprentissage:' + published.id,
    'offre-formation:echanges/PDL-0001',
    'offre-formation:echanges/PDL-0002',
  ]);
  assert.equal((reference.get('offre-formation:echanges/PDL-0002') as Json).intitule, 'CAP Pâtissier en apprentissage (rentrée 2026)');
  // Each entity's last change read by the mirror that followed along since the first import.
  const byId = new Map([...midway, ...beforeWithdrawal, ...tail1].map((c) => [`${c.kind}:${c.id}`, c]));
  assert.equal(byId.get('offre-formation:echanges/PDL-0003')?.action, 'supprime');
  assert.equal(byId.get('offre-formation:echanges/PDL-0002')?.action, 'modifie');
  assert.equal(byId.get(`evenement:${unpublished}`)?.action, 'supprime');
  assert.equal(byId.get(`offre-apprentissage:${withdrawn.id}`)?.action, 'supprime');
  assert.equal(byId.has('offre-formation:echanges/PDL-0001'), false, 'une offre inchangée ne revient pas dans le flux');
  const offer = reference.get(`offre-apprentissage:${published.id}`) as Json;
  assert.equal(offer.title, 'Apprenti pâtissier');
  assert.deepEqual(offer.commune, { code: '44109', name: 'Nantes', departement: '44' });
  assert.equal(offer.appellation.label, 'Pâtissier / Pâtissière');
  for (const personal of ['created_by', 'createdBy', 'structure_id', 'structureId', 'applications', 'recruiter'])
    assert.equal(personal in offer, false, `pas de ${personal} dans une offre publiée`);
  const event = reference.get(`evenement:${kept}`) as Json;
  assert.equal(event.title, 'Salon de l’apprentissage');
  assert.equal(event.startDate, '2026-03-14');
});

test('kinds, cursor, ETag and CORS of the feed', async () => {
  const all: ChangesPage = (await anyone.get('/api/v1/changes?limit=1000')).json();
  const events = await anyone.get('/api/v1/changes?kinds=evenement&limit=1000');
  assert.equal(events.statusCode, 200);
  assert.equal(events.headers['access-control-allow-origin'], '*');
  const only: ChangesPage = events.json();
  assert.ok(only.items.length > 0);
  assert.deepEqual(
    only.items,
    all.items.filter((c) => c.kind === 'evenement'),
  );

  const etag = events.headers.etag as string;
  assert.ok(etag);
  const again = await server.app.inject({ url: '/api/v1/changes?kinds=evenement&limit=1000', headers: { 'if-none-match': etag } });
  assert.equal(again.statusCode, 304);

  // At the end: nothing more, the cursor stays.
  const end: ChangesPage = (await anyone.get(`/api/v1/changes?since=${all.next}`)).json();
  assert.deepEqual(end, { items: [], next: all.next, hasMore: false });

  const bad = await anyone.get('/api/v1/changes?kinds=concert');
  assert.equal(bad.statusCode, 400);
  assert.match(bad.json().error, /type inconnu « concert »/);
  assert.equal((await anyone.get('/api/v1/changes?limit=1001')).statusCode, 400);
  assert.equal((await anyone.get('/api/v1/offers?kind=evenement&cursor=abc')).statusCode, 400);
});
