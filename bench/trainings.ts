/**
 * `npm run bench:trainings`: the training search on a 50,000-action demonstration catalogue.
 *
 * 1. a fresh database with the bundle's referentials (PASSERELLES_DATA_DIR): PGlite in a
 *    temporary folder, or a fresh database on the server of DATABASE_URL;
 * 2. the catalogue generated from them (time, peak RSS), then imported as LHEO (time, actions/s,
 *    peak RSS), then the search index refreshed (time) — each in its own process, so that peak RSS
 *    is that step's;
 * 3. 500 mixed queries drawn with a seeded PRNG (text, text + radius, ROME + radius, facets only),
 *    run once to warm up, then timed: p50 / p95 / p99 per kind and overall. Target p95 ≤ 30 ms on
 *    PGlite.
 *
 * Options: --actions N (50000), --queries N (500), --keep DIR (reuse / keep the PGlite folder).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import crypto from 'node:crypto';
import { sql } from 'kysely';
import { openDatabase } from '../src/app/database.ts';
import type { DbHandle } from '../src/platform/db/connection.ts';
import { createDatabase, dropDatabase } from '../src/platform/db/admin.ts';
import { runImport } from '../src/platform/import/run.ts';
import { importSources } from '../src/app/modules.ts';
import { writeDemoCatalogue, Prng } from '../src/trainings/demo-catalogue.ts';
import { importLheoFile } from '../src/trainings/import.ts';
import { searchTrainings, type TrainingQuery } from '../src/trainings/search.ts';
import { refreshTrainingSearch } from '../src/trainings/search/sync.ts';
import { percentile } from './stats.ts';

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
};
const ACTIONS = Number(arg('actions', '50000'));
const QUERIES = Number(arg('queries', '500'));
const TODAY = '2026-12-01';
const SEED = 'bench';

/** Where the child processes find the database (env), and what the parent needs to know. */
interface Target {
  env: NodeJS.ProcessEnv;
  label: string;
  cleanup(): Promise<void>;
}

function open(): Promise<DbHandle> {
  return openDatabase({ databaseUrl: process.env.DATABASE_URL || undefined, pgliteDir: process.env.PASSERELLES_DB });
}

