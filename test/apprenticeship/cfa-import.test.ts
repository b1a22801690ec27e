/**
 * The CFA directory imported from the real bundle's `apprentissage/` folder (PASSERELLES_DATA_DIR):
 * what each file brought, a Pays de la Loire CFA cited by the three files with its commune and the
 * position of its geocoded address, the accents of the Windows-1252 DEPP file, the same state after
 * a second import, the DEPP file re-saved in UTF-8 read the same, and broken files refused with
 * their file and line while the database stays as it was.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import iconv from 'iconv-lite';
import { sql } from 'kysely';
import { bundleDir, openBundleDatabase } from '../helpers/db.ts';
import type { DbHandle } from '../../src/platform/db/connection.ts';
import { runImport } from '../../src/platform/import/run.ts';
import { ImportError } from '../../src/platform/import/errors.ts';
import { cfaSource } from '../../src/apprenticeship/cfa-import.ts';
import { findCfa } from '../../src/apprenticeship/index.ts';

const BUNDLE = bundleDir();
const skip = BUNDLE ? false : 'pas de lot de données (PASSERELLES_DATA_DIR)';
const DEPP = 'apprentissage/CFASousConvRegionale_latest-UAI.csv';
const UAI_SIRET = 'apprentissage/organismes-prepa-apprentissage.csv';
const REFERENTIEL = 'apprentissage/referentiel.fixture.json';

let handle: DbHandle;
let work: string;

before(async () => {
  if (!BUNDLE) return;
  handle = await openBundleDatabase();
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'passerelles-cfa-'));
});
after(async () => {
  await handle?.close();
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

/** Everything the import wrote, run numbers included: equal fingerprints, untouched tables. */
async function fingerprint(): Promise<string> {
  const { rows } = await sql<{ cfa: string; organismes: string }>`
    SELECT (SELECT md5(string_agg(c::text, '|' ORDER BY c.uai)) FROM apprenticeship_cfa c) AS cfa,
      (SELECT md5(string_agg(o::text, '|' ORDER BY o.source, o.key)) FROM apprenticeship_organisme o) AS organismes`.execute(handle.db);
  return `${rows[0].cfa}/${rows[0].organismes}`;
}

/** A bundle holding the real `apprentissage/` files, with `change(name, bytes)` applied. */
function bundleWith(name: string, change: (bytes: Buffer, file: string) => Buffer): string {
  const dir = fs.mkdtempSync(path.join(work, 'lot-'));
  fs.mkdirSync(path.join(dir, 'apprentissage'));
  for (const file of [DEPP, UAI_SIRET, REFERENTIEL]) {
    const bytes = fs.readFileSync(path.join(BUNDLE!, file));
    fs.writeFileSync(path.join(dir, file), file.endsWith(name) ? change(bytes, file) : bytes);
  }
  return dir;
}

test('each file of the bundle is read whole, none of its rows rejected', { skip }, async () => {
  const { rows } = await sql<{ file: string; rows_read: number; rejected: number; notes: string[] }>`
    SELECT f.file, f.rows_read, f.rejected, f.notes FROM import_file f
    WHERE f.source = 'apprentissage' AND f.run_id = (SELECT max(run_id) FROM import_file WHERE source = 'apprentissage')
    ORDER BY f.file`.execute(handle.db);
  assert.deepEqual(
    rows.map((r) => [r.file, r.rows_read, r.rejected]),
    [
      [DEPP, 933, 0],
      [UAI_SIRET, 6059, 0],
      [REFERENTIEL, 808, 0],
    ],
  );
  // Organismes kept per file: the DEPP lists one per UAI; the référentiel UAI-SIRET one per pair;
  // the API sample leaves out 51 organismes without UAI and 71 closed ones.
  const { rows: kept } = await sql<{ source: string; n: number; uais: number }>`
    SELECT source, count(*)::int AS n, count(DISTINCT uai)::int AS uais FROM apprenticeship_organisme GROUP BY source ORDER BY source`.execute(
    handle.db,
  );
  assert.deepEqual(
    kept.map((k) => [k.source, k.n, k.uais]),
    [
      ['api-apprentissage', 686, 649],
      ['depp', 933, 933],
      ['uai-siret', 6059, 5708],
    ],
  );
  const notes = rows.find((r) => r.file === REFERENTIEL)!.notes.join('\n');
  assert.match(notes, /51 organismes sans UAI/);
  assert.match(notes, /annuaire : 5995 CFA \(un par UAI\)/);
  const { rows: total } = await sql<{ n: number; pdl: number }>`
    SELECT count(*)::int AS n, count(*) FILTER (WHERE region = '52')::int AS pdl FROM apprenticeship_cfa`.execute(handle.db);
  assert.deepEqual(total[0], { n: 5995, pdl: 486 });
});

