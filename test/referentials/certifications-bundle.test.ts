/**
 * Certif Info and BCN import of the real data bundle (PASSERELLES_DATA_DIR). Skipped without a
 * bundle, except in CI. The bundle is imported once per test process (openBundleDatabase).
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { sql, type Kysely } from 'kysely';
import type { DbHandle } from '../../src/platform/db/connection.ts';
import { certificationsForRome, getCertification } from '../../src/referentials/certifications/index.ts';
import { readCsv } from '../../src/platform/import/csv.ts';
import { bundleDir, openBundleDatabase } from '../helpers/db.ts';
import { count } from '../helpers/tables.ts';
import { storedReport } from '../helpers/reports.ts';

const dir = bundleDir();
const skip = dir ? false : 'pas de lot de données (PASSERELLES_DATA_DIR)';

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

test('Certif Info: 10,067 lines, 9,923 certifications (lines repeated for RS or Idéo codes), ROME links checked', { skip }, async () => {
  const report = await storedReport(db, 'formations/certif_info%');
  assert.equal(report.rows_read, 10067);
  assert.equal(report.rejected, 0);
  assert.equal(report.version, 'Certif Info, mise à jour la plus récente le 28/06/2024');
  assert.match(JSON.stringify(report.notes), /144 ligne\(s\) répètent le code d'une certification/);
  assert.equal(await count(db, 'certification'), 9923);

  // 7,502 lines of the file carry at least one ROME code; they are 7,423 certifications.
  let withRome = 0;
  for await (const { row } of readCsv(`${dir}/formations/certif_info.csv`, {
    encoding: 'utf-8',
    delimiter: ';',
    quoted: false,
    columns: ['Code_Rome_1'],
  })) {
    if ([1, 2, 3, 4, 5].some((i) => row[`Code_Rome_${i}`].trim())) withRome++;
  }
  assert.equal(withRome, 7502);
  const {
    rows: [linked],
  } = await sql<{ n: number }>`SELECT count(DISTINCT certification)::int AS n FROM certification_rome`.execute(db);
  assert.equal(linked.n, 7423);
  assert.equal(await count(db, 'certification_rome'), 17573);
  // The codes that are not ROME 4.0 fiches are domaines professionnels written as codes (D1100…): kept, flagged.
  assert.equal(await count(db, 'certification_rome', sql`status = 'domaine'`), 76);
  assert.equal(await count(db, 'certification_rome', sql`status = 'inconnu'`), 0);
  const {
    rows: [distinct],
  } = await sql<{ n: number }>`SELECT count(DISTINCT rome)::int AS n FROM certification_rome`.execute(db);
  assert.equal(distinct.n, 562);
});

test('BCN: diplomas of both tables, MEF, levels; every InserJeunes CFD and MEF_STAT_11 is known', { skip }, async () => {
  assert.equal(await count(db, 'bcn_diplome'), 11270);
  assert.equal(await count(db, 'bcn_mef'), 10067);
  assert.equal(await count(db, 'bcn_niveau'), 212);
  assert.equal(await count(db, 'bcn_dispositif'), 181);
  for (const file of ['formations/bcn_vFormationDiplome_%', 'formations/bcn_nFormationDiplome_%', 'formations/bcn_nMef%']) {
    assert.equal((await storedReport(db, file)).rejected, 0, file);
  }
  const {
    rows: [missing],
  } = await sql<{ cfd: number; mef: number }>`
    SELECT count(DISTINCT i.cfd) FILTER (WHERE i.voie = 'apprentissage' AND NOT EXISTS (SELECT 1 FROM bcn_diplome d WHERE d.cfd = i.cfd))::int AS cfd,
      count(DISTINCT i.mefstat11) FILTER (WHERE i.voie = 'scolaire' AND NOT EXISTS (SELECT 1 FROM bcn_mef m WHERE m.mef_stat_11 = i.mefstat11))::int AS mef
    FROM inserjeunes_region i`.execute(db);
  assert.deepEqual(missing, { cfd: 0, mef: 0 });
});

test('CAP boulanger: its CFD, BCN diploma and ROME fiche; a ROME 4.0 fiche reaches it through its v3 parent', { skip }, async () => {
  const cap = await getCertification(db, '82703');
  assert.ok(cap);
  assert.deepEqual([cap.label, cap.cfd, cap.rncp, cap.niveauEuropeen], ['CAP boulanger', '50022137', '37537', 3]);
  assert.deepEqual(
    cap.romes.map((r) => [r.code, r.status, r.label]),
    [['D1102', 'fiche', 'Boulanger / Boulangère']],
  );
  assert.equal(cap.diplome?.libelle, 'BOULANGER (CAP)');
  assert.equal(cap.diplome?.niveau?.code, '500');
  assert.ok(cap.diplome?.mefStat11.includes('23220022137'));
  const baker = await certificationsForRome(db, 'D1102');
  assert.ok(baker.some((c) => c.code === '82703' && c.via === 'code'));
  const chef = await certificationsForRome(db, 'D1108');
  assert.ok(chef.length > 0 && chef.every((c) => c.via === 'rome_v3_parent' && c.rome === 'D1102'));
});
