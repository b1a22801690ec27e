import { routeOptions } from '../platform/http/route-contract.ts';
import type { App, ServeContext } from '../platform/http/app.ts';
import { InputError } from '../platform/errors.ts';
import { searchCommunes } from './communes.ts';
import { shapesGeoJson, type ShapeLevel } from './shapes.ts';
import { LEVEL_LABELS, searchTerritories } from './search.ts';
import { territoryRoutes } from './contract.ts';
import { DEPARTEMENT_CODE } from '../common/codes.ts';

export function registerTerritoryRoutes(app: App, ctx: ServeContext): void {
  const routes = territoryRoutes;
  app.get(routes.communes.url, routeOptions(routes.communes), async (request) =>
    searchCommunes(ctx.handle.db, request.query.q, { limit: request.query.limit, region: request.query.region }),
  );

  app.get(routes.search.url, routeOptions(routes.search), async (request) =>
    (await searchTerritories(ctx.handle.db, request.query.q, request.query.limit)).map((hit) => ({
      ...hit,
      levelLabel: LEVEL_LABELS[hit.level],
    })),
  );

  app.get(routes.shapes.url, routeOptions(routes.shapes), async (request, reply) => {
    const departements = request.query.departement
      ?.split(',')
      .map((d) => d.trim().toUpperCase())
      .filter(Boolean);
    for (const d of departements ?? []) {
      if (!DEPARTEMENT_CODE.test(d)) throw new InputError('departement', `code de département invalide : « ${d.slice(0, 10)} »`);
    }
    const level = request.query.level as ShapeLevel;
    if (level === 'commune' && !departements?.length) {
      throw new InputError('departement', 'les tracés des communes se demandent par département (paramètre departement, ex. 49)');
    }
    const { text } = await shapesGeoJson(ctx.handle.db, level, departements);
    return reply.type('application/geo+json; charset=utf-8').header('cache-control', 'public, max-age=3600').send(text);
  });
}
