/**
 * `npm run bench:steering`: the regional steering figures over the bundle of PASSERELLES_DATA_DIR,
 * imported into a throw-away database (a PGlite folder, or a new database of the DATABASE_URL
 * server). Each measure gives p50/p95 after a warm-up.
 *
 * - coverage: the share of the Pays de la Loire population within 20 km of a counselling point
 *   and its white zones (computeCoverage), then with the greedy siting of 3 new points, then the
 *   public route with its GeoJSON (GET /api/v1/steering/coverage?site=3).
 *
 * - indicators: every indicator for every EPCI of the région, computed from the database
 *   (communeFigures: each measure's commune parts, then the sums), then summed again from the
 *   figures kept in memory (what a second request reads), then the public route at each scale.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import crypto from 'node:crypto';
import { openDatabase } from '../src/app/database.ts';
import { buildServer } from '../src/app/server.ts';
import { importSources } from '../src/app/modules.ts';
import { runImport } from '../src/platform/import/run.ts';
import { createDatabase, dropDatabase } from '../src/platform/db/admin.ts';
import { coverageDb } from '../src/steering/coverage-db.ts';
import { computeCoverage } from '../src/steering/coverage.ts';
import { figuresDb } from '../src/steering/figures-db.ts';
import { communeFigures, computeIndicators } from '../src/steering/indicators.ts';
import { summary } from './stats.ts';

const dataDir = process.env.PASSERELLES_DATA_DIR;
if (!dataDir) {
  console.error('bench:steering : définissez PASSERELLES_DATA_DIR (lot de données)');
  process.exit(1);
}
const server = process.env.DATABASE_URL;
const name = `bench_steering_${crypto.randomBytes(4).toString('hex')}`;
const folder = server ? null : fs.mkdtempSync(path.join(os.tmpdir(), 'passerelles-bench-'));
const handle = server
  ? await openDatabase({ databaseUrl: await createDatabase(server, name) })
  : await openDatabase({ pgliteDir: folder! });

/** p50/p95 of `fn` over `runs` runs after `warm` unmeasured ones. */
async function measure(label: string, fn: () => Promise<unknown>, runs = 50, warm = 5): Promise<void> {
  for (let i = 0; i < warm; i++) await fn();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn();
    samples.push(performance.now() - t);
  }
  console.log(`${label.padEnd(58)} ${summary(samples)}`);
}

try {
  console.log(
    `bench:steering (${handle.kind === 'postgresql' ? 'PostgreSQL' : 'PGlite'}, Node ${process.version}, ${os.cpus().length} × ${os.cpus()[0]?.model ?? '?'})`,
  );
  const t0 = performance.now();
  await runImport(handle.db, path.resolve(dataDir), importSources);
  console.log(`préparation : lot importé en ${((performance.now() - t0) / 1000).toFixed(0)} s`);

  // ---- Coverage of the counselling points ------------------------------------------------------
  const db = coverageDb(handle.db);
  const { coverage } = await computeCoverage(db, { radiusKm: 20, site: 3 });
  console.log(
    `couverture à 20 km, ${coverage.region.name} : ${(coverage.share * 100).toFixed(1)} % de ${coverage.population} habitants, ` +
      `${coverage.communes} communes, ${coverage.points.total} points, ${coverage.whiteZones.length} zones blanches ; ` +
      `implantations : ${coverage.siting.map((s) => `${s.name} (+${s.addedPopulation})`).join(', ')}`,
  );
  await measure('couverture à 20 km (part, zones blanches)', () => computeCoverage(db, { radiusKm: 20 }));
  await measure('couverture à 20 km et 3 implantations (glouton)', () => computeCoverage(db, { radiusKm: 20, site: 3 }));
  const { app } = await buildServer(handle, { logger: false, rateLimit: 1_000_000 });
  const get = async (url: string) => {
    const res = await app.inject(url);
    if (res.statusCode !== 200) throw new Error(`${url} : ${res.statusCode} ${res.body.slice(0, 300)}`);
  };
  await measure('GET /api/v1/steering/coverage?site=3 (avec GeoJSON)', () => get('/api/v1/steering/coverage?site=3'));

  // ---- Indicators ------------------------------------------------------------------------------
  const figures = figuresDb(handle.db);
  const epci = await computeIndicators(figures, 'epci');
  const calculated = epci.definitions.filter((d) => d.status === 'calcule').length;
  console.log(
    `indicateurs : ${calculated} calculés et ${epci.definitions.length - calculated} « pas encore de données », ` +
      `${epci.territories.length} EPCI × ${epci.definitions.length} = ${epci.territories.length * epci.definitions.length} valeurs`,
  );
  await measure('tous les indicateurs, toutes les communes (depuis la base)', () => communeFigures(figures, '52'), 20, 2);
  await measure('tous les indicateurs pour tous les EPCI (chiffres en mémoire)', () => computeIndicators(figures, 'epci'));
  for (const level of ['region', 'departement', 'epci', 'clpe'] as const) {
    await measure(`GET /api/v1/steering/indicators/${level}`, () => get(`/api/v1/steering/indicators/${level}`));
  }
  await app.close();
} finally {
  await handle.close();
  if (server) await dropDatabase(server, name);
  if (folder) fs.rmSync(folder, { recursive: true, force: true });
}
