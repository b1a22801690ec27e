/**
 * `npm run bench:load`: the platform as `npm start` runs it (NODE_ENV=production, page cache off,
 * rate limit lifted), loaded from outside with autocannon over loopback, on PostgreSQL (the server
 * of DATABASE_URL, with PASSERELLES_WORKERS workers, the core count by default) then on PGlite.
 *
 * 1. Fresh render: fiche métier × commune pages only, a (fiche, commune) pair never asked before for
 *    each request; one connection for 5 s (the cost of a page), then 20 connections — target p95
 *    ≤ 150 ms on PostgreSQL. Node's CPU per page (primary and workers, read from /proc) is printed.
 * 2. Load: 200 requests/s in all (autocannon's overallRate) for 60 s on a mix of public pages and
 *    API routes, every address new (fiches, communes, words read from the database): p50/p95/p99,
 *    errors, timeouts, statuses, and per route — target 0 errors and 0 non-2xx on PostgreSQL.
 * 3. Soak (--soak, or --soak-minutes N): the same mix for 10 minutes on PostgreSQL (on PGlite when
 *    DATABASE_URL is unset); the resident memory of the server's processes sampled every 10 s; RSS
 *    at 1 minute and at the end, and the slope over the second half — flat below 1 MB/min.
 *
 * Each database is a throw-away copy: a new database on the DATABASE_URL server, a temporary PGlite
 * folder (a copy of PASSERELLES_TEST_TEMPLATE when it names a bundle folder), into which the bundle
 * of PASSERELLES_DATA_DIR and a 4,000-offer demonstration catalogue are imported.
 *
 * Options: --seconds N (load, 60), --fresh-seconds N (25), --soak, --soak-minutes N (10),
 * --only postgresql|pglite, --workers N (PASSERELLES_WORKERS on PostgreSQL).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { openDatabase } from '../src/app/database.ts';
import { importSources } from '../src/app/modules.ts';
import { runImport } from '../src/platform/import/run.ts';
import { createDatabase, dropDatabase } from '../src/platform/db/admin.ts';
import { importDemoCatalogue } from '../test/helpers/demo.ts';
import { theme } from '../web/theme.ts';
import { buildPortal, machineBusyMs, startServer, treeCpuMs, treeRss, type RunningServer } from './load-server.ts';
import { percentile } from './stats.ts';
import { frenchNumber } from '../src/common/format.ts';
import { seededRandom } from '../src/common/random.ts';

const args = process.argv.slice(2);
const opt = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1] : fallback;
};
const SECONDS = Number(opt('seconds', '60'));
const FRESH_SECONDS = Number(opt('fresh-seconds', '25'));
const SOAK_MINUTES = args.includes('--soak-minutes') ? Number(opt('soak-minutes', '10')) : args.includes('--soak') ? 10 : 0;
const ONLY = opt('only', '');
const WORKERS = opt('workers', process.env.PASSERELLES_WORKERS ?? '');
const RATE = 200;
const LOAD_CONNECTIONS = 100;
const FRESH_CONNECTIONS = 20;
const FRESH_TARGET_MS = 150;
const FLAT_MB_PER_MIN = 1;
/** autocannon's timeout: a request without an answer after it counts as an error. */
const TIMEOUT_S = 10;
const DATA_DIR = process.env.PASSERELLES_DATA_DIR ? path.resolve(process.env.PASSERELLES_DATA_DIR) : undefined;
const SERVER = process.env.DATABASE_URL || undefined;
const TEMPLATE = process.env.PASSERELLES_TEST_TEMPLATE;
const PGLITE_TEMPLATE = TEMPLATE && fs.existsSync(path.join(TEMPLATE, 'PG_VERSION')) ? TEMPLATE : undefined;
const DEMO = { size: 4000, seed: 'charge', today: '2026-12-01', source: 'demo-charge' };

type Kind = 'postgresql' | 'pglite';

// ——— The request mix ———

interface Codes {
  fiches: string[];
  communes: string[];
  words: string[];
  places: string[];
}

