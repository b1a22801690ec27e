import { Type } from 'typebox';
import type { SkillsCatalog } from './skills-model.ts';
import type { App, ServeContext } from '../platform/http/app.ts';
import { simulatePathways } from './pathways.ts';

/**
 * POST /api/pathways: the pathway simulator. The body is checked by `simulatePathways` (400 with a
 * French message naming the field); the schema here only gives the types. Nothing of the body is
 * logged or stored.
 */
export function registerPathwayRoutes(app: App, ctx: ServeContext & { skills: SkillsCatalog }): void {
  app.post('/api/pathways', {
    schema: {
      summary: 'Simuler des parcours vers un métier (ou explorer les métiers en tension proches de ses compétences)',
      description: 'Jusqu’à 5 parcours (étapes, durée, distance, dates, taux d’emploi, tension, financements), chaque chiffre avec sa source et son millésime. Rien n’est enregistré.',
      tags: ['parcours'],
      body: Type.Object({
        from: Type.Optional(Type.String({ maxLength: 20, description: 'code ROME du métier exercé, ex. D1106' })),
        skills: Type.Optional(Type.Array(Type.String({ maxLength: 20 }), { maxItems: 500, description: 'codes ROME (OGR) des compétences détenues' })),
        to: Type.Optional(Type.String({ maxLength: 20, description: 'code ROME du métier visé, ex. D1102' })),
        explore: Type.Optional(Type.Boolean({ description: 'sans métier visé : proposer des métiers en tension proches' })),
        commune: Type.String({ maxLength: 10, description: 'code INSEE de la commune, ex. 44184' }),
        radius: Type.Number({ description: 'rayon en km, plus de 0 et au plus 200' }),
        status: Type.String({ maxLength: 20, description: 'jeune, demandeur ou salarie' }),
        age: Type.Optional(Type.Integer({ description: 'âge en années' })),
        today: Type.Optional(Type.String({ maxLength: 10, description: 'jour de la simulation (AAAA-MM-JJ), aujourd’hui par défaut' })),
      }),
    },
  }, async (request) => simulatePathways({ db: ctx.handle.db, skills: ctx.skills }, request.body));
}
