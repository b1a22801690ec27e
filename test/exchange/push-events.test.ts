/**
 * Partner push of agenda events (issue 14): two providers push their events (JSON) into their own
 * sources; re-pushing the first never changes the second's events, the events a structure entered
 * by hand nor the imported ones (the bundle's, when PASSERELLES_DATA_DIR is set); an invalid event
 * is rejected with the JSON pointer of its field and a French reason while the valid ones reach the
 * agenda; a past event and an unknown commune are warnings; another's source, a key without
 * push:events and a calendar body are refused. Runs on PGlite, and on PostgreSQL when DATABASE_URL is set.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { bundleDir, openBundleDatabase, openTestDatabase } from '../helpers/db.ts';
import { account, startServer, Visitor, type TestServer } from '../identity/helpers.ts';
import { pushRoutes } from '../../src/exchange/push-contract.ts';

let server: TestServer;
const a = { visitor: undefined as unknown as Visitor, structureId: 0 };
const b = { visitor: undefined as unknown as Visitor, structureId: 0 };
let handEntered = 0;

type Json = Record<string, unknown>;

async function send(v: Visitor, method: 'PUT' | 'POST' | 'GET', url: string, body?: unknown, type = 'application/json') {
  const cookie = [...v.cookies].map(([k, val]) => `${k}=${val}`).join('; ');
  return server.app.inject({
    method,
    url,
    payload: (typeof body === 'string' || Buffer.isBuffer(body) ? body : body === undefined ? undefined : JSON.stringify(body)) as never,
    remoteAddress: v.ip,
    headers: { cookie, ...(body !== undefined ? { 'content-type': type } : {}) },
  });
}

/** What the agenda holds of one push source, by the partner's identifier. */
async function eventsOf(source: string) {
  const { rows } = await sql<{ push_id: string; id: number; title: string; status: string; commune: string | null; updated_at: Date }>`
    SELECT push_id, id, title, status, commune, updated_at FROM agenda_event WHERE push_source = ${source} ORDER BY push_id`.execute(
    server.handle.db,
  );
  return rows;
}

/** Every event that is not in a's source: b's, the hand-entered one, the bundle's. */
async function othersThanA() {
  const { rows } = await sql<{ id: number; title: string; status: string; updated_at: Date }>`
    SELECT id, title, status, updated_at FROM agenda_event WHERE push_source IS DISTINCT FROM 'ev-a' ORDER BY id`.execute(server.handle.db);
  return rows;
}

const future = (id: string, title: string, extra: Json = {}): Json => ({
  id,
  kind: 'forum',
  title,
  startDate: '2099-03-14',
  startTime: '09:00',
  endTime: '12:30',
  venue: 'Salle des fêtes',
  ...extra,
});

const A_V1 = {
  events: [
    future('A-1', 'Forum des métiers de l’aide à domicile', {
      commune: '44109',
      audience: 'collégiens',
      url: 'https://cfa-a.example/forum',
    }),
    { id: 'A-2', kind: 'jpo', title: 'Portes ouvertes 2020', startDate: '2020-01-25', commune: { code: '44109' } },
    { id: 'A-3', kind: 'kermesse', title: 'Date impossible', startDate: '2099-02-30' },
  ],
};

before(
  async () => {
    const handle = bundleDir() ? await openBundleDatabase() : await openTestDatabase();
    server = await startServer(handle);
    // Nantes, for the tests' known commune (the bundle has it; an empty database gets it here).
    await sql`INSERT INTO commune (code, name, departement, region, search_name, lat, lon) VALUES ('44109', 'Nantes', '44', '52', 'nantes', 47.2184, -1.5536)
      ON CONFLICT (code) DO NOTHING`.execute(handle.db);
    for (const [who, role] of [
      [a, ['cfa', 'admin']],
      [b, ['pilotage']],
    ] as const) {
      const acc = await account(server, [...role]);
      who.visitor = new Visitor(server.app, `198.51.100.${who === a ? 11 : 12}`);
      assert.equal((await who.visitor.signIn(acc.email)).statusCode, 200);
      who.structureId = acc.structureId!;
    }
    // An event the first provider's structure entered by hand, in the agenda's own form.
    const hand = await a.visitor.submit('/api/v1/agenda/events', {
      kind: 'info',
      title: 'Réunion saisie à la main',
      startDate: '2099-05-02',
    });
    assert.equal(hand.statusCode, 200, hand.body);
    handEntered = hand.json().id;
  },
  { timeout: 600_000 },
);
after(() => server?.close());

let pushB = 0;
let firstA = 0;