/** Real codes and search words, read from the database before the server opens it. */
async function readCodes(config: { databaseUrl?: string; pgliteDir?: string }): Promise<Codes> {
  const handle = await openDatabase(config);
  try {
    const fiches = (await handle.db.selectFrom('rome_fiche').select('code').orderBy('code').execute()).map((r) => r.code);
    const communes = await handle.db
      .selectFrom('commune')
      .select(['code', 'name'])
      .where('region', '=', theme.regionCode)
      .orderBy('code')
      .execute();
    const labels = await handle.db.selectFrom('rome_appellation').select('label').orderBy('code_ogr').execute();
    const words = [...new Set(labels.flatMap((r) => (r.label as string).toLowerCase().split(/[^a-zà-ÿ]+/)))].filter((w) => w.length >= 5);
    return { fiches, communes: communes.map((c) => c.code), words, places: communes.map((c) => c.name as string) };
  } finally {
    await handle.close();
  }
}

type Route = { name: string; weight: number; path: (pick: Picker) => string };
type Picker = { fiche(): string; commune(): string; pair(): [string, string]; word(): string; place(): string; int(n: number): number };

/** What a visitor of the portal and a partner reading the API ask, in proportion (weights sum to 100). */
const MIX: Route[] = [
  { name: 'page fiche métier × commune', weight: 30, path: (p) => `/metiers/${p.pair().join('?commune=')}` },
  { name: 'page d’accueil', weight: 5, path: () => '/' },
  { name: 'page recherche de formations', weight: 10, path: (p) => `/formations?rome=${p.fiche()}&commune=${p.commune()}` },
  {
    name: 'API recherche de formations',
    weight: 10,
    path: (p) => `/api/v1/trainings?rome=${p.fiche()}&near=${p.commune()}&radiusKm=${[10, 30, 60][p.int(3)]}`,
  },
  { name: 'API recherche de métiers', weight: 15, path: (p) => `/api/v1/occupations?q=${encodeURIComponent(p.word())}` },
  {
    name: 'API communes',
    weight: 10,
    path: (p) => `/api/v1/territories/communes?q=${encodeURIComponent(p.place().slice(0, 3 + p.int(5)))}`,
  },
  {
    name: 'API simulateur d’apprentissage',
    weight: 8,
    path: (p) =>
      `/api/v1/apprenticeship/pay?birth=${2000 + p.int(9)}-0${1 + p.int(9)}-1${p.int(9)}&start=2026-09-0${1 + p.int(9)}&years=${1 + p.int(3)}`,
  },
  { name: 'API fiche métier', weight: 7, path: (p) => `/api/v1/occupations/${p.fiche()}` },
  { name: 'API métier × commune', weight: 5, path: (p) => `/api/v1/occupations/${p.pair().join('/territory/commune/')}` },
];

/** Draws addresses; (fiche, commune) pairs are never drawn twice in a run. */
function picker(codes: Codes, seed: number): Picker {
  const rnd = seededRandom(seed); // the same run asks the same addresses
  const int = (n: number) => Math.floor(rnd() * n);
  const seen = new Set<string>();
  const fiche = () => codes.fiches[int(codes.fiches.length)];
  const commune = () => codes.communes[int(codes.communes.length)];
  return {
    fiche,
    commune,
    int,
    word: () => codes.words[int(codes.words.length)],
    place: () => codes.places[int(codes.places.length)],
    pair: () => {
      for (;;) {
        const pair: [string, string] = [fiche(), commune()];
        const key = pair.join();
        if (!seen.has(key)) {
          seen.add(key);
          return pair;
        }
      }
    },
  };
}

// ——— Measuring ———

interface Figures {
  samples: number[];
  byRoute: Map<string, number[]>;
  /** Requests left without an answer after the timeout, per route. */
  unanswered: Map<string, number>;
  sent: number;
  rps: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  statuses: Record<string, number>;
}

let running: autocannon.Instance | undefined;

