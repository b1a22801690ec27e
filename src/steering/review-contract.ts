/**
 * The HTTP contract of the training-map review (revue de la carte des formations): per formation of
 * a région, the InserJeunes employment rate at 6 months and further-study rate against the regional
 * average of its voie (cohorts of 20 or more), the pressure (wishes / capacity, Affelnet or
 * Parcoursup) and fill rate (rentrée headcount / capacity), the régional priority flag, a quadrant
 * and the « formations à examiner » with their reason in French. Public figures.
 */
import { Type, type Static } from 'typebox';
import { ErrorBody, Nullable, type RouteTable } from '../platform/http/route-contract.ts';

const Enum = <T extends string>(values: readonly T[], description?: string) =>
  Type.Unsafe<T>(Type.String({ enum: [...values], description }));

export const REVIEW_VOIES = ['scolaire', 'apprentissage'] as const;
export type ReviewVoie = (typeof REVIEW_VOIES)[number];
/** Interministerial levels of the diplomas InserJeunes follows: 5 = CAP, 4 = bac pro, BP…, 3 = BTS, DUT… */
export const REVIEW_LEVELS = ['3', '4', '5'] as const;
export const LEVEL_NAMES: Record<(typeof REVIEW_LEVELS)[number], string> = {
  '5': 'CAP et équivalents',
  '4': 'baccalauréat professionnel, BP et équivalents',
  '3': 'BTS, DUT et équivalents',
};
/** Smallest cohort kept (final-year pupils or apprentices); InserJeunes publishes no rate below it either. */
export const MIN_COHORT = 20;
/** A rate this many points under the regional average of its voie puts a formation on the list. */
export const GAP_POINTS = 10;
/** Under this pressure (wishes per place) a formation attracts too few candidates. */
export const LOW_PRESSURE = 0.5;
/** Under this fill rate (pupils per place) a formation is half empty. */
export const LOW_FILL = 0.5;
export const QUADRANTS = ['emploi+ etudes+', 'emploi+ etudes-', 'emploi- etudes+', 'emploi- etudes-'] as const;
export type Quadrant = (typeof QUADRANTS)[number];
export const QUADRANT_LABELS: Record<Quadrant, string> = {
  'emploi+ etudes+': 'emploi et poursuite d’études au-dessus de la moyenne',
  'emploi+ etudes-': 'emploi au-dessus, poursuite d’études sous la moyenne',
  'emploi- etudes+': 'emploi sous la moyenne, poursuite d’études au-dessus',
  'emploi- etudes-': 'emploi et poursuite d’études sous la moyenne',
};

export const ReviewQuery = Type.Object({
  region: Type.Optional(Type.String({ pattern: '^\\d{2}$', description: 'code de la région (52 par défaut)' })),
  voie: Type.Optional(Enum(REVIEW_VOIES, 'voie scolaire ou apprentissage (les deux par défaut)')),
  niveau: Type.Optional(Enum(REVIEW_LEVELS, 'niveau interministériel du diplôme : 5 = CAP, 4 = bac, 3 = BTS')),
});
export type ReviewQuery = Static<typeof ReviewQuery>;

const Rate = Nullable(Type.Integer({ minimum: 0, maximum: 100, description: 'taux en %, tel que publié' }));

export const ReviewFormationSchema = Type.Object({
  key: Type.String({ description: 'MEF_STAT_11 (voie scolaire) ou CFD (apprentissage)' }),
  voie: Enum(REVIEW_VOIES),
  cfd: Nullable(Type.String()),
  label: Type.String(),
  labelSource: Type.String({ description: 'd’où vient le libellé' }),
  diplome: Nullable(Type.String({ description: 'type de diplôme (CAP, BAC PRO, BTS…)' })),
  niveau: Nullable(Type.String()),
  cohort: Type.Integer({ description: 'élèves ou apprentis en année terminale' }),
  leavers: Nullable(Type.Integer({ description: 'sortants' })),
  employment: Rate,
  furtherStudy: Rate,
  employmentGap: Nullable(Type.Number({ description: 'écart au taux d’emploi moyen de la voie, en points' })),
  furtherStudyGap: Nullable(Type.Number({ description: 'écart au taux de poursuite moyen de la voie, en points' })),
  quadrant: Nullable(Enum(QUADRANTS)),
  capacity: Nullable(Type.Integer({ description: 'places (Affelnet ou Parcoursup) dans la région' })),
  wishes: Nullable(Type.Integer()),
  pressure: Nullable(Type.Number({ description: 'demandes / places' })),
  demandSource: Nullable(Type.String({ description: 'Affelnet 2022, Parcoursup 2024…' })),
  pupils: Nullable(Type.Integer({ description: 'élèves au constat de rentrée' })),
  fillRate: Nullable(Type.Number({ description: 'élèves à la rentrée / places' })),
  priority: Type.Boolean({ description: 'formation déclarée prioritaire par la région' }),
  reasons: Type.Array(Type.String(), { description: 'pourquoi la formation est à examiner (vide sinon)' }),
});
export type ReviewFormation = Static<typeof ReviewFormationSchema>;

