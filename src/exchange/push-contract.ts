/**
 * The HTTP contract of the partner push (issue 14): a provider (a training body, a Carif-Oref
 * account) pushes LHEO 2.2/2.3 into its own source, the whole set (PUT) or one offer (POST), and
 * reads each push's report back. A person of the structure or its API key (scope push:offers).
 */
import { Type, type Static } from 'typebox';
import type { Access } from '../platform/http/access.ts';
import { ErrorBody, type RouteSchema, type RouteTable } from '../platform/http/route-contract.ts';

/** Roles of the accounts that push offers: a training body (CFA) or the Région's Carif-Oref. */
export const PUSH_ROLES = ['cfa', 'pilotage', 'admin'] as const;
export const PUSH_ACCESS = { roles: PUSH_ROLES, scopes: ['push:offers'] } as const satisfies Access;
/** Agenda events (push-events.ts): the same people, or a key with push:events. */
export const EVENT_PUSH_ACCESS = { roles: PUSH_ROLES, scopes: ['push:events'] } as const satisfies Access;
/** What lists a structure's sources: a key with either push scope. */
export const SOURCES_ACCESS = { roles: PUSH_ROLES, scopes: ['push:offers', 'push:events'] } as const satisfies Access;

/** Source names: letters, digits, dot, dash, underscore (they travel in URLs). */
export const SOURCE_NAME = '^[A-Za-z0-9][A-Za-z0-9._-]{0,79}$';
/** Largest LHEO document a push takes (bytes): streamed to a file, read from it in flat memory. */
export const PUSH_MAX_BYTES = 512 * 1024 * 1024;
/** Largest file the page's form takes (it arrives in base64 inside the form's JSON, held whole). */
export const UPLOAD_MAX_BYTES = 64 * 1024 * 1024;

export const PUSH_MODES = ['complet', 'une-offre'] as const;
export type PushMode = (typeof PUSH_MODES)[number];

const PushError = Type.Object({
  path: Type.String({ description: 'chemin de l’élément LHEO, ex. /lheo/offres/formation[3]/action[1]/session[2]/periode/debut' }),
  line: Type.Integer(),
  column: Type.Integer(),
  reason: Type.String({ description: 'motif en français' }),
});

export const PushOfferReportSchema = Type.Object({
  identifiant: Type.Union([Type.String(), Type.Null()], { description: 'attribut numero de la formation (null s’il manque)' }),
  status: Type.Unsafe<'accepted' | 'rejected'>(Type.String({ enum: ['accepted', 'rejected'] })),
  errors: Type.Array(PushError),
  warnings: Type.Array(Type.String(), { description: 'avertissements en français (code ROME absent, session passée…)' }),
});
export type PushOfferReport = Static<typeof PushOfferReportSchema>;

const PushSummary = Type.Object({
  id: Type.Integer(),
  source: Type.String(),
  at: Type.String({ format: 'date-time' }),
  mode: Type.Unsafe<PushMode>(Type.String({ enum: [...PUSH_MODES] })),
  by: Type.Unsafe<'compte' | 'cle'>(Type.String({ enum: ['compte', 'cle'], description: 'poussé par une personne ou par une clé d’API' })),
  accepted: Type.Integer(),
  rejected: Type.Integer(),
  warnings: Type.Integer({ description: 'offres acceptées avec au moins un avertissement' }),
  removed: Type.Integer({ description: 'offres de la source retirées (absentes d’un envoi complet)' }),
  live: Type.Integer({ description: 'offres en ligne dans la source après cet envoi' }),
});
export type PushSummary = Static<typeof PushSummary>;

export const PushReportSchema = Type.Intersect([PushSummary, Type.Object({ offers: Type.Array(PushOfferReportSchema) })]);
export type PushReport = Static<typeof PushReportSchema>;

export const SourceParams = Type.Object({ source: Type.String({ pattern: SOURCE_NAME, description: 'nom de la source' }) });

const SourceSummary = Type.Object({
  name: Type.String(),
  createdAt: Type.String({ format: 'date-time' }),
  live: Type.Integer({ description: 'offres en ligne' }),
  lastPush: Type.Union([PushSummary, Type.Null()]),
  events: Type.Integer({ description: 'événements de l’agenda envoyés dans cette source (dépubliés par la modération exceptés)' }),
});
export type SourceSummary = Static<typeof SourceSummary>;

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody, 413: ErrorBody, 415: ErrorBody };

// ---- Agenda events (push-events.ts) ----------------------------------------------------------------