/** autocannon against `base`, each request's address drawn from `routes` (by weight). */
function fire(
  base: string,
  pick: Picker,
  routes: Route[],
  options: { connections: number; seconds: number; rate?: number },
): Promise<Figures> {
  const total = routes.reduce((s, r) => s + r.weight, 0);
  const draw = () => {
    let x = pick.int(total);
    for (const r of routes) if ((x -= r.weight) < 0) return r;
    return routes[0];
  };
  const samples: number[] = [];
  const byRoute = new Map<string, number[]>(routes.map((r) => [r.name, []]));
  // onResponse runs just before the tracker's 'response' event of the same request.
  let answered = '';
  // Requests without an answer yet: those still there after the timeout are counted per route.
  const pending = new Map<number, { route: string; at: number }>();
  let sequence = 0;
  return new Promise((resolve, reject) => {
    running = autocannon(
      {
        url: base,
        connections: options.connections,
        duration: options.seconds,
        overallRate: options.rate,
        timeout: TIMEOUT_S,
        headers: { 'accept-encoding': 'gzip, br' },
        requests: [
          {
            setupRequest: (req, context: { route?: string; token?: number }) => {
              const route = draw();
              context.route = route.name;
              context.token = ++sequence;
              pending.set(sequence, { route: route.name, at: performance.now() });
              return { ...req, path: route.path(pick) };
            },
            onResponse: (_status, _body, context: { route?: string; token?: number }) => {
              answered = context.route ?? '';
              pending.delete(context.token ?? 0);
            },
          },
        ],
      },
      (error, result) => {
        running = undefined;
        if (error) return reject(error);
        const statuses: Record<string, number> = {};
        for (const [code, s] of Object.entries(result.statusCodeStats ?? {})) statuses[code] = s.count ?? 0;
        const unanswered = new Map<string, number>();
        const now = performance.now();
        for (const { route, at } of pending.values())
          if (now - at >= TIMEOUT_S * 1000) unanswered.set(route, (unanswered.get(route) ?? 0) + 1);
        resolve({
          samples,
          byRoute,
          unanswered,
          sent: result.requests.sent,
          rps: result.requests.total / result.duration,
          errors: result.errors,
          timeouts: result.timeouts,
          non2xx: result.non2xx,
          statuses,
        });
      },
    );
    running.on('response', (_client, _status, _bytes, time) => {
      samples.push(time);
      byRoute.get(answered)?.push(time);
    });
  });
}

const ms = (v: number) => (Number.isNaN(v) ? '—' : `${Math.round(v)} ms`);
const pcts = (s: number[]) => `p50 ${ms(percentile(s, 50))}, p95 ${ms(percentile(s, 95))}, p99 ${ms(percentile(s, 99))}`;
const statusList = (f: Figures) =>
  Object.entries(f.statuses)
    .map(([code, n]) => `${code} × ${n}`)
    .join(', ');
const faults = (f: Figures) => `${f.errors} erreur(s) dont ${f.timeouts} délai(s) dépassé(s), ${f.non2xx} non-2xx`;

// ——— One database ———

interface Result {
  kind: Kind;
  processes: number;
  fresh: Figures;
  load: Figures;
  rss: [number, number];
  /** Cores of the whole machine busy during the fresh render and the load (others' processes included). */
  busy: [number, number];
  soak?: { figures: Figures; atOne: number; atEnd: number; slope: number };
}

const cleanups: (() => Promise<void>)[] = [];
async function cleanup(): Promise<void> {
  running?.stop();
  while (cleanups.length) await cleanups.pop()!().catch((e) => console.error(`nettoyage : ${e}`));
}

/** A throw-away database with the bundle and the demonstration catalogue; where the server finds it. */
async function prepare(kind: Kind): Promise<{ config: { databaseUrl?: string; pgliteDir?: string }; env: Record<string, string> }> {
  const started = performance.now();
  let config: { databaseUrl?: string; pgliteDir?: string };
  let fromTemplate = false;
  if (kind === 'postgresql') {
    const name = `bench_load_${crypto.randomBytes(4).toString('hex')}`;
    config = { databaseUrl: await createDatabase(SERVER!, name) };
    cleanups.push(() => dropDatabase(SERVER!, name));
  } else {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'passerelles-bench-load-'));
    cleanups.push(async () => fs.rmSync(folder, { recursive: true, force: true }));
    if (PGLITE_TEMPLATE) fs.cpSync(PGLITE_TEMPLATE, folder, { recursive: true });
    fromTemplate = !!PGLITE_TEMPLATE;
    config = { pgliteDir: folder };
  }
  const handle = await openDatabase(config);
  try {
    if (!fromTemplate) await runImport(handle.db, DATA_DIR!, importSources);
    await importDemoCatalogue(handle, DEMO);
  } finally {
    await handle.close();
  }
  console.log(
    `  base : ${fromTemplate ? `copie de ${PGLITE_TEMPLATE}` : `lot ${DATA_DIR}`} + catalogue de démonstration (${DEMO.size} offres), prête en ${((performance.now() - started) / 1000).toFixed(0)} s`,
  );
  const env: Record<string, string> =
    kind === 'postgresql'
      ? { DATABASE_URL: config.databaseUrl!, PASSERELLES_DB: '', ...(WORKERS ? { PASSERELLES_WORKERS: WORKERS } : {}) }
      : { DATABASE_URL: '', PASSERELLES_DB: config.pgliteDir! };
  return { config, env };
}

