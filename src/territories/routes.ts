import { Type } from 'typebox';
import type { App, AppContext } from '../platform/http/server.ts';
import { searchCommunes } from './communes.ts';

export function registerTerritoryRoutes(app: App, ctx: AppContext): void {
  app.get('/api/territories/communes', {
    schema: {
      summary: 'Autocomplétion de commune par nom ou code postal',
      tags: ['territoires'],
      querystring: Type.Object({
        q: Type.String({ minLength: 1, maxLength: 100, description: 'nom (ou début du nom) ou code postal' }),
        limit: Type.Integer({ minimum: 1, maximum: 50, default: 10 }),
      }),
    },
  }, async (request) => searchCommunes(ctx.handle.db, request.query.q, { limit: request.query.limit }));
}