/** Runs one phase of this file in a child process; returns its JSON line and peak RSS. */
function phase(name: string, target: Target, extra: string[] = []): Record<string, number> {
  const child = spawnSync(process.execPath, ['--import', 'tsx', path.resolve('bench/trainings.ts'), '--phase', name, ...extra], {
    encoding: 'utf8',
    env: target.env,
    maxBuffer: 1 << 26,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  if (child.status !== 0) throw new Error(`phase ${name} : échec (code ${child.status})`);
  return JSON.parse(child.stdout.trim().split('\n').pop()!);
}

const rssMb = () => process.resourceUsage().maxRSS / 1024;

// ---- phases (child processes) ------------------------------------------------------------------

async function referentials(): Promise<void> {
  const h = await open();
  const t = performance.now();
  await runImport(h.db, process.env.PASSERELLES_DATA_DIR!, importSources);
  await h.close();
  console.log(JSON.stringify({ seconds: (performance.now() - t) / 1000 }));
}

async function generate(file: string): Promise<void> {
  const h = await open();
  const t = performance.now();
  const out = fs.createWriteStream(file);
  const stats = await writeDemoCatalogue(h.db, out, { size: ACTIONS, seed: SEED, today: TODAY });
  await new Promise((r) => out.end(r));
  await h.close();
  console.log(JSON.stringify({ seconds: (performance.now() - t) / 1000, ...stats, bytes: fs.statSync(file).size, rssMb: rssMb() }));
}

async function importCatalogue(file: string): Promise<void> {
  const h = await open();
  let t = performance.now();
  const { reports } = await importLheoFile(h.db, file, { source: 'demo' });
  const seconds = (performance.now() - t) / 1000;
  t = performance.now();
  await refreshTrainingSearch(h.db);
  const index = (performance.now() - t) / 1000;
  await h.close();
  console.log(JSON.stringify({ seconds, index, offers: reports[0].read, rejected: reports[0].rejects.length, rssMb: rssMb() }));
}

// ---- the query mix -----------------------------------------------------------------------------

type Kind = 'texte' | 'texte + rayon' | 'ROME + rayon' | 'facettes';

/** What people type: trades and domains, a few with typos or without accents. */
const WORDS = [
  'soudure',
  'soudeur',
  'cuisine',
  'cuisinier',
  'électricité',
  'electricien',
  'aide-soignant',
  'comptabilité',
  'boulanger',
  'pâtisserie',
  'logistique',
  'cariste',
  'informatique',
  'développeur web',
  'commerce',
  'vente',
  'anglais',
  'maçon',
  'plombier chauffagiste',
  'coiffure',
  'esthétique',
  'mécanique automobile',
  'menuiserie',
  'paysagiste',
  'transport routier',
  'petite enfance',
  'secrétaire',
  'management',
  'infirmier',
  'auxiliaire de vie',
  'agent de sécurité',
  'chaudronnerie',
  'maintenance industrielle',
  'ressources humaines',
  'hôtellerie',
  'conducteur de bus',
  'électrotechnique',
  'peintre bâtiment',
  'sodure',
  'cuisnier',
  'electricte',
  'comptabilite',
  'logisitque',
  'boulangerie pâtisserie',
  'BTS',
  'CAP',
  'titre professionnel',
];

interface BenchQuery {
  kind: Kind;
  query: TrainingQuery;
}

async function queryMix(h: DbHandle, n: number): Promise<BenchQuery[]> {
  const rng = new Prng(`${SEED}|queries`);
  // Where people live: the region's communes by population.
  const { rows: towns } = await sql<{ code: string; population: number }>`
    SELECT code, coalesce(population, 0) AS population FROM commune WHERE region = '52' AND lat IS NOT NULL
    ORDER BY population DESC NULLS LAST, code LIMIT 200`.execute(h.db);
  const cum: number[] = [];
  towns.reduce((s, t) => (cum.push(s + t.population), s + t.population), 0);
  const { rows: romes } = await sql<{ code: string }>`
    SELECT code FROM training_domaine WHERE kind = 'ROME' GROUP BY code ORDER BY count(*) DESC, code LIMIT 300`.execute(h.db);
  const town = () => towns[rng.cumulative(cum)].code;
  const radius = () => rng.pick([10, 20, 30, 30, 50]);
  const out: BenchQuery[] = [];
  const kinds: Kind[] = ['texte', 'texte + rayon', 'ROME + rayon', 'facettes'];
  for (let i = 0; i < n; i++) {
    const kind = kinds[i % kinds.length];
    const q: TrainingQuery = {};
    if (kind === 'texte' || kind === 'texte + rayon') {
      q.text = rng.pick(WORDS);
      if (rng.chance(0.15)) q.sort = 'employment';
    }
    if (kind === 'texte + rayon' || kind === 'ROME + rayon') {
      q.near = { commune: town() };
      q.radiusKm = radius();
      if (rng.chance(0.5)) q.sort = 'distance';
    }
    if (kind === 'ROME + rayon') q.rome = rng.pick(romes).code;
    if (kind === 'facettes') {
      const filters = rng.int(1, 3);
      for (let f = 0; f < filters; f++) {
        const which = rng.int(0, 4);
        if (which === 0) q.niveau = [rng.int(3, 7)];
        if (which === 1) q.modalites = [rng.pick(['presentiel', 'mixte', 'distance'] as const)];
        if (which === 2) q.cpf = rng.chance(0.5);
        if (which === 3) q.financeurs = [rng.pick(['2', '4', '10', '16'])];
        if (which === 4) q.departements = [rng.pick(['44', '49', '53', '72', '85'])];
      }
      if (rng.chance(0.3)) {
        q.startFrom = TODAY;
        q.startTo = '2027-06-30';
      }
      q.sort = 'start';
    }
    if (rng.chance(0.1)) q.page = 2;
    out.push({ kind, query: q });
  }
  return out;
}

async function queries(): Promise<void> {
  const h = await open();
  let t = performance.now();
  await searchTrainings(h.db, {}, { today: TODAY });
  const firstMs = performance.now() - t;
  const mix = await queryMix(h, QUERIES);
  for (const q of mix) await searchTrainings(h.db, q.query, { today: TODAY }); // warm-up
  const times: Record<string, number[]> = {};
  let results = 0;
  for (const q of mix) {
    t = performance.now();
    const r = await searchTrainings(h.db, q.query, { today: TODAY });
    const ms = performance.now() - t;
    (times[q.kind] ??= []).push(ms);
    results += r.total;
  }
  await h.close();
  console.log(
    JSON.stringify({
      firstMs,
      meanTotal: results / mix.length,
      rssMb: rssMb(),
      ...Object.fromEntries(Object.entries(times).map(([k, v]) => [k, v])),
    }),
  );
}

// ---- driver ------------------------------------------------------------------------------------

async function target(): Promise<Target> {
  const url = process.env.DATABASE_URL;
  if (url) {
    const name = `bench_trainings_${crypto.randomBytes(4).toString('hex')}`;
    const dbUrl = await createDatabase(url, name);
    return { env: { ...process.env, DATABASE_URL: dbUrl }, label: 'PostgreSQL', cleanup: () => dropDatabase(url, name) };
  }
  const keep = process.argv.includes('--keep') ? path.resolve(arg('keep', 'var/bench-trainings')) : undefined;
  const folder = keep ?? fs.mkdtempSync(path.join(os.tmpdir(), 'passerelles-bench-trainings-'));
  return {
    env: { ...process.env, PASSERELLES_DB: folder, DATABASE_URL: '' },
    label: 'PGlite',
    cleanup: async () => {
      if (!keep) fs.rmSync(folder, { recursive: true, force: true });
    },
  };
}

const fmt = (samples: number[]) =>
  `p50 ${percentile(samples, 50).toFixed(1)} ms, p95 ${percentile(samples, 95).toFixed(1)} ms, p99 ${percentile(samples, 99).toFixed(1)} ms (n = ${samples.length})`;

async function main(): Promise<void> {
  const name = arg('phase', '');
  if (name === 'referentials') return referentials();
  if (name === 'generate') return generate(arg('file', ''));
  if (name === 'import') return importCatalogue(arg('file', ''));
  if (name === 'queries') return queries();

  if (!process.env.PASSERELLES_DATA_DIR) {
    console.error('bench:trainings : définissez PASSERELLES_DATA_DIR (lot de données : référentiels)');
    process.exitCode = 1;
    return;
  }
  const t = await target();
  const file = path.join(os.tmpdir(), `passerelles-demo-${process.pid}.xml`);
  try {
    console.log(
      `bench:trainings (${t.label}, ${ACTIONS} actions, ${QUERIES} requêtes, Node ${process.version}, ${os.cpus().length} cœurs, ${os.cpus()[0]?.model ?? '?'})`,
    );
    const reused = t.label === 'PGlite' && process.argv.includes('--keep') && fs.existsSync(path.join(t.env.PASSERELLES_DB!, 'PG_VERSION'));
    if (!reused) {
      const ref = phase('referentials', t);
      console.log(`  référentiels du lot : ${ref.seconds.toFixed(1)} s`);
      const gen = phase('generate', t, ['--file', file]);
      console.log(
        `  catalogue généré    : ${gen.offers} offres, ${gen.actions} actions, ${gen.sessions} sessions, ` +
          `${(gen.bytes / 1e6).toFixed(0)} Mo en ${gen.seconds.toFixed(1)} s, RSS max ${gen.rssMb.toFixed(0)} MB`,
      );
      const imp = phase('import', t, ['--file', file]);
      console.log(
        `  import LHEO         : ${imp.seconds.toFixed(1)} s, ${(ACTIONS / imp.seconds).toFixed(0)} actions/s ` +
          `(${imp.offers} offres, ${imp.rejected} rejetées), RSS max ${imp.rssMb.toFixed(0)} MB`,
      );
      console.log(`  index de recherche  : ${imp.index.toFixed(1)} s (tables dérivées, après l’import)`);
    }
    const q = phase('queries', t) as unknown as Record<string, number[]> & { firstMs: number; meanTotal: number; rssMb: number };
    console.log(`  première recherche  : ${q.firstMs.toFixed(0)} ms (lecture de l’index en mémoire), RSS max ${q.rssMb.toFixed(0)} MB`);
    console.log(`  requêtes (${QUERIES}, après un tour de chauffe ; ${q.meanTotal.toFixed(0)} offres trouvées en moyenne) :`);
    const all: number[] = [];
    for (const kind of ['texte', 'texte + rayon', 'ROME + rayon', 'facettes']) {
      const samples = q[kind] ?? [];
      all.push(...samples);
      console.log(`    ${kind.padEnd(14)} ${fmt(samples)}`);
    }
    const p95 = percentile(all, 95);
    console.log(
      `    ${'ensemble'.padEnd(14)} ${fmt(all)}${t.label === 'PGlite' ? ` — cible p95 ≤ 30 ms : ${p95 <= 30 ? 'atteinte' : 'manquée'}` : ''}`,
    );
  } finally {
    fs.rmSync(file, { force: true });
    await t.cleanup();
  }
}

await main();
