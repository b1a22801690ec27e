/**
 * The agenda's HTTP contract: information events (salons, forums, open days, info sessions) as
 * a list with filters, one event, GeoJSON for the map, iCalendar exports, and the routes by which
 * a CFA or the Région enters its own events (a moderator may unpublish any). The routes
 * (routes.ts) are registered from `agendaRoutes`; the portal reads it as types only.
 */
import { Type, type Static } from 'typebox';
import { ErrorBody, Nullable, type RouteTable } from '../platform/http/route-contract.ts';
import { EVENT_KINDS } from '../common/event-kinds.ts';

export { EVENT_KINDS, KIND_LABELS, type EventKind } from '../common/event-kinds.ts';

export const WHEN = ['upcoming', 'past', 'all'] as const;
export type WhenFilter = (typeof WHEN)[number];

const Enum = <T extends string>(values: readonly T[], description?: string) =>
  Type.Unsafe<T>(Type.String({ enum: [...values], description }));
const Day = Type.String({ maxLength: 10, description: 'jour, AAAA-MM-JJ (heure de Paris)' });
const Time = Type.String({ maxLength: 5, description: 'heure de Paris, HH:MM' });
const Csrf = Type.String({ maxLength: 100, description: 'jeton du formulaire (POST /api/v1/auth/form-token), à usage unique' });
const Id = Type.Integer({ minimum: 1, maximum: 2_147_483_647 });

export const AgendaEvent = Type.Object({
  id: Type.Integer(),
  kind: Enum(EVENT_KINDS),
  kindLabel: Type.String(),
  title: Type.String(),
  organizer: Nullable(Type.String()),
  description: Nullable(Type.String()),
  startDate: Day,
  endDate: Type.String({ description: 'dernier jour (inclus)' }),
  startTime: Nullable(Time),
  endTime: Nullable(Time),
  allDay: Type.Boolean(),
  when: Type.String({ description: 'la date en clair : « samedi 5 avril 2025, de 9 h 00 à 12 h 00 »' }),
  venue: Nullable(Type.String({ description: 'salle, parc, adresse' })),
  city: Nullable(Type.String({ description: 'la ville telle que la source l’écrit' })),
  commune: Nullable(
    Type.Object({
      code: Type.String(),
      name: Type.String(),
      departement: Type.String(),
      region: Type.String(),
      lat: Nullable(Type.Number()),
      lon: Nullable(Type.Number()),
    }),
  ),
  distanceKm: Nullable(Type.Number()),
  establishment: Nullable(Type.String({ description: 'identifiant Onisep de l’établissement (ENS.…) d’une journée portes ouvertes' })),
  url: Nullable(Type.String()),
  status: Enum(['publie', 'annule', 'depublie'] as const),
  origin: Enum(['import', 'saisie'] as const, 'importé du lot de données, ou saisi par un CFA ou la Région'),
  source: Nullable(Type.String({ description: 'fichier du lot d’un événement importé' })),
  updatedAt: Type.String(),
});
export type AgendaEvent = Static<typeof AgendaEvent>;

/** The filters of the list, the map and the list's iCalendar export. */
export const AgendaQuery = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 200, description: 'mots cherchés (titre, organisateur, lieu, description)' })),
  kinds: Type.Optional(Type.String({ maxLength: 60, description: `types séparés par des virgules : ${EVENT_KINDS.join(', ')}` })),
  when: Type.Optional(Enum(WHEN, 'upcoming (par défaut : pas encore terminés), past, all')),
  from: Type.Optional(Type.String({ maxLength: 10, description: 'se terminant le ou après le (AAAA-MM-JJ)' })),
  to: Type.Optional(Type.String({ maxLength: 10, description: 'commençant le ou avant le (AAAA-MM-JJ)' })),
  departement: Type.Optional(Type.String({ maxLength: 3, description: 'code du département' })),
  region: Type.Optional(Type.String({ maxLength: 2, description: 'code de la région' })),
  commune: Type.Optional(Type.String({ maxLength: 5, description: 'code INSEE de la commune (avec radiusKm)' })),
  radiusKm: Type.Optional(Type.Number({ minimum: 1, maximum: 200, description: 'rayon autour de la commune, en km (30 par défaut)' })),
});
export type AgendaQuery = Static<typeof AgendaQuery>;

export const AgendaList = Type.Object({
  total: Type.Integer(),
  page: Type.Integer(),
  pageSize: Type.Integer(),
  pages: Type.Integer(),
  results: Type.Array(AgendaEvent),
  kinds: Type.Array(Type.Object({ value: Enum(EVENT_KINDS), label: Type.String(), count: Type.Integer() }), {
    description: 'effectif de chaque type sous les autres filtres',
  }),
  near: Nullable(Type.Object({ commune: Type.String(), label: Type.String(), radiusKm: Type.Number() })),
  notes: Type.Array(Type.String()),
});
export type AgendaList = Static<typeof AgendaList>;

export const AgendaPlaces = Type.Object({
  type: Type.Literal('FeatureCollection'),
  total: Type.Integer({ description: 'événements trouvés' }),
  shown: Type.Integer({ description: 'événements placés sur la carte (ceux dont la commune est connue)' }),
  features: Type.Array(
    Type.Object({
      type: Type.Literal('Feature'),
      geometry: Type.Object({ type: Type.Literal('Point'), coordinates: Type.Tuple([Type.Number(), Type.Number()]) }),
      properties: Type.Object({ title: Type.String(), when: Type.String(), ville: Type.String(), href: Type.String() }),
    }),
  ),
});
export type AgendaPlaces = Static<typeof AgendaPlaces>;

