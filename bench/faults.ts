/**
 * `npm run bench:faults`: the platform under a steady stream of requests (API routes and portal
 * pages, from outside over loopback) while something breaks, as `npm start` runs it on a private
 * PostgreSQL cluster that this script creates (initdb, pg_ctl; as the postgres user when run as
 * root) and removes, with the built-in sample data. Exit code 1 when an expectation fails.
 *
 * 1. A worker killed: PASSERELLES_WORKERS=2, `kill -9` on one worker. The other keeps serving (the
 *    requests that were in flight on the killed one may fail: counted and printed), the success
 *    rate after the kill stays ≥ 99 %, and the primary starts a new worker (its pid printed, with
 *    the time it took, under a 60 s ceiling).
 * 2. PostgreSQL stopped under load (`pg_ctl stop -m fast`, 5 s down, `pg_ctl start`): while it is
 *    down, requests that need it answer 503 at once (API: a French problem+json with Retry-After;
 *    pages: a French page), no other 5xx, no broken connection, no request hanging (the slowest
 *    503 printed, under 10 s); once it is back, requests succeed again by themselves (the time it
 *    took printed, under a 30 s ceiling).
 *
 * Killing an import (the database stays as it was, the next import succeeds) is shown by
 * test/platform/import-kill.test.ts.
 *
 * Options: --only worker|postgresql, --concurrency N (requests in flight, 8), --outage-seconds N (5).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildPortal, freePort, startServer, type RunningServer } from './load-server.ts';
import { percentile } from './stats.ts';

const args = process.argv.slice(2);
const opt = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1] : fallback;
};
const ONLY = opt('only', '');
const CONCURRENCY = Number(opt('concurrency', '8'));
const OUTAGE_MS = 1000 * Number(opt('outage-seconds', '5'));
/** Ceilings, generous on a shared machine: a new worker listening, requests succeeding again, one request. */
const RESPAWN_CEILING_MS = 60_000;
const RECOVERY_CEILING_MS = 30_000;
const REFUSAL_CEILING_MS = 10_000;
const MIN_SUCCESS_RATE = 0.99;

const failures: string[] = [];
const expect = (ok: boolean, what: string) => {
  console.log(`  ${ok ? 'ok ' : 'ÉCHEC'} ${what}`);
  if (!ok) failures.push(what);
};
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const ms = (v: number) => `${Math.round(v)} ms`;

// ——— A private PostgreSQL cluster ———

interface Cluster {
  url: string;
  stop(mode?: 'fast' | 'immediate'): void;
  start(): void;
  remove(): void;
}

/** The newest PostgreSQL binaries of Debian's layout, or why there are none. */
function postgresBin(): string | undefined {
  const root = '/usr/lib/postgresql';
  if (!fs.existsSync(root)) return undefined;
  const versions = fs
    .readdirSync(root)
    .filter((v) => fs.existsSync(path.join(root, v, 'bin', 'pg_ctl')))
    .sort((a, b) => Number(a) - Number(b));
  return versions.length ? path.join(root, versions.at(-1)!, 'bin') : undefined;
}

