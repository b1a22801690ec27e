import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql, type Kysely } from 'kysely';
import type { DbHandle } from '../../src/platform/db/connection.ts';
import { runImport } from '../../src/platform/import/run.ts';
import { territorySource, centroid } from '../../src/territories/import.ts';
import { getCommune, territoryCounts } from '../../src/territories/communes.ts';
import { openTestDatabase } from '../helpers/db.ts';
import { snapshot, IMPORT_LOG } from '../helpers/tables.ts';

// The project's own sample, as on a first start without a bundle.
const SAMPLE = fileURLToPath(new URL('../../sample-data', import.meta.url));
const COMPOSITION = 'insee_ze2020_composition_communale_exemple.csv';

/** A copy of the sample's territoires/ folder, with `edit` applied to one of its files. */
function sampleCopy(file: string, edit: (content: Buffer) => Buffer): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'passerelles-territoires-'));
  fs.cpSync(path.join(SAMPLE, 'territoires'), path.join(dir, 'territoires'), { recursive: true });
  const target = path.join(dir, 'territoires', file);
  fs.writeFileSync(target, edit(fs.readFileSync(target)));
  return dir;
}

let handle: DbHandle;
let db: DbHandle['db'];
let firstReports: Awaited<ReturnType<typeof runImport>>['reports'];

before(async () => {
  handle = await openTestDatabase();
  db = handle.db;
  ({ reports: firstReports } = await runImport(db, SAMPLE, [territorySource]));
});

after(async () => {
  await handle?.close();
});

