import { routeOptions } from '../platform/http/route-contract.ts';
import Fastify from 'fastify';
import type { Logger } from 'pino';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import rateLimit, { normalizeIP } from '@fastify/rate-limit';
import compress from '@fastify/compress';
import cookie from '@fastify/cookie';
import cors from '@fastify/cors';
import etag from '@fastify/etag';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { DbHandle } from '../platform/db/connection.ts';
import { dataStatus, dataVersion, type DataStatus } from '../platform/import/status.ts';
import { errorHandler } from '../platform/http/errors.ts';
import { legacyApiHeaders, LEGACY_API_SUNSET, rewriteLegacyApiUrl } from '../platform/http/api-version.ts';
import { asProblem } from '../platform/http/problem.ts';
import { lastModifiedHooks } from '../platform/http/caching.ts';
import { checkResponses } from '../platform/http/response-check.ts';
import { registerSecurityHeaders } from '../platform/http/security.ts';
import { BODY_LIMIT } from '../platform/http/body-limits.ts';
import { registerHealthProbes, registerMetrics, requestIdOptions } from '../platform/http/metrics.ts';
import type { App, ServeContext } from '../platform/http/app.ts';
import { guardRoutes, type GuardedRoute } from '../platform/http/access.ts';
import { platformRoutes } from '../platform/contract.ts';
import type { Refreshable } from '../platform/module.ts';
import { log } from '../platform/log.ts';
import { readConfig } from '../platform/config.ts';
import { modules, personalTables } from './modules.ts';
import { identityDb, validKeyOfRequest } from '../identity/index.ts';
import { purgeExpired } from '../platform/personal-data.ts';
import { scheduleJob } from '../platform/jobs.ts';
import { forgetOldCounters } from '../platform/db/counters.ts';
import { backupInto } from '../platform/db/backup.ts';
import { sharedRateLimitStore } from '../platform/http/rate-limit-store.ts';
import { PageTokens, TOO_MANY_REQUESTS_PAGE, isBuildAsset, isPageRequest, registerWebApp } from './portal.ts';

export type { App };

/** The probes a load balancer or an orchestrator calls every few seconds: outside any client's budget. */
const PROBES = new Set<string>([platformRoutes.live.url, platformRoutes.ready.url]);

export interface ServerOptions {
  /** Requests per minute and per client address, API and portal pages together. */
  rateLimit?: number;
  /** The platform's log by default; false for none; a logger of its own (tests that read the log). */
  logger?: false | Logger;
  /** Read ahead after each refresh (Refreshable.warm): the served platform does, the tests' servers need not. */
  warm?: boolean;
}

/**
 * Builds the HTTP server: the platform's routes, every module's routes under /api (OpenAPI at
 * /api/docs), the portal's pages, and one watcher of the data version that rebuilds every
 * in-memory index (and with the data status, the page-cache key) after an import.
 */
