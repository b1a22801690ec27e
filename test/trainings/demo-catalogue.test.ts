import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { Writable } from 'node:stream';
import { sql } from 'kysely';
import { bundleCliDatabase, bundleDir, cliDatabase, type CliDatabase } from '../helpers/db.ts';
import type { DbHandle } from '../../src/platform/db/connection.ts';
import { runImport } from '../../src/platform/import/run.ts';
import { importSources } from '../../src/app/modules.ts';
import { SAMPLE_DIR } from '../../src/app/data.ts';
import { importLheoFile } from '../../src/trainings/import.ts';
import { HOSTILE_TEXTS, luhnValid, writeDemoCatalogue } from '../../src/trainings/demo-catalogue.ts';
import { haversineKm } from '../../src/trainings/search/geo.ts';
import type { TrainingSearchResponse } from '../../src/trainings/search.ts';

/**
 * The demonstration catalogue from the bundle's referentials when PASSERELLES_DATA_DIR is set,
 * from the sample otherwise; searched through the CLI in child processes, on a copy of the run's
 * bundle template (a PGlite folder, or a database of the DATABASE_URL server).
 */
const BUNDLE = bundleDir();
const SIZE = BUNDLE ? 5000 : 1500;
const TODAY = '2026-12-01';
const ROOT = path.resolve(import.meta.dirname, '../..');
const BIN = path.join(ROOT, 'bin/passerelles.js');

let work: string;
let database: CliDatabase | undefined;
let handle: DbHandle | undefined;
let nantes: { lat: number; lon: number };

/** The CLI in a child process, on the test's database. */
function cli(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const env = { ...process.env, ...database!.env };
  const r = spawnSync(process.execPath, [BIN, ...args], { env, encoding: 'utf8', cwd: ROOT, maxBuffer: 1 << 26 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

before(async () => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'passerelles-demo-'));
  database = BUNDLE ? await bundleCliDatabase() : await cliDatabase();
  handle = await database.open();
  if (!BUNDLE) await runImport(handle.db, SAMPLE_DIR, importSources, undefined, { sample: true });
  const { rows } = await sql<{ lat: number; lon: number }>`SELECT lat, lon FROM commune WHERE code = '44109'`.execute(handle.db);
  nantes = rows[0];
});

