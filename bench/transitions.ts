/**
 * `npm run bench:transitions`: `transitions D1102 --limit 10` on the skills model, warm (target
 * < 50 ms per query), over 300 runs after a warm-up; the time to read and build the model (no
 * all-pairs precomputation: each query scores the 1,584 fiches on the fly); a profile of several
 * occupations with unticked skills; and, once, the CLI end to end (process start, database open,
 * model build, query, JSON).
 *
 * Database: PASSERELLES_DB or DATABASE_URL when it holds the ROME; otherwise the bundle of
 * PASSERELLES_DATA_DIR is imported into the configured database first (like bench:occupations).
 */
import os from 'node:os';
import { spawnSync } from 'node:child_process';
import { sql } from 'kysely';
import { readConfig } from '../src/platform/config.ts';
import { openDatabase } from '../src/app/database.ts';
import { runImport } from '../src/platform/import/run.ts';
import { importSources } from '../src/app/modules.ts';
import { SkillsModel, loadSkillsData } from '../src/guidance/skills-model.ts';
import { summary } from './stats.ts';

const RUNS = 300;
const config = readConfig();
const handle = await openDatabase(config);
try {
  const count = async () => (await sql<{ n: number }>`SELECT count(*)::int AS n FROM rome_fiche`.execute(handle.db)).rows[0].n;
  let n = await count();
  if (n === 0 && config.dataDir) {
    console.log(`base vide : import de ${config.dataDir}…`);
    await runImport(handle.db, config.dataDir, importSources);
    n = await count();
  }
  if (n === 0) {
    console.error('bench:transitions : aucune fiche ROME en base ; définissez PASSERELLES_DATA_DIR (lot de données)');
    process.exitCode = 1;
  } else {
    await run(n);
  }
} finally {
  await handle.close();
}
// The CLI opens the database itself: PGlite allows one process at a time, so only now.
if (!process.exitCode) timeCli();

function timeCli(): void {
  const t = performance.now();
  const cli = spawnSync(process.execPath, ['bin/passerelles.js', 'occupations', 'transitions', 'D1102', '--limit', '10', '--json'], {
    encoding: 'utf8',
  });
  const cliMs = performance.now() - t;
  if (cli.status === 0 && JSON.parse(cli.stdout).transitions.length === 10) {
    console.log(`  CLI de bout en bout (démarrage, ouverture de la base, modèle, requête) : ${(cliMs / 1000).toFixed(1)} s, une fois`);
  } else {
    console.log(`  CLI : échec (${cli.stderr.trim()})`);
  }
}

async function run(fiches: number): Promise<void> {
  console.log(
    `bench:transitions (${handle.kind === 'postgresql' ? 'PostgreSQL' : 'PGlite'}, Node ${process.version}, ${os.cpus()[0]?.model ?? '?'})`,
  );
  let t = performance.now();
  const data = await loadSkillsData(handle.db);
  const loadMs = performance.now() - t;
  t = performance.now();
  const model = new SkillsModel(data);
  const buildMs = performance.now() - t;
  console.log(
    `  modèle    : lu en ${loadMs.toFixed(0)} ms (SQL), construit en ${buildMs.toFixed(0)} ms — ${fiches} fiches, ` +
      `${data.links.length} liens ; pas de précalcul de toutes les paires (chaque requête note les ${fiches} fiches)`,
  );

  const query = () => model.transitions(model.profile({ occupations: ['D1102'] }), { limit: 10 });
  for (let i = 0; i < 30; i++) query();
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    t = performance.now();
    query();
    times.push(performance.now() - t);
  }
  console.log(`  D1102, 10 résultats (profil + classement + détails), à chaud : ${summary(times)} (cible < 50 ms)`);

  const unticked = model
    .ficheSkills('D1102')!
    .filter((s) => s.kind === 'savoir-faire')
    .slice(0, 5)
    .map((s) => s.code);
  const multi = () => model.transitions(model.profile({ occupations: ['D1102', 'D1106', 'G1602'], exclude: unticked }), { limit: 20 });
  for (let i = 0; i < 30; i++) multi();
  const multiTimes: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    t = performance.now();
    multi();
    multiTimes.push(performance.now() - t);
  }
  console.log(`  3 métiers, 5 compétences décochées, 20 résultats         : ${summary(multiTimes)}`);
}
