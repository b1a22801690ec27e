/**
 * `npm run bench:pathways`: the pathway simulator (`simulatePathways`, what POST /api/v1/pathways and
 * the CLI run) on the bundle of PASSERELLES_DATA_DIR with a 5,000-action demonstration catalogue:
 * p50/p95 per target and for --explore, warm (every request run once first), over RUNS requests
 * cycling through a fixed list (targets of several domains, with and without `from`, skills,
 * several communes, radii, statuses and ages). Targets: p95 ≤ 200 ms per target, ≤ 400 ms explore.
 *
 * On a throw-away database (a PGlite folder, or a new database of the DATABASE_URL server) into
 * which the bundle and the catalogue are imported; PASSERELLES_BENCH_TEMPLATE names a PGlite folder
 * that already holds both (made by `--make-template <dir>`), copied instead (PGlite only).
 *
 * Equivalence harness: `--record <file.json>` writes every answer of the list (or its French error)
 * to a file, `--compare <file.json>` runs the list again and prints every path whose value differs.
 * Such files derive from the bundle: keep them in /tmp, never in the repository.
 *
 * Options: --runs <n> (default 200 targeted, 60 explore), --make-template <dir>.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import crypto from 'node:crypto';
import { openDatabase } from '../src/app/database.ts';
import { importSources } from '../src/app/modules.ts';
import { runImport } from '../src/platform/import/run.ts';
import { createDatabase, dropDatabase } from '../src/platform/db/admin.ts';
import type { DbHandle } from '../src/platform/db/connection.ts';
import { SkillsCatalog } from '../src/guidance/skills-model.ts';
import { simulatePathways, type PathwayInput } from '../src/guidance/pathways.ts';
import { importDemoCatalogue } from '../test/helpers/demo.ts';
import { percentile, summary } from './stats.ts';

/** Day of every simulation and of the catalogue's sessions: the answers depend only on the data. */
export const BENCH_TODAY = '2026-12-01';
export const BENCH_DEMO = { size: 5000, seed: 'parcours', today: BENCH_TODAY, source: 'demo-parcours' };

const COMMUNES = ['44184', '44109', '49007', '72181', '85191', '53130'];
const RADII = [5, 20, 50, 120];
const STATUSES = ['demandeur', 'jeune', 'salarie'] as const;
const AGES = [null, 19, 24, 45];
/** Occupations of several domaines (commerce, food, health, building, industry, transport, office, IT, hospitality, farming). */
const PAIRS: [from: string, to: string][] = [
  ['D1106', 'D1102'],
  ['D1106', 'D1101'],
  ['D1102', 'D1104'],
  ['J1301', 'J1501'],
  ['K1302', 'J1501'],
  ['F1703', 'F1701'],
  ['F1602', 'F1603'],
  ['H2909', 'H2913'],
  ['H3302', 'H2102'],
  ['N4105', 'N4101'],
  ['N1103', 'N1105'],
  ['M1602', 'M1607'],
  ['M1607', 'M1203'],
  ['M1805', 'M1810'],
  ['G1602', 'G1601'],
  ['G1803', 'G1602'],
  ['A1203', 'A1414'],
  ['I1604', 'I1606'],
  ['K2204', 'K1304'],
  ['D1507', 'N1103'],
];

