import cluster, { type Worker } from 'node:cluster';
import { sql } from 'kysely';
import { ConfigError, readConfig, type Config } from '../platform/config.ts';
import { connect, type DbHandle } from '../platform/db/connection.ts';
import { openDatabase } from './database.ts';
import { ensureData, SAMPLE_NOTICE } from './data.ts';
import { buildServer } from './server.ts';
import { terminalProgress } from '../platform/progress.ts';
import { log } from '../platform/log.ts';
import { serveClusterMetrics } from '../platform/http/metrics.ts';
import { dataStatus } from '../platform/import/status.ts';

/**
 * `npm start`: open (migrate and, if empty, fill) the database, then serve the platform. On
 * PostgreSQL, PASSERELLES_WORKERS processes (node:cluster, default the core count) serve behind one
 * port: they share nothing but the database (sessions, counters, jobs: src/platform/jobs.ts), and
 * this first process only restarts whichever dies. PGlite lives inside one process: it serves alone.
 */
let config: Config;
try {
  config = readConfig();
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  process.stderr.write(`passerelles : ${error.message}\n`);
  process.exit(1);
}
const workers = config.databaseUrl ? config.workers : 1;

if (cluster.isWorker) await serve(await databaseBack(await connect(config)), false);
else {
  const handle = await openDatabase(config);
  await ensureData(handle.db, config, terminalProgress());
  if ((await dataStatus(handle.db)).sample) log.warn(SAMPLE_NOTICE);
  if (workers === 1) await serve(handle, true);
  else {
    await handle.close();
    supervise(workers);
  }
}

/**
 * A worker restarted while PostgreSQL is away waits for it rather than dying again and again
 * (which would make the first process give up): it serves once the database answers.
 */
async function databaseBack(handle: DbHandle): Promise<DbHandle> {
  for (let attempt = 0; ; attempt++) {
    try {
      await sql`SELECT 1`.execute(handle.db);
      return handle;
    } catch (error) {
      if (attempt % 15 === 0) log.warn({ err: (error as Error).message }, 'base de données injoignable : nouvel essai dans 2 s');
      await new Promise((resolve) => setTimeout(resolve, 2000));
    }
  }
}

/** One serving process: the whole platform on its own connections (the workers find the database migrated). */
async function serve(handle: DbHandle, alone: boolean) {
  const { app, warm } = await buildServer(handle, { warm: true });
  const shutdown = async () => {
    await app.close();
    await handle.close();
    process.exit(0);
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
  await app.listen({ port: config.port, host: config.host });
  if (alone) listening(`Passerelles écoute sur http://localhost:${config.port} (base ${handle.kind})`, 1);
  void warm();
}

/**
 * Says that the platform serves: in the log, and to a parent that started it with an IPC channel
 * (a supervisor, the benchmarks) as the message { passerelles: 'listening', processes }.
 */
function listening(line: string, processes: number) {
  log.info(line);
  process.send?.({ passerelles: 'listening', processes });
}

/**
 * The first process on PostgreSQL: starts the workers, says once that the platform listens when
 * they all do, starts a new one for each that dies (kill -9, out of memory), and stops them all on
 * SIGTERM or SIGINT. A worker that keeps dying right after its start (a faulty configuration)
 * stops the whole rather than looping.
 */
function supervise(count: number) {
  serveClusterMetrics();
  let stopping = false;
  let listeningWorkers = 0;
  const quickDeaths: number[] = [];
  const started = new Map<Worker, number>();
  const fork = () => started.set(cluster.fork(), Date.now());
  cluster.on('listening', () => {
    if (++listeningWorkers === count)
      listening(`Passerelles écoute sur http://localhost:${config.port} (base postgresql, ${count} processus)`, count);
  });
  cluster.on('exit', (worker, code, signal) => {
    const since = started.get(worker) ?? 0;
    started.delete(worker);
    if (stopping) {
      if (started.size === 0) process.exit(0);
      return;
    }
    const now = Date.now();
    if (now - since < 10_000) quickDeaths.push(now);
    while (quickDeaths.length && quickDeaths[0] < now - 60_000) quickDeaths.shift();
    if (quickDeaths.length >= 5) {
      log.fatal('les processus de service s’arrêtent dès leur démarrage : arrêt (voir les messages ci-dessus)');
      stopping = true;
      for (const w of started.keys()) w.kill('SIGTERM');
      process.exitCode = 1;
      if (started.size === 0) process.exit(1);
      return;
    }
    log.warn({ pid: worker.process.pid, code, signal }, 'un processus de service s’est arrêté : il est relancé');
    fork();
  });
  const stop = () => {
    stopping = true;
    for (const w of started.keys()) w.kill('SIGTERM');
    if (started.size === 0) process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  for (let i = 0; i < count; i++) fork();
}
