import { routeOptions } from '../platform/http/route-contract.ts';
import type { SkillsCatalog } from './skills-model.ts';
import type { App, ServeContext } from '../platform/http/app.ts';
import { simulatePathways } from './pathways.ts';
import { guidanceRoutes } from './contract.ts';

/**
 * POST /api/v1/pathways: the pathway simulator. The body is checked by `simulatePathways` (400 with a
 * French message naming the field); the contract's schema only gives the types. Nothing of the body is
 * logged or stored.
 */
export function registerPathwayRoutes(app: App, ctx: ServeContext & { skills: SkillsCatalog }): void {
  app.post(guidanceRoutes.pathways.url, routeOptions(guidanceRoutes.pathways), async (request) =>
    simulatePathways({ db: ctx.handle.db, skills: ctx.skills }, request.body),
  );
}
