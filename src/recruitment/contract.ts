/**
 * The recruitment HTTP contract: apprenticeship offers, candidate profiles, applications and
 * their answers, reports and moderation. Every route that changes something takes the form's
 * one-time token (`csrf`, from POST /api/v1/auth/form-token).
 */
import { Type, type Static } from 'typebox';
import { ErrorBody, Nullable, type RouteTable } from '../platform/http/route-contract.ts';
import { APPLICATION_STATUSES, REFUSAL_REASONS, REPORT_REASONS } from '../common/recruitment-words.ts';
import { codesOf } from '../common/labels.ts';

const Enum = <T extends string>(values: readonly T[], description?: string) =>
  Type.Unsafe<T>(Type.String({ enum: [...values], description }));
const Csrf = Type.String({ maxLength: 100, description: 'jeton du formulaire (POST /api/v1/auth/form-token), à usage unique' });
const Id = Type.Object({ id: Type.Integer({ minimum: 1, maximum: 2147483647 }) });
const Day = (description: string) => Type.String({ maxLength: 10, description: `${description} (AAAA-MM-JJ)` });
const Level = Type.Integer({ minimum: 3, maximum: 8, description: 'niveau du cadre national des certifications (3 : CAP … 8 : doctorat)' });
const Message = Type.Object({ message: Type.String() });
const refusals = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 429: ErrorBody };

const ANSWER_STATUSES = ['entretien', 'acceptee', 'refusee'] as const;
const Status = Enum(APPLICATION_STATUSES);

/** A PDF sent inside JSON: its name and its bytes in base64 (at most 5 MB once decoded). */
const CvUpload = Type.Object({
  filename: Type.String({ maxLength: 255 }),
  content: Type.String({ description: 'contenu du PDF en base64' }),
});

export const RecruiterStatsSchema = Type.Object({
  counted: Type.Integer({ description: 'candidatures comptées : répondues, ou sans réponse depuis plus de 7 jours' }),
  answered: Type.Integer(),
  responseRate: Nullable(Type.Number({ description: 'part des candidatures comptées qui ont reçu une réponse (0 à 1)' })),
  medianAnswerHours: Nullable(Type.Number({ description: 'délai médian de la première réponse, en heures' })),
});

const OfferFields = {
  title: Type.String({ maxLength: 150 }),
  appellation: Type.String({ maxLength: 10, description: 'code OGR de l’appellation ROME' }),
  company: Type.Optional(Type.String({ maxLength: 200, description: 'entreprise (obligatoire pour un CFA qui dépose pour elle)' })),
  companySiret: Type.Optional(Type.String({ maxLength: 20 })),
  description: Type.String({ maxLength: 5000 }),
  commune: Type.String({ maxLength: 5, description: 'code INSEE de la commune' }),
  startDate: Day('début du contrat'),
  diploma: Type.String({ maxLength: 200, description: 'diplôme ou titre préparé' }),
  level: Type.Optional(Nullable(Level)),
  rhythm: Type.String({ maxLength: 200, description: 'rythme de l’alternance' }),
  places: Type.Integer({ minimum: 1, maximum: 50 }),
};

export const OfferSummarySchema = Type.Object({
  id: Type.Integer(),
  title: Type.String(),
  company: Type.String(),
  appellation: Type.Object({ code: Type.String(), label: Type.String() }),
  rome: Type.String(),
  commune: Type.Object({ code: Type.String(), name: Type.String(), departement: Type.String() }),
  distanceKm: Nullable(Type.Number()),
  startDate: Type.String(),
  diploma: Type.String(),
  level: Nullable(Type.Integer()),
  rhythm: Type.String(),
  places: Type.Integer(),
  state: Enum(['publiee', 'pourvue', 'retiree', 'moderee'] as const),
  recruiter: RecruiterStatsSchema,
});
export const OfferDetailSchema = Type.Intersect([
  OfferSummarySchema,
  Type.Object({ description: Type.String(), companySiret: Nullable(Type.String()), createdAt: Type.String(), mine: Type.Boolean() }),
]);
export type OfferSummary = Static<typeof OfferSummarySchema>;
export type OfferDetail = Static<typeof OfferDetailSchema>;

const ApplicationLine = Type.Object({ id: Type.Integer(), status: Status, statusLabel: Type.String(), createdAt: Type.String() });

