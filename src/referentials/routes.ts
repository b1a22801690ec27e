import { Type } from 'typebox';
import type { OccupationCatalog } from './catalog.ts';
import type { App, ServeContext } from '../platform/http/app.ts';
import { NotFoundError } from '../platform/errors.ts';
import { getFiche } from './fiche.ts';

const RomeCode = Type.String({ pattern: '^[A-Na-n][0-9]{4}$', description: 'code ROME, ex. D1102' });

export function registerReferentialRoutes(app: App, ctx: ServeContext & { occupations: OccupationCatalog }): void {
  app.get('/api/occupations', {
    schema: {
      summary: 'Rechercher un métier (fiches ROME 4.0) par texte libre',
      description: 'Appellations, synonymes, libellés ESCO ; tolère fautes, accents manquants, formes féminines, sigles.',
      tags: ['métiers'],
      querystring: Type.Object({
        q: Type.String({ minLength: 1, maxLength: 200, description: 'texte cherché' }),
        limit: Type.Integer({ minimum: 1, maximum: 100, default: 10 }),
      }),
      response: {
        200: Type.Array(Type.Object({
          code: Type.String(),
          label: Type.String(),
          score: Type.Number(),
          matched: Type.String({ description: 'le libellé qui correspond le mieux' }),
        })),
      },
    },
  }, async (request) => ctx.occupations.search(request.query.q, request.query.limit));

  app.get('/api/occupations/:code', {
    schema: {
      summary: 'Fiche métier ROME complète',
      tags: ['métiers'],
      params: Type.Object({ code: RomeCode }),
    },
  }, async (request) => {
    const fiche = await getFiche(ctx.handle.db, request.params.code.toUpperCase());
    if (!fiche) throw new NotFoundError(`Fiche ROME inconnue : ${request.params.code}`, 'code');
    return fiche;
  });
}
