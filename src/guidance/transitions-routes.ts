import { routeOptions } from '../platform/http/route-contract.ts';
import type { SkillsCatalog } from './skills-model.ts';
import type { App, ServeContext } from '../platform/http/app.ts';
import { InputError } from '../platform/errors.ts';
import { DEFAULT_TRANSITIONS, checkLimit, transitionsFromOccupation, transitionsFromProfile } from './transitions.ts';
import { guidanceRoutes } from './contract.ts';

/** GET /api/v1/occupations/{code}/transitions, POST /api/v1/transitions, GET /api/v1/skills, GET /api/v1/occupations/{code}/skills. */
export function registerTransitionRoutes(app: App, ctx: ServeContext & { skills: SkillsCatalog }): void {
  const routes = guidanceRoutes;
  app.get(routes.occupationTransitions.url, routeOptions(routes.occupationTransitions), async (request) => {
    const limit = request.query.limit === undefined ? DEFAULT_TRANSITIONS : checkLimit(request.query.limit);
    return transitionsFromOccupation(ctx.skills, request.params.code, limit);
  });

  app.post(routes.profileTransitions.url, routeOptions(routes.profileTransitions), async (request) => {
    const { limit, ...profile } = request.body;
    return transitionsFromProfile(ctx.skills, profile, limit ?? DEFAULT_TRANSITIONS);
  });

  app.get(routes.skills.url, routeOptions(routes.skills), async (request) => ctx.skills.searchSkills(request.query.q, request.query.limit));

  app.get(routes.occupationSkills.url, routeOptions(routes.occupationSkills), async (request) => {
    const skills = ctx.skills.ficheSkills(request.params.code.trim().toUpperCase());
    if (!skills) throw new InputError('code', `paramètre « code » invalide : fiche ROME inconnue (${request.params.code})`);
    return skills;
  });
}
