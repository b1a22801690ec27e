/** `GET /api/v1/trainings`: the training offer search (see search.ts). */
import { routeOptions } from '../platform/http/route-contract.ts';
import type { App, ServeContext } from '../platform/http/app.ts';
import { searchTrainings } from './search.ts';
import { parseTrainingParams } from './search/params.ts';
import { safeJson } from './json.ts';
import { registerTrainingMapRoutes } from './map-routes.ts';
import { trainingRoutes } from './contract.ts';

export function registerTrainingSearchRoutes(app: App, ctx: ServeContext): void {
  registerTrainingMapRoutes(app, ctx);
  app.get(trainingRoutes.search.url, routeOptions(trainingRoutes.search), async (request, reply) => {
    // Imported offers only: the read replica when there is one.
    const result = await searchTrainings(ctx.handle.read, parseTrainingParams(request.query), { primary: ctx.handle.db });
    // Offer texts are stored as given: <, > and & leave as \u escapes (see search/output.ts).
    return reply
      .type('application/json; charset=utf-8')
      .serializer((payload) => safeJson(payload, 0))
      .send(result);
  });
}