/** Largest JSON body of an event push (bytes), and most events in one push. */
export const EVENT_PUSH_MAX_BYTES = 8 * 1024 * 1024;
export const EVENT_PUSH_MAX_EVENTS = 5000;

export const EVENT_PUSH_MODES = ['complet', 'un-evenement'] as const;
export type EventPushMode = (typeof EVENT_PUSH_MODES)[number];

const EVENT_FIELDS =
  'Champs d’un événement (ceux du JSON public de l’agenda) : id (identifiant stable chez le partenaire, obligatoire), kind ' +
  '(salon, forum, jpo, info), title, startDate (AAAA-MM-JJ), endDate, startTime et endTime (HH:MM, les deux ou aucune), ' +
  'organizer, description, venue, city, commune (code INSEE, ou objet { code }), establishment, url (http ou https), ' +
  'status (publie ou annule). Un champ inconnu est ignoré avec un avertissement.';

const EventPushError = Type.Object({
  path: Type.String({ description: 'pointeur JSON du champ en cause, ex. /events/3/startDate' }),
  reason: Type.String({ description: 'motif en français' }),
});

export const EventPushItemSchema = Type.Object({
  identifiant: Type.Union([Type.String(), Type.Null()], {
    description: 'identifiant (id) de l’événement chez le partenaire (null s’il manque)',
  }),
  status: Type.Unsafe<'accepted' | 'rejected'>(Type.String({ enum: ['accepted', 'rejected'] })),
  event: Type.Union([Type.Integer(), Type.Null()], { description: 'numéro de l’événement dans l’agenda (GET /api/v1/agenda/events/{id})' }),
  errors: Type.Array(EventPushError),
  warnings: Type.Array(Type.String(), { description: 'avertissements en français (événement passé, commune inconnue, champ ignoré…)' }),
});
export type EventPushItem = Static<typeof EventPushItemSchema>;

const EventPushSummary = Type.Object({
  id: Type.Integer(),
  source: Type.String(),
  at: Type.String({ format: 'date-time' }),
  mode: Type.Unsafe<EventPushMode>(Type.String({ enum: [...EVENT_PUSH_MODES] })),
  by: Type.Unsafe<'compte' | 'cle'>(Type.String({ enum: ['compte', 'cle'], description: 'poussé par une personne ou par une clé d’API' })),
  accepted: Type.Integer(),
  rejected: Type.Integer(),
  warnings: Type.Integer({ description: 'événements acceptés avec au moins un avertissement' }),
  removed: Type.Integer({ description: 'événements de la source retirés (absents d’un envoi complet)' }),
  live: Type.Integer({ description: 'événements de la source dans l’agenda après cet envoi' }),
});
export type EventPushSummary = Static<typeof EventPushSummary>;

export const EventPushReportSchema = Type.Intersect([EventPushSummary, Type.Object({ events: Type.Array(EventPushItemSchema) })]);
export type EventPushReport = Static<typeof EventPushReportSchema>;

/** One pushed event as the partner writes it; checked field by field by push-events.ts (one bad event never refuses the others). */
const PushedEvent = Type.Unknown({ description: EVENT_FIELDS });

