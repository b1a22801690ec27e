import { routeOptions } from '../platform/http/route-contract.ts';
import type { OccupationCatalog } from './catalog.ts';
import type { App, ServeContext } from '../platform/http/app.ts';
import { NotFoundError } from '../platform/errors.ts';
import type { Fiche, FicheCache } from './fiche.ts';
import { referentialRoutes } from './contract.ts';

export function registerReferentialRoutes(app: App, ctx: ServeContext & { occupations: OccupationCatalog; fiches: FicheCache }): void {
  const routes = referentialRoutes;
  app.get(routes.search.url, routeOptions(routes.search), async (request) => ctx.occupations.search(request.query.q, request.query.limit));

  app.get(routes.fiche.url, routeOptions(routes.fiche), async (request, reply) => {
    const json = await ctx.fiches.json(request.params.code.toUpperCase());
    if (json === null) throw new NotFoundError(`Fiche ROME inconnue : ${request.params.code}`, 'code');
    // The fiche's JSON as kept: Fastify sends a string with a JSON type as it is.
    return reply.type('application/json; charset=utf-8').send(json as unknown as Fiche);
  });
}
