/**
 * Labour-market import of the real data bundle (PASSERELLES_DATA_DIR): InserJeunes, DARES tensions,
 * ROME × bassin BMO, INSEE unemployment. Skipped without a bundle, except in CI. The bundle is
 * imported once per test process (openBundleDatabase).
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql, type Kysely } from 'kysely';
import type { DbHandle } from '../../src/platform/db/connection.ts';
import { ImportError } from '../../src/platform/import/errors.ts';
import { runImport } from '../../src/platform/import/run.ts';
import { buildServer } from '../../src/app/server.ts';
import { labourMarketSource, tensionForRome, outcomesForCertification, unemployment } from '../../src/labour-market/index.ts';
import { bundleDir, openBundleDatabase } from '../helpers/db.ts';
import { snapshot, count } from '../helpers/tables.ts';
import { storedReport } from '../helpers/reports.ts';

const dir = bundleDir();
const skip = dir ? false : 'pas de lot de données (PASSERELLES_DATA_DIR)';
const PDL = ['44', '49', '53', '72', '85'];

/** A copy of one folder of the bundle with one file edited (lines split on LF, CRLF kept). */
function bundleCopy(folder: string, file: string, edit: (lines: string[]) => void): string {
  const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'passerelles-lot-'));
  fs.cpSync(path.join(dir!, folder), path.join(copy, folder), { recursive: true });
  const p = path.join(copy, folder, file);
  fs.chmodSync(p, 0o644);
  const lines = fs.readFileSync(p, 'utf8').split('\n');
  edit(lines);
  fs.writeFileSync(p, lines.join('\n'));
  return copy;
}

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

test('every file is read whole, nothing rejected', { skip }, async () => {
  const files = await db
    .selectFrom('import_file')
    .select(['file', 'rows_read', 'rejected'])
    .where('source', '=', 'marche-travail')
    .where('run_id', '=', sql<number>`(SELECT max(id) FROM import_run)`)
    .orderBy('file')
    .execute();
  assert.deepEqual(
    files.map((f) => [f.file, f.rows_read, f.rejected]),
    [
      ['insertion/depp-2022-etablissements-2021_2022-apprentissage.csv', 2288, 0],
      ['insertion/depp-2022-etablissements-2021_2022-pro.csv', 5325, 0],
      ['insertion/depp-2022-etablissements-2022_2023-apprentissage.csv', 2527, 0],
      ['insertion/depp-2022-etablissements-2022_2023-pro.csv', 5605, 0],
      ['insertion/ij_region_data.csv', 40322, 0],
      ['marche-travail/chomage_departemental_INSEE.csv', 500, 0],
      ['marche-travail/chomage_regional_INSEE.csv', 68, 0],
      ['marche-travail/dares_evol_tensions.csv', 2367, 0],
      ['marche-travail/dares_fap225_rome.csv', 768, 0],
      ['marche-travail/dares_tensions_2019.csv', 31034, 0],
      ['marche-travail/mobiville_tension_rome_bassin_2021.csv', 27135, 0],
    ],
  );
});

test('InserJeunes: 40,322 regional rows, 2,816 for Pays de la Loire; establishments by millésime', { skip }, async () => {
  assert.equal(await count(db, 'inserjeunes_region'), 40322);
  assert.equal(await count(db, 'inserjeunes_region', sql`geo_level = 'reg' AND geo_code = '52'`), 2816);
  assert.equal(await count(db, 'inserjeunes_region', sql`voie = 'apprentissage'`), 25072);
  assert.equal(await count(db, 'inserjeunes_region', sql`vintage = '2022_2023'`), 10912);
  assert.equal(await count(db, 'inserjeunes_etablissement'), 2288 + 5325 + 2527 + 5605);
  assert.equal(await count(db, 'inserjeunes_etablissement', sql`vintage = '2022_2023' AND voie = 'apprentissage' AND region = '52'`), 178);
  assert.equal(await count(db, 'inserjeunes_etablissement', sql`region IS NULL`), 0);
  assert.equal((await storedReport(db, 'insertion/ij_region_data%')).version, 'InserJeunes, millésimes 2019_2020 à 2022_2023');
});

test('DARES: 1,578 rows for the région and its départements; FAP ↔ ROME; national series', { skip }, async () => {
  assert.equal(await count(db, 'dares_tension'), 31034);
  assert.equal(
    await count(
      db,
      'dares_tension',
      sql`(geo_level = 'reg' AND geo_code = '52') OR (geo_level = 'dep' AND geo_code = ANY(${PDL}::text[]))`,
    ),
    1578,
  );
  assert.equal(await count(db, 'dares_tension', sql`geo_level = 'reg' AND geo_code = '52'`), 263);
  assert.equal(await count(db, 'dares_tension', sql`geo_level = 'nat'`), 263);
  assert.equal(await count(db, 'fap_rome'), 749);
  assert.equal(await count(db, 'dares_tension_serie'), 2367);
});

test('ROME × bassin BMO 2021: 1,697 rows for the 27 bassins of the région', { skip }, async () => {
  assert.equal(await count(db, 'tension_rome_bassin'), 27135);
  const {
    rows: [pdl],
  } = await sql<{ bassins: number; rows: number }>`
    SELECT count(DISTINCT t.geo_code)::int AS bassins, count(*)::int AS rows FROM tension_rome_bassin t
    WHERE t.geo_code IN (SELECT DISTINCT bassin FROM bassin_bmo_commune WHERE region = '52')`.execute(db);
  assert.deepEqual(pdl, { bassins: 27, rows: 1697 });
});

