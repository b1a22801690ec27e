import type { FastifyRequest } from 'fastify';
import type { App, ServeContext } from '../platform/http/app.ts';
import { routeOptions } from '../platform/http/route-contract.ts';
import { identityDb, spendFormToken } from '../identity/index.ts';
import { builderDb } from './builder-db.ts';
import { builderRoutes as routes } from './builder-contract.ts';
import { checkIn, compareClpe, divisionGeoJson, getDivision, listDivisions, regionEpci, saveDivision } from './builder-divisions.ts';

export function registerBuilderHttp(app: App, ctx: ServeContext): void {
  const db = builderDb(ctx.handle.db);
  const me = (request: FastifyRequest) => request.principal!;

  app.post(routes.check.url, routeOptions(routes.check), async (request) => checkIn(db, request.body));
  app.get(routes.clpe.url, routeOptions(routes.clpe), async () => compareClpe(db));
  app.get(routes.epci.url, routeOptions(routes.epci), async () => regionEpci(db));

  app.get(routes.divisions.url, routeOptions(routes.divisions), async () => listDivisions(db));
  app.post(routes.save.url, routeOptions(routes.save), async (request) => {
    // Every change takes the form's one-time token, bound to the caller's session.
    await spendFormToken(identityDb(ctx.handle.db), request.body.csrf, me(request).sessionKey);
    const { csrf: _, ...division } = request.body;
    return saveDivision(db, division, { structureId: me(request).structureId });
  });
  app.get(routes.division.url, routeOptions(routes.division), async (request) => getDivision(db, request.params.id));
  app.get(routes.geojson.url, routeOptions(routes.geojson), async (request, reply) => {
    const { division } = await getDivision(db, request.params.id);
    const text = await divisionGeoJson(db, division, division.region);
    const filename = `decoupage-${division.id}.geojson`;
    return reply
      .type('application/geo+json; charset=utf-8')
      .header('Content-Disposition', `attachment; filename="${filename}"`)
      .header('Cache-Control', 'private, no-store')
      .send(text);
  });
}