after(async () => {
  await handle?.close();
  await database?.drop();
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

async function generate(size: number, seed: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  const out = new Writable({
    write(chunk, _enc, done) {
      chunks.push(Buffer.from(chunk));
      done();
    },
  });
  const stats = await writeDemoCatalogue(handle!.db, out, { size, seed, today: TODAY });
  assert.equal(stats.actions, size);
  return Buffer.concat(chunks);
}

test('the same seed gives the same bytes; another seed another file', async () => {
  const a = await generate(300, 'essai');
  const b = await generate(300, 'essai');
  assert.ok(a.equals(b));
  assert.ok(!a.equals(await generate(300, 'autre')));
  assert.match(a.subarray(0, 200).toString(), /<lheo xmlns="http:\/\/lheo\.gouv\.fr\/2\.3" horodatage-export="2026-12-01T00:00:00\.000Z">/);
});

test('the catalogue imports whole: every offer is demonstration data, in the region, with valid SIRET', async () => {
  const file = path.join(work, 'demo-import.xml');
  const out = fs.createWriteStream(file);
  const stats = await writeDemoCatalogue(handle!.db, out, { size: 400, seed: 'import', today: TODAY });
  await new Promise((r) => out.end(r));
  const { reports } = await importLheoFile(handle!.db, file, { source: 'demo-import' });
  assert.deepEqual(reports[0].rejects, []);
  assert.equal(reports[0].inserted, stats.offers);
  const db = handle!.db;
  const one = async <T>(q: ReturnType<typeof sql<T>>) => (await q.execute(db)).rows[0];
  const f = await one(sql<{ n: number; demo: number }>`
    SELECT count(*)::int AS n, count(*) FILTER (WHERE demo)::int AS demo FROM training_formation WHERE source = 'demo-import'`);
  assert.equal(f.demo, f.n);
  const a = await one(sql<{ n: number }>`SELECT count(*)::int AS n FROM training_action WHERE source = 'demo-import'`);
  assert.equal(a.n, 400);
  const places = await one(sql<{ n: number; inside: number; located: number }>`
    SELECT count(*)::int AS n, count(*) FILTER (WHERE c.region = '52')::int AS inside,
      count(*) FILTER (WHERE l.lat IS NOT NULL)::int AS located
    FROM training_lieu l LEFT JOIN commune c ON c.code = l.commune WHERE l.source = 'demo-import'`);
  assert.equal(places.inside, places.n);
  assert.equal(places.located, places.n);
  const sirets = (await sql<{ siret: string }>`SELECT siret FROM training_organisme WHERE source = 'demo-import'`.execute(db)).rows;
  assert.ok(sirets.length > 0 && sirets.every((r) => luhnValid(r.siret) && luhnValid(r.siret.slice(0, 9))));
  // Sessions start within the 18 months from the reference day (a permanent entry may have begun).
  const s = await one(sql<{ min: string; max: string }>`
    SELECT to_char(min(date_debut), 'YYYY-MM-DD') AS min, to_char(max(date_debut), 'YYYY-MM-DD') AS max
    FROM training_session WHERE source = 'demo-import'`);
  assert.ok(s.min >= '2026-10-02' && s.max <= '2028-06-01', `${s.min} … ${s.max}`);
  // Every offer carries a real certification and its ROME codes.
  const certs = await one(sql<{ n: number; known: number }>`
    SELECT count(*)::int AS n, count(c.code)::int AS known FROM training_certification tc
    LEFT JOIN certification c ON c.code = tc.certifinfo WHERE tc.source = 'demo-import'`);
  assert.equal(certs.known, certs.n);
  assert.equal(certs.n, f.n);
  // Hostile texts are stored as they were written.
  const hostile = await one(sql<{ n: number }>`
    SELECT count(*)::int AS n FROM training_formation
    WHERE source = 'demo-import' AND objectif LIKE ${`${HOSTILE_TEXTS.objectif}%`} AND contenu LIKE ${`${HOSTILE_TEXTS.contenu}%`}`);
  assert.equal(hostile.n, stats.hostile);
  assert.ok(stats.hostile >= 1);
});

test('CLI: data demo-catalogue, then trainings search "soudure" --near 44109 --radius 30 --sort distance --json', async () => {
  await handle!.close();
  handle = undefined;
  const file = path.join(work, 'demo.xml');
  const gen = cli(['data', 'demo-catalogue', '--size', String(SIZE), '--out', file, '--seed', 'acceptance', '--today', TODAY, '--json']);
  assert.equal(gen.status, 0, gen.stderr);
  const report = JSON.parse(gen.stdout);
  assert.equal(report.actions, SIZE);
  assert.ok(fs.statSync(file).size > 0);

  const imp = cli(['trainings', 'import', file, '--source', 'demo', '--json']);
  assert.equal(imp.status, 0, imp.stderr);
  assert.deepEqual(JSON.parse(imp.stdout).files[0].rejects, []);

  const run = cli([
    'trainings',
    'search',
    'soudure',
    '--near',
    '44109',
    '--radius',
    '30',
    '--sort',
    'distance',
    '--json',
    '--page-size',
    '100',
  ]);
  assert.equal(run.status, 0, run.stderr);
  assert.ok(!run.stdout.includes('<script'), 'offer texts leave the CLI escaped');
  const r = JSON.parse(run.stdout) as TrainingSearchResponse;
  assert.ok(r.results.length > 0, 'welding offers near Nantes');
  assert.ok(r.results.length === Math.min(r.total, 100));
  let last = -1;
  for (const h of r.results) {
    assert.equal(h.demo, true);
    const km = haversineKm(nantes.lat, nantes.lon, h.lieu!.lat!, h.lieu!.lon!);
    assert.ok(km <= 30, `${h.formation} : ${km} km`);
    assert.ok(h.lieu!.distanceKm! >= last, 'nearest first');
    last = h.lieu!.distanceKm!;
    assert.ok(h.why.some((w) => w.startsWith('texte : ')) && h.why.some((w) => /km de Nantes$/.test(w)), h.why.join(' | '));
  }

  // The text output shows the same offers, and no control character from an offer.
  const text = cli(['trainings', 'search', 'soudure', '--near', '44109', '--radius', '30', '--sort', 'distance']);
  assert.equal(text.status, 0, text.stderr);
  assert.match(text.stdout, /offres? à moins de 30 km de Nantes, triées par distance/);
  // eslint-disable-next-line no-control-regex
  assert.ok(!/[\u0000-\u0008\u000b-\u001f\u007f]/.test(text.stdout));

  const unknown = cli(['trainings', 'search', 'soudure', '--near', '99999']);
  assert.equal(unknown.status, 1);
  assert.match(unknown.stderr, /commune inconnue/);
});
