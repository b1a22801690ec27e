/**
 * The agenda's import of the real bundle (PASSERELLES_DATA_DIR, `evenements/`): what each file
 * gives, a known open day and a known fair with its date and commune, the report of what could not
 * be read or placed, a second run that changes nothing (and keeps what structures entered and
 * what moderators unpublished), and malformed files refused with their name, line and reason, the
 * database left as it was.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import type { DbHandle } from '../../src/platform/db/connection.ts';
import { ImportError } from '../../src/platform/import/errors.ts';
import { runImport } from '../../src/platform/import/run.ts';
import { agendaSource } from '../../src/agenda/import.ts';
import { readFrenchWhen } from '../../src/agenda/when.ts';
import { bundleDir, openBundleDatabase } from '../helpers/db.ts';
import { IMPORT_LOG, count, snapshot } from '../helpers/tables.ts';
import { storedReport } from '../helpers/reports.ts';

const dir = bundleDir();
const skip = dir ? false : 'pas de lot de données (PASSERELLES_DATA_DIR)';
const FIXTURES = path.resolve(import.meta.dirname, '../fixtures/agenda');

let handle: DbHandle;
let db: DbHandle['db'];

before(
  async () => {
    if (!dir) return;
    handle = await openBundleDatabase();
    db = handle.db;
  },
  { timeout: 300_000 },
);
after(async () => {
  await handle?.close();
});

interface Stored {
  title: string;
  kind: string;
  organizer: string | null;
  start_date: string;
  end_date: string;
  start_time: string | null;
  end_time: string | null;
  venue: string | null;
  commune: string | null;
  establishment: string | null;
  url: string | null;
}

async function events(where: ReturnType<typeof sql>): Promise<Stored[]> {
  const { rows } = await sql<Stored>`
    SELECT title, kind, organizer, start_date::text AS start_date, end_date::text AS end_date,
      to_char(start_time, 'HH24:MI') AS start_time, to_char(end_time, 'HH24:MI') AS end_time, venue, commune, establishment, url
    FROM agenda_event WHERE ${where} ORDER BY start_date, id`.execute(db);
  return rows;
}

test('the open days, January fairs and March fairs: read, kept and rejected per file', { skip }, async () => {
  const files = await db
    .selectFrom('import_file')
    .select(['file', 'rows_read', 'inserted', 'rejected'])
    .where('source', '=', 'evenements')
    .orderBy('file')
    .execute();
  assert.deepEqual(
    files.map((f) => [f.file, f.rows_read, f.inserted, f.rejected]),
    [
      ['evenements/jpo.json', 803, 442, 361],
      ['evenements/salons_january.json', 68, 68, 0],
      ['evenements/salons_march.json', 23, 22, 1],
    ],
  );
  assert.equal(await count(db, 'agenda_event'), 442 + 68 + 22);
  assert.equal(await count(db, 'agenda_event', sql`kind = 'jpo'`), 442);
  assert.equal(await count(db, 'agenda_event', sql`kind = 'forum'`), 11);
  // Fairs are placed on a commune when the town is found; open days never are (see below).
  assert.equal(await count(db, 'agenda_event', sql`kind <> 'jpo' AND commune IS NOT NULL`), 65 + 22);
  assert.equal(await count(db, 'agenda_event', sql`kind = 'jpo' AND commune IS NOT NULL`), 0);
});

test('a known open day: ENS.10008 on 5 April 2025 from 9:00 to 12:00, with its Onisep page and no place', { skip }, async () => {
  assert.deepEqual(await events(sql`establishment = 'ENS.10008'`), [
    {
      title: 'Journée portes ouvertes',
      kind: 'jpo',
      organizer: 'Établissement Onisep ENS.10008',
      start_date: '2025-04-05',
      end_date: '2025-04-05',
      start_time: '09:00',
      end_time: '12:00',
      venue: null,
      commune: null,
      establishment: 'ENS.10008',
      url: 'https://www.onisep.fr/http/redirection/etablissement/slug/ENS.10008',
    },
  ]);
  // "de 9h à 13h et de 14h à 17h30": the day's span.
  const [terrade] = await events(sql`establishment = 'ENS.18188' AND start_date = '2025-07-05'`);
  assert.deepEqual([terrade.start_time, terrade.end_time], ['09:00', '17:30']);
  // "Du 28 mars 2025 à 17h30 au 29 mars 2025 à 13h00": two days, from a time to a time.
  const [two] = await events(sql`establishment = 'ENS.11365'`);
  assert.deepEqual([two.start_date, two.start_time, two.end_date, two.end_time], ['2025-03-28', '17:30', '2025-03-29', '13:00']);
});

test('known fairs: Rennes for three days from 9 January 2025, Cherbourg-en-Cotentin from its dashed name', { skip }, async () => {
  const [rennes] = await events(sql`source_file = 'evenements/salons_january.json' AND city = 'Parc Expo — Rennes'`);
  assert.deepEqual(rennes, {
    title: 'Salon du lycéen et de l’étudiant',
    kind: 'salon',
    organizer: 'L’Étudiant',
    start_date: '2025-01-09',
    end_date: '2025-01-11',
    start_time: null,
    end_time: null,
    venue: 'Parc Expo',
    commune: '35238',
    establishment: null,
    url: null,
  });
  const [cherbourg] = await events(sql`city LIKE 'Grande Halle de La Cité de la Mer%'`);
  assert.equal(cherbourg.commune, '50129');
  assert.equal(cherbourg.venue, 'Grande Halle de La Cité de la Mer');
  const [tours] = await events(sql`city = 'Parc des expositions — Tours'`);
  assert.deepEqual([tours.kind, tours.organizer, tours.commune], ['forum', 'Région Centre-Val de Loire', '37261']);
  // The March file names the town alone.
  const nancy = await events(sql`source_file = 'evenements/salons_march.json' AND city = 'Nancy'`);
  assert.deepEqual(
    nancy.map((e) => [e.start_date, e.commune]),
    [['2025-03-01', '54395']],
  );
});

test('the report names what was not read (key, line, reason) and what could not be placed', { skip }, async () => {
  const jpo = await storedReport(db, 'evenements/jpo.json');
  const rejects = jpo.rejects as { line: number; reason: string }[];
  assert.deepEqual(
    rejects.find((r) => r.reason.startsWith('ENS.1025 ')),
    {
      line: 119,
      reason: 'ENS.1025 : « le 21 février, de 8h à 15h » : année absente : la date ne peut pas être située',
    },
  );
  assert.equal(rejects.filter((r) => r.reason.includes('année absente')).length, 5);
  assert.equal(rejects.filter((r) => r.reason.includes('date indicative d’une édition précédente')).length, 356);
  const notes = (jpo.notes as string[]).join('\n');
  assert.match(notes, /1418 établissements, 678 avec au moins une date ; 442 journées portes ouvertes importées/);
  assert.match(notes, /sans lieu : aucun fichier du lot ne relie un identifiant d’établissement Onisep \(ENS\.…\) à une commune/);
  assert.match(notes, /356 dates indicatives d’éditions précédentes non importées/);

  const march = await storedReport(db, 'evenements/salons_march.json');
  assert.deepEqual(march.rejects, [{ line: 156, reason: 'élément 23 : date « Mars » illisible (attendu JJ/MM/AAAA)' }]);

  const january = await storedReport(db, 'evenements/salons_january.json');
  const placed = (january.notes as string[]).join('\n');
  assert.match(placed, /65 événements placés sur une commune, 3 sans commune trouvée/);
  assert.match(placed, /ligne 373 « Paris Montreuil Expo »/);
  assert.match(placed, /« Vélodrome — Saint-Quentin-en-Yvelines »/);
  assert.match(placed, /« Valence » : 3 communes de ce nom, la plus peuplée est retenue \(Valence, 26362\)/);
  // Unplaced, yet kept: the text of the town stays for the reader.
  assert.equal(await count(db, 'agenda_event', sql`city = 'Paris Montreuil Expo' AND commune IS NULL`), 1);
});

test('a second run changes nothing; events of structures and moderators’ decisions stay', { skip }, async () => {
  const { id: structureId } = await db
    .insertInto('structure')
    .values({ name: 'CFA du bâtiment', kind: 'cfa', code: '0490000X', siret: null })
    .returning('id')
    .executeTakeFirstOrThrow();
  await sql`INSERT INTO agenda_event (structure_id, kind, title, organizer, start_date, end_date, search_text)
    VALUES (${structureId}, 'info', 'Réunion d’information apprentissage', 'CFA du bâtiment', '2030-03-04', '2030-03-04', 'reunion')`.execute(
    db,
  );
  await sql`UPDATE agenda_event SET status = 'depublie' WHERE establishment = 'ENS.10008'`.execute(db);
  const before = await snapshot(db, IMPORT_LOG);
  const { reports } = await runImport(db, dir!, [agendaSource]);
  assert.deepEqual(
    reports.map((r) => [r.file, r.inserted, r.updated, r.deleted]),
    [
      ['evenements/jpo.json', 0, 0, 0],
      ['evenements/salons_january.json', 0, 0, 0],
      ['evenements/salons_march.json', 0, 0, 0],
    ],
  );
  assert.deepEqual(await snapshot(db, IMPORT_LOG), before);
});

test('a file that is not JSON is refused with its name and line; nothing changes, not even the files read before it', {
  skip,
}, async () => {
  // The real open days without one establishment (its events would be removed) next to a broken fairs file.
  const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'passerelles-agenda-'));
  try {
    fs.mkdirSync(path.join(copy, 'evenements'));
    const jpo = JSON.parse(fs.readFileSync(path.join(dir!, 'evenements/jpo.json'), 'utf8'));
    delete jpo['ENS.18188'];
    fs.writeFileSync(path.join(copy, 'evenements/jpo.json'), JSON.stringify(jpo, null, 4));
    fs.copyFileSync(path.join(FIXTURES, 'json-casse/evenements/salons_avril.json'), path.join(copy, 'evenements/salons_avril.json'));
    const before = await snapshot(db);
    await assert.rejects(runImport(db, copy, [agendaSource]), (e: unknown) => {
      assert.ok(e instanceof ImportError, String(e));
      assert.equal(e.file, 'evenements/salons_avril.json');
      assert.equal(e.line, 9);
      assert.match(e.reason, /^JSON illisible : /);
      return true;
    });
    assert.deepEqual(await snapshot(db), before);
    assert.equal(await count(db, 'agenda_event', sql`establishment = 'ENS.18188'`), 9);
  } finally {
    fs.rmSync(copy, { recursive: true, force: true });
  }
});

test('a fairs file that is not a list is refused with the reason', { skip }, async () => {
  const before = await snapshot(db);
  await assert.rejects(runImport(db, path.join(FIXTURES, 'structure-inattendue'), [agendaSource]), (e: unknown) => {
    assert.ok(e instanceof ImportError, String(e));
    assert.equal(
      e.message,
      'evenements/salons_avril.json:1: structure inattendue : une liste d’objets { date, thème, organisateur, ville, durée } est attendue',
    );
    return true;
  });
  assert.deepEqual(await snapshot(db), before);
});

test('French date texts of the open days', () => {
  const ok = (text: string) => {
    const r = readFrenchWhen(text);
    assert.ok(r.ok, `${text} : ${r.ok ? '' : r.reason}`);
    return r.when;
  };
  assert.deepEqual(ok('Le 1er mars 2025'), { startDate: '2025-03-01', endDate: '2025-03-01', startTime: null, endTime: null });
  assert.deepEqual(ok('le 22 février 2025 de 9h à 16h (sur le site de Saint-Paul)'), {
    startDate: '2025-02-22',
    endDate: '2025-02-22',
    startTime: '09:00',
    endTime: '16:00',
  });
  assert.deepEqual(ok('Du 14 mars 2025 au 15 mars 2025 (le 14/03 : de 9h à 15h30)'), {
    startDate: '2025-03-14',
    endDate: '2025-03-15',
    startTime: null,
    endTime: null,
  });
  const refused = (text: string) => {
    const r = readFrenchWhen(text);
    assert.ok(!r.ok, text);
    return r.reason;
  };
  assert.equal(refused('Le 30 février 2025 de 9h à 12h'), 'date inexistante (30 février 2025)');
  assert.equal(refused('Le 5 avril 2025 de 14h à 12h'), 'fin (12:00) avant le début (14:00)');
  assert.equal(refused('le 21 février, de 8h à 15h'), 'année absente : la date ne peut pas être située');
  assert.match(refused('Sur rendez-vous'), /^forme de date non reconnue/);
  assert.match(refused('Date(s) indicative(s) des Journées portes ouvertes précédentes : le 23/03/2024'), /^date indicative/);
});
