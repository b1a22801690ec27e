/**
 * `npm run bench:occupations`: occupation search over the configured database (PASSERELLES_DB or
 * DATABASE_URL). An empty database is first filled from PASSERELLES_DATA_DIR. Prints the time to
 * load the documents and build the index (target ≤ 2 s), query latency over 1,000 queries after a
 * warm-up (target p95 ≤ 10 ms) and top-3 quality on the realistic queries.
 */
import os from 'node:os';
import { sql } from 'kysely';
import { readConfig } from '../src/platform/config.ts';
import { openDatabase } from '../src/app/database.ts';
import { runImport } from '../src/platform/import/run.ts';
import { importSources } from '../src/app/modules.ts';
import { buildOccupationIndex, loadOccupationDocuments, type OccupationIndex } from '../src/referentials/search.ts';
import { REALISTIC_QUERIES } from '../test/referentials/search-queries.ts';
import { occupationQueryMix, type BenchQuery } from './occupation-mix.ts';
import { summary } from './stats.ts';

const QUERIES = 1000;
const config = readConfig();
const handle = await openDatabase(config);
try {
  const fiches = async () => (await sql<{ n: number }>`SELECT count(*)::int AS n FROM rome_fiche`.execute(handle.db)).rows[0].n;
  let n = await fiches();
  if (n === 0 && config.dataDir) {
    console.log(`base vide : import de ${config.dataDir}…`);
    const t = performance.now();
    await runImport(handle.db, config.dataDir, importSources);
    n = await fiches();
    console.log(`  import : ${((performance.now() - t) / 1000).toFixed(1)} s`);
  }
  if (n === 0) {
    console.error('bench:occupations : aucune fiche ROME en base ; définissez PASSERELLES_DATA_DIR (lot de données)');
    process.exitCode = 1;
  } else {
    if (n < 1500) console.warn(`attention : ${n} fiches seulement (données d’exemple ?) ; les chiffres ne valent pas pour le ROME complet`);
    await run();
  }
} finally {
  await handle.close();
}

async function run(): Promise<void> {
  let t = performance.now();
  const documents = await loadOccupationDocuments(handle.db);
  const loadMs = performance.now() - t;
  t = performance.now();
  const index = buildOccupationIndex(documents);
  const buildMs = performance.now() - t;
  const base = handle.kind === 'postgresql' ? 'PostgreSQL' : 'PGlite';
  console.log(`bench:occupations (${base}, Node ${process.version}, ${os.cpus()[0]?.model ?? '?'})`);
  console.log(`  documents : ${documents.length} lus en ${loadMs.toFixed(0)} ms (SQL)`);
  console.log(
    `  index     : construit en ${buildMs.toFixed(0)} ms, ${(loadMs + buildMs).toFixed(0)} ms avec la lecture (cible ≤ 2000 ms) — ${index.stats.fiches} fiches, ` +
      `${index.stats.documents} documents distincts, ${index.stats.terms} mots, ${index.stats.stems} racines`,
  );

  const mix = occupationQueryMix(documents, REALISTIC_QUERIES, QUERIES);
  for (const q of mix) index.search(q.query, { limit: 10 }); // warm-up: JIT and caches
  const times: number[] = [];
  const bySource = new Map<BenchQuery['source'], number[]>();
  for (const q of mix) {
    const start = performance.now();
    index.search(q.query, { limit: 10 });
    const ms = performance.now() - start;
    times.push(ms);
    bySource.set(q.source, [...(bySource.get(q.source) ?? []), ms]);
  }
  console.log(`  requêtes  : ${summary(times)} (cible p95 ≤ 10 ms)`);
  for (const [source, samples] of bySource) console.log(`    ${source.padEnd(9)} ${summary(samples)}`);

  const realistic = quality(
    index,
    REALISTIC_QUERIES.map((q) => ({ query: q.query, code: q.code, source: 'realistic' as const })),
  );
  console.log(
    `  qualité   : top 3 ${realistic.top3}/${realistic.total} (${pct(realistic.top3, realistic.total)}), top 1 ${realistic.top1}/${realistic.total} sur les requêtes réalistes`,
  );
  const typos = quality(
    index,
    mix.filter((q) => q.source === 'typo'),
  );
  console.log(
    `              top 3 ${typos.top3}/${typos.total} (${pct(typos.top3, typos.total)}) sur les appellations avec fautes injectées (indicatif)`,
  );
  for (const m of realistic.misses) console.log(`    manqué : ${m}`);
}

function quality(index: OccupationIndex, queries: readonly BenchQuery[]) {
  let top1 = 0;
  let top3 = 0;
  const misses: string[] = [];
  for (const q of queries) {
    const hits = index.search(q.query, { limit: 3 });
    const rank = hits.findIndex((h) => h.code === q.code);
    if (rank === 0) top1++;
    if (rank >= 0) top3++;
    else misses.push(`« ${q.query} » attendu ${q.code}, obtenu ${hits.map((h) => h.code).join(', ') || 'rien'}`);
  }
  return { top1, top3, total: queries.length, misses };
}

function pct(a: number, b: number): string {
  return `${((100 * a) / Math.max(1, b)).toFixed(1)} %`;
}
