/**
 * The referentials' HTTP contract (occupation search, ROME fiche): the routes' TypeBox schemas and
 * their static types. The routes (routes.ts) are registered from `referentialRoutes`; the portal
 * reads it as types only.
 */
import { Type, type Static } from 'typebox';
import type { RouteTable } from '../platform/http/route-contract.ts';
import type { Fiche } from './fiche.ts';

const RomeCode = Type.String({ pattern: '^[A-Na-n][0-9]{4}$', description: 'code ROME, ex. D1102' });

export const OccupationHit = Type.Object({
  code: Type.String(),
  label: Type.String(),
  score: Type.Number(),
  matched: Type.String({ description: 'le libellé qui correspond le mieux' }),
});
export type OccupationHit = Static<typeof OccupationHit>;

/** The whole fiche (fiche.ts): typed from the service, serialised as it is (no field dropped). */
export const FicheSchema = Type.Unsafe<Fiche>(Type.Unknown());
export type { Fiche };

export const referentialRoutes = {
  search: {
    method: 'GET',
    access: 'public',
    lastModified: 'import',
    url: '/api/v1/occupations',
    schema: {
      summary: 'Rechercher un métier (fiches ROME 4.0) par texte libre',
      description: 'Appellations, synonymes, libellés ESCO ; tolère fautes, accents manquants, formes féminines, sigles.',
      tags: ['métiers'],
      querystring: Type.Object({
        q: Type.String({ minLength: 1, maxLength: 200, description: 'texte cherché' }),
        limit: Type.Integer({ minimum: 1, maximum: 100, default: 10 }),
      }),
      response: { 200: Type.Array(OccupationHit) },
    },
  },
  fiche: {
    method: 'GET',
    access: 'public',
    lastModified: 'import',
    url: '/api/v1/occupations/:code',
    schema: {
      summary: 'Fiche métier ROME complète',
      tags: ['métiers'],
      params: Type.Object({ code: RomeCode }),
      response: { 200: FicheSchema },
    },
  },
} as const satisfies RouteTable;
