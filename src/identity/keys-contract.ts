/**
 * Partners' API keys (issue 14): a structure's administrator lists, creates and revokes its keys.
 * The secret is in the creation's answer only; the list shows each key's prefix. Forms carry the
 * one-time token (`csrf`, from POST /api/v1/auth/form-token).
 */
import { Type, type Static } from 'typebox';
import { ErrorBody, Nullable, type RouteTable } from '../platform/http/route-contract.ts';
import { API_KEY_LIMITS, API_SCOPES, type ApiScope } from '../common/api-scopes.ts';

const Csrf = Type.String({ maxLength: 100, description: 'jeton du formulaire (POST /api/v1/auth/form-token), à usage unique' });
const Time = Type.String({ description: 'date et heure ISO 8601' });
const Scope = Type.Unsafe<ApiScope>(Type.String({ enum: [...API_SCOPES], description: 'permission' }));
const refusals = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody };

export const ApiKey = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  prefix: Type.String({ description: 'premiers caractères de la clé, pour la reconnaître' }),
  scopes: Type.Array(Scope),
  quotaPerDay: Type.Integer(),
  ratePerMinute: Type.Integer(),
  createdAt: Time,
  createdBy: Nullable(Type.String({ description: 'adresse du compte qui l’a créée (null : compte supprimé)' })),
  revokedAt: Nullable(Time),
  lastUsedAt: Nullable(Time),
  usage: Type.Object({
    today: Type.Integer({ description: 'requêtes acceptées aujourd’hui (jour de Paris)' }),
    last30Days: Type.Integer({ description: 'requêtes acceptées sur les 30 derniers jours' }),
  }),
});
export type ApiKey = Static<typeof ApiKey>;

export const apiKeyRoutes = {
  list: {
    method: 'GET',
    url: '/api/v1/structure/keys',
    access: { roles: ['admin'] },
    schema: {
      summary: 'Les clés d’API de ma structure, leur usage',
      tags: ['clés d’API'],
      response: { 200: Type.Array(ApiKey), 401: ErrorBody, 403: ErrorBody },
    },
  },
  create: {
    method: 'POST',
    url: '/api/v1/structure/keys',
    access: { roles: ['admin'] },
    schema: {
      summary: 'Créer une clé d’API (son secret n’est donné qu’une fois, dans cette réponse)',
      tags: ['clés d’API'],
      body: Type.Object({
        name: Type.String({ maxLength: 200, description: 'nom de la clé (le partenaire, l’usage)' }),
        scopes: Type.Array(Scope, { maxItems: 10 }),
        quotaPerDay: Type.Optional(
          Type.Integer({ minimum: 1, maximum: API_KEY_LIMITS.quotaPerDay.max, description: 'requêtes par jour (10 000 par défaut)' }),
        ),
        ratePerMinute: Type.Optional(
          Type.Integer({ minimum: 1, maximum: API_KEY_LIMITS.ratePerMinute.max, description: 'requêtes par minute (60 par défaut)' }),
        ),
        csrf: Type.Optional(Csrf),
      }),
      response: {
        200: Type.Object({
          id: Type.Integer(),
          secret: Type.String({ description: 'la clé : à copier maintenant, elle ne sera plus jamais affichée' }),
          prefix: Type.String(),
          message: Type.String(),
        }),
        ...refusals,
      },
    },
  },
  revoke: {
    method: 'POST',
    url: '/api/v1/structure/keys/:id/revoke',
    access: { roles: ['admin'] },
    schema: {
      summary: 'Révoquer une clé d’API (elle est refusée dès la requête suivante)',
      tags: ['clés d’API'],
      params: Type.Object({ id: Type.Integer({ minimum: 1 }) }),
      body: Type.Object({ csrf: Type.Optional(Csrf) }),
      response: { 200: Type.Object({ message: Type.String() }), ...refusals },
    },
  },
} as const satisfies RouteTable;
