/**
 * The agenda's API over the real bundle: the list's filters (period, kinds, text, département,
 * distance around a commune), the map's GeoJSON, the iCalendar exports of one event and of a
 * filtered list parsed back by another library (ical.js: summary, start, end, location, time
 * zone), and the events a CFA or the Région enters: created, edited and cancelled by its own
 * structure, refused to a candidate, to another structure's CFA and on an imported event;
 * unpublished by a moderator; the form's one-time token required.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import ICAL from 'ical.js';
import { DateTime } from 'luxon';
import { buildServer } from '../../src/app/server.ts';
import { identityDb } from '../../src/identity/db.ts';
import type { AgendaEvent, AgendaList } from '../../src/agenda/contract.ts';
import { bundleDir, openBundleDatabase } from '../helpers/db.ts';
import { account, Visitor, type TestServer } from '../identity/helpers.ts';
import { refusal } from '../helpers/refusal.ts';

const skip = bundleDir() ? false : 'pas de lot de données (PASSERELLES_DATA_DIR)';

let server: TestServer;
let anyone: Visitor;

before(
  async () => {
    if (skip) return;
    const handle = await openBundleDatabase();
    const { app, guarded } = await buildServer(handle, { logger: false, rateLimit: 100_000 });
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
    anyone = new Visitor(app);
  },
  { timeout: 300_000 },
);
after(() => server?.close());

async function list(query: string): Promise<AgendaList> {
  const res = await anyone.get(`/api/v1/agenda/events?${query}`);
  assert.equal(res.statusCode, 200, res.body);
  return res.json();
}

/** The VEVENTs of an iCalendar text, read by ical.js with the file's own VTIMEZONE registered. */
function parseIcs(text: string): InstanceType<typeof ICAL.Event>[] {
  const calendar = new ICAL.Component(ICAL.parse(text));
  for (const zone of calendar.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(zone);
  return calendar.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
}

/** An ISO day `days` from today (Paris), for events that stay "à venir" whenever the test runs. */
const inDays = (days: number) => DateTime.now().setZone('Europe/Paris').plus({ days }).toISODate()!;

test('by default only events not yet over; past ones on request, newest first', { skip }, async () => {
  const upcoming = await list('pageSize=100');
  assert.ok(
    upcoming.results.every((e) => e.endDate >= inDays(0)),
    JSON.stringify(upcoming.results.map((e) => e.endDate)),
  );
  assert.ok(!upcoming.results.some((e) => e.title === 'Salon du lycéen et de l’étudiant'));
  const past = await list('when=past&q=rennes&pageSize=100');
  assert.ok(past.total >= 3);
  assert.deepEqual(
    past.results.map((e) => e.startDate),
    [...past.results.map((e) => e.startDate)].sort().reverse(),
  );
  const bad = await anyone.get('/api/v1/agenda/events?from=2025-02-30');
  assert.equal(bad.statusCode, 400);
  assert.deepEqual(refusal(bad), {
    error: 'date invalide « 2025-02-30 » : une date réelle au format AAAA-MM-JJ est attendue',
    field: 'from',
  });
  const badKind = await anyone.get('/api/v1/agenda/events?kinds=concert');
  assert.equal(badKind.json().error, 'type inconnu « concert » (attendu : salon, forum, jpo, info)');
});

test('filters: kinds with their counts, text, département, days, a radius around Angers', { skip }, async () => {
  const forums = await list('when=all&kinds=forum&pageSize=100');
  assert.equal(forums.total, 11);
  assert.ok(forums.results.every((e) => e.kind === 'forum' && e.kindLabel === 'Forum'));
  assert.deepEqual(
    forums.kinds.map((k) => [k.value, k.count]),
    [
      ['salon', 79],
      ['forum', 11],
      ['jpo', 442],
      ['info', 0],
    ],
  );

  const studyrama = await list('when=all&q=Studyrama Lille');
  assert.ok(studyrama.total >= 3);
  assert.ok(studyrama.results.every((e) => e.organizer === 'Studyrama' && e.commune?.name === 'Lille'));

  const rennes = await list('when=all&departement=35');
  assert.deepEqual(
    rennes.results.map((e) => [e.startDate, e.commune?.name, e.venue]),
    [
      ['2025-01-09', 'Rennes', 'Parc Expo'],
      ['2025-03-01', 'Rennes', null],
      ['2025-03-01', 'Rennes', null],
    ],
  );
  assert.match(rennes.notes[0], /^445 événements sans lieu connu \(les journées portes ouvertes de l’Onisep/);

  // Events that overlap a day: the three-day fair in Rennes is on on 10 January.
  const tenth = await list('when=all&from=2025-01-10&to=2025-01-10&departement=35');
  assert.deepEqual(
    tenth.results.map((e) => e.when),
    ['du jeudi 9 janvier 2025 au samedi 11 janvier 2025'],
  );

  const angers = await list('when=all&commune=49007&radiusKm=50');
  assert.deepEqual(
    angers.results.map((e) => [e.title, e.commune?.code, e.distanceKm]),
    [['La Nuit de l’Orientation', '49007', 0]],
  );
  assert.deepEqual(angers.near, { commune: '49007', label: 'Angers', radiusKm: 50 });
  const wider = await list('when=all&commune=49007&radiusKm=150');
  assert.ok(wider.results.some((e) => e.commune?.name === 'Laval' && e.distanceKm! > 50 && e.distanceKm! < 150));
  assert.ok(wider.results.every((e) => e.distanceKm! <= 150));
});

test('the map: one GeoJSON point per placed event, with its page', { skip }, async () => {
  const res = await anyone.get('/api/v1/agenda/places?when=all&departement=35');
  assert.equal(res.statusCode, 200);
  assert.match(String(res.headers['content-type']), /^application\/geo\+json/);
  const map = res.json();
  assert.equal(map.shown, 3);
  const [first] = map.features;
  assert.deepEqual(
    first.geometry.coordinates.map((c: number) => Math.round(c)),
    [-2, 48],
  );
  assert.match(first.properties.href, /^\/apprentissage\/agenda\/\d+$/);
  assert.equal(first.properties.ville, 'Parc Expo, Rennes');
});

test('iCalendar of one event, read back by ical.js: a timed open day in Paris time, an all-day fair', { skip }, async () => {
  const [openDay] = (await list('when=all&q=ENS.10008')).results;
  const res = await anyone.get(`/api/v1/agenda/events/${openDay.id}.ics`);
  assert.equal(res.statusCode, 200);
  assert.match(String(res.headers['content-type']), /^text\/calendar/);
  assert.equal(res.headers['content-disposition'], `attachment; filename="evenement-${openDay.id}.ics"`);
  assert.match(res.body, /DTSTART;TZID=Europe\/Paris:20250405T090000/);
  const [event] = parseIcs(res.body);
  assert.equal(event.summary, 'Journée portes ouvertes');
  // 9:00 and 12:00 in Paris on 5 April 2025 (summer time, UTC+2).
  assert.equal(event.startDate.toJSDate().toISOString(), '2025-04-05T07:00:00.000Z');
  assert.equal(event.endDate.toJSDate().toISOString(), '2025-04-05T10:00:00.000Z');
  assert.equal(event.startDate.zone?.tzid, 'Europe/Paris');
  assert.match(event.description, /Organisé par Établissement Onisep ENS\.10008/);

  const [fair] = (await list('when=all&departement=35')).results;
  const [day] = parseIcs((await anyone.get(`/api/v1/agenda/events/${fair.id}.ics`)).body);
  assert.equal(day.summary, 'Salon du lycéen et de l’étudiant');
  assert.equal(day.location, 'Parc Expo, Rennes');
  assert.equal(day.startDate.isDate, true);
  assert.equal(day.startDate.toString(), '2025-01-09');
  // DTEND of an all-day event is the day after the last (three days: 9, 10, 11 January).
  assert.equal(day.endDate.toString(), '2025-01-12');
  assert.equal((await anyone.get('/api/v1/agenda/events/999999.ics')).statusCode, 404);
});

test('iCalendar of a filtered list: the same events as the list, read back by ical.js', { skip }, async () => {
  const query = 'when=all&kinds=forum';
  const { results } = await list(`${query}&pageSize=100`);
  const res = await anyone.get(`/api/v1/agenda/export.ics?${query}`);
  assert.equal(res.headers['content-disposition'], 'attachment; filename="agenda-passerelles.ics"');
  const events = parseIcs(res.body);
  assert.equal(events.length, 11);
  assert.deepEqual(
    events.map((e) => [e.summary, e.startDate.toString(), e.endDate.toString(), e.location]),
    results.map((e) => [e.title, e.startDate, DateTime.fromISO(e.endDate).plus({ days: 1 }).toISODate(), `${e.venue}, ${e.commune?.name}`]),
  );
  assert.deepEqual(new Set(events.map((e) => e.uid)).size, 11);
});

const EVENT = {
  kind: 'info',
  title: 'Réunion d’information sur l’apprentissage',
  description: 'Présentation des formations en alternance et rencontre des équipes.',
  startDate: inDays(30),
  startTime: '14:00',
  endTime: '16:30',
  venue: '12 rue des Artisans',
  commune: '49007',
  url: 'https://cfa.exemple.fr/reunion',
};

test('a CFA proposes, edits and cancels its event; the public sees it, then sees it cancelled', { skip }, async () => {
  const cfa = await account(server, ['cfa']);
  const visitor = new Visitor(server.app, '198.51.100.20');
  assert.equal((await visitor.signIn(cfa.email)).statusCode, 200);

  // Without the form's token: refused, nothing created.
  const noToken = await visitor.request('POST', '/api/v1/agenda/events', EVENT);
  assert.equal(noToken.statusCode, 403);
  assert.equal(noToken.json().code, 'formulaire-expire');

  const created = await visitor.submit('/api/v1/agenda/events', EVENT);
  assert.equal(created.statusCode, 200, created.body);
  const event: AgendaEvent = created.json();
  const structure = await server.db.selectFrom('structure').select('name').where('id', '=', cfa.structureId!).executeTakeFirstOrThrow();
  assert.equal(event.organizer, structure.name);
  assert.equal(event.origin, 'saisie');
  assert.equal(event.commune?.name, 'Angers');
  assert.equal(event.allDay, false);

  // In the default list ("à venir"), near Angers, and in the structure's own list.
  const near = await list('commune=49007&radiusKm=10&kinds=info');
  assert.deepEqual(
    near.results.map((e) => e.id),
    [event.id],
  );
  const mine = (await visitor.get('/api/v1/agenda/mine')).json();
  assert.equal(mine.structure, structure.name);
  assert.deepEqual(
    mine.events.map((e: AgendaEvent) => e.id),
    [event.id],
  );

  // Checks in French, naming the field.
  const late = await visitor.submit('/api/v1/agenda/events', { ...EVENT, startTime: '17:00' });
  assert.equal(late.statusCode, 400);
  assert.deepEqual(refusal(late), { error: 'L’heure de fin doit suivre l’heure de début.', field: 'endTime' });
  const script = await visitor.submit('/api/v1/agenda/events', { ...EVENT, url: 'javascript:alert(1)' });
  assert.equal(script.json().field, 'url');
  const past = await visitor.submit('/api/v1/agenda/events', { ...EVENT, startDate: '2024-01-10' });
  assert.equal(past.json().error, 'Cet événement est déjà passé : seuls les événements à venir peuvent être proposés.');

  const edited = await visitor.submit(`/api/v1/agenda/events/${event.id}`, {
    ...EVENT,
    title: 'Soirée des métiers du bâtiment',
    endDate: inDays(31),
  });
  assert.equal(edited.statusCode, 200, edited.body);
  assert.equal(edited.json().title, 'Soirée des métiers du bâtiment');
  assert.equal((await list('q=soiree metiers batiment')).results[0]?.id, event.id);

  const cancelled = await visitor.submit(`/api/v1/agenda/events/${event.id}/cancel`);
  assert.equal(cancelled.json().status, 'annule');
  const [inCalendar] = parseIcs((await anyone.get(`/api/v1/agenda/events/${event.id}.ics`)).body);
  assert.equal(inCalendar.component.getFirstPropertyValue('status'), 'CANCELLED');
  assert.equal(inCalendar.summary, 'ANNULÉ – Soirée des métiers du bâtiment');
  // 14:00 in Paris, whatever the season.
  assert.equal(inCalendar.startDate.toString().slice(11, 16), '14:00');
  assert.equal((await anyone.get(`/api/v1/agenda/events/${event.id}`)).json().status, 'annule');
});

test('refused: a candidate, another structure’s CFA, any change to an imported event', { skip }, async () => {
  const owner = await account(server, ['pilotage']);
  const region = new Visitor(server.app, '198.51.100.21');
  await region.signIn(owner.email);
  const event: AgendaEvent = (
    await region.submit('/api/v1/agenda/events', { ...EVENT, kind: 'forum', title: 'Forum régional de l’alternance' })
  ).json();
  assert.equal(event.kind, 'forum');

  const candidate = await account(server, ['candidat']);
  const someone = new Visitor(server.app, '198.51.100.22');
  await someone.signIn(candidate.email);
  const denied = await someone.submit('/api/v1/agenda/events', EVENT);
  assert.equal(denied.statusCode, 403);
  assert.equal(denied.json().code, 'acces-refuse');
  assert.equal((await someone.submit(`/api/v1/agenda/events/${event.id}`, EVENT)).statusCode, 403);

  const other = await account(server, ['cfa']);
  const otherCfa = new Visitor(server.app, '198.51.100.23');
  await otherCfa.signIn(other.email);
  for (const url of [`/api/v1/agenda/events/${event.id}`, `/api/v1/agenda/events/${event.id}/cancel`]) {
    const res = await otherCfa.submit(url, EVENT);
    assert.equal(res.statusCode, 403, res.body);
    assert.deepEqual(refusal(res), {
      error: 'Cet événement a été proposé par une autre structure : vous ne pouvez pas le modifier.',
      code: 'evenement-non-modifiable',
    });
  }
  assert.equal((await anyone.get(`/api/v1/agenda/events/${event.id}`)).json().title, 'Forum régional de l’alternance');
  assert.deepEqual((await otherCfa.get('/api/v1/agenda/mine')).json().events, []);

  const [imported] = (await list('when=all&departement=35')).results;
  const res = await region.submit(`/api/v1/agenda/events/${imported.id}`, EVENT);
  assert.equal(res.statusCode, 403);
  assert.equal(res.json().error, 'Cet événement vient des données importées : il ne peut pas être modifié ici.');
  assert.equal((await anyone.get('/api/v1/agenda/events/999999')).statusCode, 404);
});

test('a moderator unpublishes an event: it leaves the public agenda, its structure still sees it', { skip }, async () => {
  const owner = await account(server, ['cfa']);
  const cfa = new Visitor(server.app, '198.51.100.24');
  await cfa.signIn(owner.email);
  const event: AgendaEvent = (
    await cfa.submit('/api/v1/agenda/events', { ...EVENT, title: 'Journée découverte des métiers de bouche', kind: 'jpo' })
  ).json();
  const moderator = await account(server, ['moderateur']);
  const mod = new Visitor(server.app, '198.51.100.25');
  await mod.signIn(moderator.email);
  const res = await mod.submit(`/api/v1/agenda/events/${event.id}/unpublish`);
  assert.equal(res.statusCode, 200, res.body);
  assert.equal((await anyone.get(`/api/v1/agenda/events/${event.id}`)).statusCode, 404);
  assert.equal((await list('q=decouverte metiers bouche')).total, 0);
  const mine = (await cfa.get('/api/v1/agenda/mine')).json();
  assert.equal(mine.events[0].status, 'depublie');
  assert.equal((await cfa.submit(`/api/v1/agenda/events/${event.id}`, EVENT)).json().code, 'evenement-non-modifiable');
});