/** The fixed list of requests: targeted ones then explore ones. */
export function benchRequests(skills: SkillsCatalog): { targeted: PathwayInput[]; explore: PathwayInput[] } {
  const targeted: PathwayInput[] = [];
  const known = PAIRS.filter(([f, t]) => skills.hasFiche(f) && skills.hasFiche(t));
  known.forEach(([from, to], i) => {
    const base = { commune: COMMUNES[i % COMMUNES.length], radius: RADII[i % RADII.length], today: BENCH_TODAY };
    targeted.push({ ...base, from, to, status: STATUSES[i % 3], age: AGES[i % 4] });
    // The same person described by some of the skills of the occupation held (no `from`).
    const items = (skills.ficheSkills(from) ?? []).filter((_, k) => k % 3 !== 1).map((s) => s.code);
    if (items.length)
      targeted.push({
        ...base,
        skills: items,
        to,
        radius: RADII[(i + 1) % RADII.length],
        status: STATUSES[(i + 1) % 3],
        age: AGES[(i + 1) % 4],
      });
    // `from` plus a few skills of the target.
    if (i % 2 === 0) {
      const extra = (skills.ficheSkills(to) ?? []).slice(0, 4).map((s) => s.code);
      targeted.push({
        ...base,
        from,
        skills: extra,
        to,
        commune: COMMUNES[(i + 2) % COMMUNES.length],
        status: STATUSES[(i + 2) % 3],
        age: 30,
      });
    }
  });
  const explore: PathwayInput[] = known.slice(0, 8).map(([from], i) => ({
    from,
    explore: true,
    commune: COMMUNES[i % COMMUNES.length],
    radius: RADII[(i + 2) % RADII.length],
    status: STATUSES[i % 3],
    age: AGES[(i + 3) % 4],
    today: BENCH_TODAY,
  }));
  // Outside the catalogue's région (Bretagne, Île-de-France), the widest radius, explore from skills alone.
  if (known.length) {
    const [from, to] = known[0];
    targeted.push({ from, to, commune: '35238', radius: 200, status: 'demandeur', age: 27, today: BENCH_TODAY });
    targeted.push({ from, to, commune: '75056', radius: 30, status: 'salarie', today: BENCH_TODAY });
    const items = (skills.ficheSkills(from) ?? []).slice(0, 8).map((s) => s.code);
    explore.push({ skills: items, explore: true, commune: '35238', radius: 200, status: 'jeune', age: 22, today: BENCH_TODAY });
  }
  return { targeted, explore };
}

/** Imports the bundle and the demonstration catalogue into a fresh database. */
async function fill(handle: DbHandle, dataDir: string): Promise<void> {
  await runImport(handle.db, path.resolve(dataDir), importSources);
  await importDemoCatalogue(handle, BENCH_DEMO);
}