test('a CFA of Bouguenais cited by the three files: one entry, its two SIRET, its commune and the position of its address', {
  skip,
}, async () => {
  const cfa = await findCfa(handle.db, { uai: '0440096r' });
  assert.ok(cfa);
  assert.equal(cfa.name, 'AFPI PAYS DE LA LOIRE');
  assert.deepEqual(cfa.commune, { code: '44020', name: 'Bouguenais' });
  assert.equal(cfa.departement, '44');
  assert.equal(cfa.region, '52');
  // The BAN geocoding of the referential, not the commune's centre.
  assert.equal(cfa.position, 'adresse');
  assert.deepEqual([cfa.lat, cfa.lon], [47.155254, -1.584175]);
  assert.equal(cfa.siret, '78835426400095');
  assert.equal(cfa.convention, true);
  assert.equal(cfa.qualiopi, true);
  assert.deepEqual(cfa.files, [DEPP, UAI_SIRET, REFERENTIEL]);
  const { rows } = await sql<{ sirets: string[] }>`SELECT sirets FROM apprenticeship_cfa WHERE uai = '0440096R'`.execute(handle.db);
  assert.deepEqual(rows[0].sirets, ['78835426400061', '78835426400095']);
  // The DEPP's SIRET finds the same CFA.
  assert.equal((await findCfa(handle.db, { siret: '78835426400061' }))?.uai, '0440096R');
  // A CFA without geocoded address sits at its commune's centre.
  const angers = await findCfa(handle.db, { uai: '0492303M' });
  assert.equal(angers?.position, 'commune');
  const { rows: centre } = await sql<{ lat: number; lon: number }>`SELECT lat, lon FROM commune WHERE code = '49267'`.execute(handle.db);
  assert.deepEqual([angers?.lat, angers?.lon], [centre[0].lat, centre[0].lon]);
});

test('the accents of the Windows-1252 DEPP file are read as written', { skip }, async () => {
  const { rows } = await sql<{ commune_label: string; tutelle: string }>`
    SELECT commune_label, tutelle FROM apprenticeship_organisme WHERE source = 'depp' AND uai = '0492303M'`.execute(handle.db);
  assert.deepEqual(rows[0], { commune_label: "Saint-Barthélemy-d'Anjou", tutelle: "ministère de l'éducation nationale" });
  assert.equal((await findCfa(handle.db, { uai: '0492303M' }))?.commune?.name, "Saint-Barthélemy-d'Anjou");
});

test('a second import of the same files changes nothing', { skip }, async () => {
  const before = await fingerprint();
  const { reports } = await runImport(handle.db, BUNDLE!, [cfaSource]);
  assert.deepEqual(
    reports.map((r) => [r.file, r.inserted, r.updated, r.deleted, r.rejected]),
    [
      [DEPP, 0, 0, 0, 0],
      [UAI_SIRET, 0, 0, 0, 0],
      [REFERENTIEL, 0, 0, 0, 0],
    ],
  );
  assert.equal(await fingerprint(), before);
});

test('the DEPP file re-saved in UTF-8 is read the same, and the report says so', { skip }, async () => {
  const before = await fingerprint();
  const dir = bundleWith('CFASousConvRegionale_latest-UAI.csv', (bytes) => Buffer.from(iconv.decode(bytes, 'windows-1252'), 'utf8'));
  const { reports } = await runImport(handle.db, dir, [cfaSource]);
  const depp = reports.find((r) => r.file === DEPP)!;
  assert.equal(depp.updated + depp.inserted + depp.deleted, 0);
  assert.match(depp.notes.join('\n'), /encodé en UTF-8 .* lu en UTF-8/);
  // Only the file's place in the bundle differs: the rows are the same.
  assert.equal(await fingerprint(), before);
});

test('a truncated referential is refused with its file and line, and nothing is kept', { skip }, async () => {
  const before = await fingerprint();
  const dir = bundleWith('referentiel.fixture.json', (bytes) => bytes.subarray(0, 200_000));
  const lines = fs.readFileSync(path.join(dir, REFERENTIEL), 'utf8').split('\n').length;
  await assert.rejects(runImport(handle.db, dir, [cfaSource]), (e: unknown) => {
    assert.ok(e instanceof ImportError);
    assert.equal(e.file, REFERENTIEL);
    assert.equal(e.line, lines);
    assert.match(e.message, /^apprentissage\/referentiel\.fixture\.json:\d+:\d+: JSON invalide : fin de fichier inattendue/);
    return true;
  });
  assert.equal(await fingerprint(), before);
});

test('a DEPP line with a missing column is refused with its line, and nothing is kept', { skip }, async () => {
  const before = await fingerprint();
  const dir = bundleWith('CFASousConvRegionale_latest-UAI.csv', (bytes) => {
    const lines = bytes.toString('latin1').split('\n');
    lines[41] = lines[41].replace(/;[^;]*$/, '');
    return Buffer.from(lines.join('\n'), 'latin1');
  });
  await assert.rejects(runImport(handle.db, dir, [cfaSource]), (e: unknown) => {
    assert.ok(e instanceof ImportError);
    assert.equal(e.message, `${DEPP}:42: nombre de colonnes incorrect (21 attendues, 20 trouvées)`);
    return true;
  });
  assert.equal(await fingerprint(), before);
});

test('a referential entry with a faulty SIRET is rejected with its line, the others kept', { skip }, async () => {
  const dir = bundleWith('referentiel.fixture.json', (bytes) => {
    const entries = JSON.parse(bytes.toString('utf8')) as Record<string, unknown>[];
    entries[2].siret = '1234';
    return Buffer.from(JSON.stringify(entries, null, 1));
  });
  const lines = fs.readFileSync(path.join(dir, REFERENTIEL), 'utf8').split('\n');
  // Each organisme starts with a line " {" (indented by one space): the third one's line.
  const third = lines.map((l, i) => (l === ' {' ? i + 1 : 0)).filter(Boolean)[2];
  const { reports } = await runImport(handle.db, dir, [cfaSource]);
  const report = reports.find((r) => r.file === REFERENTIEL)!;
  assert.deepEqual(report.rejects, [{ line: third, reason: 'SIRET invalide « 1234 » (14 chiffres attendus)' }]);
});
