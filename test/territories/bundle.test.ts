import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import type { DbHandle } from '../../src/platform/db/connection.ts';
import { getCommune, searchCommunes, territoryCounts, type TerritoryCounts } from '../../src/territories/communes.ts';
import { bundleDir, openBundleDatabase } from '../helpers/db.ts';

// The whole bundle (PASSERELLES_DATA_DIR): real polygons, zones d'emploi and bassins BMO.
const skip = bundleDir() ? false : 'pas de lot de données (PASSERELLES_DATA_DIR)';

let handle: DbHandle;
let pdl: TerritoryCounts;

before(async () => {
  if (skip) return;
  handle = await openBundleDatabase();
  pdl = await territoryCounts(handle.db, '52');
});

after(async () => {
  await handle?.close();
});

test('Pays de la Loire: 1,228 communes in 5 départements', { skip }, () => {
  assert.equal(pdl.communes, 1228);
  assert.equal(pdl.departements, 5);
});

test('71 EPCI include communes of the région: 67 wholly inside, 4 across its border', { skip }, () => {
  assert.equal(pdl.epci.total, 71);
  assert.equal(pdl.epci.inside, 67);
  assert.deepEqual(
    pdl.epci.across.map((e) => [e.siren, e.inside, e.members]),
    [
      ['200072676', 49, 51], // CC Maine Saosnois (72 + 61)
      ['243500741', 8, 31], // CA Redon Agglomération (seat in 35)
      ['244400610', 12, 15], // Cap Atlantique (44 + 56)
      ['246100663', 5, 31], // CU d'Alençon (seat in 61)
    ],
  );
});

test('23 zones d’emploi cover the région, Alençon and Redon among them', { skip }, () => {
  const codes = pdl.zonesEmploi.map((z) => z.code);
  assert.equal(codes.length, 23);
  assert.ok(codes.includes('0051') && codes.includes('0062'), codes.join(' '));
  assert.equal(codes.filter((c) => c.startsWith('52')).length, 21);
  assert.equal(pdl.zonesEmploi.find((z) => z.code === '0051')?.name, 'Alençon');
});

test('27 bassins BMO', { skip }, () => {
  assert.equal(pdl.bassinsBmo.length, 27);
});

test('every commune of the région has a position: 1,226 from polygons, 2 approximate', { skip }, async () => {
  assert.deepEqual(pdl.positions, { polygone: 1226, approximatif: 2, aucune: 0 });
  // Orée d'Anjou (49126) has no 2018 polygon under its own code: its communes déléguées give it one.
  assert.equal((await getCommune(handle.db, '49126'))?.positionSource, 'polygone');
  // L'Oie and Sainte-Florence were part of Essarts-en-Bocage in 2018: approximate positions.
  const { rows } = await sql<{ code: string; lat: number; lon: number }>`
    SELECT code, lat, lon FROM commune WHERE region = '52' AND position_source = 'approximatif' ORDER BY code`.execute(handle.db);
  assert.deepEqual(
    rows.map((r) => r.code),
    ['85165', '85212'],
  );
  for (const r of rows) assert.ok(Math.abs(r.lat - 46.79) < 0.1 && Math.abs(r.lon + 1.2) < 0.1, JSON.stringify(r));
  // Centroids fall where the towns are.
  const nantes = await getCommune(handle.db, '44109');
  assert.ok(Math.abs(nantes!.lat! - 47.23) < 0.03 && Math.abs(nantes!.lon! + 1.55) < 0.03, `${nantes?.lat}, ${nantes?.lon}`);
});

test('the import report accounts for every polygon of the 2018 file', { skip }, async () => {
  const {
    rows: [geojson],
  } = await sql<{ rows_read: number; rejected: number; notes: string[] }>`
    SELECT rows_read, rejected, notes FROM import_file WHERE file LIKE 'territoires/communes-%.geojson'`.execute(handle.db);
  assert.equal(geojson.rows_read, 1272);
  assert.equal(geojson.rejected, 0);
  assert.match(
    geojson.notes.join('\n'),
    /1225 polygones de communes actuelles, 41 de communes déléguées ou associées et 6 d’anciennes communes fusionnées/,
  );
  const {
    rows: [communes],
  } = await sql<{ notes: string[] }>`
    SELECT notes FROM import_file WHERE file = '@etalab/decoupage-administratif/communes.json'`.execute(handle.db);
  assert.ok(
    communes.notes.some((n) =>
      /^Positions \(région 52 Pays de la Loire\) : 1226 d’après un polygone, 2 approximatives .*, 0 sans position$/.test(n),
    ),
    communes.notes.join('\n'),
  );
});

test('a commune nouvelle gets its zone d’emploi through its former codes', { skip }, async () => {
  const oree = await getCommune(handle.db, '49126');
  assert.ok(oree?.zoneEmploi, 'Orée d’Anjou sans zone d’emploi');
  const nantes = await getCommune(handle.db, '44109');
  assert.deepEqual(nantes?.zoneEmploi, { code: '5216', name: 'Nantes' });
  assert.equal(nantes?.bassinBmo?.name, 'NANTES');
});

test('autocomplete on the bundle database', { skip }, async () => {
  assert.equal((await searchCommunes(handle.db, 'st nazaire'))[0]?.code, '44184');
  assert.equal((await searchCommunes(handle.db, '490'))[0]?.code, '49007');
});
