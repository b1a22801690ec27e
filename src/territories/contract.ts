/**
 * The territories' HTTP contract: the routes' TypeBox schemas and their static types. The routes
 * (routes.ts) are registered from `territoryRoutes`; the portal reads it as types only.
 */
import { Type, type Static } from 'typebox';
import { Nullable, type RouteTable } from '../platform/http/route-contract.ts';
import { SHAPE_LEVELS } from './shapes.ts';
import { PORTRAIT_LEVELS } from './search.ts';

/** A commune found by name or postcode (communes.ts); any field the service adds is served too. */
export const CommuneHit = Type.Object(
  {
    code: Type.String({ description: 'code INSEE' }),
    name: Type.String(),
    postcodes: Type.Array(Type.String()),
    departement: Type.String(),
    population: Nullable(Type.Integer()),
    lat: Nullable(Type.Number()),
    lon: Nullable(Type.Number()),
  },
  { additionalProperties: true },
);
export type CommuneHit = Static<typeof CommuneHit>;

export const TerritoryHit = Type.Object({
  level: Type.Enum([...PORTRAIT_LEVELS]),
  levelLabel: Type.String(),
  code: Type.String(),
  name: Type.String(),
  detail: Type.Union([Type.String(), Type.Null()]),
});
export type TerritoryHit = Static<typeof TerritoryHit>;

export const territoryRoutes = {
  communes: {
    method: 'GET',
    access: 'public',
    lastModified: 'import',
    url: '/api/v1/territories/communes',
    schema: {
      summary: 'Autocomplétion de commune par nom ou code postal',
      tags: ['territoires'],
      querystring: Type.Object({
        q: Type.String({ minLength: 1, maxLength: 100, description: 'nom (ou début du nom) ou code postal' }),
        limit: Type.Integer({ minimum: 1, maximum: 50, default: 10 }),
        region: Type.Optional(
          Type.String({ pattern: '^\\d{2}$', description: 'code de la région dont les communes viennent en premier (ex. 52)' }),
        ),
      }),
      response: { 200: Type.Array(CommuneHit) },
    },
  },
  search: {
    method: 'GET',
    access: 'public',
    lastModified: 'import',
    url: '/api/v1/territories/search',
    schema: {
      summary: 'Recherche d’un territoire : commune, intercommunalité, zone d’emploi, bassin BMO, département, région',
      tags: ['territoires'],
      querystring: Type.Object({
        q: Type.String({ minLength: 1, maxLength: 100, description: 'nom, code postal ou code officiel' }),
        limit: Type.Integer({ minimum: 1, maximum: 50, default: 20 }),
      }),
      response: { 200: Type.Array(TerritoryHit) },
    },
  },
  shapes: {
    method: 'GET',
    access: 'public',
    lastModified: 'import',
    url: '/api/v1/territories/shapes',
    schema: {
      summary: 'Tracés des départements ou des communes (GeoJSON) pour les cartes',
      description:
        'FeatureCollection GeoJSON (RFC 7946, WGS84), propriétés code et nom ; coordonnées arrondies à 4 décimales. ' +
        'Vide quand le lot de données ne contient pas de tracés.',
      tags: ['territoires'],
      querystring: Type.Object({
        level: Type.Enum([...SHAPE_LEVELS], { default: 'departement', description: 'departement ou commune' }),
        departement: Type.Optional(
          Type.String({ maxLength: 40, description: 'codes de département séparés par des virgules (obligatoire pour les communes)' }),
        ),
      }),
    },
  },
} as const satisfies RouteTable;
