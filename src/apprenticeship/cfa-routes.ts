/**
 * The CFA directory and the map of apprenticeship trainings over HTTP (see cfa.ts): search, one
 * CFA, the trainings list with the CFA layer, and the same as GeoJSON. Faults of a query are
 * InputError (400 in French), an unknown UAI is a 404.
 */
import { routeOptions } from '../platform/http/route-contract.ts';
import type { App, ServeContext } from '../platform/http/app.ts';
import { parseTrainingParams } from '../trainings/search/params.ts';
import { safeJson } from '../trainings/json.ts';
import { apprenticeshipRoutes as routes } from './contract.ts';
import { apprenticeshipDb } from './db.ts';
import { apprenticeshipMap, apprenticeshipTrainings, cfaDetail, searchCfas, type ApprenticeshipQuery } from './cfa.ts';

type Filters = { q?: string; rome?: string; niveau?: string; near?: string; radiusKm?: number; departement?: string; region?: string };

function filters(query: Filters): ApprenticeshipQuery {
  // The training search's own reading of the occupation and the levels (same checks, same messages).
  const parsed = parseTrainingParams({ q: query.q, rome: query.rome, niveau: query.niveau });
  return {
    text: parsed.text,
    rome: parsed.rome,
    niveau: parsed.niveau,
    near: query.near?.trim() || undefined,
    radiusKm: query.radiusKm,
    departement: query.departement?.trim() || undefined,
    region: query.region?.trim() || undefined,
  };
}

export function registerCfaRoutes(app: App, ctx: ServeContext): void {
  const db = () => apprenticeshipDb(ctx.handle.db);

  app.get(routes.cfaSearch.url, routeOptions(routes.cfaSearch), async (request) => {
    const q = request.query;
    return searchCfas(db(), {
      text: q.q,
      departement: q.departement,
      region: q.region,
      near: q.near,
      radiusKm: q.radiusKm,
      page: q.page,
      pageSize: q.pageSize,
    });
  });

  app.get(routes.cfa.url, routeOptions(routes.cfa), async (request) => cfaDetail(db(), request.params.uai));

  // Offer texts are stored as given: <, > and & leave as \u escapes, as on GET /api/v1/trainings.
  app.get(routes.trainings.url, routeOptions(routes.trainings), async (request, reply) => {
    const result = await apprenticeshipTrainings(db(), {
      ...filters(request.query),
      page: request.query.page,
      pageSize: request.query.pageSize,
    });
    return reply
      .type('application/json; charset=utf-8')
      .serializer((payload) => safeJson(payload, 0))
      .send(result);
  });

  app.get(routes.map.url, routeOptions(routes.map), async (request, reply) => {
    const result = await apprenticeshipMap(db(), filters(request.query));
    return reply
      .type('application/geo+json; charset=utf-8')
      .serializer((payload) => safeJson(payload, 0))
      .send(result);
  });
}