export const ApplicationSchema = Type.Object({
  id: Type.Integer(),
  offer: Type.Object({ id: Type.Integer(), title: Type.String(), company: Type.String(), state: Type.String() }),
  status: Status,
  statusLabel: Type.String(),
  createdAt: Type.String(),
  answeredAt: Nullable(Type.String()),
  message: Type.String(),
  cv: Nullable(Type.Object({ filename: Type.String(), size: Type.Integer() })),
  candidate: Nullable(Type.Object({ name: Type.String() })),
  history: Type.Array(Type.Object({ status: Status, label: Type.String(), reason: Nullable(Type.String()), at: Type.String() })),
  next: Type.Array(Status),
  as: Enum(['candidat', 'recruteur'] as const),
});
export type Application = Static<typeof ApplicationSchema>;

export const ProfileSchema = Type.Object({
  name: Type.String(),
  commune: Nullable(Type.Object({ code: Type.String(), name: Type.String() })),
  mobilityKm: Type.Integer(),
  romes: Type.Array(Type.Object({ code: Type.String(), label: Type.String() })),
  level: Nullable(Type.Integer()),
  availableFrom: Nullable(Type.String()),
  presentation: Type.String(),
  visible: Type.Boolean(),
  cv: Nullable(Type.Object({ filename: Type.String(), size: Type.Integer(), uploadedAt: Type.String() })),
});
export type Profile = Static<typeof ProfileSchema>;

const PdfFile = Type.Unsafe<Buffer>({ type: 'string', format: 'binary', description: 'le PDF' });

