/**
 * The counselling points of the real bundle (`accompagnement/`): what the import kept and refused,
 * a known agency and a known Mission locale, the fake phones and e-mails nowhere, a second run that
 * changes nothing and keeps a removed point out; then `passerelles steering coverage` in a child
 * process on a copy of the bundle's database: the Pays de la Loire share within 20 km and the sites.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { sql } from 'kysely';
import { bundleCliDatabase, bundleDir, type CliDatabase } from '../helpers/db.ts';
import { runImport } from '../../src/platform/import/run.ts';
import { coverageDb } from '../../src/steering/coverage-db.ts';
import { coverageSource } from '../../src/steering/coverage-import.ts';
import { removePoint } from '../../src/steering/coverage-points.ts';
import type { Coverage } from '../../src/steering/coverage-contract.ts';

const dir = bundleDir();
const skip = dir ? false : 'pas de lot de données (PASSERELLES_DATA_DIR)';
const ROOT = path.resolve(import.meta.dirname, '../..');
const BIN = path.join(ROOT, 'bin/passerelles.js');

let database: CliDatabase | undefined;

before(
  async () => {
    if (skip) return;
    database = await bundleCliDatabase();
  },
  { timeout: 300_000 },
);
after(async () => {
  await database?.drop();
});

function cli(args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { env: { ...process.env, ...database!.env }, encoding: 'utf8', cwd: ROOT });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('the bundle’s counselling points: counts, refusals with their reason, known points, no fake contact', { skip }, async () => {
  const handle = await database!.open();
  try {
    const db = coverageDb(handle.db);
    const files = await handle.db
      .selectFrom('import_file' as never)
      .select(['file', 'rows_read', 'inserted', 'rejected', 'rejects', 'notes'] as never[])
      .where('source' as never, '=', 'points-conseil' as never)
      .orderBy('file' as never)
      .execute();
    const [prescribers, milo] = files as unknown as {
      file: string;
      rows_read: number;
      inserted: number;
      rejected: number;
      rejects: { line: number; reason: string }[];
      notes: string[];
    }[];
    assert.equal(prescribers.file, 'accompagnement/prescribers__organization.json');
    assert.equal(prescribers.rows_read, 1003);
    // 993 counselling points (10 other prescribers only counted): one without a position and six
    // refused as mis-placed (Lille in the Sarthe, La Réunion in the Moselle, Saint-Martin in the
    // Deux-Sèvres, the Corse regional office under département 19, Bastia twice under 2A).
    const reasons = prescribers.rejects.map((r) => r.reason);
    assert.ok(reasons.some((r) => /^pk 1002 « France Travail – NÎMES CASSEBROUC » : pas de position/.test(r)));
    assert.ok(
      reasons.some((r) =>
        /^« France Travail - LOMME MIN » : position \(47\.743922, 0\.557649\) à \d+ km de toute commune du département 59/.test(r),
      ),
    );
    assert.deepEqual([prescribers.inserted, prescribers.rejected], [986, 7]);
    assert.ok(prescribers.notes.includes('numéros de téléphone et adresses électroniques du fichier non lus (données fictives)'));
    assert.ok(prescribers.notes.some((n) => /^non retenus .*3 PJJ, 3 SPIP$/.test(n)));

    assert.equal(milo.file, 'accompagnement/referentiel_structures_milo.json');
    assert.equal(milo.rows_read, 450);
    assert.deepEqual([milo.inserted, milo.rejected], [444, 6]);
    assert.ok(milo.rejects.some((r) => r.line === 2 && /^id 99994S00 .* commune du siège 99994 inconnue/.test(r.reason)));
    assert.ok(milo.notes.some((n) => /agences_milo\.json et accompagnement\/agences_pe\.json .* non importés/.test(n)));

    const nantesNord = await db
      .selectFrom('steering_point')
      .selectAll()
      .where('name', '=', 'France Travail - NANTES NORD')
      .executeTakeFirstOrThrow();
    assert.deepEqual(
      [nantesNord.kind, nantesNord.lat, nantesNord.lon, nantesNord.commune, nantesNord.region, nantesNord.placed],
      ['france_travail', 47.26385, -1.569667, '44109', '52', 'adresse'],
    );
    const angers = await db.selectFrom('steering_point').selectAll().where('import_key', '=', 'milo:49007S00').executeTakeFirstOrThrow();
    const centre = await db.selectFrom('commune').select(['lat', 'lon']).where('code', '=', '49007').executeTakeFirstOrThrow();
    assert.deepEqual(
      [angers.name, angers.kind, angers.commune, angers.departement, angers.region, angers.placed, angers.lat, angers.lon],
      ['Mission Locale Angevine', 'mission_locale', '49007', '49', '52', 'commune', centre.lat, centre.lon],
    );
    const inRegion = await db
      .selectFrom('steering_point')
      .select(['kind', (eb) => eb.fn.countAll<number>().as('n')])
      .where('region', '=', '52')
      .groupBy('kind')
      .orderBy('kind')
      .execute();
    assert.deepEqual(
      inRegion.map((r) => [r.kind, Number(r.n)]),
      [
        ['france_travail', 54],
        ['mission_locale', 21],
      ],
    );

    // The fixture's fake contacts (Faker) are nowhere: no such column, no such value.
    const columns = await sql<{ column_name: string }>`
      SELECT column_name FROM information_schema.columns WHERE table_name = 'steering_point'`.execute(handle.db);
    assert.ok(!columns.rows.some((c) => /phone|mail|tel/i.test(c.column_name)));
    const leaks = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM steering_point p
      WHERE row_to_json(p)::text ~* '(blanczoe@dbmail\\.com|0311452459|@)'`.execute(handle.db);
    assert.equal(leaks.rows[0].n, 0);

    // A second run changes nothing, and a bundle point a steering account removed stays removed.
    const message = await removePoint(db, nantesNord.id);
    assert.match(message, /reste retiré aux prochains imports du lot/);
    const again = await runImport(handle.db, dir!, [coverageSource]);
    assert.deepEqual(
      again.reports.map((r) => [r.file, r.inserted, r.updated, r.deleted]),
      [
        ['accompagnement/prescribers__organization.json', 0, 0, 0],
        ['accompagnement/referentiel_structures_milo.json', 0, 0, 0],
      ],
    );
    const still = await db.selectFrom('steering_point').select('removed_at').where('id', '=', nantesNord.id).executeTakeFirstOrThrow();
    assert.ok(still.removed_at, 'le point retiré le reste après un nouvel import');
    // Put it back for the CLI test below (Nantes is covered by its other agencies anyway).
    await db.updateTable('steering_point').set({ removed_at: null }).where('id', '=', nantesNord.id).execute();
  } finally {
    await handle.close();
  }
});

test('passerelles steering coverage: the Pays de la Loire share within 20 km, white zones, three sites', { skip }, () => {
  const json = cli(['steering', 'coverage', '--radius', '20', '--json']);
  assert.equal(json.status, 0, json.stderr);
  const c: Coverage = JSON.parse(json.stdout);
  assert.equal(c.region.name, 'Pays de la Loire');
  assert.equal(c.communes, 1228);
  assert.equal(c.population, 3907156);
  assert.equal(c.coveredPopulation, EXPECTED.covered);
  assert.equal(c.share, EXPECTED.share);
  assert.equal(c.whiteZones.length, EXPECTED.white);
  assert.deepEqual({ ...c.whiteZones[0], nearestPoint: { ...c.whiteZones[0].nearestPoint, id: 0 } }, EXPECTED.firstWhite);
  assert.match(c.method, /vol d’oiseau/);
  assert.ok(c.points.outsideRegionCovering > 0, 'des points des régions voisines couvrent des communes frontalières');

  const sited = cli(['steering', 'coverage', '--radius', '20', '--site', '3']);
  assert.equal(sited.status, 0, sited.stderr);
  assert.match(sited.stdout, /^Couverture à 20 km des points de conseil — Pays de la Loire \(52\)\n/);
  assert.match(sited.stdout, /Mesure : distance à vol d’oiseau/);
  assert.match(sited.stdout, EXPECTED.sites);

  const bad = cli(['steering', 'coverage', '--radius', '0']);
  assert.notEqual(bad.status, 0);
  assert.match(bad.stderr, /un rayon entre 1 et 100 km est attendu/);
  const unknown = cli(['steering', 'coverage', '--region', '07']);
  assert.notEqual(unknown.status, 0);
  assert.match(unknown.stderr, /--region : région « 07 » inconnue/);
});

// Measured on the bundle of 2026-12-06: 3 754 453 of 3 907 156 people within 20 km (96.1 %), 153
// white-zone communes, the most populous Chantonnay (22 km from the Mission locale du Haut Bocage);
// the three sites: Saint-Georges-sur-Erve (53), Chavagnes-les-Redoux (85), La Chapelle-Huon (72).
const EXPECTED = {
  covered: 3754453,
  share: 0.9609,
  white: 153,
  firstWhite: {
    code: '85051',
    name: 'Chantonnay',
    departement: '85',
    population: 8557,
    nearestKm: 22,
    nearestPoint: { id: 0, name: 'MISSION LOCALE DU HAUT BOCAGE', kind: 'mission_locale' },
  },
  sites:
    /Implantations proposées \(3\)[^\n]*\n {2}1\. Saint-Georges-sur-Erve \(53221, 53\) : \+ 32\s460 habitants \(38 communes\) → 96,9 %\n {2}2\. Chavagnes-les-Redoux \(85066, 85\) : \+ 26\s183 habitants \(15 communes\) → 97,6 %\n {2}3\. La Chapelle-Huon \(72064, 72\) : \+ 15\s867 habitants \(22 communes\) → 98,0 %/,
};
