/**
 * Observability (issue 15): Prometheus metrics at /metrics, request ids, and the liveness and
 * readiness probes.
 *
 * - Metrics live in a registry of their own per server (never prom-client's global one, so that a
 *   test may build several servers): the process's default metrics, the duration of every request
 *   by method, route pattern (Fastify's, never the raw URL: bounded cardinality) and status class,
 *   the import runs and the last import of each source (read from import_run / import_file at
 *   each scrape), and the database pool's connections.
 * - /metrics answers loopback, the addresses of PASSERELLES_METRICS_ALLOW and a bearer token
 *   PASSERELLES_METRICS_TOKEN; anyone else gets a plain 404, as for an address that does not exist.
 * - With several workers (src/app/main.ts), a scrape shows them all (see serveClusterMetrics).
 * - A request id: the caller's X-Request-Id when it is short and safe, else a fresh UUID; sent back
 *   in X-Request-Id and carried by every log line of the request (Fastify's `reqId`).
 */
import cluster from 'node:cluster';
import { createHash, randomUUID, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { BlockList, isIP } from 'node:net';
import { performance } from 'node:perf_hooks';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { sql } from 'kysely';
import { AggregatorRegistry, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import { readConfig, type Config } from '../config.ts';
import { platformRoutes } from '../contract.ts';
import type { DbHandle } from '../db/connection.ts';
import type { App } from './app.ts';
import { problem } from './problem.ts';
import { routeOptions } from './route-contract.ts';

/** An incoming X-Request-Id is kept only if it matches this (no spaces, quotes or newlines for the log). */
export const SAFE_REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

/** The request's id: the caller's X-Request-Id if short and safe, else a new UUID. */
export function requestId(request: IncomingMessage): string {
  const given = request.headers['x-request-id'];
  return typeof given === 'string' && SAFE_REQUEST_ID.test(given) ? given : randomUUID();
}

/**
 * What the Fastify factory takes for request ids (src/app/server.ts): Fastify's own reading of the
 * header is off, because it would take any value; `requestId` checks it.
 */
export const requestIdOptions = { requestIdHeader: false, genReqId: requestId } as const;

/** How long the readiness probe and a scrape wait for the database. */
export const DATABASE_TIMEOUT_MS = 2000;

/** The settings /metrics reads (see config.ts). */
export type MetricsSettings = Pick<Config, 'metricsAllow' | 'metricsToken'>;

/**
 * The route label of a request: Fastify's pattern (`/api/v1/occupations/:code`), `page` for the
 * portal's pages, `static` for the build's files, `unmatched` for an address no route serves.
 */
export function routeLabel(request: FastifyRequest): string {
  const { url, config } = request.routeOptions;
  if (!url) return 'unmatched';
  if (url === '/*') return request.url.startsWith('/api/') ? 'unmatched' : 'page';
  // @fastify/static's routes carry the file they serve in their config.
  if (config && typeof config === 'object' && 'file' in config) return 'static';
  return url;
}

/**
 * Adds the request-id echo, the request-duration histogram and GET /metrics to the server. Call it
 * right after creating the server, so that every route (and every refusal) is measured.
 */
export function registerMetrics(app: App, handle: DbHandle, settings: MetricsSettings = readConfig()): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });

  const duration = new Histogram({
    name: 'passerelles_http_request_duration_seconds',
    help: 'Durée des requêtes HTTP, par méthode, motif de route et classe de statut',
    labelNames: ['method', 'route', 'status_class'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry],
  });
  poolGauges(registry, handle);
  // What the database says is the same whoever asks: read once per scrape, never summed over workers.
  const databaseRegistry = new Registry();
  const database = databaseGauges(databaseRegistry, handle);
  const processMetrics = cluster.isWorker ? workerMetrics(registry) : () => registry.metrics();

  app.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    reply.header('x-request-id', request.id);
  });
  app.addHook('onResponse', async (request: FastifyRequest, reply: FastifyReply) => {
    duration.observe(
      { method: request.method, route: routeLabel(request), status_class: `${String(reply.statusCode)[0]}xx` },
      reply.elapsedTime / 1000,
    );
  });

  const allowed = metricsAccess(settings);
  app.get('/metrics', { schema: { hide: true }, logLevel: 'warn' }, async (request, reply) => {
    if (!allowed(request)) return reply.code(404).type('text/plain; charset=utf-8').send('Page introuvable.');
    await database.refresh();
    reply.header('cache-control', 'no-store').type(registry.contentType);
    return `${await processMetrics()}\n${await databaseRegistry.metrics()}`;
  });
  app.addHook('onClose', async () => {
    registry.clear();
    databaseRegistry.clear();
  });
  return registry;
}

