/**
 * The HTTP contract of the change feed (issue 14): what changed among the public training offers,
 * agenda events and apprenticeship offers since a cursor, and the full export of each kind to start
 * a mirror from. Public data only: no applications, candidates, accounts or structures.
 *
 * A mirror: read `GET /api/v1/offers?kind=…` page after page (keep its `changesCursor` from the
 * first page), then `GET /api/v1/changes?since=<that cursor>` until `hasMore` is false, and again
 * from `next` whenever it likes. 'cree' and 'modifie' carry the entity's whole public
 * representation (the same as the export's): upsert it; 'supprime' carries only its id: delete it.
 * The cursor is a plain integer (0: the beginning), increasing; an entity appears once, at its
 * latest change, so a mirror that replays from any earlier cursor ends in the current state.
 */
import { Type, type Static } from 'typebox';
import { ErrorBody, Nullable, type RouteTable } from '../platform/http/route-contract.ts';

export const CHANGE_KINDS = ['offre-formation', 'evenement', 'offre-apprentissage'] as const;
export type ChangeKind = (typeof CHANGE_KINDS)[number];
export const CHANGE_ACTIONS = ['cree', 'modifie', 'supprime'] as const;
export type ChangeAction = (typeof CHANGE_ACTIONS)[number];
export const MAX_LIMIT = 1000;

const Enum = <T extends string>(values: readonly T[], description?: string) =>
  Type.Unsafe<T>(Type.String({ enum: [...values], ...(description ? { description } : {}) }));
const Kind = Enum(CHANGE_KINDS);

/** An entity's public representation: see changes-feed.ts for each kind's fields. */
const Data = Type.Unsafe<Record<string, unknown>>(Type.Object({}, { additionalProperties: true }));

export const ChangeSchema = Type.Object({
  sequence: Type.Integer({ description: 'position dans le flux : le curseur' }),
  kind: Kind,
  id: Type.String({
    description:
      'identifiant stable : « source/numéro » pour une offre de formation (« % » et « / » de la source écrits %25 et %2F), le numéro sinon',
  }),
  action: Enum(CHANGE_ACTIONS, 'cree et modifie : la représentation est dans data ; supprime : l’identifiant seul'),
  at: Type.String({ description: 'date et heure du changement (ISO 8601)' }),
  data: Type.Optional(Data),
});
export type Change = Static<typeof ChangeSchema>;

export const ChangesQuery = Type.Object({
  since: Type.Optional(Type.Integer({ minimum: 0, description: 'curseur (0 ou absent : depuis le début)' })),
  limit: Type.Optional(
    Type.Integer({ minimum: 1, maximum: MAX_LIMIT, description: `changements par page (100 par défaut, ${MAX_LIMIT} au plus)` }),
  ),
  kinds: Type.Optional(Type.String({ maxLength: 80, description: `types séparés par des virgules : ${CHANGE_KINDS.join(', ')}` })),
});
export type ChangesQuery = Static<typeof ChangesQuery>;

export const ChangesPage = Type.Object({
  items: Type.Array(ChangeSchema),
  next: Type.Integer({ description: 'curseur de la page suivante (le même que since quand rien n’a changé)' }),
  hasMore: Type.Boolean(),
});
export type ChangesPage = Static<typeof ChangesPage>;

export const ExportQuery = Type.Object({
  kind: Type.Optional(Kind),
  cursor: Type.Optional(
    Type.String({ maxLength: 1000, description: 'identifiant après lequel reprendre (le next de la page précédente)' }),
  ),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_LIMIT })),
});
export type ExportQuery = Static<typeof ExportQuery>;

export const ExportItem = Type.Object({ kind: Kind, id: Type.String(), data: Data });
export const ExportPage = Type.Object({
  kind: Kind,
  items: Type.Array(ExportItem),
  next: Nullable(Type.String({ description: 'curseur de la page suivante, null à la fin' })),
  changesCursor: Type.Integer({ description: 'position du flux des changements au moment de cette page' }),
});
export type ExportPage = Static<typeof ExportPage>;

export const changesRoutes = {
  changes: {
    method: 'GET',
    access: 'public',
    url: '/api/v1/changes',
    schema: {
      summary: 'Flux des changements : offres de formation, événements, offres d’apprentissage',
      tags: ['échanges'],
      querystring: ChangesQuery,
      response: { 200: ChangesPage, 304: Type.Null({ description: 'page inchangée (If-None-Match)' }), 400: ErrorBody },
    },
  },
  offers: {
    method: 'GET',
    access: 'public',
    url: '/api/v1/offers',
    schema: {
      summary: 'Export complet, page par page, dans la même représentation que le flux',
      tags: ['échanges'],
      querystring: ExportQuery,
      response: { 200: ExportPage, 400: ErrorBody },
    },
  },
} as const satisfies RouteTable;
