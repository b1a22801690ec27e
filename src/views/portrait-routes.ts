/** GET /api/v1/territories/{level}/{code}/portrait (see portrait.ts). */
import { routeOptions } from '../platform/http/route-contract.ts';
import type { App, ServeContext } from '../platform/http/app.ts';
import { InputError, NotFoundError } from '../platform/errors.ts';
import { safeJson } from '../trainings/index.ts';
import { PORTRAIT_CODE_FORMS, territoryPortrait, type PortraitLevel } from './portrait.ts';
import { viewRoutes } from './contract.ts';

export function registerPortraitRoutes(app: App, ctx: ServeContext): void {
  const route = viewRoutes.portrait;
  app.get(route.url, routeOptions(route), async (request, reply) => {
    const level = request.params.level as PortraitLevel;
    const code = request.params.code.trim().toUpperCase();
    const form = PORTRAIT_CODE_FORMS[level];
    if (!form.pattern.test(code)) throw new InputError('code', `paramètre de chemin « code » invalide : ${form.hint}`);
    const portrait = await territoryPortrait(ctx.handle.db, level, code);
    if (!portrait) throw new NotFoundError(`Territoire inconnu : ${level} ${code}`, 'code');
    // Training texts are stored as given: escaped like the search answers.
    return reply
      .type('application/json; charset=utf-8')
      .serializer((payload) => safeJson(payload, 0))
      .send(portrait);
  });
}