/**
 * Who may read /metrics: loopback, the addresses and ranges of PASSERELLES_METRICS_ALLOW, and
 * whoever presents `Authorization: Bearer <PASSERELLES_METRICS_TOKEN>`. The address is Fastify's
 * request.ip: behind a proxy on this machine, the client's (X-Forwarded-For), not the proxy's.
 */
export function metricsAccess(settings: MetricsSettings): (request: FastifyRequest) => boolean {
  const allow = new BlockList();
  allow.addSubnet('127.0.0.0', 8, 'ipv4');
  allow.addAddress('::1', 'ipv6');
  for (const entry of settings.metricsAllow) {
    const [address, prefix] = entry.split('/');
    const family = isIP(address) === 6 ? 'ipv6' : 'ipv4';
    if (prefix === undefined) allow.addAddress(address, family);
    else allow.addSubnet(address, Number(prefix), family);
  }
  const token = settings.metricsToken ? digest(settings.metricsToken) : undefined;
  return (request) => {
    const address = plainAddress(request.ip);
    const family = isIP(address);
    if (family !== 0 && allow.check(address, family === 6 ? 'ipv6' : 'ipv4')) return true;
    const given = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
    return token !== undefined && given !== undefined && timingSafeEqual(digest(given), token);
  };
}

/** An IPv4 address seen through an IPv6 socket (`::ffff:10.0.0.5`) as IPv4. */
function plainAddress(ip: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  return mapped ? mapped[1] : ip;
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

/** The gauges read from the database at each scrape, and the pool's, read from the pool itself. */
/** The connections of this process's pool (summed over the workers when several serve). */
function poolGauges(registry: Registry, handle: DbHandle): void {
  const pool = handle.pool;
  if (!pool) return;
  new Gauge({
    name: 'passerelles_db_pool_connections',
    help: 'Connexions du pool de la base, par état (total : ouvertes ; idle : libres)',
    labelNames: ['state'] as const,
    registers: [registry],
    collect() {
      this.set({ state: 'total' }, pool.totalCount);
      this.set({ state: 'idle' }, pool.idleCount);
    },
  });
  new Gauge({
    name: 'passerelles_db_pool_waiting_clients',
    help: 'Requêtes qui attendent une connexion libre du pool',
    registers: [registry],
    collect() {
      this.set(pool.waitingCount);
    },
  });
  new Gauge({
    name: 'passerelles_db_pool_max_connections',
    help: 'Connexions que le pool peut ouvrir au plus',
    registers: [registry],
    collect() {
      this.set(pool.options.max ?? 10);
    },
  });
}

function databaseGauges(registry: Registry, handle: DbHandle): { refresh(): Promise<void> } {
  const up = new Gauge({
    name: 'passerelles_database_up',
    help: 'La base a répondu aux requêtes de cette collecte en moins de 2 s (1) ou non (0)',
    registers: [registry],
  });
  const runs = new Gauge({
    name: 'passerelles_import_runs',
    help: 'Imports de données réussis enregistrés (import_run)',
    registers: [registry],
  });
  const lastImport = new Gauge({
    name: 'passerelles_import_last_finished_timestamp_seconds',
    help: 'Fin du dernier import réussi (secondes depuis 1970)',
    registers: [registry],
  });
  const rowsRead = new Gauge({
    name: 'passerelles_import_rows_read',
    help: 'Lignes lues au dernier import de chaque fichier, par source',
    labelNames: ['source'] as const,
    registers: [registry],
  });
  const rowsRejected = new Gauge({
    name: 'passerelles_import_rows_rejected',
    help: 'Lignes rejetées au dernier import de chaque fichier, par source',
    labelNames: ['source'] as const,
    registers: [registry],
  });
  return {
    async refresh() {
      try {
        const [totals, bySource] = await withinTimeout(
          DATABASE_TIMEOUT_MS,
          Promise.all([
            sql<{ runs: number; last: Date | null }>`SELECT count(*)::int AS runs, max(finished_at) AS last FROM import_run`.execute(
              handle.db,
            ),
            // The last import of each file (as the page « Sources des données » shows them), by source.
            sql<{ source: string; rows_read: number; rejected: number }>`
              SELECT source, sum(rows_read)::int AS rows_read, sum(rejected)::int AS rejected
              FROM (SELECT DISTINCT ON (f.file) f.source, f.rows_read, f.rejected
                    FROM import_file f ORDER BY f.file, f.run_id DESC) latest
              GROUP BY source`.execute(handle.db),
          ]),
        );
        up.set(1);
        runs.set(totals.rows[0]?.runs ?? 0);
        const last = totals.rows[0]?.last;
        if (last) lastImport.set(new Date(last).getTime() / 1000);
        else lastImport.reset();
        rowsRead.reset();
        rowsRejected.reset();
        for (const r of bySource.rows) {
          rowsRead.set({ source: r.source }, r.rows_read);
          rowsRejected.set({ source: r.source }, r.rejected);
        }
      } catch {
        // The rest of the scrape (process, requests, pool) still says something useful.
        up.set(0);
      }
    },
  };
}

class DatabaseTimeout extends Error {
  override readonly name = 'DatabaseTimeout';
}

/** `work`, or a DatabaseTimeout after `ms` (the query itself is left to finish on its own). */
async function withinTimeout<T>(ms: number, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      work,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new DatabaseTimeout()), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * GET /api/v1/health/live (200 while the process answers) and GET /api/v1/health/ready (200 when
 * the database answers a SELECT 1 within 2 s and the in-memory indexes are built, else a French
 * 503 problem). Call `indexesBuilt()` once every module's indexes are built.
 */
export function registerHealthProbes(app: App, handle: DbHandle): { indexesBuilt(): void } {
  let built = false;
  const quiet = { logLevel: 'warn' } as const;

  app.get(platformRoutes.live.url, { ...routeOptions(platformRoutes.live), ...quiet }, async (_request, reply) => {
    reply.header('cache-control', 'no-store');
    return { status: 'ok' as const, uptimeSeconds: Math.round(process.uptime()) };
  });

  app.get(platformRoutes.ready.url, { ...routeOptions(platformRoutes.ready), ...quiet }, async (request, reply) => {
    reply.header('cache-control', 'no-store');
    if (!built) {
      return reply.code(503).send(problem(503, 'Le service démarre : les index en mémoire ne sont pas encore construits.'));
    }
    const started = performance.now();
    try {
      await withinTimeout(DATABASE_TIMEOUT_MS, sql`SELECT 1`.execute(handle.db));
    } catch (error) {
      const timedOut = error instanceof DatabaseTimeout;
      request.log.warn({ err: (error as Error).message }, 'sonde de disponibilité : la base ne répond pas');
      return reply
        .code(503)
        .send(
          problem(
            503,
            timedOut
              ? `La base de données ne répond pas dans le délai de ${DATABASE_TIMEOUT_MS / 1000} s.`
              : 'La base de données ne répond pas.',
          ),
        );
    }
    return { status: 'ok' as const, database: handle.kind, databaseMs: Math.round(performance.now() - started) };
  });

  return {
    indexesBuilt() {
      built = true;
    },
  };
}

/**
 * Several workers behind one port (src/app/main.ts): a scrape reaches one of them, which asks the
 * first process for the metrics of all (prom-client's AggregatorRegistry: request counts and
 * durations, pools and processes summed), so that Prometheus sees the platform, not whichever
 * worker answered.
 */
const CLUSTER_METRICS = 'passerelles:metrics';

/** In the first process: answers the workers' requests for every worker's metrics. */
export function serveClusterMetrics(): void {
  const aggregator = new AggregatorRegistry();
  cluster.on('message', (worker, message: { type?: string; id?: number }) => {
    if (message?.type !== CLUSTER_METRICS) return;
    aggregator.clusterMetrics().then(
      (text) => worker.send({ type: CLUSTER_METRICS, id: message.id, text }),
      (error: Error) => worker.send({ type: CLUSTER_METRICS, id: message.id, error: error.message }),
    );
  });
}

/** In a worker: its registry is the one the first process collects; a scrape asks for all of them. */
function workerMetrics(registry: Registry): () => Promise<string> {
  new AggregatorRegistry(); // answers the first process's collection requests
  AggregatorRegistry.setRegistries([registry]);
  let next = 0;
  const pending = new Map<number, (reply: { text?: string; error?: string }) => void>();
  process.on('message', (message: { type?: string; id?: number; text?: string; error?: string }) => {
    if (message?.type === CLUSTER_METRICS && message.id !== undefined) pending.get(message.id)?.(message);
  });
  return () =>
    new Promise((resolve, reject) => {
      const id = next++;
      const timer = setTimeout(() => settle({ error: 'pas de réponse du processus principal' }), 10_000);
      const settle = (reply: { text?: string; error?: string }) => {
        clearTimeout(timer);
        pending.delete(id);
        if (reply.text !== undefined) resolve(reply.text);
        else reject(new Error(`métriques des processus : ${reply.error}`));
      };
      pending.set(id, settle);
      process.send?.({ type: CLUSTER_METRICS, id });
    });
}
