/**
 * The counsellors' workspace HTTP contract: the people a structure follows, their skills profile,
 * saved simulations, plan, shared link, export and erasure, hand-over between structures, and the
 * supervisor's figures. Every change takes the form's one-time token (`csrf`). Answers are typed
 * by the services and sent as they are (they name each field they return).
 */
import { Type, type Static } from 'typebox';
import { ErrorBody, Nullable, type RouteTable } from '../platform/http/route-contract.ts';
import { AGE_BRACKETS, BENEFICIARY_STATUSES, STEP_KINDS, STEP_STATUSES } from '../common/counselling-words.ts';
import { codesOf } from '../common/labels.ts';
import type { listBeneficiaries, structureView, exportBeneficiary } from './beneficiaries.ts';
import type { getRecord } from './record.ts';
import type { getSimulation } from './simulations.ts';
import type { sharedPlan } from './plan.ts';
import type { structureReferrals } from './referrals.ts';

const Enum = <T extends string>(values: readonly T[]) => Type.Unsafe<T>(Type.String({ enum: [...values] }));
const Csrf = Type.Optional(
  Type.String({ maxLength: 100, description: 'jeton du formulaire (POST /api/v1/auth/form-token), à usage unique' }),
);
const Id = Type.Object({ id: Type.Integer({ minimum: 1, maximum: 2147483647 }) });
const Created = Type.Object({ id: Type.Integer() });
const Message = Type.Object({ message: Type.String() });
const refusals = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 429: ErrorBody };
const Codes = (description: string) => Type.Optional(Type.Array(Type.String({ maxLength: 200 }), { maxItems: 200, description }));
/** An answer typed by its service and sent as it is. */
const Answer = <T>() => Type.Unsafe<T>(Type.Unknown());
type Result<F extends (...args: never[]) => unknown> = Awaited<ReturnType<F>>;

const Counsellor = { roles: ['conseiller'] } as const;

const BeneficiaryFields = {
  firstName: Type.String({ maxLength: 60, description: 'prénom ou pseudonyme' }),
  initial: Type.Optional(Nullable(Type.String({ maxLength: 2, description: 'initiale du nom (facultative)' }))),
  commune: Type.Optional(Nullable(Type.String({ maxLength: 5, description: 'code INSEE' }))),
  ageBracket: Enum(codesOf(AGE_BRACKETS)),
  status: Enum(codesOf(BENEFICIARY_STATUSES)),
  purpose: Type.String({ maxLength: 300, description: 'finalité de l’accompagnement' }),
};

const StepFields = {
  kind: Enum(codesOf(STEP_KINDS)),
  title: Type.String({ maxLength: 200 }),
  dueDate: Type.Optional(Nullable(Type.String({ maxLength: 10, description: 'AAAA-MM-JJ' }))),
  status: Type.Optional(Enum(codesOf(STEP_STATUSES))),
  notes: Type.Optional(Type.String({ maxLength: 2000 })),
  csrf: Csrf,
};

export type BeneficiaryList = Result<typeof listBeneficiaries>;
export type BeneficiaryRecord = Result<typeof getRecord>;
export type SavedSimulation = Result<typeof getSimulation>;
export type SharedPlan = Result<typeof sharedPlan>;
export type StructureView = Result<typeof structureView>;
export type Referrals = Result<typeof structureReferrals>;
export type BeneficiaryExport = Result<typeof exportBeneficiary>;
export const ProfileBody = Type.Object({
  occupations: Codes('codes ROME des métiers exercés'),
  exclude: Codes('codes OGR des compétences de ces métiers non pratiquées'),
  skills: Codes('codes OGR de compétences ajoutées'),
  esco: Codes('URI ESCO'),
  csrf: Csrf,
});
export type ProfileBody = Static<typeof ProfileBody>;