test('the administrative tree comes from the npm package, bundle or not', async () => {
  const {
    rows: [all],
  } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM commune`.execute(db);
  assert.ok(all.n >= 34_900 && all.n < 35_000, `${all.n} communes actuelles`);
  const counts = await territoryCounts(db, '52');
  assert.equal(counts.communes, 1228);
  assert.equal(counts.departements, 5);
  assert.equal(counts.epci.total, 71);

  const nantes = await getCommune(db, '44109');
  assert.ok(nantes);
  assert.equal(nantes.name, 'Nantes');
  assert.equal(nantes.departement, '44');
  assert.equal(nantes.region, '52');
  assert.deepEqual(nantes.postcodes, ['44000', '44100', '44200', '44300']);
  assert.ok(nantes.population! > 300_000);
  assert.equal(nantes.epci?.siren, '244400404');

  const communes = firstReports.find((r) => r.file === '@etalab/decoupage-administratif/communes.json');
  assert.ok(communes);
  assert.match(communes.version, /^6\./);
  assert.equal(communes.inserted, all.n);
});

test('sample polygons give positions; the other communes get approximate ones', async () => {
  const nantes = await getCommune(db, '44109');
  assert.equal(nantes?.positionSource, 'polygone');
  // Centroid of the sample box [-1.64, -1.48] × [47.18, 47.29].
  assert.deepEqual([nantes?.lat, nantes?.lon], [47.235, -1.56]);
  // Saint-Nazaire is a MultiPolygon: the centroid weighs both boxes by area.
  const sn = await getCommune(db, '44184');
  assert.equal(sn?.positionSource, 'polygone');
  assert.ok(Math.abs(sn!.lat! - 47.2814) < 1e-3 && Math.abs(sn!.lon! + 2.2411) < 1e-3, `${sn?.lat}, ${sn?.lon}`);
  // A commune déléguée's polygon (Champtoceaux, 49069) places its commune nouvelle.
  const oree = await getCommune(db, '49126');
  assert.equal(oree?.positionSource, 'polygone');
  assert.deepEqual([oree?.lat, oree?.lon], [47.335, -1.265]);
  // Rezé has no sample polygon: a GeoNames point.
  const reze = await getCommune(db, '44143');
  assert.equal(reze?.positionSource, 'approximatif');
  assert.ok(Math.abs(reze!.lat! - 47.19) < 0.05 && Math.abs(reze!.lon! + 1.57) < 0.05);

  const counts = await territoryCounts(db, '52');
  assert.equal(counts.positions.polygone, 7);
  assert.equal(counts.positions.polygone + counts.positions.approximatif + counts.positions.aucune, 1228);
  assert.ok(counts.positions.approximatif > 1200, JSON.stringify(counts.positions));
  assert.deepEqual(
    counts.zonesEmploi.map((z) => z.code),
    ['5202', '5210', '5211', '5212', '5216', '5219'],
  );
  assert.equal(counts.bassinsBmo.length, 6);
  assert.deepEqual(nantes?.zoneEmploi, { code: '5216', name: 'Nantes' });

  const notes = firstReports.find((r) => r.file === '@etalab/decoupage-administratif/communes.json')!.notes.join('\n');
  assert.match(notes, /Positions \(région 52 Pays de la Loire\) : 7 d’après un polygone, \d+ approximatives .*, \d+ sans position/);
  const geojson = firstReports.find((r) => r.file === 'territoires/communes-exemple.geojson')!;
  assert.equal(geojson.read, 7);
  assert.equal(geojson.rejects.length, 0);
});

test('a second import of the same files changes nothing', async () => {
  const before = await snapshot(db);
  const { reports } = await runImport(db, SAMPLE, [territorySource]);
  for (const r of reports) {
    assert.deepEqual([r.inserted, r.updated, r.deleted], [0, 0, 0], r.summary());
    assert.ok(!r.notes.some((n) => /\d+ ajoutés, \d+ modifiés, \d+ retirés/.test(n)), r.notes.join('\n'));
  }
  assert.deepEqual(await snapshot(db, IMPORT_LOG), Object.fromEntries(Object.entries(before).filter(([t]) => !IMPORT_LOG.includes(t))));
});

test('a structurally broken CSV stops the import with file:line: reason and changes nothing', async (t) => {
  const cases: { name: string; edit: (b: Buffer) => Buffer; message: RegExp }[] = [
    {
      // A download cut in the middle of the last line.
      name: 'ligne tronquée',
      edit: (b) => b.subarray(0, b.lastIndexOf('Roche-sur-Yon,5210')),
      message: new RegExp(`^territoires/${COMPOSITION}:10: nombre de colonnes incorrect \\(7 attendues, 2 trouvées\\)`),
    },
    {
      name: 'ligne tronquée dans un champ entre guillemets',
      edit: (b) => Buffer.concat([b.subarray(0, b.lastIndexOf('85191')), Buffer.from('85191,"La Roche-')]),
      message: new RegExp(`^territoires/${COMPOSITION}:10: guillemet non fermé`),
    },
    {
      name: 'nombre de colonnes',
      edit: (b) => Buffer.from(b.toString('utf8').replace('44143,Rezé,5216,Nantes,,44,52', '44143,Rezé,5216,Nantes,,44')),
      message: new RegExp(`^territoires/${COMPOSITION}:3: nombre de colonnes incorrect \\(7 attendues, 6 trouvées\\)`),
    },
    {
      name: 'UTF-8 invalide',
      // "Rezé" written in Latin-1: a lone 0xE9 byte.
      edit: (b) => Buffer.from(b.toString('latin1').replace('RezÃ©', 'Rez\u00e9'), 'latin1'),
      message: new RegExp(`^territoires/${COMPOSITION}:3: octets invalides pour l’encodage UTF-8`),
    },
  ];
  const before = await snapshot(db);
  for (const c of cases) {
    await t.test(c.name, async () => {
      const dir = sampleCopy(COMPOSITION, c.edit);
      try {
        await assert.rejects(runImport(db, dir, [territorySource]), (e: Error) => {
          assert.equal(e.name, 'ImportError');
          assert.match(e.message, c.message);
          return true;
        });
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
      assert.deepEqual(await snapshot(db), before);
    });
  }
});

test('a broken GeoJSON stops the import with file:line: reason', async () => {
  const dir = sampleCopy('communes-exemple.geojson', (b) => b.subarray(0, b.length - 40));
  try {
    await assert.rejects(runImport(db, dir, [territorySource]), /^ImportError: territoires\/communes-exemple\.geojson:\d+: /);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('faulty rows are rejected with their line and a reason; the rest is imported', async () => {
  const dir = sampleCopy(COMPOSITION, (b) =>
    Buffer.from(
      b
        .toString('utf8')
        .replace('44162,Saint-Herblain,5216', '44162,Saint-Herblain,9999')
        .replace('53130,Laval,5211', '5313,Laval,5211')
        .concat('44109,Nantes,5216,Nantes,,44,52\r\n'),
    ),
  );
  const geojson = path.join(dir, 'territoires', 'communes-exemple.geojson');
  const lines = fs.readFileSync(geojson, 'utf8').split('\n');
  lines[1] = lines[1].replace('"44109"', '"99999"');
  lines[2] = lines[2].replace(/"type":"Polygon","coordinates":\[\[.*?\]\]\}/, '"type":"Point","coordinates":[-0.55,47.47]}');
  fs.writeFileSync(geojson, lines.join('\n'));
  const scratch = await openTestDatabase();
  try {
    const { reports } = await runImport(scratch.db, dir, [territorySource]);
    const compo = reports.find((r) => r.file === `territoires/${COMPOSITION}`)!;
    assert.deepEqual(compo.rejects, [
      { line: 4, reason: 'zone d’emploi 9999 absente de territoires/insee_ze2020_liste_exemple.csv' },
      { line: 8, reason: 'code commune invalide : « 5313 »' },
      { line: 11, reason: 'doublon de la ligne 2 (clé 44109)' },
    ]);
    assert.deepEqual([compo.read, compo.inserted], [10, 7]);
    const polygons = reports.find((r) => r.file === 'territoires/communes-exemple.geojson')!;
    assert.deepEqual(polygons.rejects, [
      { line: 2, reason: 'code commune 99999 inconnu du COG 6.0.0 (ni actuel, ni délégué, ni ancien)' },
      { line: 3, reason: 'commune 49007 : géométrie « Point » non prise en charge (Polygon ou MultiPolygon attendu)' },
    ]);
    const nantes = await getCommune(scratch.db, '44109');
    assert.equal(nantes?.positionSource, 'approximatif');
  } finally {
    await scratch.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('centroid: area-weighted, MultiPolygon, holes whatever the winding', () => {
  const square = (x: number, y: number, s: number) => [
    [x, y],
    [x + s, y],
    [x + s, y + s],
    [x, y + s],
    [x, y],
  ];
  const c1 = centroid({ type: 'Polygon', coordinates: [square(0, 0, 2)] });
  assert.deepEqual(c1, { lon: 1, lat: 1, a: 4 });
  // Two squares of areas 4 and 1: the centroid leans towards the bigger one.
  const c2 = centroid({ type: 'MultiPolygon', coordinates: [[square(0, 0, 2)], [[...square(10, 0, 1)].reverse()]] });
  assert.ok(typeof c2 !== 'string');
  assert.ok(Math.abs(c2.lon - (4 * 1 + 1 * 10.5) / 5) < 1e-12 && Math.abs(c2.lat - (4 * 1 + 0.5) / 5) < 1e-12);
  // A hole in the right half moves the centroid left; same result with the hole wound either way.
  const holed = centroid({ type: 'Polygon', coordinates: [square(0, 0, 4), square(2, 1, 2)] });
  const holed2 = centroid({ type: 'Polygon', coordinates: [square(0, 0, 4), [...square(2, 1, 2)].reverse()] });
  assert.deepEqual(holed, holed2);
  assert.ok(typeof holed !== 'string' && holed.a === 12 && Math.abs(holed.lon - (16 * 2 - 4 * 3) / 12) < 1e-12);
  assert.equal(
    centroid({ type: 'Point', coordinates: [0, 0] }),
    'géométrie « Point » non prise en charge (Polygon ou MultiPolygon attendu)',
  );
  assert.equal(
    centroid({
      type: 'Polygon',
      coordinates: [
        [
          [0, 0],
          [1, 1],
          [0, 0],
        ],
      ],
    }),
    'anneau de moins de 4 points',
  );
});
