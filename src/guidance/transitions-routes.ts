import { Type } from 'typebox';
import type { SkillsCatalog } from './skills-model.ts';
import type { App, ServeContext } from '../platform/http/app.ts';
import { InputError } from '../platform/errors.ts';
import { DEFAULT_TRANSITIONS, MAX_TRANSITIONS, checkLimit, transitionsFromOccupation, transitionsFromProfile } from './transitions.ts';

const SKILL_KINDS = ['savoir-faire', 'savoir-etre', 'savoir', 'contexte'];

const SkillRefSchema = Type.Object({
  code: Type.String({ description: 'code OGR de l’item ROME' }),
  label: Type.String(),
  kind: Type.String({ enum: SKILL_KINDS }),
  weight: Type.Number({ description: 'part du poids total du métier visé (spécificité × facette × cœur de métier)' }),
});

const TransitionSchema = Type.Object({
  code: Type.String({ description: 'code ROME du métier visé' }),
  label: Type.String(),
  score: Type.Number({ minimum: 0, maximum: 1, description: 'proximité en compétences, entre 0 et 1 (sert au classement)' }),
  coverage: Type.Number({ minimum: 0, maximum: 1, description: 'part pondérée des compétences du métier visé déjà détenue (somme des poids de « shared »)' }),
  shared: Type.Array(SkillRefSchema, { description: 'compétences du métier visé déjà détenues' }),
  missing: Type.Array(Type.Object({
    macro: Type.Object({
      code: Type.Union([Type.String(), Type.Null()], { description: 'code OGR de la macro-compétence (null pour savoirs, savoir-être, contextes)' }),
      label: Type.String(),
    }),
    skills: Type.Array(SkillRefSchema),
  }), { description: 'compétences manquantes, groupées par macro-compétence' }),
});

const AnswerSchema = Type.Object({
  source: Type.Object({
    occupations: Type.Array(Type.Object({ code: Type.String(), label: Type.String() })),
    skills: Type.Integer({ description: 'nombre de compétences ROME du profil' }),
    unmappedEsco: Type.Array(Type.String(), { description: 'URI ESCO sans équivalent ROME, ignorées' }),
  }),
  transitions: Type.Array(TransitionSchema),
});

const ErrorSchema = Type.Object({ error: Type.String(), field: Type.Optional(Type.String()) });
const DESCRIPTION =
  'Métiers classés selon la part de leurs compétences (savoir-faire, savoirs, savoir-être, contextes de travail ROME 4.0) ' +
  'que la personne détient déjà, chaque compétence pesant selon sa spécificité (une compétence partagée par des centaines ' +
  'de fiches compte peu). Les mobilités officielles des fiches ne servent pas au calcul.';

const CodeList = (description: string) => Type.Array(Type.String({ minLength: 1, maxLength: 300 }), { maxItems: 500, description });

/** GET /api/occupations/{code}/transitions, POST /api/transitions, GET /api/skills, GET /api/occupations/{code}/skills. */
export function registerTransitionRoutes(app: App, ctx: ServeContext & { skills: SkillsCatalog }): void {
  app.get('/api/occupations/:code/transitions', {
    schema: {
      summary: 'Passerelles depuis un métier : métiers proches en compétences',
      description: DESCRIPTION,
      tags: ['parcours'],
      // Checked by hand so that an unknown code and a bad limit get the same French 400.
      params: Type.Object({ code: Type.String({ description: 'code ROME, ex. D1102' }) }),
      querystring: Type.Object({
        limit: Type.Optional(Type.String({ description: `nombre de résultats (1 à ${MAX_TRANSITIONS}, ${DEFAULT_TRANSITIONS} par défaut)` })),
      }),
      response: { 200: AnswerSchema, 400: ErrorSchema },
    },
  }, async (request) => {
    const limit = request.query.limit === undefined ? DEFAULT_TRANSITIONS : checkLimit(request.query.limit);
    return transitionsFromOccupation(ctx.skills, request.params.code, limit);
  });

  app.post('/api/transitions', {
    schema: {
      summary: 'Passerelles depuis un profil de compétences',
      description: `${DESCRIPTION} Le profil réunit les compétences des métiers exercés (occupations), moins celles décochées ` +
        '(exclude), plus celles choisies par recherche (skills, voir GET /api/skills) et les compétences ou métiers ESCO (esco).',
      tags: ['parcours'],
      body: Type.Object({
        occupations: Type.Optional(CodeList('codes ROME des métiers exercés')),
        exclude: Type.Optional(CodeList('codes OGR des compétences de ces métiers non pratiquées')),
        skills: Type.Optional(CodeList('codes OGR de compétences ROME choisies')),
        esco: Type.Optional(CodeList('URI ESCO de compétences ou de métiers')),
        limit: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_TRANSITIONS, default: DEFAULT_TRANSITIONS })),
      }, { additionalProperties: false }),
      response: { 200: AnswerSchema, 400: ErrorSchema },
    },
  }, async (request) => {
    const { limit, ...profile } = request.body;
    return transitionsFromProfile(ctx.skills, profile, limit ?? DEFAULT_TRANSITIONS);
  });

  app.get('/api/skills', {
    schema: {
      summary: 'Rechercher une compétence ROME (pour composer un profil)',
      description: 'Savoir-faire, savoirs, savoir-être et contextes dont le libellé contient tous les mots cherchés (accents et casse ignorés).',
      tags: ['parcours'],
      querystring: Type.Object({
        q: Type.String({ minLength: 1, maxLength: 200, description: 'texte cherché' }),
        limit: Type.Integer({ minimum: 1, maximum: 100, default: 20 }),
      }),
      response: {
        200: Type.Array(Type.Object({
          code: Type.String(),
          label: Type.String(),
          kind: Type.String({ enum: SKILL_KINDS }),
          macro: Type.Union([Type.Object({ code: Type.String(), label: Type.String() }), Type.Null()]),
          fiches: Type.Integer({ description: 'nombre de fiches qui citent la compétence' }),
        })),
      },
    },
  }, async (request) => ctx.skills.searchSkills(request.query.q, request.query.limit));

  app.get('/api/occupations/:code/skills', {
    schema: {
      summary: 'Compétences d’un métier, à décocher pour composer un profil',
      tags: ['parcours'],
      params: Type.Object({ code: Type.String({ description: 'code ROME, ex. D1102' }) }),
      response: {
        200: Type.Array(Type.Object({
          code: Type.String(),
          label: Type.String(),
          kind: Type.String({ enum: SKILL_KINDS }),
          weight: Type.Number(),
          coeurMetier: Type.Boolean(),
          macro: Type.Object({ code: Type.Union([Type.String(), Type.Null()]), label: Type.String() }),
        })),
        400: ErrorSchema,
      },
    },
  }, async (request) => {
    const skills = ctx.skills.ficheSkills(request.params.code.trim().toUpperCase());
    if (!skills) throw new InputError('code', `paramètre « code » invalide : fiche ROME inconnue (${request.params.code})`);
    return skills;
  });
}
