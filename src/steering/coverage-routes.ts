import type { App, ServeContext } from '../platform/http/app.ts';
import { routeOptions } from '../platform/http/route-contract.ts';
import { identityDb, spendFormToken } from '../identity/index.ts';
import { coverageDb } from './coverage-db.ts';
import { coverageRoutes as routes } from './coverage-contract.ts';
import { coverageLayer, coverageWithMap } from './coverage.ts';
import { addPoint, importCsvPoints, listPoints, removePoint } from './coverage-points.ts';

/**
 * The coverage routes: the public figures (with their map) and points; the changes of steering
 * accounts, each spending the form's one-time token.
 */
export function registerCoverageRoutesOn(app: App, ctx: ServeContext): void {
  const db = coverageDb(ctx.handle.db);
  const spend = (sessionKey: string, csrf: string | undefined) => spendFormToken(identityDb(ctx.handle.db), csrf, sessionKey);

  app.get(routes.coverage.url, routeOptions(routes.coverage), async (request) =>
    coverageWithMap(db, { region: request.query.region, radiusKm: request.query.radius, site: request.query.site }),
  );

  app.get(routes.coverageMap.url, routeOptions(routes.coverageMap), async (request, reply) => {
    const { layer, region, radius, site } = request.query;
    const body = await coverageLayer(db, layer, { region, radiusKm: radius, site });
    return reply.type('application/geo+json; charset=utf-8').send(body);
  });

  app.get(routes.points.url, routeOptions(routes.points), async (request) => {
    const points = await listPoints(db, request.query);
    return { total: points.length, points };
  });

  app.post(routes.addPoint.url, routeOptions(routes.addPoint), async (request) => {
    await spend(request.principal!.sessionKey, request.body.csrf);
    return addPoint(db, request.body);
  });

  app.post(routes.removePoint.url, routeOptions(routes.removePoint), async (request) => {
    await spend(request.principal!.sessionKey, request.body.csrf);
    return { message: await removePoint(db, request.params.id) };
  });

  app.post(routes.importPoints.url, routeOptions(routes.importPoints), async (request) => {
    await spend(request.principal!.sessionKey, request.body.csrf);
    return importCsvPoints(db, request.body.csv);
  });
}
