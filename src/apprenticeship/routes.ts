import { routeOptions } from '../platform/http/route-contract.ts';
import type { App } from '../platform/http/app.ts';
import { apprenticeshipRoutes } from './contract.ts';
import { simulatePay } from './pay.ts';

/**
 * GET /api/apprenticeship/pay: the pay simulator. The query is checked by `simulatePay` (400 with
 * a French message naming the field); nothing is logged or stored.
 */
export function registerApprenticeshipRoutes(app: App): void {
  const routes = apprenticeshipRoutes;
  app.get(routes.pay.url, routeOptions(routes.pay), async (request) => simulatePay(request.query));
}
