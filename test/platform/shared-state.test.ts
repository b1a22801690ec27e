/**
 * Several processes serve one database (issue 15): what they must share lives in it. Two servers
 * on the same database stand for two workers; on PostgreSQL, `npm start`'s workers themselves.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import { openTestDatabase, cliDatabase } from '../helpers/db.ts';
import { webBuildReady } from '../helpers/ready.ts';
import { ensureData, importBundle, SAMPLE_DIR } from '../../src/app/data.ts';
import { buildServer, type App } from '../../src/app/server.ts';
import type { DbHandle } from '../../src/platform/db/connection.ts';
import { runIfDue } from '../../src/platform/jobs.ts';
import { ImportError } from '../../src/platform/import/errors.ts';
import { IMPORT_LOCK } from '../../src/platform/import/run.ts';
import { sql } from 'kysely';

const engine = process.env.DATABASE_URL ? 'PostgreSQL' : 'PGlite';
let handle: DbHandle;

before(async () => {
  handle = await openTestDatabase();
  await ensureData(handle.db, { dataDir: undefined });
  await webBuildReady();
});
after(async () => handle.close());

test(`two processes share one request budget per client address (${engine})`, async () => {
  const servers: App[] = [];
  for (let i = 0; i < 2; i++) servers.push((await buildServer(handle, { rateLimit: 5, logger: false })).app);
  try {
    const statuses: number[] = [];
    // Alternately on each: each alone would allow 5 a minute, together they allow 5.
    for (let i = 0; i < 6; i++) {
      const res = await servers[i % 2].inject({ url: '/api/v1/occupations?q=boulanger', remoteAddress: '203.0.113.9' });
      statuses.push(res.statusCode);
    }
    assert.deepEqual(statuses, [200, 200, 200, 200, 200, 429]);
    const other = await servers[0].inject({ url: '/api/v1/occupations?q=boulanger', remoteAddress: '203.0.113.10' });
    assert.equal(other.statusCode, 200, 'une autre adresse garde son propre budget');
  } finally {
    for (const app of servers) await app.close();
  }
});

test(`a background job runs once across processes, keeps its schedule and its failures (${engine})`, async () => {
  let runs = 0;
  const job = { name: `essai-${Date.now()}`, everyMs: 3600_000, firstAfterMs: 0, run: async () => void runs++ };
  // Two processes check at the same moment: one claims it.
  const ran = await Promise.all([runIfDue(handle.db, job), runIfDue(handle.db, job)]);
  assert.equal(ran.filter(Boolean).length, 1);
  assert.equal(runs, 1);
  assert.equal(await runIfDue(handle.db, job), false, 'pas avant la prochaine échéance');

  const failing = {
    name: `panne-${Date.now()}`,
    everyMs: 3600_000,
    firstAfterMs: 0,
    run: async () => Promise.reject(new Error('SMTP injoignable')),
  };
  assert.equal(await runIfDue(handle.db, failing), true);
  const row = await handle.db.selectFrom('scheduled_job').selectAll().where('name', '=', failing.name).executeTakeFirstOrThrow();
  assert.equal(row.last_error, 'SMTP injoignable');
  assert.equal(row.lease_until, null, 'une exécution finie, même en échec, libère la tâche');
  assert.ok(row.next_run.getTime() > Date.now() + 3000_000);
});

test('a second import while one runs is refused at once, in French (PostgreSQL)', {
  skip: !process.env.DATABASE_URL && 'PGlite : un seul processus, une seule connexion',
}, async () => {
  const database = await cliDatabase();
  const first = await database.open();
  const second = await database.open();
  try {
    await importBundle(first.db, SAMPLE_DIR);
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    // An import in progress elsewhere: its transaction holds the imports' lock.
    let locked!: () => void;
    const lockTaken = new Promise<void>((resolve) => (locked = resolve));
    const running = first.db.transaction().execute(async (trx) => {
      await sql`SELECT pg_advisory_xact_lock(${IMPORT_LOCK})`.execute(trx);
      locked();
      await held;
    });
    await lockTaken;
    await assert.rejects(importBundle(second.db, SAMPLE_DIR), (error: Error) => {
      assert.ok(error instanceof ImportError);
      assert.match(error.message, /un autre import est en cours/);
      return true;
    });
    release();
    await running;
    const result = await importBundle(second.db, SAMPLE_DIR);
    assert.ok(result.reports.length > 5, 'l’import suivant passe');
  } finally {
    await first.close();
    await second.close();
    await database.drop();
  }
});

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

test('npm start on PostgreSQL: two workers behind one port; one killed is replaced', {
  skip: !process.env.DATABASE_URL && 'sur PGlite, un seul processus sert',
  timeout: 600_000,
}, async () => {
  const database = await cliDatabase();
  const port = await freePort();
  const env: NodeJS.ProcessEnv = { ...process.env, ...database.env, PORT: String(port), PASSERELLES_WORKERS: '2', LOG_LEVEL: 'info' };
  delete env.PASSERELLES_DATA_DIR;
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/app/main.ts'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const until = async (what: string, ok: () => boolean) => {
    const deadline = Date.now() + 300_000;
    while (!ok()) {
      if (Date.now() > deadline || child.exitCode !== null) assert.fail(`${what} :\n${output}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  };
  const workers = () => (fs.existsSync(`/proc/${child.pid}`) ? childrenOf(child.pid!) : []);
  try {
    await until('le serveur n’a pas annoncé ses 2 processus', () => output.includes('2 processus'));
    const before = workers();
    assert.equal(before.length, 2, `deux processus de service : ${before}`);
    for (let i = 0; i < 4; i++) assert.equal((await fetch(`http://127.0.0.1:${port}/api/v1/health`)).status, 200);
    // Whichever worker answers the scrape, it counts the requests of both.
    const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    assert.match(
      metrics,
      /passerelles_http_request_duration_seconds_count\{method="GET",route="\/api\/v1\/health",status_class="2xx"\} 4\n/,
    );
    process.kill(before[0], 'SIGKILL');
    await until('le processus tué n’a pas été remplacé', () => workers().length === 2 && !workers().includes(before[0]));
    assert.match(output, /il est relancé/);
    for (let i = 0; i < 4; i++) assert.equal((await fetch(`http://127.0.0.1:${port}/api/v1/health`)).status, 200);
  } finally {
    child.kill('SIGTERM');
    const code = await new Promise((resolve) => (child.exitCode !== null ? resolve(child.exitCode) : child.once('exit', resolve)));
    assert.equal(code, 0, `arrêt propre de tous les processus :\n${output}`);
    await database.drop();
  }
});

/** The node processes started by `pid` (its workers), from /proc. */
function childrenOf(pid: number): number[] {
  const tasks = fs.readdirSync(`/proc/${pid}/task`);
  return tasks
    .flatMap((t) => fs.readFileSync(`/proc/${pid}/task/${t}/children`, 'utf8').trim().split(/\s+/))
    .filter(Boolean)
    .map(Number)
    .filter((p) => {
      try {
        return fs.readFileSync(`/proc/${p}/cmdline`, 'utf8').includes('main.ts');
      } catch {
        return false;
      }
    });
}
