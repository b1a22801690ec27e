/**
 * The guidance HTTP contract (transitions between occupations, skills, pathways): the routes'
 * TypeBox schemas and their static types. The routes (transitions-routes.ts, pathway-routes.ts)
 * are registered from `guidanceRoutes`; the portal reads it as types only.
 */
import { Type, type Static } from 'typebox';
import { ErrorBody, Nullable, type RouteTable } from '../platform/http/route-contract.ts';
import { DEFAULT_TRANSITIONS, MAX_TRANSITIONS } from './transitions.ts';
import type { PathwayResponse } from './pathways.ts';
import { STATUSES } from './funding-rules.ts';
import type { SkillKind } from './skills-model.ts';
import { TransitionExplanationProperties } from './transitions-contract.ts';

/** An object whose named members are checked and whose other members pass as they are. */
const Open = <P extends Parameters<typeof Type.Object>[0]>(properties: P, description?: string) =>
  Type.Object(properties, { additionalProperties: true, description });
const Ref = Type.Object({ code: Type.String(), label: Type.String() });
/** A figure always says what it is, its unit, source and vintage (figures.ts). */
const FigureSchema = Open(
  { value: Type.Number(), unit: Type.String(), label: Type.String(), source: Type.String(), vintage: Type.String() },
  'chiffre avec son unité, sa source et son millésime',
);
const MaybeFigure = Nullable(FigureSchema);
const Tension = Open({ finest: MaybeFigure, bassin: MaybeFigure, dares: MaybeFigure, scale: Type.String() });
const Funding = Open({}, 'voie de financement, avec sa source légale');
const StepSchema = Open({
  kind: Type.String({ description: 'formation, apprentissage, VAE, bloc de compétences…' }),
  title: Type.String(),
  description: Type.String(),
  duration: MaybeFigure,
  distance: MaybeFigure,
  funding: Type.Array(Funding),
});
const PathwaySchema = Open({
  id: Type.String(),
  title: Type.String(),
  steps: Type.Array(StepSchema),
  duration: MaybeFigure,
  farthestDistance: MaybeFigure,
  employment: MaybeFigure,
  tension: Tension,
  funding: Type.Array(Funding),
  fundingExcluded: Type.Array(Type.String()),
  demo: Type.Boolean(),
  notes: Type.Array(Type.String()),
});
const TargetSchema = Open({
  target: Ref,
  match: FigureSchema,
  tension: Tension,
  shared: Type.Array(Open({ code: Type.String(), label: Type.String(), kind: Type.String() })),
  missing: Type.Array(Open({})),
  trainings: Type.Array(Open({})),
  vae: Type.Array(Open({})),
  pathways: Type.Array(PathwaySchema),
  routes: Type.Array(Type.Object({ kind: Type.String(), name: Type.String(), proposed: Type.Boolean(), reason: Nullable(Type.String()) }), {
    description: 'chaque sorte de parcours : proposée, ou pourquoi elle ne l’est pas (VAE, apprentissage…)',
  }),
  notes: Type.Array(Type.String()),
});

/** The pathway simulator's answer (pathways.ts): its frame checked, deeper details passed as the service gives them. */
export const PathwayAnswer = Type.Unsafe<PathwayResponse>(
  Type.Object({
    request: Open({
      from: Nullable(Ref),
      skills: Type.Array(Type.String()),
      exclude: Type.Array(Type.String()),
      to: Nullable(Ref),
      explore: Type.Boolean(),
      commune: Open({ code: Type.String(), name: Type.String() }),
      radiusKm: Type.Number(),
      status: Type.String({ enum: [...STATUSES] }),
      age: Nullable(Type.Integer()),
      today: Type.String({ format: 'date' }),
    }),
    targets: Type.Array(TargetSchema),
    demo: Type.Boolean({ description: 'certaines formations sont des données de démonstration' }),
    notes: Type.Array(Type.String()),
    privacy: Type.String(),
  }),
);
export type {
  PathwayResponse,
  Pathway,
  Step as PathwayStep,
  TargetResult,
  TensionInfo,
  RouteChoice,
} from './pathways.ts';
export type { Figure } from './figures.ts';
export type { FundingRoute } from './funding.ts';
export type { TrainingOption, CertificationRef } from './gap.ts';
export type { Status, StepKind, LegalSource } from './funding-rules.ts';
export type { SkillKind };

