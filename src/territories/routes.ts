import { Type } from 'typebox';
import type { App, ServeContext } from '../platform/http/app.ts';
import { InputError } from '../platform/errors.ts';
import { searchCommunes } from './communes.ts';
import { SHAPE_LEVELS, shapesGeoJson, type ShapeLevel } from './shapes.ts';
import { LEVEL_LABELS, PORTRAIT_LEVELS, searchTerritories } from './search.ts';

export function registerTerritoryRoutes(app: App, ctx: ServeContext): void {
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

  app.get('/api/territories/search', {
    schema: {
      summary: 'Recherche d’un territoire : commune, intercommunalité, zone d’emploi, bassin BMO, département, région',
      tags: ['territoires'],
      querystring: Type.Object({
        q: Type.String({ minLength: 1, maxLength: 100, description: 'nom, code postal ou code officiel' }),
        limit: Type.Integer({ minimum: 1, maximum: 50, default: 20 }),
      }),
      response: {
        200: Type.Array(Type.Object({
          level: Type.Enum([...PORTRAIT_LEVELS]),
          levelLabel: Type.String(),
          code: Type.String(),
          name: Type.String(),
          detail: Type.Union([Type.String(), Type.Null()]),
        })),
      },
    },
  }, async (request) => (await searchTerritories(ctx.handle.db, request.query.q, request.query.limit))
    .map((hit) => ({ ...hit, levelLabel: LEVEL_LABELS[hit.level] })));

  app.get('/api/territories/shapes', {
    schema: {
      summary: 'Tracés des départements ou des communes (GeoJSON) pour les cartes',
      description: 'FeatureCollection GeoJSON (RFC 7946, WGS84), propriétés code et nom ; coordonnées arrondies à 4 décimales. ' +
        'Vide quand le lot de données ne contient pas de tracés.',
      tags: ['territoires'],
      querystring: Type.Object({
        level: Type.Enum([...SHAPE_LEVELS], { default: 'departement', description: 'departement ou commune' }),
        departement: Type.Optional(Type.String({ maxLength: 40, description: 'codes de département séparés par des virgules (obligatoire pour les communes)' })),
      }),
    },
  }, async (request, reply) => {
    const departements = request.query.departement?.split(',').map((d) => d.trim().toUpperCase()).filter(Boolean);
    for (const d of departements ?? []) {
      if (!/^(\d{2}|2[AB]|97\d)$/.test(d)) throw new InputError('departement', `code de département invalide : « ${d.slice(0, 10)} »`);
    }
    const level = request.query.level as ShapeLevel;
    if (level === 'commune' && !departements?.length) {
      throw new InputError('departement', 'les tracés des communes se demandent par département (paramètre departement, ex. 49)');
    }
    const { text } = await shapesGeoJson(ctx.handle.db, level, departements);
    return reply.type('application/geo+json; charset=utf-8').header('cache-control', 'public, max-age=3600').send(text);
  });
}
