import type { App, ServeContext } from '../platform/http/app.ts';
import { routeOptions } from '../platform/http/route-contract.ts';
import { figuresDb } from './figures-db.ts';
import { indicatorRoutes as routes } from './indicators-contract.ts';
import { computeIndicators, currentFigures, definitionsOf } from './indicators.ts';

/** The indicators' public routes: their definitions, their values for every territory of a scale. */
export function registerIndicatorHttp(app: App, ctx: ServeContext): void {
  const db = figuresDb(ctx.handle.db);
  app.get(routes.definitions.url, routeOptions(routes.definitions), async () => definitionsOf(await currentFigures(db)));
  app.get(routes.values.url, routeOptions(routes.values), async (request) => computeIndicators(db, request.params.level, request.query));
}