/** Every path under which two JSON values differ (at most `max`). */
export function jsonDiff(a: unknown, b: unknown, where = '', out: string[] = [], max = 50): string[] {
  if (out.length >= max) return out;
  if (a === b) return out;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== 'object') {
    out.push(`${where || '/'} : ${JSON.stringify(a)?.slice(0, 120)} ≠ ${JSON.stringify(b)?.slice(0, 120)}`);
    return out;
  }
  if (Array.isArray(a) !== Array.isArray(b)) {
    out.push(`${where} : tableau ≠ objet`);
    return out;
  }
  const keys = new Set([...Object.keys(a as object), ...Object.keys(b as object)]);
  for (const k of keys) jsonDiff((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${where}/${k}`, out, max);
  return out;
}

async function answer(deps: { db: DbHandle['db']; skills: SkillsCatalog }, input: PathwayInput): Promise<unknown> {
  try {
    return await simulatePathways(deps, input);
  } catch (e) {
    return { error: e instanceof Error ? e.message : String(e) };
  }
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const opt = (name: string) => {
    const i = args.indexOf(name);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const dataDir = process.env.PASSERELLES_DATA_DIR;
  const makeTemplate = opt('--make-template');
  if (makeTemplate) {
    if (!dataDir) throw new Error('bench:pathways : définissez PASSERELLES_DATA_DIR (lot de données)');
    const h = await openDatabase({ pgliteDir: makeTemplate });
    try {
      await fill(h, dataDir);
    } finally {
      await h.close();
    }
    console.log(`modèle prêt : ${makeTemplate}`);
    return;
  }
  const server = process.env.DATABASE_URL;
  const template = server ? undefined : process.env.PASSERELLES_BENCH_TEMPLATE;
  if (!dataDir && !template) {
    console.error('bench:pathways : définissez PASSERELLES_DATA_DIR (lot de données)');
    process.exitCode = 1;
    return;
  }
  const name = `bench_pathways_${crypto.randomBytes(4).toString('hex')}`;
  const folder = server ? null : fs.mkdtempSync(path.join(os.tmpdir(), 'passerelles-bench-pathways-'));
  if (folder && template) fs.cpSync(template, folder, { recursive: true });
  const handle = server
    ? await openDatabase({ databaseUrl: await createDatabase(server, name) })
    : await openDatabase({ pgliteDir: folder! });
  try {
    if (!template) {
      const t0 = performance.now();
      await fill(handle, dataDir!);
      console.log(
        `préparation : lot et catalogue de démonstration (5 000 actions) importés en ${((performance.now() - t0) / 1000).toFixed(0)} s`,
      );
    }
    const skills = new SkillsCatalog(handle.db);
    await skills.refresh();
    const deps = { db: handle.db, skills };
    const { targeted, explore } = benchRequests(skills);
    const all = [...targeted, ...explore];

    const record = opt('--record');
    const compare = opt('--compare');
    if (record || compare) {
      const answers: Record<string, unknown> = {};
      const t0 = performance.now();
      for (const input of all) answers[JSON.stringify(input)] = await answer(deps, input);
      const ms = performance.now() - t0;
      if (record) {
        fs.writeFileSync(record, JSON.stringify(answers, null, 1));
        console.log(`${all.length} réponses écrites dans ${record} en ${(ms / 1000).toFixed(1)} s`);
      }
      if (compare) {
        const reference = JSON.parse(fs.readFileSync(compare, 'utf8')) as Record<string, unknown>;
        let same = 0;
        for (const [key, value] of Object.entries(answers)) {
          const diff = jsonDiff(reference[key], JSON.parse(JSON.stringify(value)));
          if (!diff.length) same++;
          else console.log(`DIFFÉRENT ${key}\n  ${diff.join('\n  ')}`);
        }
        const missing = Object.keys(reference).filter((k) => !(k in answers));
        console.log(`${same} / ${all.length} réponses identiques à ${compare}${missing.length ? ` ; ${missing.length} absentes` : ''}`);
        if (same !== all.length || missing.length) process.exitCode = 1;
      }
      return;
    }

    const runs = Number(opt('--runs') ?? 200);
    console.log(
      `bench:pathways (${handle.kind === 'postgresql' ? 'PostgreSQL' : 'PGlite'}, Node ${process.version}, ${os.cpus().length} × ${os.cpus()[0]?.model ?? '?'})`,
    );
    const t1 = performance.now();
    await simulatePathways(deps, targeted[0]);
    console.log(`  premier appel (froid) : ${(performance.now() - t1).toFixed(0)} ms`);
    // First pass: every request once, on lookups that hold only what earlier requests read.
    const first = async (list: PathwayInput[]) => {
      const samples: number[] = [];
      for (const input of list) {
        const t = performance.now();
        await answer(deps, input);
        samples.push(performance.now() - t);
      }
      return samples;
    };
    console.log(`  première passe, par métier visé         ${summary(await first(targeted), 'ms', 1)}`);
    console.log(`  première passe, exploration             ${summary(await first(explore), 'ms', 1)}`);
    const measure = async (label: string, list: PathwayInput[], n: number, goal: number) => {
      const samples: number[] = [];
      for (let i = 0; i < n; i++) {
        const t = performance.now();
        await answer(deps, list[i % list.length]);
        samples.push(performance.now() - t);
      }
      const p95 = percentile(samples, 95);
      console.log(`  ${label.padEnd(36)} ${summary(samples, 'ms', 1)} — cible p95 ≤ ${goal} ms : ${p95 <= goal ? 'tenue' : 'MANQUÉE'}`);
    };
    await measure(`par métier visé (${targeted.length} requêtes)`, targeted, runs, 200);
    await measure(`exploration (${explore.length} requêtes)`, explore, Math.max(20, Math.round(runs * 0.3)), 400);
  } finally {
    await handle.close();
    if (server) await dropDatabase(server, name);
    if (folder) fs.rmSync(folder, { recursive: true, force: true });
  }
}

await main();