/**
 * Waits until the whole machine is at rest (under a quarter of a core for 3 s), at most 3 minutes:
 * after an import PostgreSQL vacuums and analyses the new tables, and a worker may still be
 * building an index; a measure taken meanwhile would count their work as the requests'.
 */
async function settle(): Promise<string> {
  const started = performance.now();
  let quietSince = 0;
  let last = { busy: machineBusyMs(), at: performance.now() };
  let cores = 0;
  while (performance.now() - started < 180_000) {
    await new Promise((r) => setTimeout(r, 500));
    const now = { busy: machineBusyMs(), at: performance.now() };
    cores = (now.busy - last.busy) / (now.at - last.at);
    last = now;
    quietSince = cores < 0.25 ? quietSince || now.at : 0;
    if (quietSince && now.at - quietSince >= 3000) return `machine au repos après ${((now.at - started) / 1000).toFixed(0)} s`;
  }
  return `machine encore occupée après 180 s (${frenchNumber(cores, 2)} cœur) : mesure quand même`;
}

async function measure(kind: Kind, buildDir: string, soak: boolean): Promise<Result> {
  console.log(`\n${kind === 'postgresql' ? 'PostgreSQL' : 'PGlite'}`);
  const { config, env } = await prepare(kind);
  const codes = await readCodes(config);
  const t0 = performance.now();
  const server: RunningServer = await startServer({ ...env, PASSERELLES_WEB_BUILD_DIR: buildDir });
  cleanups.push(() => server.stop());
  console.log(
    `  serveur : ${server.processes > 1 ? `${server.processes} processus de travail sous un primaire` : 'un seul processus'}, prêt en ${((performance.now() - t0) / 1000).toFixed(0)} s ; ` +
      `${codes.fiches.length} fiches, ${codes.communes.length} communes de la région ${theme.regionCode}`,
  );
  const pick = picker(codes, kind === 'postgresql' ? 1 : 2);
  // Warm-up (JIT, connection pools, lazily built indexes), not counted.
  await fire(server.base, pick, MIX, { connections: 10, seconds: 5, rate: 50 });
  console.log(`  ${await settle()}`);

  // Node's CPU per answer (primary and workers), and how busy the whole machine was meanwhile
  // (PostgreSQL, autocannon, and whatever else runs on it).
  const cpu = async (run: () => Promise<Figures>) => {
    const [c0, m0, t0] = [treeCpuMs(server.pid), machineBusyMs(), performance.now()];
    const figures = await run();
    const [used, busy, wall] = [treeCpuMs(server.pid) - c0, machineBusyMs() - m0, performance.now() - t0];
    const per = used / Math.max(1, figures.samples.length);
    return {
      figures,
      busy: busy / wall,
      line: `CPU Node ${per.toFixed(0)} ms par réponse, ${frenchNumber(used / wall, 2)} cœur(s) ; machine ${frenchNumber(busy / wall, 2)} cœur(s) occupé(s) sur ${os.cpus().length}`,
    };
  };
  const alone = await cpu(() => fire(server.base, pick, [MIX[0]], { connections: 1, seconds: 5 }));
  console.log(`  rendu à neuf, une connexion (5 s) : ${pcts(alone.figures.samples)} ; ${alone.line}`);
  const {
    figures: fresh,
    line: freshCpu,
    busy: freshBusy,
  } = await cpu(() => fire(server.base, pick, [MIX[0]], { connections: FRESH_CONNECTIONS, seconds: FRESH_SECONDS }));
  const p95 = percentile(fresh.samples, 95);
  console.log(
    `  rendu à neuf, ${FRESH_CONNECTIONS} connexions (${FRESH_SECONDS} s) : ${pcts(fresh.samples)} ; ` +
      `${Math.round(fresh.rps)} pages/s ; ${faults(fresh)} ; ${freshCpu} — objectif p95 ≤ ${FRESH_TARGET_MS} ms : ${p95 <= FRESH_TARGET_MS ? 'tenu' : 'MANQUÉ'}`,
  );

  const before = treeRss(server.pid).mb;
  const {
    figures: load,
    line: loadCpu,
    busy: loadBusy,
  } = await cpu(() => fire(server.base, pick, MIX, { connections: LOAD_CONNECTIONS, seconds: SECONDS, rate: RATE }));
  const after = treeRss(server.pid).mb;
  console.log(
    `  charge (${RATE} req/s visées, ${SECONDS} s, ${LOAD_CONNECTIONS} connexions) : ${load.sent} envoyées, ${Math.round(load.rps)} req/s servies ; ${pcts(load.samples)}`,
  );
  console.log(`    ${faults(load)} ; statuts : ${statusList(load)} ; ${loadCpu} ; mémoire ${before.toFixed(0)} → ${after.toFixed(0)} Mo`);
  for (const r of MIX) {
    const s = load.byRoute.get(r.name) ?? [];
    const lost = load.unanswered.get(r.name);
    console.log(
      `    ${r.name.padEnd(32)} ${String(s.length).padStart(6)} réponses  ${pcts(s)}${lost ? ` ; ${lost} sans réponse en ${TIMEOUT_S} s` : ''}`,
    );
  }
  const result: Result = { kind, processes: server.processes, fresh, load, rss: [before, after], busy: [freshBusy, loadBusy] };
  if (soak) result.soak = await soakTest(server, pick);
  await cleanup();
  return result;
}