test('two providers push their events: one report per event, the invalid one with its path and reason, the valid ones in the agenda', async () => {
  const others = await othersThanA();
  const ra = await send(a.visitor, 'PUT', '/api/v1/sources/ev-a/events', A_V1);
  assert.equal(ra.statusCode, 200, ra.body);
  const rep = ra.json();
  firstA = rep.id;
  assert.deepEqual(
    [rep.mode, rep.by, rep.accepted, rep.rejected, rep.warnings, rep.removed, rep.live],
    ['complet', 'compte', 2, 1, 2, 0, 2],
  );
  const [one, two, three] = rep.events;
  assert.deepEqual([one.identifiant, one.status], ['A-1', 'accepted']);
  assert.deepEqual(one.warnings, ['champ « audience » ignoré : l’agenda ne le connaît pas']);
  assert.match(two.warnings.join(' '), /événement passé : terminé le 25\/01\/2020/);
  assert.deepEqual([three.identifiant, three.status, three.event], ['A-3', 'rejected', null]);
  assert.deepEqual(
    three.errors.map((e: { path: string }) => e.path),
    ['/events/2/kind', '/events/2/startDate'],
  );
  assert.match(three.errors[0].reason, /type d’événement inconnu « kermesse » \(attendu : salon, forum, jpo, info\)/);
  assert.match(three.errors[1].reason, /date de début invalide « 2099-02-30 »/);

  // As a visitor of the agenda sees it: placed in Nantes, organised by the structure.
  const page = await new Visitor(server.app).get(`/api/v1/agenda/events/${one.event}`);
  assert.equal(page.statusCode, 200, page.body);
  const ev = page.json();
  assert.equal(ev.title, 'Forum des métiers de l’aide à domicile');
  assert.equal(ev.commune.name, 'Nantes');
  assert.match(ev.when, /14 mars 2099, de 9 h 00 à 12 h 30/);
  assert.match(ev.organizer, /^Mission locale/);
  assert.deepEqual(
    (await eventsOf('ev-a')).map((e) => e.push_id),
    ['A-1', 'A-2'],
  );

  const rb = await send(b.visitor, 'PUT', '/api/v1/sources/ev-b/events', {
    events: [future('B-1', 'Salon de l’apprentissage', { kind: 'salon', commune: '99999' }), future('B-2', 'Forum de l’alternance')],
  });
  assert.equal(rb.statusCode, 200, rb.body);
  pushB = rb.json().id;
  assert.deepEqual([rb.json().accepted, rb.json().rejected, rb.json().live], [2, 0, 2]);
  assert.match(rb.json().events[0].warnings.join(' '), /commune « 99999 » inconnue/);
  // Nothing else changed: the bundle's events and the hand-entered one.
  const after = await othersThanA();
  assert.deepEqual(
    after.filter((e) => others.some((o) => o.id === e.id)),
    others,
  );
});