/** What a CFA or the Région enters (the organizer is its structure). */
export const EventInput = Type.Object({
  kind: Enum(EVENT_KINDS),
  title: Type.String({ maxLength: 200 }),
  description: Type.Optional(Type.String({ maxLength: 2000 })),
  startDate: Day,
  endDate: Type.Optional(Type.String({ maxLength: 10, description: 'dernier jour (le premier par défaut)' })),
  startTime: Type.Optional(Type.String({ maxLength: 5, description: 'HH:MM, avec endTime ; sans heures, toute la journée' })),
  endTime: Type.Optional(Type.String({ maxLength: 5 })),
  venue: Type.Optional(Type.String({ maxLength: 200 })),
  commune: Type.Optional(Type.String({ maxLength: 5, description: 'code INSEE de la commune' })),
  url: Type.Optional(Type.String({ maxLength: 500, description: 'page de l’événement (http ou https)' })),
  csrf: Type.Optional(Csrf),
});
export type EventInput = Static<typeof EventInput>;

const refusals = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody };
const Ics = 'text/calendar (iCalendar, RFC 5545), heures de Paris (VTIMEZONE Europe/Paris)';

export const agendaRoutes = {
  list: {
    method: 'GET',
    access: 'public',
    url: '/api/v1/agenda/events',
    schema: {
      summary: 'Agenda des événements d’information (salons, forums, journées portes ouvertes, réunions)',
      description:
        'Filtres : texte, types, période (à venir par défaut), jours, département, région ou commune et rayon. ' +
        'Les événements sans lieu connu (journées portes ouvertes de l’Onisep) ne répondent pas aux filtres géographiques.',
      tags: ['agenda'],
      querystring: Type.Object({
        ...AgendaQuery.properties,
        page: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
        pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
      }),
      response: { 200: AgendaList, 400: ErrorBody },
    },
  },
  places: {
    method: 'GET',
    access: 'public',
    url: '/api/v1/agenda/places',
    schema: {
      summary: 'Lieux des événements trouvés (GeoJSON), pour une carte',
      description: 'Mêmes filtres que GET /api/v1/agenda/events ; un point par événement dont la commune est connue.',
      tags: ['agenda'],
      querystring: AgendaQuery,
      response: { 200: AgendaPlaces, 400: ErrorBody },
    },
  },
  exportList: {
    method: 'GET',
    access: 'public',
    url: '/api/v1/agenda/export.ics',
    schema: {
      summary: 'Les événements trouvés au format iCalendar (.ics)',
      description: `Mêmes filtres que GET /api/v1/agenda/events, sans pagination (2 000 événements au plus). ${Ics}.`,
      tags: ['agenda'],
      querystring: AgendaQuery,
    },
  },
  event: {
    method: 'GET',
    access: 'public',
    url: '/api/v1/agenda/events/:id',
    schema: {
      summary: 'Un événement',
      tags: ['agenda'],
      params: Type.Object({ id: Id }),
      response: { 200: AgendaEvent, 404: ErrorBody },
    },
  },
  exportEvent: {
    method: 'GET',
    access: 'public',
    url: '/api/v1/agenda/events/:id.ics',
    schema: {
      summary: 'Un événement au format iCalendar (.ics), pour l’ajouter à son agenda',
      description: `${Ics}.`,
      tags: ['agenda'],
      params: Type.Object({ id: Id }),
    },
  },
  mine: {
    method: 'GET',
    access: { roles: ['cfa', 'pilotage'] },
    url: '/api/v1/agenda/mine',
    schema: {
      summary: 'Les événements saisis par ma structure (annulés et dépubliés compris)',
      tags: ['agenda'],
      response: { 200: Type.Object({ structure: Nullable(Type.String()), events: Type.Array(AgendaEvent) }), ...refusals },
    },
  },
  create: {
    method: 'POST',
    access: { roles: ['cfa', 'pilotage'] },
    url: '/api/v1/agenda/events',
    schema: {
      summary: 'Proposer un événement au nom de ma structure (CFA ou Région)',
      tags: ['agenda'],
      body: EventInput,
      response: { 200: AgendaEvent, ...refusals },
    },
  },
  update: {
    method: 'POST',
    access: { roles: ['cfa', 'pilotage'] },
    url: '/api/v1/agenda/events/:id',
    schema: {
      summary: 'Modifier un événement de ma structure (un événement importé ne se modifie pas)',
      tags: ['agenda'],
      params: Type.Object({ id: Id }),
      body: EventInput,
      response: { 200: AgendaEvent, ...refusals },
    },
  },
  cancel: {
    method: 'POST',
    access: { roles: ['cfa', 'pilotage'] },
    url: '/api/v1/agenda/events/:id/cancel',
    schema: {
      summary: 'Annuler un événement de ma structure (il reste affiché, marqué annulé)',
      tags: ['agenda'],
      params: Type.Object({ id: Id }),
      body: Type.Object({ csrf: Type.Optional(Csrf) }),
      response: { 200: AgendaEvent, ...refusals },
    },
  },
  unpublish: {
    method: 'POST',
    access: { roles: ['moderateur'] },
    url: '/api/v1/agenda/events/:id/unpublish',
    schema: {
      summary: 'Dépublier un événement (modération) : il disparaît de l’agenda public',
      tags: ['agenda'],
      params: Type.Object({ id: Id }),
      body: Type.Object({ csrf: Type.Optional(Csrf) }),
      response: { 200: Type.Object({ message: Type.String() }), ...refusals },
    },
  },
} as const satisfies RouteTable;
