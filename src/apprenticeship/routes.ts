import { routeOptions } from '../platform/http/route-contract.ts';
import type { App, ServeContext } from '../platform/http/app.ts';
import { apprenticeshipRoutes } from './contract.ts';
import { simulatePay } from './pay.ts';
import { registerCfaRoutes } from './cfa-routes.ts';

/**
 * GET /api/v1/apprenticeship/pay: the pay simulator. The query is checked by `simulatePay` (400 with
 * a French message naming the field); nothing is logged or stored. The CFA directory and the map
 * of apprenticeship trainings: cfa-routes.ts.
 */
export function registerApprenticeshipRoutes(app: App, ctx: ServeContext): void {
  const routes = apprenticeshipRoutes;
  app.get(routes.pay.url, routeOptions(routes.pay), async (request) => simulatePay(request.query));
  registerCfaRoutes(app, ctx);
}
