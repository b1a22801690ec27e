import Fastify, { type FastifyInstance } from 'fastify';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import rateLimit from '@fastify/rate-limit';
import compress from '@fastify/compress';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { DbHandle } from '../db/connection.ts';
import { dataStatus, type DataStatus } from '../import/status.ts';
import { errorHandler } from './errors.ts';
import { log } from '../log.ts';
import { registerReferentialRoutes } from '../../referentials/routes.ts';
import { registerTerritoryRoutes } from '../../territories/routes.ts';
import { registerTrainingRoutes } from '../../trainings/routes.ts';
import { registerTrainingSearchRoutes } from '../../trainings/search-routes.ts';
import { registerLabourMarketRoutes } from '../../labour-market/routes.ts';
import { OccupationCatalog } from '../../referentials/catalog.ts';
import { INTERNAL_HEADER, INTERNAL_TOKEN, registerWebApp } from './web.ts';
import { SkillsCatalog, registerPathwayRoutes, registerTransitionRoutes } from '../../guidance/index.ts';

export type App = FastifyInstance<any, any, any, any, TypeBoxTypeProvider>;

/** What route handlers share: the database and the in-memory indexes built from it. */
export interface AppContext {
  handle: DbHandle;
  occupations: OccupationCatalog;
  /** ROME 4.0 skills model for transitions and pathways. */
  skills: SkillsCatalog;
  /** Cached data status (sample or official data), refreshed with the indexes. */
  status(): DataStatus;
}

export interface ServerOptions {
  /** Requests per minute and per address on /api (public endpoints). */
  rateLimit?: number;
  logger?: boolean;
}

/** Builds the HTTP server: public API under /api (OpenAPI at /api/docs) and the web pages. */
export async function buildServer(handle: DbHandle, options: ServerOptions = {}): Promise<{ app: App; ctx: AppContext }> {
  const app = Fastify({ loggerInstance: options.logger === false ? undefined : log, trustProxy: true })
    .withTypeProvider<TypeBoxTypeProvider>();
  const occupations = new OccupationCatalog(handle.db);
  let status = await dataStatus(handle.db);
  const skills = new SkillsCatalog(handle.db);
  await occupations.refresh();
  await skills.refresh();
  const ctx: AppContext = { handle, occupations, skills, status: () => status };

  // Another process (the CLI) may import new data: pick it up without a restart.
  const timer = setInterval(async () => {
    try {
      if (await occupations.refresh()) {
        status = await dataStatus(handle.db);
        await skills.refresh();
      }
    } catch (error) {
      log.error(error, 'rafraîchissement des index impossible');
    }
  }, 30_000);
  timer.unref();
  app.addHook('onClose', async () => clearInterval(timer));

  app.setErrorHandler(errorHandler);
  await app.register(rateLimit, {
    max: options.rateLimit ?? Number(process.env.PASSERELLES_RATE_LIMIT || 600),
    timeWindow: '1 minute',
    allowList: (request) => !request.url.startsWith('/api/') || request.headers[INTERNAL_HEADER] === INTERNAL_TOKEN,
  });
  // gzip/brotli for pages, assets and API answers over 1 KB (a fiche métier: 19 KB of HTML → 4 KB).
  await app.register(compress, { threshold: 1024, encodings: ['br', 'gzip'] });
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'API publique Passerelles',
        description: 'Métiers (ROME 4.0, ESCO), territoires, offre de formation et marché du travail.',
        version: '0.1.0',
      },
    },
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });

  app.get('/api/health', {
    schema: {
      summary: 'État du service',
      tags: ['plateforme'],
      response: {
        200: Type.Object({
          status: Type.Literal('ok'),
          database: Type.String(),
          sampleData: Type.Boolean(),
          lastImport: Type.Union([Type.String(), Type.Null()]),
        }),
      },
    },
  }, async () => {
    const s = ctx.status();
    return {
      status: 'ok' as const,
      database: handle.kind,
      sampleData: s.sample,
      lastImport: s.lastImport ? s.lastImport.toISOString() : null,
    };
  });

  app.get('/api/sources', {
    schema: {
      summary: 'Fichiers de données importés : source, version, date d’import, lignes',
      description: 'Le dernier import de chaque fichier (portail : page « Sources des données »).',
      tags: ['plateforme'],
      response: {
        200: Type.Object({
          sampleData: Type.Boolean({ description: 'données d’exemple intégrées plutôt que données officielles' }),
          lastImport: Type.Union([Type.String(), Type.Null()]),
          files: Type.Array(Type.Object({
            source: Type.String({ description: 'importeur (rome, esco, certifications, marche-travail, lheo…)' }),
            file: Type.String({ description: 'chemin du fichier dans le lot' }),
            version: Type.String({ description: 'version ou millésime lu dans le fichier' }),
            importedAt: Type.String(),
            rowsRead: Type.Integer(),
            rejected: Type.Integer(),
          })),
        }),
      },
    },
  }, async () => {
    const s = ctx.status();
    return {
      sampleData: s.sample,
      lastImport: s.lastImport ? s.lastImport.toISOString() : null,
      files: s.files.map((f) => ({
        source: f.source, file: f.file, version: f.version, importedAt: new Date(f.importedAt).toISOString(),
        rowsRead: Number(f.rowsRead), rejected: Number(f.rejected),
      })),
    };
  });

  registerReferentialRoutes(app, ctx);
  registerTerritoryRoutes(app, ctx);
  registerTrainingRoutes(app, ctx);
  registerTrainingSearchRoutes(app, ctx);
  registerLabourMarketRoutes(app, ctx);
  registerTransitionRoutes(app, ctx);
  registerPathwayRoutes(app, ctx);
  await registerWebApp(app, ctx);
  return { app, ctx };
}