export async function buildServer(
  handle: DbHandle,
  options: ServerOptions = {},
): Promise<{ app: App; ctx: ServeContext; guarded: GuardedRoute[]; warm: () => Promise<void> }> {
  const config = readConfig();
  const app = Fastify({
    loggerInstance: options.logger === false ? undefined : (options.logger ?? log),
    // X-Forwarded-For is believed only from a proxy on this machine or one named by
    // PASSERELLES_TRUST_PROXY (machines behind a proxy of their own): from anyone else, each forged
    // address would buy a fresh rate-limit budget.
    trustProxy: ['loopback', ...config.trustProxy],
    // Every route's body limit unless it sets its own (the ones that take files do).
    bodyLimit: BODY_LIMIT,
    rewriteUrl: rewriteLegacyApiUrl,
    // X-Request-Id: the caller's if short and safe, else a new one; echoed, and in every log line (reqId).
    ...requestIdOptions,
  }).withTypeProvider<TypeBoxTypeProvider>();
  // First, so that every route and every refusal is measured (and /metrics has no rate limit).
  registerMetrics(app, handle);
  let status: DataStatus = await dataStatus(handle.db);
  const ctx: ServeContext = {
    handle,
    status: () => status,
    exportPersonalData: async (accountId) => {
      const parts: Record<string, unknown> = {};
      for (const m of modules) if (m.personalData?.export) parts[m.name] = await m.personalData.export(handle.db, accountId);
      return parts;
    },
  };

  app.setErrorHandler((error: Parameters<typeof errorHandler>[0], request, reply) => {
    if ('statusCode' in error && error.statusCode === 429 && isPageRequest(request)) {
      return reply.status(429).type('text/html; charset=utf-8').send(TOO_MANY_REQUESTS_PAGE);
    }
    return errorHandler(error, request, reply);
  });
  // One budget per client address for the API and the portal's pages (see PageTokens: a page
  // counts once, the API calls it makes in-process ride on it); only the build's hashed assets,
  // the calls of a page being served and the health probes are exempt.
  // A partner's program that presents a valid API key has a budget of its own, not its address's:
  // the address's, or the key's requests per minute if higher (identity holds the key to its own
  // per-minute and daily limits on the routes it opens). An unknown key counts as its address.
  const pageTokens = new PageTokens();
  const perAddress = options.rateLimit ?? config.rateLimit;
  const keys = identityDb(handle.db);
  await app.register(rateLimit, {
    keyGenerator: async (request) => {
      const key = await validKeyOfRequest(keys, request);
      return key ? `cle:${key.id}` : normalizeIP(request.ip);
    },
    max: async (request, bucket) =>
      bucket.startsWith('cle:') ? Math.max(perAddress, (await validKeyOfRequest(keys, request))?.rate_per_minute ?? 0) : perAddress,
    timeWindow: '1 minute',
    // Counted in the database, so that every process serving the platform counts together; while
    // the database is away, requests pass (and meet its 503).
    store: sharedRateLimitStore(handle.db),
    skipOnError: true,
    allowList: (request) => isBuildAsset(request) || pageTokens.carries(request) || PROBES.has(request.routeOptions.url ?? ''),
  });
  // The API's conventions (src/platform/http): problem+json refusals, deprecation headers at the
  // unversioned addresses, ETag and Last-Modified on reads, and in the tests the check of every
  // answer against its schema. These onSend hooks see the body before compression.
  app.addHook('preSerialization', asProblem);
  app.addHook('onSend', legacyApiHeaders);
  if (process.env.PASSERELLES_CHECK_RESPONSES === '1') checkResponses(app);
  await registerSecurityHeaders(app);
  await app.register(etag);
  lastModifiedHooks(app, () => status.lastImport);
  // Reads of the API from any site's pages: GET without credentials (a cookie never crosses; a
  // partner's key goes in a header the preflight allows).
  await app.register(cors, {
    delegator: (request, callback) => {
      const method = request.method === 'OPTIONS' ? String(request.headers['access-control-request-method'] ?? '') : request.method;
      const read = (request.url ?? '').startsWith('/api/') && (method === 'GET' || method === 'HEAD');
      callback(
        null,
        read
          ? {
              origin: '*',
              methods: ['GET', 'HEAD'],
              allowedHeaders: ['Authorization', 'X-Api-Key', 'If-None-Match', 'If-Modified-Since'],
              exposedHeaders: [
                'ETag',
                'Last-Modified',
                'Retry-After',
                'Link',
                'Deprecation',
                'Sunset',
                'Content-Disposition',
                'X-Request-Id',
              ],
              maxAge: 86_400,
            }
          : { origin: false },
      );
    },
  });
  // gzip/brotli for pages, assets and API answers over 1 KB (a fiche métier: 19 KB of HTML → 4 KB).
  await app.register(compress, { threshold: 1024, encodings: ['br', 'gzip'] });
  await app.register(cookie);
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'API publique Passerelles',
        description:
          'Métiers (ROME 4.0, ESCO), territoires, offre de formation et marché du travail, apprentissage, pilotage et échanges. ' +
          `Toutes les adresses sont sous /api/v1/ ; les adresses sans /v1 répondent encore jusqu’au ${LEGACY_API_SUNSET.toISOString().slice(0, 10)} ` +
          '(en-têtes Deprecation et Sunset). Erreurs au format application/problem+json (RFC 9457), en français.',
        version: '1.0.0',
      },
    },
  });
  // Without Swagger UI's top bar: its logo is an SVG with a <style> the policy refuses, and its box
  // to explore another document's address is of no use here.
  await app.register(swaggerUi, { routePrefix: '/api/docs', uiConfig: { layout: 'BaseLayout' } });
  // Every /api route registered from here on is under its access rule (default deny).
  const authenticate = modules.find((m) => m.authenticate)?.authenticate?.(handle);
  const guarded = guardRoutes(app, authenticate);

  app.get(platformRoutes.health.url, routeOptions(platformRoutes.health), async () => {
    const s = ctx.status();
    return {
      status: 'ok' as const,
      database: handle.kind,
      sampleData: s.sample,
      lastImport: s.lastImport ? s.lastImport.toISOString() : null,
    };
  });

  const probes = registerHealthProbes(app, handle);

  app.get(platformRoutes.sources.url, routeOptions(platformRoutes.sources), async () => {
    const s = ctx.status();
    return {
      sampleData: s.sample,
      lastImport: s.lastImport ? s.lastImport.toISOString() : null,
      files: s.files.map((f) => ({
        source: f.source,
        file: f.file,
        version: f.version,
        importedAt: new Date(f.importedAt).toISOString(),
        rowsRead: Number(f.rowsRead),
        rejected: Number(f.rejected),
      })),
    };
  });

  const indexes: Refreshable[] = [];
  for (const m of modules) indexes.push(...((await m.serve?.(app, ctx)) ?? []));
  const renderPages = await registerWebApp(app, ctx, pageTokens);
  probes.indexesBuilt();

  // In the background, one read at a time: requests go first and share what it has read.
  const warm = async () => {
    const started = performance.now();
    try {
      for (const index of indexes) await index.warm?.();
      log.info(`lecture anticipée des fiches et de leurs données en ${((performance.now() - started) / 1000).toFixed(1)} s`);
      const pages = indexes.flatMap((index) => index.pages?.() ?? []);
      await renderPages(pages);
      log.info(`${pages.length} pages rendues d’avance en ${((performance.now() - started) / 1000).toFixed(1)} s depuis le début`);
    } catch (error) {
      log.warn(error, 'lecture anticipée interrompue');
    }
  };

  // Another process (the CLI) may import new data: pick it up without a restart.
  let version = await dataVersion(handle.db);
  const timer = setInterval(async () => {
    try {
      const now = await dataVersion(handle.db);
      if (now === version) return;
      for (const index of indexes) await index.refresh();
      status = await dataStatus(handle.db);
      version = now;
      if (options.warm) void warm();
    } catch (error) {
      log.error(error, 'rafraîchissement des index impossible');
    }
  }, 30_000);
  timer.unref();
  // Jobs of the ground, once across every process (src/platform/jobs.ts): personal data past its
  // retention goes once a day (the first purge a minute after the first start), rate counters of
  // finished windows every ten minutes.
  const stopJobs: (() => void)[] = [
    scheduleJob(handle.db, {
      name: 'purge-rgpd',
      everyMs: 24 * 3600_000,
      firstAfterMs: 60_000,
      run: async () => log.info({ counts: await purgeExpired(handle.db, personalTables()) }, 'purge des données personnelles échues'),
    }),
    scheduleJob(handle.db, { name: 'compteurs-de-debit', everyMs: 600_000, run: () => forgetOldCounters(handle.db) }),
  ];
  // Regular backups by the running server (on PGlite, the only process that may read its folder).
  if (config.backupDir) {
    const { backupDir, backupKeep } = config;
    stopJobs.push(
      scheduleJob(handle.db, {
        name: 'sauvegarde',
        everyMs: config.backupEveryHours * 3600_000,
        firstAfterMs: 60_000,
        leaseMs: 6 * 3600_000,
        run: async () => log.info({ file: await backupInto(config, handle, backupDir, backupKeep) }, 'sauvegarde écrite'),
      }),
    );
  }
  app.addHook('onClose', async () => {
    clearInterval(timer);
    for (const stop of stopJobs) stop();
  });
  return { app, ctx, guarded, warm };
}