export const ReviewSchema = Type.Object({
  region: Type.Object({ code: Type.String(), name: Type.String() }),
  filters: Type.Object({ voie: Nullable(Enum(REVIEW_VOIES)), niveau: Nullable(Type.String()) }),
  vintages: Type.Object({
    inserjeunes: Nullable(Type.String({ description: 'millésime InserJeunes (cumul de deux promotions)' })),
    etablissements: Nullable(Type.String()),
    affelnet: Nullable(Type.String()),
    parcoursup: Nullable(Type.String()),
    headcount: Nullable(Type.String({ description: 'constat de rentrée' })),
  }),
  averages: Type.Array(
    Type.Object({
      voie: Enum(REVIEW_VOIES),
      employment: Nullable(Type.Number({ description: 'taux d’emploi à 6 mois moyen (sortants en emploi / sortants), %' })),
      furtherStudy: Nullable(Type.Number({ description: 'taux de poursuite d’études moyen, %' })),
      formations: Type.Integer(),
    }),
  ),
  excludedSmallCohorts: Type.Integer({ description: `formations écartées : moins de ${MIN_COHORT} en année terminale` }),
  quadrants: Type.Array(Type.Object({ quadrant: Enum(QUADRANTS), label: Type.String(), formations: Type.Integer() })),
  formations: Type.Array(ReviewFormationSchema),
  toReview: Type.Array(ReviewFormationSchema, { description: 'formations à examiner, avec leurs raisons' }),
  offers: Type.Array(
    Type.Object({
      uai: Type.String(),
      name: Nullable(Type.String()),
      commune: Nullable(Type.String()),
      key: Type.String(),
      label: Type.String(),
      statut: Enum(REVIEW_VOIES),
      capacity: Type.Integer(),
      wishes: Type.Integer(),
      pressure: Type.Number(),
      source: Type.String(),
    }),
    {
      description: `formations × établissements de moins de ${LOW_PRESSURE} demande par place (au moins 10 places), la plus faible pression d’abord`,
    },
  ),
  etablissements: Type.Array(
    Type.Object({
      uai: Type.String(),
      name: Type.String(),
      voie: Type.String({ description: 'lycée professionnel ou CFA' }),
      employment: Rate,
      expected: Rate,
      valueAdded: Nullable(Type.Integer({ description: 'taux d’emploi observé − attendu, en points' })),
      furtherStudy: Rate,
    }),
    { description: 'établissements (InserJeunes par UAI), la plus faible valeur ajoutée d’abord' },
  ),
  rules: Type.Array(Type.String(), { description: 'les règles appliquées, en français' }),
  notes: Type.Array(Type.String()),
});
export type Review = Static<typeof ReviewSchema>;

export const reviewRoutes = {
  review: {
    method: 'GET',
    access: 'public',
    url: '/api/v1/steering/review',
    schema: {
      summary: 'Revue de la carte des formations : insertion, poursuite d’études, pression, remplissage, formations à examiner',
      description:
        `InserJeunes (voie scolaire par MEF_STAT_11, apprentissage par CFD), promotions d’au moins ${MIN_COHORT} ; ` +
        'moyenne régionale par voie ; pression = demandes / places (Affelnet, Parcoursup) ; remplissage = élèves à la rentrée / places.',
      tags: ['pilotage'],
      querystring: ReviewQuery,
      response: { 200: ReviewSchema, 400: ErrorBody, 404: ErrorBody },
    },
  },
} as const satisfies RouteTable;
