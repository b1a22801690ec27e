import { routeOptions } from '../platform/http/route-contract.ts';
import type { OccupationCatalog } from './catalog.ts';
import type { App, ServeContext } from '../platform/http/app.ts';
import { NotFoundError } from '../platform/errors.ts';
import type { FicheCache } from './fiche.ts';
import { referentialRoutes } from './contract.ts';

export function registerReferentialRoutes(app: App, ctx: ServeContext & { occupations: OccupationCatalog; fiches: FicheCache }): void {
  const routes = referentialRoutes;
  app.get(routes.search.url, routeOptions(routes.search), async (request) => ctx.occupations.search(request.query.q, request.query.limit));

  app.get(routes.fiche.url, routeOptions(routes.fiche), async (request) => {
    const fiche = await ctx.fiches.get(request.params.code.toUpperCase());
    if (!fiche) throw new NotFoundError(`Fiche ROME inconnue : ${request.params.code}`, 'code');
    return fiche;
  });
}