test('INSEE unemployment: 500 départemental and 68 regional rows, codes as in the COG', { skip }, async () => {
  assert.equal(await count(db, 'chomage', sql`geo_level = 'dep'`), 500);
  assert.equal(await count(db, 'chomage', sql`geo_level = 'reg'`), 68);
  assert.equal(await count(db, 'chomage', sql`geo_level = 'dep' AND geo_code NOT IN (SELECT code FROM departement)`), 0);
  const loire = await unemployment(db, { departement: '44' });
  assert.deepEqual([loire.latest?.vintage, loire.latest?.geoLevel, loire.series.length], ['2023', 'dep', 5]);
});

test('D1102 boulanger in Loire-Atlantique: a tension with source, vintage and level; CAP boulanger outcomes', { skip }, async () => {
  const t = await tensionForRome(db, 'D1102', { departement: '44', region: '52', bassin: '5220' });
  assert.deepEqual(
    t.fap.map((f) => f.code),
    ['S0Z20', 'S0Z42'],
  );
  const s0z42 = t.dares.find((d) => d.fap === 'S0Z42');
  assert.ok(s0z42);
  assert.deepEqual(
    [s0z42.source, s0z42.vintage, s0z42.geoLevel, s0z42.geoCode, s0z42.categorie],
    ['DARES – France Travail, tensions 2019', '2019', 'dep', '44', 5],
  );
  assert.ok(Math.abs(s0z42.tension! - 0.8037) < 1e-3);
  assert.equal(s0z42.composantes?.geoLevel, 'dep');
  assert.deepEqual([t.bassin?.geoLevel, t.bassin?.geoCode, t.bassin?.vintage, t.bassin?.tension], ['bassin', '5220', '2021', 5]);

  const cap = await outcomesForCertification(db, { certifInfo: '82703' }, '52');
  assert.equal(cap.cfd, '50022137');
  const appr = cap.outcomes.find((o) => o.voie === 'apprentissage');
  assert.ok(appr);
  assert.deepEqual(
    [
      appr.source,
      appr.vintage,
      appr.geoLevel,
      appr.geoCode,
      appr.effectifs.sortants,
      appr.tauxEmploi6Mois,
      appr.tauxEmploi12Mois,
      appr.tauxPoursuiteEtudes,
    ],
    ['InserJeunes (DEPP – DARES), indicateurs régionaux par formation', '2022_2023', 'reg', '52', 296, 69, 76, 63],
  );
  const sco = cap.outcomes.find((o) => o.voie === 'scolaire');
  assert.deepEqual([sco?.mefstat11, sco?.sousSeuil.emploi], ['23220022137', true]);
});

test('GET /api/v1/occupations/D1102/territory/commune/44109 on the bundle', { skip }, async () => {
  const { app } = await buildServer(handle, { logger: false });
  try {
    const res = await app.inject('/api/v1/occupations/D1102/territory/commune/44109');
    assert.equal(res.statusCode, 200, res.body);
    const body = res.json();
    assert.deepEqual([body.territory.bassinBmo.code, body.territory.zoneEmploi.code], ['5220', '5216']);
    assert.ok(body.tension.dares.every((d: { geoLevel: string; geoCode: string }) => d.geoLevel === 'dep' && d.geoCode === '44'));
    assert.ok(body.insertion.items.some((i: { cfd: string }) => i.cfd === '50022137'));
  } finally {
    await app.close();
  }
});

test('a corrupted copy is refused with file:line: reason and the database is unchanged', { skip, timeout: 300_000 }, async () => {
  // Line 1000 of the tensions loses its last field.
  const copy = bundleCopy('marche-travail', 'dares_tensions_2019.csv', (lines) => {
    lines[999] = lines[999].replace(/,[^,]*$/, '');
  });
  try {
    const before = await snapshot(db);
    await assert.rejects(runImport(db, copy, [labourMarketSource]), (e: unknown) => {
      assert.ok(e instanceof ImportError, String(e));
      assert.equal(e.message, 'marche-travail/dares_tensions_2019.csv:1000: nombre de colonnes incorrect (15 attendues, 14 trouvées)');
      return true;
    });
    assert.deepEqual(await snapshot(db), before);
  } finally {
    fs.rmSync(copy, { recursive: true, force: true });
  }
});

test('a bad row of the bundle is rejected with its line, the rest imported', { skip, timeout: 300_000 }, async () => {
  const copy = bundleCopy('marche-travail', 'chomage_departemental_INSEE.csv', (lines) => {
    assert.match(lines[57], /^044;LOIRE-ATLANTIQUE;2023;/);
    lines[57] = '044;LOIRE-ATLANTIQUE;2023;NA';
  });
  const other = await openBundleDatabase();
  try {
    const { reports } = await runImport(other.db, copy, [labourMarketSource]);
    const chomage = reports.find((r) => r.file === 'marche-travail/chomage_departemental_INSEE.csv');
    assert.deepEqual(chomage?.rejects, [{ line: 58, reason: 'taux de chômage invalide « NA » (tauxChomage)' }]);
    assert.deepEqual([chomage?.read, chomage?.deleted, chomage?.inserted, chomage?.updated], [500, 1, 0, 0]);
    assert.equal(await count(other.db, 'chomage', sql`geo_level = 'dep'`), 499);
  } finally {
    await other.close();
    fs.rmSync(copy, { recursive: true, force: true });
  }
});