export const recruitmentRoutes = {
  offers: {
    method: 'GET',
    access: 'public',
    url: '/api/v1/recruitment/offers',
    schema: {
      summary: 'Chercher des offres de contrat en apprentissage',
      description:
        'Texte libre (radicaux et familles de mots, comme la recherche de formations), autour d’une commune (code INSEE ou postal) dans un rayon, ' +
        'par code ROME et niveau. Tri par défaut : pertinence × proximité × réactivité du recruteur (les offres des recruteurs qui ne répondent pas descendent).',
      tags: ['apprentissage'],
      querystring: Type.Object({
        q: Type.Optional(Type.String({ maxLength: 200 })),
        commune: Type.Optional(Type.String({ maxLength: 5, description: 'code INSEE ou code postal' })),
        rayon: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 30 })),
        rome: Type.Optional(Type.String({ maxLength: 5 })),
        niveau: Type.Optional(Level),
        tri: Type.Optional(Enum(['pertinence', 'distance', 'debut'] as const)),
        page: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
      }),
      response: {
        200: Type.Object({
          total: Type.Integer(),
          page: Type.Integer(),
          pages: Type.Integer(),
          near: Nullable(Type.Object({ code: Type.String(), name: Type.String() })),
          notes: Type.Array(Type.String()),
          results: Type.Array(OfferSummarySchema),
        }),
        400: ErrorBody,
      },
    },
  },
  offer: {
    method: 'GET',
    access: 'public',
    url: '/api/v1/recruitment/offers/:id',
    schema: {
      summary: 'Une offre publiée, avec le taux de réponse de son recruteur',
      tags: ['apprentissage'],
      params: Id,
      response: { 200: OfferDetailSchema, 404: ErrorBody },
    },
  },
  appellations: {
    method: 'GET',
    access: 'public',
    url: '/api/v1/recruitment/appellations',
    schema: {
      summary: 'Appellations ROME dont le libellé contient les mots cherchés (pour déposer une offre)',
      tags: ['apprentissage'],
      querystring: Type.Object({ q: Type.String({ minLength: 1, maxLength: 100 }) }),
      response: { 200: Type.Array(Type.Object({ code: Type.String(), label: Type.String(), rome: Type.String() })) },
    },
  },
  createOffer: {
    method: 'POST',
    access: { roles: ['employeur', 'cfa'] },
    url: '/api/v1/recruitment/offers',
    schema: {
      summary: 'Déposer une offre (employeur, ou CFA pour une entreprise)',
      tags: ['apprentissage'],
      body: Type.Object({ ...OfferFields, csrf: Type.Optional(Csrf) }),
      response: { 200: Type.Object({ id: Type.Integer() }), ...refusals },
    },
  },
  updateOffer: {
    method: 'POST',
    access: { roles: ['employeur', 'cfa'] },
    url: '/api/v1/recruitment/offers/:id',
    schema: {
      summary: 'Modifier une offre de sa structure, la dire pourvue ou la retirer',
      tags: ['apprentissage'],
      params: Id,
      body: Type.Object({
        ...OfferFields,
        state: Type.Optional(Enum(['publiee', 'pourvue', 'retiree'] as const)),
        csrf: Type.Optional(Csrf),
      }),
      response: { 200: Type.Object({ id: Type.Integer() }), ...refusals },
    },
  },
  myOffers: {
    method: 'GET',
    access: { roles: ['employeur', 'cfa'] },
    url: '/api/v1/recruitment/my-offers',
    schema: {
      summary: 'Les offres de ma structure, avec leurs candidatures',
      tags: ['apprentissage'],
      response: {
        200: Type.Object({
          recruiter: Nullable(RecruiterStatsSchema),
          offers: Type.Array(
            Type.Object({
              id: Type.Integer(),
              title: Type.String(),
              company: Type.String(),
              state: Type.String(),
              startDate: Type.String(),
              applications: Type.Integer(),
              waiting: Type.Integer({ description: 'candidatures sans réponse' }),
            }),
          ),
        }),
        ...refusals,
      },
    },
  },
  myOffer: {
    method: 'GET',
    access: { roles: ['employeur', 'cfa'] },
    url: '/api/v1/recruitment/my-offers/:id',
    schema: {
      summary: 'Une offre de ma structure (quel que soit son état) et ses candidatures',
      tags: ['apprentissage'],
      params: Id,
      response: {
        200: Type.Object({
          offer: OfferDetailSchema,
          applications: Type.Array(Type.Intersect([ApplicationLine, Type.Object({ candidate: Type.String() })])),
        }),
        ...refusals,
      },
    },
  },
  apply: {
    method: 'POST',
    access: { roles: ['candidat'] },
    url: '/api/v1/recruitment/offers/:id/applications',
    schema: {
      summary: 'Candidater à une offre (message, CV joint ou CV du profil)',
      tags: ['apprentissage'],
      params: Id,
      body: Type.Object({
        message: Type.String({ maxLength: 3000 }),
        cv: Type.Optional(CvUpload),
        useProfileCv: Type.Optional(Type.Boolean()),
        csrf: Type.Optional(Csrf),
      }),
      response: { 200: Type.Object({ id: Type.Integer() }), ...refusals },
    },
  },
  myApplications: {
    method: 'GET',
    access: { roles: ['candidat'] },
    url: '/api/v1/recruitment/my-applications',
    schema: {
      summary: 'Mes candidatures et leur état',
      tags: ['apprentissage'],
      response: {
        200: Type.Array(
          Type.Intersect([
            ApplicationLine,
            Type.Object({ offer: Type.Object({ id: Type.Integer(), title: Type.String(), company: Type.String() }) }),
          ]),
        ),
        ...refusals,
      },
    },
  },
  application: {
    method: 'GET',
    access: 'account',
    url: '/api/v1/recruitment/applications/:id',
    schema: {
      summary: 'Une candidature : pour son candidat, ou pour le recruteur de l’offre (sa première lecture la marque « lue »)',
      tags: ['apprentissage'],
      params: Id,
      response: { 200: ApplicationSchema, ...refusals },
    },
  },
  applicationCv: {
    method: 'GET',
    access: 'account',
    url: '/api/v1/recruitment/applications/:id/cv',
    schema: {
      summary: 'Le CV joint à une candidature (PDF)',
      tags: ['apprentissage'],
      params: Id,
      response: { 200: PdfFile, ...refusals },
    },
  },
  answer: {
    method: 'POST',
    access: { roles: ['employeur', 'cfa'] },
    url: '/api/v1/recruitment/applications/:id',
    schema: {
      summary: 'Répondre à une candidature : entretien, acceptée, ou refusée avec son motif',
      tags: ['apprentissage'],
      params: Id,
      body: Type.Object({
        status: Enum(ANSWER_STATUSES),
        reason: Type.Optional(Enum(codesOf(REFUSAL_REASONS))),
        detail: Type.Optional(Type.String({ maxLength: 500 })),
        csrf: Type.Optional(Csrf),
      }),
      response: { 200: ApplicationSchema, ...refusals },
    },
  },
  profile: {
    method: 'GET',
    access: { roles: ['candidat'] },
    url: '/api/v1/recruitment/profile',
    schema: { summary: 'Mon profil de candidat', tags: ['apprentissage'], response: { 200: ProfileSchema, ...refusals } },
  },
  saveProfile: {
    method: 'POST',
    access: { roles: ['candidat'] },
    url: '/api/v1/recruitment/profile',
    schema: {
      summary: 'Enregistrer mon profil de candidat (et mon CV en PDF)',
      tags: ['apprentissage'],
      body: Type.Object({
        commune: Type.Optional(Nullable(Type.String({ maxLength: 5 }))),
        mobilityKm: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
        romes: Type.Optional(Type.Array(Type.String({ maxLength: 5 }), { maxItems: 5 })),
        level: Type.Optional(Nullable(Level)),
        availableFrom: Type.Optional(Nullable(Day('disponible à partir du'))),
        presentation: Type.Optional(Type.String({ maxLength: 2000 })),
        visible: Type.Optional(Type.Boolean({ description: 'les recruteurs peuvent trouver ce profil' })),
        cv: Type.Optional(CvUpload),
        removeCv: Type.Optional(Type.Boolean()),
        csrf: Type.Optional(Csrf),
      }),
      response: { 200: ProfileSchema, ...refusals },
    },
  },
  profileCv: {
    method: 'GET',
    access: { roles: ['candidat'] },
    url: '/api/v1/recruitment/profile/cv',
    schema: { summary: 'Mon CV (PDF)', tags: ['apprentissage'], response: { 200: PdfFile, ...refusals } },
  },
  candidates: {
    method: 'GET',
    access: { roles: ['employeur', 'cfa'] },
    url: '/api/v1/recruitment/candidates',
    schema: {
      summary: 'Chercher des candidats dont le profil est consultable (recherche tracée)',
      tags: ['apprentissage'],
      querystring: Type.Object({
        commune: Type.Optional(Type.String({ maxLength: 5 })),
        rayon: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 30 })),
        rome: Type.Optional(Type.String({ maxLength: 5 })),
        niveau: Type.Optional(Level),
      }),
      response: {
        200: Type.Object({
          total: Type.Integer(),
          results: Type.Array(
            Type.Object({
              id: Type.Integer(),
              name: Type.String({ description: 'prénom et initiale' }),
              commune: Nullable(Type.String()),
              distanceKm: Nullable(Type.Number()),
              mobilityKm: Type.Integer(),
              romes: Type.Array(Type.String()),
              level: Nullable(Type.Integer()),
              availableFrom: Nullable(Type.String()),
            }),
          ),
        }),
        ...refusals,
      },
    },
  },
  candidate: {
    method: 'GET',
    access: { roles: ['employeur', 'cfa'] },
    url: '/api/v1/recruitment/candidates/:id',
    schema: {
      summary: 'Le profil d’un candidat (consultable, ou qui a candidaté à une offre de ma structure ; lecture tracée)',
      tags: ['apprentissage'],
      params: Id,
      response: { 200: ProfileSchema, ...refusals },
    },
  },
  report: {
    method: 'POST',
    access: 'account',
    url: '/api/v1/recruitment/offers/:id/reports',
    schema: {
      summary: 'Signaler une offre à la modération',
      tags: ['apprentissage'],
      params: Id,
      body: Type.Object({
        reason: Enum(codesOf(REPORT_REASONS)),
        details: Type.Optional(Type.String({ maxLength: 1000 })),
        csrf: Type.Optional(Csrf),
      }),
      response: { 200: Message, ...refusals },
    },
  },
  moderation: {
    method: 'GET',
    access: { roles: ['moderateur'] },
    url: '/api/v1/recruitment/moderation',
    schema: {
      summary: 'Signalements en attente, par offre',
      tags: ['apprentissage'],
      response: {
        200: Type.Array(
          Type.Object({
            offer: Type.Object({ id: Type.Integer(), title: Type.String(), company: Type.String(), state: Type.String() }),
            reports: Type.Array(
              Type.Object({ id: Type.Integer(), reason: Type.String(), details: Type.String(), createdAt: Type.String() }),
            ),
          }),
        ),
        ...refusals,
      },
    },
  },
  decide: {
    method: 'POST',
    access: { roles: ['moderateur'] },
    url: '/api/v1/recruitment/moderation/:id',
    schema: {
      summary: 'Décider des signalements d’une offre : la maintenir ou la retirer',
      tags: ['apprentissage'],
      params: Id,
      body: Type.Object({
        decision: Enum(['maintenue', 'retiree'] as const),
        note: Type.Optional(Type.String({ maxLength: 1000 })),
        csrf: Type.Optional(Csrf),
      }),
      response: { 200: Message, ...refusals },
    },
  },
} as const satisfies RouteTable;