const SKILL_KINDS = ['savoir-faire', 'savoir-etre', 'savoir', 'contexte'];
/** The kind of a ROME item: savoir-faire, savoir-être, savoir or context of work. */
const Kind = Type.Unsafe<SkillKind>(Type.String({ enum: SKILL_KINDS }));

export const SkillRefSchema = Type.Object({
  code: Type.String({ description: 'code OGR de l’item ROME' }),
  label: Type.String(),
  kind: Kind,
  weight: Type.Number({ description: 'part du poids total du métier visé (spécificité × facette × cœur de métier)' }),
});

export const TransitionSchema = Type.Object({
  code: Type.String({ description: 'code ROME du métier visé' }),
  label: Type.String(),
  score: Type.Number({
    minimum: 0,
    maximum: 1,
    description: 'proximité en compétences, entre 0 et 1 (seuils VAE et exploration ; le classement suit « relevance »)',
  }),
  coverage: Type.Number({
    minimum: 0,
    maximum: 1,
    description: 'part pondérée des compétences du métier visé déjà détenue (somme des poids de « shared »)',
  }),
  shared: Type.Array(SkillRefSchema, { description: 'compétences du métier visé déjà détenues' }),
  missing: Type.Array(
    Type.Object({
      macro: Type.Object({
        code: Type.Union([Type.String(), Type.Null()], {
          description: 'code OGR de la macro-compétence (null pour savoirs, savoir-être, contextes)',
        }),
        label: Type.String(),
      }),
      skills: Type.Array(SkillRefSchema),
    }),
    { description: 'compétences manquantes, groupées par macro-compétence' },
  ),
  ...TransitionExplanationProperties,
});

export const TransitionAnswer = Type.Object({
  source: Type.Object({
    occupations: Type.Array(Type.Object({ code: Type.String(), label: Type.String() })),
    skills: Type.Integer({ description: 'nombre de compétences ROME du profil' }),
    unmappedEsco: Type.Array(Type.String(), { description: 'URI ESCO sans équivalent ROME, ignorées' }),
  }),
  transitions: Type.Array(TransitionSchema),
});

export const SkillHit = Type.Object({
  code: Type.String(),
  label: Type.String(),
  kind: Kind,
  macro: Type.Union([Type.Object({ code: Type.String(), label: Type.String() }), Type.Null()]),
  fiches: Type.Integer({ description: 'nombre de fiches qui citent la compétence' }),
});

export const OccupationSkill = Type.Object({
  code: Type.String(),
  label: Type.String(),
  kind: Kind,
  weight: Type.Number(),
  coeurMetier: Type.Boolean(),
  macro: Type.Object({ code: Type.Union([Type.String(), Type.Null()]), label: Type.String() }),
});

const DESCRIPTION =
  'Métiers classés selon la part de leurs compétences (savoir-faire, savoirs, savoir-être, contextes de travail ROME 4.0) ' +
  'que la personne détient déjà, chaque compétence pesant selon sa spécificité (une compétence partagée par des centaines ' +
  'de fiches compte peu). Les mobilités officielles des fiches ne servent pas au calcul.';

const CodeList = (description: string) => Type.Array(Type.String({ minLength: 1, maxLength: 300 }), { maxItems: 500, description });

export type SkillRef = Static<typeof SkillRefSchema>;
export type Transition = Static<typeof TransitionSchema>;
export type TransitionAnswer = Static<typeof TransitionAnswer>;
export type MissingGroup = Transition['missing'][number];
export type SkillHit = Static<typeof SkillHit>;
export type OccupationSkill = Static<typeof OccupationSkill>;