test('re-pushing the first provider never changes the second one’s events, the hand-entered one nor the imported ones', async () => {
  const others = await othersThanA();
  const bBefore = await eventsOf('ev-b');
  const [a1Before, a2Before] = await eventsOf('ev-a');
  const v2 = {
    events: [
      future('A-1', 'Forum des métiers du soin', { commune: '44109', url: 'https://cfa-a.example/forum' }),
      future('A-4', 'Journée portes ouvertes du CFA', { kind: 'jpo', startDate: '2099-04-01' }),
    ],
  };
  const res = await send(a.visitor, 'PUT', '/api/v1/sources/ev-a/events', v2);
  assert.equal(res.statusCode, 200, res.body);
  assert.deepEqual([res.json().accepted, res.json().removed, res.json().live], [2, 1, 2]);
  const nowA = await eventsOf('ev-a');
  assert.deepEqual(
    nowA.map((e) => [e.push_id, e.title]),
    [
      ['A-1', 'Forum des métiers du soin'],
      ['A-4', 'Journée portes ouvertes du CFA'],
    ],
  );
  assert.equal(nowA[0].id, a1Before.id, 'même événement de l’agenda, mis à jour');
  assert.deepEqual(await eventsOf('ev-b'), bBefore);
  assert.deepEqual(await othersThanA(), others);
  assert.equal((await new Visitor(server.app).get(`/api/v1/agenda/events/${handEntered}`)).json().title, 'Réunion saisie à la main');
  // The change feed saw the removal of A-2 (its triggers on agenda_event).
  const removed = await sql<{ action: string }>`
    SELECT c.action FROM exchange_change c WHERE c.kind = 'evenement' AND c.id = ${String(a2Before.id)}`.execute(server.handle.db);
  assert.deepEqual(
    removed.rows.map((r) => r.action),
    ['supprime'],
  );

  // The same push again: nothing rewritten.
  const again = await send(a.visitor, 'PUT', '/api/v1/sources/ev-a/events', v2);
  assert.deepEqual([again.json().accepted, again.json().removed, again.json().live], [2, 0, 2]);
  assert.deepEqual(await eventsOf('ev-a'), nowA);

  // One event alone: created or updated by its identifier, the others kept.
  const one = await send(a.visitor, 'POST', '/api/v1/sources/ev-a/events', future('A-5', 'Réunion d’information'));
  assert.equal(one.statusCode, 200, one.body);
  assert.deepEqual([one.json().mode, one.json().accepted, one.json().removed, one.json().live], ['un-evenement', 1, 0, 3]);
  const upd = await send(
    a.visitor,
    'POST',
    '/api/v1/sources/ev-a/events',
    future('A-4', 'Portes ouvertes (nouvel horaire)', { kind: 'jpo' }),
  );
  assert.deepEqual([upd.json().accepted, upd.json().live], [1, 3]);
  assert.deepEqual(
    (await eventsOf('ev-a')).map((e) => [e.push_id, e.title]),
    [
      ['A-1', 'Forum des métiers du soin'],
      ['A-4', 'Portes ouvertes (nouvel horaire)'],
      ['A-5', 'Réunion d’information'],
    ],
  );
  // An invalid version of a known event: rejected, its previous version stays.
  const bad = await send(a.visitor, 'PUT', '/api/v1/sources/ev-a/events', {
    events: [future('A-1', 'Forum', { startTime: '14:00', endTime: '10:00' }), future('A-4', 'Portes ouvertes', { kind: 'jpo' })],
  });
  assert.equal(bad.statusCode, 200, bad.body);
  const r = bad.json();
  assert.deepEqual([r.accepted, r.rejected, r.removed, r.live], [1, 1, 1, 2]);
  assert.deepEqual(r.events[0].errors, [{ path: '/events/0/endTime', reason: 'l’heure de fin doit suivre l’heure de début' }]);
  assert.deepEqual(r.events[0].warnings, ['la version précédente de cet événement reste dans l’agenda']);
  assert.deepEqual(
    (await eventsOf('ev-a')).map((e) => [e.push_id, e.title]),
    [
      ['A-1', 'Forum des métiers du soin'],
      ['A-4', 'Portes ouvertes'],
    ],
  );
  assert.deepEqual(await eventsOf('ev-b'), bBefore);
  assert.deepEqual(await othersThanA(), others);
});

test('each provider sees only its own sources and event pushes; another’s source is refused and unchanged', async () => {
  // The structure's sources, at the address the contract gives them.
  const mine = await send(a.visitor, 'GET', pushRoutes.sources.url);
  assert.equal(mine.statusCode, 200, mine.body);
  assert.deepEqual(
    mine.json().sources.map((s: { name: string; live: number; events: number }) => [s.name, s.live, s.events]),
    [['ev-a', 0, 2]],
  );
  const history = await send(a.visitor, 'GET', '/api/v1/sources/ev-a/event-pushes');
  assert.equal(history.statusCode, 200, history.body);
  assert.deepEqual(
    history.json().pushes.map((p: { mode: string; accepted: number; rejected: number }) => [p.mode, p.accepted, p.rejected]),
    [
      ['complet', 1, 1],
      ['un-evenement', 1, 0],
      ['un-evenement', 1, 0],
      ['complet', 2, 0],
      ['complet', 2, 0],
      ['complet', 2, 1],
    ],
  );
  const report = await send(a.visitor, 'GET', `/api/v1/sources/ev-a/event-pushes/${firstA}`);
  assert.equal(report.statusCode, 200);
  assert.equal(report.json().events[2].errors[0].path, '/events/2/kind');
  for (const url of [
    '/api/v1/sources/ev-a/event-pushes',
    `/api/v1/sources/ev-a/event-pushes/${firstA}`,
    `/api/v1/sources/ev-b/event-pushes/${firstA}`,
  ]) {
    const res = await send(b.visitor, 'GET', url);
    assert.equal(res.statusCode, 404, `${url} : ${res.body}`);
  }
  assert.equal((await send(b.visitor, 'GET', `/api/v1/sources/ev-b/event-pushes/${pushB}`)).statusCode, 200);

  const aBefore = await eventsOf('ev-a');
  const theirs = await send(b.visitor, 'PUT', '/api/v1/sources/ev-a/events', { events: [] });
  assert.equal(theirs.statusCode, 403);
  assert.match(theirs.json().error, /appartient à une autre structure/);
  assert.deepEqual(await eventsOf('ev-a'), aBefore);
});

