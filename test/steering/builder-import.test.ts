/**
 * The builder's import of the real bundle: the CLPE territories of France Travail
 * (`territoire/ref_clpe_ft.csv`, the whole country) with a known commune; a second run that changes
 * nothing; a broken or cut file refused with its name, line and reason, the database left as it
 * was; faulty rows rejected with their line and reason.
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
import { silentProgress } from '../../src/platform/import/report.ts';
import { builderSource } from '../../src/steering/builder-import.ts';
import { bundleDir, openBundleDatabase } from '../helpers/db.ts';
import { IMPORT_LOG, count, snapshot } from '../helpers/tables.ts';
import { storedReport } from '../helpers/reports.ts';

const dir = bundleDir();
const skip = dir ? false : 'pas de lot de données (PASSERELLES_DATA_DIR)';
const HEADER = 'commune_id,territoire_id,territoire_libelle,departement_id,nom_departement,region_id,nom_region';

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

/** A bundle holding only `territoire/ref_clpe_ft.csv` with these lines. */
function bundleWith(lines: string[]): string {
  const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'passerelles-clpe-'));
  fs.mkdirSync(path.join(copy, 'territoire'));
  fs.writeFileSync(path.join(copy, 'territoire/ref_clpe_ft.csv'), `${lines.join('\n')}\n`);
  return copy;
}

test('the CLPE file: 363 territories, every commune of France in one, Angers and Nantes in theirs', { skip }, async () => {
  const report = await storedReport(db, 'territoire/ref_clpe_ft.csv');
  assert.deepEqual([report.rows_read, report.inserted, report.rejected], [34877, 363, 0]);
  assert.ok((report.notes as string[]).includes('363 territoires CLPE, 34877 communes rattachées'));
  assert.equal(await count(db, 'steering_clpe'), 363);
  assert.equal(await count(db, 'steering_clpe_commune'), 34877);
  const { rows } = await sql<{ commune: string; code: string; name: string }>`
    SELECT cc.commune, t.code, t.name FROM steering_clpe_commune cc JOIN steering_clpe t ON t.code = cc.clpe
    WHERE cc.commune IN ('49007', '44109', '85113') ORDER BY cc.commune`.execute(db);
  assert.deepEqual(rows, [
    { commune: '44109', code: 'CLPE44001', name: 'Loire-Atlantique Centre' },
    { commune: '49007', code: 'CLPE49001', name: 'Angers' },
    { commune: '85113', code: 'CLPE85003', name: 'Vendée Ouest' },
  ]);
  // The région's 1,228 communes fall in 20 CLPE, two of them based in a neighbouring région (Redon, Alençon).
  const { rows: inRegion } = await sql<{ n: number; clpe: number }>`
    SELECT count(*)::int AS n, count(DISTINCT cc.clpe)::int AS clpe FROM steering_clpe_commune cc
    JOIN commune c ON c.code = cc.commune WHERE c.region = '52'`.execute(db);
  assert.deepEqual(inRegion, [{ n: 1228, clpe: 20 }]);
});

test('a second run changes nothing', { skip }, async () => {
  const before = await snapshot(db, IMPORT_LOG);
  const { reports } = await runImport(db, dir!, [builderSource]);
  assert.deepEqual(
    reports.map((r) => [r.file, r.inserted, r.updated, r.deleted, r.rejected]),
    [
      ['territoires (voisinages des communes, calculés des tracés)', 0, 0, 0, 0],
      ['territoire/ref_clpe_ft.csv', 0, 0, 0, 0],
    ],
  );
  assert.deepEqual(await snapshot(db, IMPORT_LOG), before);
});

test('a file without its column, or cut short, is refused with its name, line and reason; nothing changes', { skip }, async () => {
  const before = await snapshot(db, IMPORT_LOG);
  const noColumn = bundleWith(['commune_id,territoire_id', '49007,CLPE49001']);
  const cut = bundleWith([HEADER, '49007,CLPE49001,Angers,49,Maine-et-Loire,52,Pays de la Loire']);
  try {
    await assert.rejects(runImport(db, noColumn, [builderSource]), (e: unknown) => {
      assert.ok(e instanceof ImportError);
      assert.equal(e.message, "territoire/ref_clpe_ft.csv:1: colonne(s) absente(s) de l'en-tête : territoire_libelle");
      return true;
    });
    await assert.rejects(runImport(db, cut, [builderSource]), (e: unknown) => {
      assert.ok(e instanceof ImportError);
      assert.match(
        e.message,
        /^territoire\/ref_clpe_ft\.csv:2: 1 ligne\(s\) de données seulement, or le fichier officiel en compte au moins 30000/,
      );
      return true;
    });
    assert.deepEqual(await snapshot(db, IMPORT_LOG), before);
  } finally {
    fs.rmSync(noColumn, { recursive: true, force: true });
    fs.rmSync(cut, { recursive: true, force: true });
  }
});

test('faulty rows are rejected with their line and reason (a small file, taken as example data)', { skip }, async () => {
  const small = bundleWith([
    HEADER,
    '49007,CLPE49001,Angers,49,Maine-et-Loire,52,Pays de la Loire',
    '4900,CLPE49001,Angers,49,Maine-et-Loire,52,Pays de la Loire',
    '49015,CLPE49001,Angers Sud,49,Maine-et-Loire,52,Pays de la Loire',
    '49007,CLPE49002,Cholet,49,Maine-et-Loire,52,Pays de la Loire',
    '99999,CLPE49002,Cholet,49,Maine-et-Loire,52,Pays de la Loire',
    '49099,ANGERS,Angers,49,Maine-et-Loire,52,Pays de la Loire',
  ]);
  try {
    const { reports } = await runImport(db, small, [builderSource], silentProgress, { sample: true, allowShrink: true });
    const clpe = reports.find((r) => r.file === 'territoire/ref_clpe_ft.csv')!;
    assert.deepEqual(clpe.rejects, [
      { line: 3, reason: 'code commune invalide : « 4900 »' },
      { line: 4, reason: 'territoire CLPE49001 nommé « Angers Sud » ici et « Angers » ligne 2' },
      { line: 5, reason: 'commune 49007 déjà rattachée au territoire CLPE49001 (ligne 2)' },
      { line: 6, reason: 'commune 99999 absente du code officiel géographique actuel' },
      {
        line: 7,
        reason: 'code de territoire CLPE invalide : « ANGERS » (attendu : CLPE suivi de 3 à 8 chiffres ou lettres, ex. CLPE44001)',
      },
    ]);
    assert.equal(await count(db, 'steering_clpe_commune'), 1);
  } finally {
    fs.rmSync(small, { recursive: true, force: true });
  }
});