/** The mix at 200 req/s for SOAK_MINUTES, the tree's RSS sampled every 10 s. */
async function soakTest(server: RunningServer, pick: Picker) {
  console.log(`  endurance : ${SOAK_MINUTES} min à ${RATE} req/s, mémoire relevée toutes les 10 s`);
  const start = performance.now();
  const series: [minutes: number, mb: number][] = [];
  const sample = () => series.push([(performance.now() - start) / 60_000, treeRss(server.pid).mb]);
  sample();
  const timer = setInterval(() => {
    sample();
    const [t, mb] = series.at(-1)!;
    if (Math.round(t * 6) % 6 === 0) console.log(`    ${t.toFixed(0).padStart(3)} min : ${mb.toFixed(0)} Mo`);
  }, 10_000);
  const figures = await fire(server.base, pick, MIX, { connections: LOAD_CONNECTIONS, seconds: SOAK_MINUTES * 60, rate: RATE });
  clearInterval(timer);
  sample();
  const at = (m: number) => series.reduce((best, s) => (Math.abs(s[0] - m) < Math.abs(best[0] - m) ? s : best))[1];
  // Least-squares slope over the second half, in MB per minute.
  const half = series.filter(([t]) => t >= SOAK_MINUTES / 2);
  const mt = half.reduce((s, [t]) => s + t, 0) / half.length;
  const mm = half.reduce((s, [, m]) => s + m, 0) / half.length;
  const slope = half.reduce((s, [t, m]) => s + (t - mt) * (m - mm), 0) / half.reduce((s, [t]) => s + (t - mt) ** 2, 0);
  const atOne = at(1);
  const atEnd = series.at(-1)![1];
  console.log(
    `    ${figures.sent} envoyées, ${Math.round(figures.rps)} req/s servies ; ${pcts(figures.samples)} ; ${faults(figures)} ; statuts : ${statusList(figures)}`,
  );
  console.log(
    `    mémoire : ${atOne.toFixed(0)} Mo à 1 min, ${atEnd.toFixed(0)} Mo à la fin (min ${Math.min(...series.map((s) => s[1])).toFixed(0)}, max ${Math.max(...series.map((s) => s[1])).toFixed(0)}) ; ` +
      `pente sur la seconde moitié ${frenchNumber(slope, 2)} Mo/min — ${slope < FLAT_MB_PER_MIN ? 'stable (pas de hausse)' : 'EN HAUSSE'} (seuil ${FLAT_MB_PER_MIN} Mo/min)`,
  );
  return { figures, atOne, atEnd, slope };
}

// ——— Main ———