test('wrong bodies are refused in French: a calendar, XML, one event that is not an object', async () => {
  const ics = await send(a.visitor, 'PUT', '/api/v1/sources/ev-a/events', 'BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n', 'text/calendar');
  assert.equal(ics.statusCode, 415);
  assert.match(ics.json().error, /en JSON .*iCalendar n’est pas accepté/);
  const xml = await send(a.visitor, 'POST', '/api/v1/sources/ev-a/events', Buffer.from('<lheo/>'), 'application/xml');
  assert.equal(xml.statusCode, 415);
  const list = await send(a.visitor, 'POST', '/api/v1/sources/ev-a/events', [future('A-9', 'Liste')]);
  assert.equal(list.statusCode, 400);
  assert.match(list.json().error, /un objet JSON est attendu/);
  const wrapped = await send(a.visitor, 'POST', '/api/v1/sources/ev-a/events', { events: [future('A-9', 'Liste')] });
  assert.equal(wrapped.statusCode, 400);
  assert.match(wrapped.json().error, /un seul événement est attendu ici .*par PUT/);
  const notObject = await send(a.visitor, 'PUT', '/api/v1/sources/ev-a/events', {
    events: [42, future('A-1', 'Forum des métiers du soin', { commune: '44109', url: 'https://cfa-a.example/forum' })],
  });
  assert.equal(notObject.statusCode, 200, notObject.body);
  assert.deepEqual(notObject.json().events[0].errors, [{ path: '/events/0', reason: 'un objet JSON est attendu pour chaque événement' }]);
  assert.deepEqual(
    (await eventsOf('ev-a')).map((e) => e.push_id),
    ['A-1'],
  );
});

test('a moderator’s unpublishing holds over re-pushes', async () => {
  const [a1] = await eventsOf('ev-a');
  const moderator = await account(server, ['moderateur']);
  const m = new Visitor(server.app, '198.51.100.13');
  await m.signIn(moderator.email);
  assert.equal((await m.submit(`/api/v1/agenda/events/${a1.id}/unpublish`)).statusCode, 200);
  const res = await send(a.visitor, 'POST', '/api/v1/sources/ev-a/events', future('A-1', 'Forum republié ?'));
  assert.equal(res.statusCode, 200, res.body);
  assert.match(res.json().events[0].warnings.join(' '), /dépublié par la modération/);
  assert.equal(res.json().live, 0);
  assert.equal((await new Visitor(server.app).get(`/api/v1/agenda/events/${a1.id}`)).statusCode, 404);
});

test('a partner program pushes with a key that has push:events; a key without it gets 403', async () => {
  const create = async (scopes: string[]) => {
    const res = await a.visitor.submit('/api/v1/structure/keys', { name: `Agenda ${scopes.join(' ')}`, scopes });
    assert.equal(res.statusCode, 200, res.body);
    return res.json().secret as string;
  };
  const bearer = (secret: string, method: 'PUT' | 'POST' | 'GET', url: string, body?: unknown) =>
    server.app.inject({
      method,
      url,
      payload: body === undefined ? undefined : JSON.stringify(body),
      remoteAddress: '198.51.100.60',
      headers: { authorization: `Bearer ${secret}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    });
  const events = await create(['push:events']);
  const offers = await create(['push:offers']);
  const bBefore = await eventsOf('ev-b');
  const ok = await bearer(events, 'PUT', '/api/v1/sources/ev-a/events', { events: [future('A-7', 'Forum par logiciel')] });
  assert.equal(ok.statusCode, 200, ok.body);
  assert.deepEqual([ok.json().by, ok.json().accepted, ok.json().live], ['cle', 1, 1]);
  assert.equal((await bearer(events, 'GET', pushRoutes.sources.url)).statusCode, 200, 'une clé push:events liste les sources');
  assert.equal((await bearer(events, 'GET', `/api/v1/sources/ev-a/event-pushes/${ok.json().id}`)).statusCode, 200);
  assert.equal((await bearer(events, 'PUT', '/api/v1/sources/ev-b/events', { events: [] })).statusCode, 403);
  for (const [method, url] of [
    ['PUT', '/api/v1/sources/ev-a/events'],
    ['POST', '/api/v1/sources/ev-a/events'],
  ] as const) {
    const refused = await bearer(offers, method, url, method === 'PUT' ? { events: [] } : future('A-8', 'Refusé'));
    assert.equal(refused.statusCode, 403, `${method} ${url}`);
    assert.equal(refused.json().error, 'Cette clé d’API n’a pas accès à cette ressource.');
  }
  assert.equal((await bearer(offers, 'GET', '/api/v1/sources/ev-a/event-pushes')).statusCode, 403);
  assert.deepEqual(await eventsOf('ev-b'), bBefore);
  // The whole set is A-7 alone: A-1 (unpublished by the moderator) leaves the source.
  assert.deepEqual(
    (await eventsOf('ev-a')).map((e) => e.push_id),
    ['A-7'],
  );
});