export const counsellingRoutes = {
  list: {
    method: 'GET',
    access: Counsellor,
    url: '/api/v1/counselling/beneficiaries',
    schema: {
      summary: 'Mes bénéficiaires : les personnes suivies par ma structure, celles qui ont une action cette semaine d’abord',
      tags: ['conseillers'],
      querystring: Type.Object({
        q: Type.Optional(Type.String({ maxLength: 60, description: 'début du prénom' })),
        action: Type.Optional(Type.Boolean({ description: 'seulement les personnes ayant une étape due cette semaine ou en retard' })),
        page: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
      }),
      response: { 200: Answer<BeneficiaryList>(), ...refusals },
    },
  },
  create: {
    method: 'POST',
    access: Counsellor,
    url: '/api/v1/counselling/beneficiaries',
    schema: {
      summary: 'Créer la fiche d’une personne accompagnée, avec son consentement',
      tags: ['conseillers'],
      body: Type.Object({
        ...BeneficiaryFields,
        consent: Type.Boolean({ description: 'la personne a accepté le texte de consentement en vigueur' }),
        csrf: Csrf,
      }),
      response: { 200: Created, ...refusals },
    },
  },
  record: {
    method: 'GET',
    access: Counsellor,
    url: '/api/v1/counselling/beneficiaries/:id',
    schema: {
      summary: 'La fiche d’une personne (lecture tracée avec sa finalité)',
      tags: ['conseillers'],
      params: Id,
      querystring: Type.Object({
        purpose: Type.Optional(Type.String({ maxLength: 200, description: 'finalité de la lecture (journal des accès)' })),
      }),
      response: { 200: Answer<BeneficiaryRecord>(), ...refusals },
    },
  },
  update: {
    method: 'POST',
    access: Counsellor,
    url: '/api/v1/counselling/beneficiaries/:id',
    schema: {
      summary: 'Modifier la fiche d’une personne',
      tags: ['conseillers'],
      params: Id,
      body: Type.Object({ ...BeneficiaryFields, csrf: Csrf }),
      response: { 200: Created, ...refusals },
    },
  },
  profile: {
    method: 'POST',
    access: Counsellor,
    url: '/api/v1/counselling/beneficiaries/:id/profile',
    schema: {
      summary: 'Enregistrer le profil de compétences d’une personne',
      tags: ['conseillers'],
      params: Id,
      body: ProfileBody,
      response: { 200: Message, ...refusals },
    },
  },
  simulate: {
    method: 'POST',
    access: Counsellor,
    url: '/api/v1/counselling/beneficiaries/:id/simulations',
    schema: {
      summary:
        'Lancer et enregistrer une simulation sur le profil (métiers ouverts, ou parcours vers un métier) avec la version des données',
      tags: ['conseillers'],
      params: Id,
      body: Type.Object({
        kind: Enum(['transitions', 'parcours'] as const),
        to: Type.Optional(Type.String({ maxLength: 5, description: 'code ROME visé' })),
        commune: Type.Optional(Type.String({ maxLength: 5, description: 'code INSEE (par défaut : celle de la personne)' })),
        radius: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
        label: Type.Optional(Type.String({ maxLength: 200 })),
        csrf: Csrf,
      }),
      response: { 200: Created, ...refusals },
    },
  },
  simulation: {
    method: 'GET',
    access: Counsellor,
    url: '/api/v1/counselling/simulations/:id',
    schema: {
      summary: 'Une simulation enregistrée, telle qu’elle a été calculée',
      tags: ['conseillers'],
      params: Id,
      response: { 200: Answer<SavedSimulation>(), ...refusals },
    },
  },
  addStep: {
    method: 'POST',
    access: Counsellor,
    url: '/api/v1/counselling/beneficiaries/:id/steps',
    schema: {
      summary: 'Ajouter une étape au plan',
      tags: ['conseillers'],
      params: Id,
      body: Type.Object(StepFields),
      response: { 200: Created, ...refusals },
    },
  },
  updateStep: {
    method: 'POST',
    access: Counsellor,
    url: '/api/v1/counselling/steps/:id',
    schema: {
      summary: 'Modifier une étape (date, état, notes)',
      tags: ['conseillers'],
      params: Id,
      body: Type.Object(StepFields),
      response: { 200: Created, ...refusals },
    },
  },
  createLink: {
    method: 'POST',
    access: Counsellor,
    url: '/api/v1/counselling/beneficiaries/:id/links',
    schema: {
      summary: 'Créer le lien que la personne ouvre sans compte pour lire son plan (30 jours au plus, révocable)',
      tags: ['conseillers'],
      params: Id,
      body: Type.Object({ days: Type.Optional(Type.Integer({ minimum: 1, maximum: 30, default: 30 })), csrf: Csrf }),
      response: { 200: Type.Object({ id: Type.Integer(), url: Type.String(), expiresAt: Type.String() }), ...refusals },
    },
  },
  revokeLink: {
    method: 'POST',
    access: Counsellor,
    url: '/api/v1/counselling/links/:id/revoke',
    schema: {
      summary: 'Révoquer un lien',
      tags: ['conseillers'],
      params: Id,
      body: Type.Object({ csrf: Csrf }),
      response: { 200: Message, ...refusals },
    },
  },
  shared: {
    method: 'GET',
    access: 'public',
    url: '/api/v1/counselling/shared/:token',
    schema: {
      summary: 'Le plan d’une personne, par son lien (410 si le lien a expiré ou a été révoqué)',
      tags: ['conseillers'],
      params: Type.Object({ token: Type.String({ maxLength: 100 }) }),
      response: { 200: Answer<SharedPlan>(), 404: ErrorBody, 410: ErrorBody },
    },
  },
  export: {
    method: 'GET',
    access: Counsellor,
    url: '/api/v1/counselling/beneficiaries/:id/export',
    schema: {
      summary: 'Tout ce que la structure garde d’une personne (RGPD art. 15 et 20)',
      tags: ['conseillers'],
      params: Id,
      response: { 200: Answer<BeneficiaryExport>(), ...refusals },
    },
  },
  erase: {
    method: 'POST',
    access: Counsellor,
    url: '/api/v1/counselling/beneficiaries/:id/erase',
    schema: {
      summary: 'Effacer une personne et tout ce qui la concerne (RGPD art. 17) ; le journal des accès en garde la trace',
      tags: ['conseillers'],
      params: Id,
      body: Type.Object({ reason: Type.Optional(Type.String({ maxLength: 200 })), csrf: Csrf }),
      response: { 200: Message, ...refusals },
    },
  },
  refer: {
    method: 'POST',
    access: Counsellor,
    url: '/api/v1/counselling/beneficiaries/:id/referrals',
    schema: {
      summary: 'Transmettre un projet de formation à une autre structure, avec l’accord de la personne',
      tags: ['conseillers'],
      params: Id,
      body: Type.Object({
        to: Type.String({ maxLength: 20, description: 'SIRET ou code de la structure destinataire' }),
        project: Type.String({ maxLength: 2000 }),
        consent: Type.Boolean(),
        csrf: Csrf,
      }),
      response: { 200: Created, ...refusals },
    },
  },
  referrals: {
    method: 'GET',
    access: Counsellor,
    url: '/api/v1/counselling/referrals',
    schema: {
      summary: 'Orientations reçues et transmises par ma structure',
      tags: ['conseillers'],
      response: { 200: Answer<Referrals>(), ...refusals },
    },
  },
  decide: {
    method: 'POST',
    access: Counsellor,
    url: '/api/v1/counselling/referrals/:id',
    schema: {
      summary: 'Valider ou refuser (avec un motif) une orientation reçue',
      tags: ['conseillers'],
      params: Id,
      body: Type.Object({
        decision: Enum(['valide', 'refuse'] as const),
        reason: Type.Optional(Type.String({ maxLength: 500 })),
        csrf: Csrf,
      }),
      response: { 200: Message, ...refusals },
    },
  },
  structure: {
    method: 'GET',
    access: { roles: ['superviseur'] },
    url: '/api/v1/counselling/structure',
    schema: {
      summary: 'Chiffres de la structure : personnes suivies, étapes par état, étapes en retard (aucune donnée nominative)',
      tags: ['conseillers'],
      response: { 200: Answer<StructureView>(), ...refusals },
    },
  },
} as const satisfies RouteTable;
