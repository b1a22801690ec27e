/**
 * Minimum pay of a contrat de professionnalisation, in % of the SMIC, by age and qualification
 * already held: under 21 and 21 to 25 (+10 points with a bac pro or a vocational title or diploma
 * of the same level or higher; a general baccalauréat does not count); from 26, the higher of the
 * SMIC and 85 % of the SMC. The rate changes on the first day of the month after the 21st
 * birthday; turning 26 during the contract changes nothing (the 26+ rule is decided at the start).
 *
 * A dated series by date of conclusion: a new grid is a new row.
 */
import { type Dated, LA_BONNE_ALTERNANCE, LEGIFRANCE_CODE_TRAVAIL, MON_ENTREPRISE, type Sourced } from './dated.ts';

/** The qualification already held (not the one prepared). */
export type Qualification = 'infra-bac-pro' | 'bac-pro-ou-plus';
export const QUALIFICATIONS: readonly Qualification[] = ['infra-bac-pro', 'bac-pro-ou-plus'];
export const QUALIFICATION_LABELS: Record<Qualification, string> = {
  'infra-bac-pro': 'qualification inférieure au bac pro',
  'bac-pro-ou-plus': 'bac pro, ou titre ou diplôme professionnel de même niveau ou supérieur',
};

export interface ProfessionalisationRules extends Dated {
  /** Under `adult.age` at the start: % of the SMIC by qualification held, under `changeAge`, then from it. */
  young: {
    under: Readonly<Record<Qualification, number>>;
    from: Readonly<Record<Qualification, number>>;
    /** Age of the change inside the contract (first day of the month after the birthday). */
    changeAge: number;
  } & Sourced;
  /** From this age at the start of the contract: the higher of the SMIC and `smcRate` % of the SMC. */
  adult: { age: number; smcRate: number } & Sourced;
}

const MON_ENTREPRISE_PRO = {
  label: 'mon-entreprise, salarié/contrat/professionnalisation.publicodes',
  url: `${MON_ENTREPRISE}/salari%C3%A9/contrat/professionnalisation.publicodes`,
  vintage: 'dépôt lu au 2026-06-30',
};
const LEGISOCIAL = {
  label: 'Legisocial, « Rémunération du contrat de professionnalisation »',
  url: 'https://legisocial.fr/reperes-sociaux/remuneration-contrat-professionnalisation-2013.html',
  vintage: 'page lue en 2026',
};

export const PROFESSIONALISATION_RULES: readonly ProfessionalisationRules[] = [
  {
    // Start of this grid not recorded.
    young: {
      under: { 'infra-bac-pro': 55, 'bac-pro-ou-plus': 65 },
      from: { 'infra-bac-pro': 70, 'bac-pro-ou-plus': 80 },
      changeAge: 21,
      sources: [
        { label: 'Code du travail, art. D6325-15 (moins de 26 ans)', url: LEGIFRANCE_CODE_TRAVAIL, vintage: 'numéro d’article non relu' },
        MON_ENTREPRISE_PRO,
        {
          label: 'La bonne alternance, ui/config/simulateur-alternant/taux-smic.ts',
          url: `${LA_BONNE_ALTERNANCE}/config/simulateur-alternant/taux-smic.ts`,
          vintage: 'dépôt lu au 2026-08-22',
        },
        {
          label:
            'Accord de branche (KALI) : +10 points selon la qualification détenue (le bac général ne compte pas), changement au mois suivant les 21 ans, aucun à 26 ans',
          url: 'https://legal.tricoteuses.fr/articles/KALIARTI000028080571',
          vintage: 'version lue en 2026',
        },
        LEGISOCIAL,
      ],
      certainty: 'incertain',
      uncertain: [
        'taux vérifiés dans plusieurs sources ; numéro de l’article pour les moins de 26 ans (D6325-15) non relu',
        'les accords de branche prévoient souvent davantage (10 points de plus, taux de 2e année) : non simulé',
      ],
    },
    adult: {
      age: 26,
      smcRate: 85,
      sources: [
        {
          label: 'Code du travail, art. D6325-18 (26 ans et plus : le SMIC, ou 85 % du minimum conventionnel s’il est plus élevé)',
          url: 'https://legal.tricoteuses.fr/articles/KALIARTI000022821478',
          vintage: 'version lue en 2026',
        },
        MON_ENTREPRISE_PRO,
        LEGISOCIAL,
      ],
      certainty: 'verifie',
    },
  },
];