export const guidanceRoutes = {
  occupationTransitions: {
    method: 'GET',
    access: 'public',
    url: '/api/v1/occupations/:code/transitions',
    schema: {
      summary: 'Passerelles depuis un métier : métiers proches en compétences',
      description: DESCRIPTION,
      tags: ['parcours'],
      // Checked by hand so that an unknown code and a bad limit get the same French 400.
      params: Type.Object({ code: Type.String({ description: 'code ROME, ex. D1102' }) }),
      querystring: Type.Object({
        limit: Type.Optional(
          Type.String({ description: `nombre de résultats (1 à ${MAX_TRANSITIONS}, ${DEFAULT_TRANSITIONS} par défaut)` }),
        ),
      }),
      response: { 200: TransitionAnswer, 400: ErrorBody },
    },
  },
  profileTransitions: {
    method: 'POST',
    access: 'public',
    url: '/api/v1/transitions',
    schema: {
      summary: 'Passerelles depuis un profil de compétences',
      description:
        `${DESCRIPTION} Le profil réunit les compétences des métiers exercés (occupations), moins celles décochées ` +
        '(exclude), plus celles choisies par recherche (skills, voir GET /api/v1/skills) et les compétences ou métiers ESCO (esco).',
      tags: ['parcours'],
      body: Type.Object(
        {
          occupations: Type.Optional(CodeList('codes ROME des métiers exercés')),
          exclude: Type.Optional(CodeList('codes OGR des compétences de ces métiers non pratiquées')),
          skills: Type.Optional(CodeList('codes OGR de compétences ROME choisies')),
          esco: Type.Optional(CodeList('URI ESCO de compétences ou de métiers')),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_TRANSITIONS, default: DEFAULT_TRANSITIONS })),
        },
        { additionalProperties: false },
      ),
      response: { 200: TransitionAnswer, 400: ErrorBody },
    },
  },
  skills: {
    method: 'GET',
    access: 'public',
    url: '/api/v1/skills',
    schema: {
      summary: 'Rechercher une compétence ROME (pour composer un profil)',
      description:
        'Savoir-faire, savoirs, savoir-être et contextes dont le libellé contient tous les mots cherchés (accents et casse ignorés).',
      tags: ['parcours'],
      querystring: Type.Object({
        q: Type.String({ minLength: 1, maxLength: 200, description: 'texte cherché' }),
        limit: Type.Integer({ minimum: 1, maximum: 100, default: 20 }),
      }),
      response: {
        200: Type.Array(SkillHit),
      },
    },
  },
  occupationSkills: {
    method: 'GET',
    access: 'public',
    url: '/api/v1/occupations/:code/skills',
    schema: {
      summary: 'Compétences d’un métier, à décocher pour composer un profil',
      tags: ['parcours'],
      params: Type.Object({ code: Type.String({ description: 'code ROME, ex. D1102' }) }),
      response: {
        200: Type.Array(OccupationSkill),
        400: ErrorBody,
      },
    },
  },
  pathways: {
    method: 'POST',
    access: 'public',
    url: '/api/v1/pathways',
    schema: {
      summary: 'Simuler des parcours vers un métier (ou explorer les métiers en tension proches de ses compétences)',
      description:
        'Jusqu’à 5 parcours (étapes, durée, distance, dates, taux d’emploi, tension, financements), chaque chiffre avec sa source et son millésime. ' +
        'Le profil réunit les compétences du métier exercé (from), moins celles décochées (exclude), plus celles choisies (skills). Rien n’est enregistré.',
      tags: ['parcours'],
      body: Type.Object({
        from: Type.Optional(Type.String({ maxLength: 20, description: 'code ROME du métier exercé, ex. D1106' })),
        skills: Type.Optional(
          Type.Array(Type.String({ maxLength: 20 }), { maxItems: 500, description: 'codes ROME (OGR) des compétences détenues' }),
        ),
        exclude: Type.Optional(
          Type.Array(Type.String({ maxLength: 20 }), {
            maxItems: 500,
            description: 'codes OGR des compétences du métier exercé non pratiquées',
          }),
        ),
        to: Type.Optional(Type.String({ maxLength: 20, description: 'code ROME du métier visé, ex. D1102' })),
        explore: Type.Optional(Type.Boolean({ description: 'sans métier visé : proposer des métiers en tension proches' })),
        commune: Type.String({ maxLength: 10, description: 'code INSEE de la commune, ex. 44184' }),
        radius: Type.Number({ description: 'rayon en km, plus de 0 et au plus 200' }),
        status: Type.String({ maxLength: 20, description: 'jeune, demandeur ou salarie' }),
        age: Type.Optional(Type.Integer({ description: 'âge en années' })),
        today: Type.Optional(Type.String({ maxLength: 10, description: 'jour de la simulation (AAAA-MM-JJ), aujourd’hui par défaut' })),
      }),
      response: { 200: PathwayAnswer },
    },
  },
} as const satisfies RouteTable;