/** Read routes (GET) and the one-offer push (POST). */
export const pushRoutes = {
  sources: {
    method: 'GET',
    access: SOURCES_ACCESS,
    url: '/api/v1/structure/sources',
    schema: {
      summary: 'Les sources d’offres de ma structure, avec leurs offres en ligne et leur dernier envoi',
      tags: ['échanges'],
      response: { 200: Type.Object({ sources: Type.Array(SourceSummary) }), 401: ErrorBody, 403: ErrorBody },
    },
  },
  pushOne: {
    method: 'POST',
    access: PUSH_ACCESS,
    url: '/api/v1/sources/:source/offers',
    schema: {
      summary: 'Envoyer une offre (document LHEO d’une formation) : ajoutée ou remplacée par son identifiant',
      description: 'Corps : document LHEO 2.2 ou 2.3 (application/xml) contenant une seule <formation>.',
      tags: ['échanges'],
      params: SourceParams,
      response: { 200: PushReportSchema, ...errors },
    },
  },
  upload: {
    method: 'POST',
    // A person's form (the page /structure/flux): a one-time form token, so no API key.
    access: { roles: PUSH_ROLES },
    url: '/api/v1/sources/:source/upload',
    schema: {
      summary: 'Envoyer un fichier LHEO depuis la page de la structure (formulaire, jeton à usage unique)',
      tags: ['échanges'],
      params: SourceParams,
      body: Type.Object({
        csrf: Type.String({ maxLength: 100, description: 'jeton du formulaire (POST /api/v1/auth/form-token), à usage unique' }),
        filename: Type.String({ maxLength: 255 }),
        content: Type.String({ description: 'le document LHEO en base64' }),
        mode: Type.Unsafe<PushMode>(Type.String({ enum: [...PUSH_MODES] })),
      }),
      response: { 200: PushReportSchema, ...errors },
    },
  },
  pushes: {
    method: 'GET',
    access: PUSH_ACCESS,
    url: '/api/v1/sources/:source/pushes',
    schema: {
      summary: 'Historique des envois d’une source',
      tags: ['échanges'],
      params: SourceParams,
      response: { 200: Type.Object({ source: Type.String(), live: Type.Integer(), pushes: Type.Array(PushSummary) }), 404: ErrorBody },
    },
  },
  pushEvent: {
    method: 'POST',
    access: EVENT_PUSH_ACCESS,
    url: '/api/v1/sources/:source/events',
    schema: {
      summary: 'Envoyer un événement de l’agenda (JSON) : ajouté ou remplacé par son identifiant chez le partenaire',
      description: `Corps : un objet JSON, l’événement. ${EVENT_FIELDS}`,
      tags: ['échanges'],
      params: SourceParams,
      body: PushedEvent,
      response: { 200: EventPushReportSchema, ...errors },
    },
  },
  eventPushes: {
    method: 'GET',
    access: EVENT_PUSH_ACCESS,
    url: '/api/v1/sources/:source/event-pushes',
    schema: {
      summary: 'Historique des envois d’événements d’une source',
      tags: ['échanges'],
      params: SourceParams,
      response: {
        200: Type.Object({ source: Type.String(), live: Type.Integer(), pushes: Type.Array(EventPushSummary) }),
        401: ErrorBody,
        403: ErrorBody,
        404: ErrorBody,
      },
    },
  },
  eventPush: {
    method: 'GET',
    access: EVENT_PUSH_ACCESS,
    url: '/api/v1/sources/:source/event-pushes/:id',
    schema: {
      summary: 'Rapport d’un envoi d’événements : chaque événement accepté ou rejeté, avec le chemin du champ et le motif',
      tags: ['échanges'],
      params: Type.Intersect([SourceParams, Type.Object({ id: Type.Integer({ minimum: 1, maximum: 2_147_483_647 }) })]),
      response: { 200: EventPushReportSchema, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody },
    },
  },
  push: {
    method: 'GET',
    access: PUSH_ACCESS,
    url: '/api/v1/sources/:source/pushes/:id',
    schema: {
      summary: 'Rapport d’un envoi : chaque offre acceptée ou rejetée, avec le chemin de l’élément et le motif',
      tags: ['échanges'],
      params: Type.Intersect([SourceParams, Type.Object({ id: Type.Integer({ minimum: 1, maximum: 2_147_483_647 }) })]),
      response: { 200: PushReportSchema, 404: ErrorBody },
    },
  },
} as const satisfies RouteTable;

/** The whole-set push: PUT, outside RouteTable (whose methods are GET and POST, the portal's). */
export const pushPutRoutes = {
  pushAll: {
    method: 'PUT',
    access: PUSH_ACCESS,
    url: '/api/v1/sources/:source/offers',
    schema: {
      summary: 'Envoyer toutes les offres d’une source (document LHEO 2.2 ou 2.3) : celles qui n’y sont plus sont retirées',
      description:
        'Corps : document LHEO (application/xml). Seule cette source change ; une offre invalide est rejetée, les autres gardées.',
      tags: ['échanges'],
      params: SourceParams,
      response: { 200: PushReportSchema, ...errors },
    },
  },
  pushEvents: {
    method: 'PUT',
    access: EVENT_PUSH_ACCESS,
    url: '/api/v1/sources/:source/events',
    schema: {
      summary: 'Envoyer tous les événements d’une source (JSON) : ceux qui n’y sont plus sont retirés de l’agenda',
      description:
        `Corps : { "events": [ … ] } (application/json), ${EVENT_PUSH_MAX_EVENTS} événements au plus. Seuls les événements de cette source ` +
        `changent (ni ceux des autres sources, ni ceux saisis à la main) ; un événement invalide est rejeté, les autres gardés. ${EVENT_FIELDS}`,
      tags: ['échanges'],
      params: SourceParams,
      body: Type.Object({ events: Type.Array(PushedEvent, { maxItems: EVENT_PUSH_MAX_EVENTS }) }),
      response: { 200: EventPushReportSchema, ...errors },
    },
  },
} as const satisfies Record<string, { method: 'PUT'; access: Access; url: `/api/v1/${string}`; schema: RouteSchema }>;