function table(results: Result[]): void {
  const names = results.map((r) => (r.kind === 'postgresql' ? `PostgreSQL (${r.processes} proc.)` : 'PGlite'));
  const row = (label: string, f: (r: Result) => string) =>
    console.log(`${label.padEnd(40)}${results.map((r) => f(r).padEnd(30)).join('')}`);
  console.log(`\nSynthèse`);
  row('', (r) => names[results.indexOf(r)]);
  row('rendu à neuf p50 / p95 / p99', (r) => [50, 95, 99].map((p) => ms(percentile(r.fresh.samples, p))).join(' / '));
  row('rendu à neuf, pages/s', (r) => String(Math.round(r.fresh.rps)));
  row(`charge ${RATE} req/s p50 / p95 / p99`, (r) => [50, 95, 99].map((p) => ms(percentile(r.load.samples, p))).join(' / '));
  row('charge, req/s servies', (r) => String(Math.round(r.load.rps)));
  row('charge, erreurs / délais / non-2xx', (r) => `${r.load.errors} / ${r.load.timeouts} / ${r.load.non2xx}`);
  row(`machine, cœurs occupés (rendu, charge)`, (r) => `${frenchNumber(r.busy[0], 2)} / ${frenchNumber(r.busy[1], 2)}`);
  row('mémoire avant → après la charge', (r) => `${r.rss[0].toFixed(0)} → ${r.rss[1].toFixed(0)} Mo`);
  if (results.some((r) => r.soak))
    row(`endurance ${SOAK_MINUTES} min : 1 min → fin, pente`, (r) =>
      r.soak ? `${r.soak.atOne.toFixed(0)} → ${r.soak.atEnd.toFixed(0)} Mo, ${frenchNumber(r.soak.slope, 2)} Mo/min` : '—',
    );
}

async function main(): Promise<void> {
  if (process.env.NODE_ENV !== 'production') console.error('NODE_ENV=production attendu (npm run bench:load le positionne).');
  const kinds: Kind[] = [];
  if (ONLY !== 'pglite') {
    if (SERVER) kinds.push('postgresql');
    else
      console.log(
        'PostgreSQL IGNORÉ : DATABASE_URL n’est pas défini. Pour le mesurer : DATABASE_URL=postgres://utilisateur@hôte:port/base npm run bench:load ' +
          '(le serveur doit permettre CREATE DATABASE ; une base jetable y est créée puis supprimée).',
      );
  }
  if (ONLY !== 'postgresql') kinds.push('pglite');
  if (!DATA_DIR && !(kinds.length === 1 && kinds[0] === 'pglite' && PGLITE_TEMPLATE)) {
    console.error('bench:load : définissez PASSERELLES_DATA_DIR (lot de données)');
    process.exitCode = 1;
    return;
  }
  const soakOn = SOAK_MINUTES > 0 ? kinds[0] : undefined;
  console.log(
    `bench:load — Node ${process.version}, ${os.cpus().length} × ${os.cpus()[0]?.model ?? '?'}, charge ${os.loadavg()[0].toFixed(1)} ; ` +
      `serveur comme npm start (NODE_ENV=production, cache de pages coupé, limite de débit levée, journal warn), autocannon en local`,
  );
  console.log(`Mélange de la charge : ${MIX.map((r) => `${r.weight} % ${r.name}`).join(', ')} ; chaque adresse fiche × commune neuve.`);
  if (soakOn && kinds.length > 1) console.log(`Endurance sur ${soakOn === 'postgresql' ? 'PostgreSQL' : 'PGlite'} seulement (durée).`);
  process.once('SIGINT', () => {
    console.error('\ninterrompu : arrêt du serveur et suppression des bases');
    void cleanup().finally(() => process.exit(130));
  });
  const buildDir = buildPortal();
  cleanups.push(async () => fs.rmSync(buildDir, { recursive: true, force: true }));
  const results: Result[] = [];
  try {
    for (const kind of kinds) {
      const keep = cleanups.splice(0); // the portal build outlives each database
      try {
        results.push(await measure(kind, buildDir, kind === soakOn));
      } finally {
        await cleanup();
        cleanups.push(...keep);
      }
    }
    table(results);
    const pg = results.find((r) => r.kind === 'postgresql');
    if (pg && pg.load.errors + pg.load.non2xx > 0) {
      console.log('\nÉCHEC : des erreurs ou des réponses non-2xx sur PostgreSQL (objectif : aucune).');
      process.exitCode = 1;
    }
  } finally {
    await cleanup();
  }
}

await main();