async function createCluster(bin: string): Promise<Cluster> {
  const root = os.userInfo().uid === 0;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'passerelles-faults-pg-'));
  // PostgreSQL refuses to run as root: the cluster belongs to the postgres user then (as .ci/run does).
  if (root) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }));
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }));
    fs.chownSync(dir, uid, gid);
  }
  const run = (tool: string, toolArgs: string[]) => {
    const [cmd, all] = root ? ['runuser', ['-u', 'postgres', '--', path.join(bin, tool), ...toolArgs]] : [path.join(bin, tool), toolArgs];
    const r = spawnSync(cmd, all as string[], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`${tool} a échoué (${r.status}) :\n${r.stdout}${r.stderr}`);
  };
  const port = await freePort();
  const data = path.join(dir, 'data');
  run('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8']);
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`;
  const start = () => run('pg_ctl', ['-D', data, '-l', path.join(dir, 'log'), '-w', '-o', options, 'start']);
  start();
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    start,
    stop: (mode = 'fast') => run('pg_ctl', ['-D', data, '-w', '-m', mode, 'stop']),
    remove: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}

// ——— A steady stream of requests ———

interface Sample {
  /** When the request left and how long it took (ms, performance.now()). */
  at: number;
  ms: number;
  url: string;
  status: number;
  type: string;
  retryAfter: string | null;
  body: string;
  /** A broken connection, a timeout: no HTTP answer at all. */
  error?: string;
}

/** `concurrency` loops, each asking the next address as soon as the last answered. */
function stream(base: string, urls: string[], concurrency: number): { samples: Sample[]; stop(): Promise<void> } {
  const samples: Sample[] = [];
  let running = true;
  let next = 0;
  const loop = async () => {
    while (running) {
      const url = urls[next++ % urls.length];
      const at = performance.now();
      try {
        const res = await fetch(base + url, { signal: AbortSignal.timeout(60_000), headers: { 'accept-language': 'fr' } });
        const body = await res.text();
        samples.push({
          at,
          ms: performance.now() - at,
          url,
          status: res.status,
          type: res.headers.get('content-type') ?? '',
          retryAfter: res.headers.get('retry-after'),
          body: res.status >= 400 ? body.slice(0, 4000) : '',
        });
      } catch (error) {
        const e = error as Error & { cause?: { code?: string; message?: string } };
        const detail = e.cause?.code ?? e.cause?.message ?? e.name;
        samples.push({
          at,
          ms: performance.now() - at,
          url,
          status: 0,
          type: '',
          retryAfter: null,
          body: '',
          error: `${e.message} (${detail})`,
        });
      }
    }
  };
  const loops = Array.from({ length: concurrency }, loop);
  return {
    samples,
    stop: async () => {
      running = false;
      await Promise.all(loops);
    },
  };
}

const ok = (s: Sample) => s.status >= 200 && s.status < 400;

/** Addresses that read the database: an occupation's API entry and page, the training search (API and page). */
async function addresses(base: string): Promise<string[]> {
  const res = await fetch(`${base}/api/v1/occupations?q=agent&limit=10`);
  const codes = ((await res.json()) as { code: string }[]).map((h) => h.code);
  if (!codes.length) throw new Error('aucune fiche métier dans le jeu d’exemple : rien à demander');
  const words = ['cuisine', 'soudure', 'vente', 'agent', 'aide'];
  return codes.flatMap((code, i) => [
    `/api/v1/occupations/${code}`,
    `/metiers/${code}`,
    `/api/v1/trainings?q=${words[i % words.length]}`,
    `/formations?q=${words[i % words.length]}`,
  ]);
}

/** Pids of the primary's workers: its children running main.ts (tsx's esbuild service is one too), from /proc. */
function workersOf(pid: number): number[] {
  const out: number[] = [];
  for (const task of fs.readdirSync(`/proc/${pid}/task`)) {
    const text = fs.readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').trim();
    for (const child of text ? text.split(/\s+/).map(Number) : []) {
      try {
        if (fs.readFileSync(`/proc/${child}/cmdline`, 'utf8').includes('src/app/main.ts')) out.push(child);
      } catch {
        // gone meanwhile
      }
    }
  }
  return out;
}

function describe(samples: Sample[]): string {
  const counts = new Map<string, number>();
  for (const s of samples) {
    const key = s.error ? `erreur ${s.error}` : String(s.status);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts].map(([k, n]) => `${k} × ${n}`).join(', ') || 'aucune';
}

// ——— 1. A worker killed ———

async function workerKilled(server: RunningServer, urls: string[]): Promise<void> {
  console.log('\n1. Un processus de service tué (kill -9) sous charge, PASSERELLES_WORKERS=2');
  const workers = workersOf(server.pid);
  console.log(`  processus : principal ${server.pid}, service ${workers.join(', ') || 'aucun'}`);
  if (workers.length < 2) {
    expect(false, `le principal sert avec 2 processus (il en a ${workers.length} : src/app/main.ts ne les lance pas encore ?)`);
    return;
  }
  const load = stream(server.base, urls, CONCURRENCY);
  await sleep(3000);
  const victim = workers[0];
  const killedAt = performance.now();
  process.kill(victim, 'SIGKILL');
  console.log(`  kill -9 ${victim}`);
  let replacement: number | undefined;
  let respawnMs = NaN;
  while (performance.now() - killedAt < RESPAWN_CEILING_MS) {
    replacement = workersOf(server.pid).find((pid) => !workers.includes(pid));
    if (replacement) {
      respawnMs = performance.now() - killedAt;
      break;
    }
    await sleep(50);
  }
  // Long enough for the new worker to start and take its share.
  await sleep(10_000);
  await load.stop();

  // Answered before the kill; then everything in flight at the kill or sent after.
  const before = load.samples.filter((s) => s.at + s.ms < killedAt);
  const after = load.samples.filter((s) => s.at + s.ms >= killedAt);
  const failed = after.filter((s) => !ok(s));
  const rate = after.length ? (after.length - failed.length) / after.length : 0;
  console.log(`  avant : ${before.length} requêtes (${describe(before)})`);
  console.log(
    `  après : ${after.length} requêtes en ${ms(performance.now() - killedAt)}, ${failed.length} échouées (${describe(failed)}), ` +
      `succès ${(100 * rate).toFixed(2)} %, p50 ${ms(
        percentile(
          after.map((s) => s.ms),
          50,
        ),
      )}, p95 ${ms(
        percentile(
          after.map((s) => s.ms),
          95,
        ),
      )}`,
  );
  console.log(`  nouveau processus : ${replacement ?? 'aucun'}${replacement ? ` après ${ms(respawnMs)}` : ''}`);
  expect(before.length > 0 && before.every(ok), 'avant le kill, toutes les requêtes réussissent');
  expect(rate >= MIN_SUCCESS_RATE, `après le kill, au moins ${100 * MIN_SUCCESS_RATE} % de succès`);
  expect(replacement !== undefined, `un nouveau processus de service démarre en moins de ${RESPAWN_CEILING_MS / 1000} s`);
  const tail = after.filter((s) => s.at > killedAt + respawnMs + 5000);
  expect(tail.length > 0 && tail.every(ok), 'une fois le nouveau processus là, plus aucun échec');
}

// ——— 2. PostgreSQL stopped and started again under load ———

/** What a client may see while the database is away: a French 503, at once. */
function refusalFault(s: Sample): string | undefined {
  if (s.error) return `connexion : ${s.error}`;
  if (s.status !== 503) return `statut ${s.status}`;
  if (s.url.startsWith('/api/')) {
    if (!s.type.startsWith('application/problem+json')) return `type ${s.type}`;
    if (!/^\d+$/.test(s.retryAfter ?? '')) return 'sans Retry-After';
    const detail = (JSON.parse(s.body) as { detail?: string }).detail ?? '';
    if (!/base de données ne répond pas/.test(detail)) return `détail « ${detail} »`;
  } else {
    if (!s.type.startsWith('text/html') || !s.body.includes('lang="fr"')) return `page ${s.type}`;
    if (!/base de données ne répond pas|indisponible/.test(s.body)) return 'page sans explication en français';
  }
  return undefined;
}

async function postgresRestarted(server: RunningServer, cluster: Cluster, urls: string[]): Promise<void> {
  console.log(`\n2. PostgreSQL arrêté ${OUTAGE_MS / 1000} s puis relancé sous charge (pg_ctl stop -m fast, start)`);
  const load = stream(server.base, urls, CONCURRENCY);
  await sleep(3000);
  const stopAt = performance.now();
  cluster.stop('fast');
  const stoppedAt = performance.now();
  console.log(`  arrêté en ${ms(stoppedAt - stopAt)}`);
  // The readiness probe, from outside, while the database is down.
  await sleep(1000);
  const probeAt = performance.now();
  const probe = await fetch(`${server.base}/api/v1/health/ready`).then((r) => r.status);
  const probeMs = performance.now() - probeAt;
  await sleep(Math.max(0, OUTAGE_MS - (performance.now() - stoppedAt)));
  const startAt = performance.now();
  cluster.start();
  const startedAt = performance.now();
  console.log(`  relancé en ${ms(startedAt - startAt)} (base absente ${ms(startedAt - stopAt)})`);
  // Until a few seconds pass without a failure, under the ceiling.
  let recoveredAt = NaN;
  while (performance.now() - startedAt < RECOVERY_CEILING_MS) {
    const failed = load.samples.filter((s) => !ok(s));
    const since = failed.length ? Math.max(...failed.map((s) => s.at + s.ms)) : stopAt;
    if (performance.now() - Math.max(since, startedAt) > 5000) {
      recoveredAt = Math.max(since, startedAt);
      break;
    }
    await sleep(100);
  }
  await load.stop();

  const before = load.samples.filter((s) => s.at + s.ms < stopAt);
  const outage = load.samples.filter((s) => s.at + s.ms >= stopAt && s.at < startedAt);
  const refused = outage.filter((s) => !ok(s));
  const faults = refused.map((s) => [s, refusalFault(s)] as const).filter(([, f]) => f);
  const later = load.samples.filter((s) => s.at >= startedAt);
  const laterFailed = later.filter((s) => !ok(s));
  const recoveryMs = laterFailed.length ? Math.max(...laterFailed.map((s) => s.at + s.ms)) - startedAt : 0;
  const refusedMs = refused.map((s) => s.ms);
  console.log(`  avant : ${before.length} requêtes (${describe(before)})`);
  console.log(`  pendant : ${outage.length} requêtes (${describe(outage)})`);
  if (refusedMs.length) {
    console.log(`  503 : p50 ${ms(percentile(refusedMs, 50))}, p95 ${ms(percentile(refusedMs, 95))}, max ${ms(Math.max(...refusedMs))}`);
  }
  console.log(`  sonde /api/v1/health/ready pendant la panne : ${probe} en ${ms(probeMs)}`);
  console.log(`  après la relance : ${later.length} requêtes (${describe(later)}), rétabli après ${ms(recoveryMs)}`);
  for (const [s, f] of faults.slice(0, 5)) console.log(`    ${s.url} : ${f}`);

  expect(before.length > 0 && before.every(ok), 'avant la panne, toutes les requêtes réussissent');
  expect(refused.length > 0, 'pendant la panne, les requêtes qui lisent la base sont refusées');
  expect(faults.length === 0, 'chaque refus est un 503 en français (problem+json avec Retry-After, ou page), sans connexion rompue');
  expect(
    refusedMs.every((v) => v < REFUSAL_CEILING_MS),
    `aucun refus ne se fait attendre ${REFUSAL_CEILING_MS / 1000} s`,
  );
  expect(probe === 503 && probeMs < REFUSAL_CEILING_MS, 'la sonde de disponibilité dit 503 pendant la panne, vite');
  expect(
    laterFailed.every((s) => !refusalFault(s)),
    'après la relance, aucun autre échec qu’un 503 le temps de se reconnecter',
  );
  expect(Number.isFinite(recoveredAt) && recoveryMs < RECOVERY_CEILING_MS, `rétabli seul en moins de ${RECOVERY_CEILING_MS / 1000} s`);
}

// ——— Run ———

const bin = postgresBin();
if (!bin) {
  console.log('IGNORÉ : aucun binaire PostgreSQL (/usr/lib/postgresql/*/bin) : le scénario a besoin d’un serveur à arrêter et relancer');
  process.exit(0);
}
console.log(`PostgreSQL : ${bin} ; ${CONCURRENCY} requêtes en parallèle ; portail construit…`);
const webBuild = buildPortal();
const cluster = await createCluster(bin);
let server: RunningServer | undefined;
try {
  // LOG_LEVEL info: startServer waits for the primary's « écoute » line, which says every worker listens.
  server = await startServer({
    DATABASE_URL: cluster.url,
    PASSERELLES_WORKERS: '2',
    PASSERELLES_WEB_BUILD_DIR: webBuild,
    LOG_LEVEL: 'info',
  });
  const urls = await addresses(server.base);
  console.log(`serveur prêt (${server.processes} processus de travail) ; ${urls.length} adresses, API et pages`);
  if (ONLY !== 'postgresql') await workerKilled(server, urls);
  if (ONLY !== 'worker') await postgresRestarted(server, cluster, urls);
} finally {
  await server?.stop();
  try {
    cluster.stop('immediate');
  } catch {
    // already stopped
  }
  cluster.remove();
  fs.rmSync(webBuild, { recursive: true, force: true });
}
if (failures.length) {
  console.log(`\n${failures.length} attente(s) non tenue(s) :\n${failures.map((f) => `  - ${f}`).join('\n')}`);
  process.exit(1);
}
console.log('\ntout est tenu');
