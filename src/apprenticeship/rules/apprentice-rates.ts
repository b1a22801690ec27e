/**
 * Minimum pay of an apprentice (contrat d'apprentissage), in % of the SMIC, by age bracket and
 * contract year, with the rules around it: from 21 the base is the higher of the SMIC and the
 * salaire minimum conventionnel (SMC) of the job; a bracket changes on the first day of the month
 * after the birthday; a successive contract keeps at least the last minimum of the previous one;
 * +15 points for a short contract linked to a diploma already held.
 *
 * A dated series by date of conclusion of the contract: a new grid is a new row.
 */
import { type Dated, LA_BONNE_ALTERNANCE, LEGIFRANCE_CODE_TRAVAIL, MON_ENTREPRISE, type Sourced } from './dated.ts';

export type AgeBracket = 'moins-18' | '18-20' | '21-25' | '26-plus';

export const BRACKET_LABELS: Record<AgeBracket, string> = {
  'moins-18': 'moins de 18 ans',
  '18-20': '18 à 20 ans',
  '21-25': '21 à 25 ans',
  '26-plus': '26 ans et plus',
};

/** The bracket of an age in whole years. */
export function bracketOf(age: number): AgeBracket {
  if (age < 18) return 'moins-18';
  if (age < 21) return '18-20';
  if (age < 26) return '21-25';
  return '26-plus';
}

export interface ApprenticeRules extends Dated {
  /** % of the base by bracket, then by contract year (index 0 = 1st year). */
  grid: { rates: Readonly<Record<AgeBracket, readonly number[]>> } & Sourced;
  /** From this age, the base is the higher of the SMIC and the SMC given. */
  smc: { fromAge: number } & Sourced;
  /** When a birthday changes the bracket: the first day of the following month. */
  bracketChange: Sourced;
  /** A successive contract: at least the last minimum of the previous one (diploma obtained). */
  successive: Sourced;
  /** Points added for a contract of `maxYears` or less preparing a diploma of the same level, directly linked to one held. */
  relatedDiploma: { points: number; maxYears: number } & Sourced;
}

const UNIV_MONTP3 = {
  label: 'Université Paul-Valéry Montpellier 3, « Rémunération » (contrat d’apprentissage)',
  url: 'https://univ-montp3.fr/fr/contrat-dapprentissage-0/r%C3%A9mun%C3%A9ration',
  vintage: 'page mise à jour le 2024-05-02',
};
const CFA_MUD = {
  label: 'CFA MUD, « La rémunération » (employeur)',
  url: 'http://cfa-mud.education/employeur/doc/la-remuneration_76/contenu.dhtml',
  vintage: 'page lue en 2026',
};

export const APPRENTICE_RULES: readonly ApprenticeRules[] = [
  {
    // Start of this grid not recorded: it is the one in force for every contract the SMIC series covers.
    grid: {
      rates: {
        'moins-18': [27, 39, 55, 55],
        '18-20': [43, 51, 67, 67],
        '21-25': [53, 61, 78, 78],
        '26-plus': [100, 100, 100, 100],
      },
      sources: [
        {
          label: 'Code du travail, art. D6222-26 (rémunération minimale de l’apprenti)',
          url: LEGIFRANCE_CODE_TRAVAIL,
          vintage: 'article cité par les sources ci-dessous ; rédaction en vigueur non relue',
        },
        {
          label: 'mon-entreprise, salarié/contrat/apprentissage.publicodes',
          url: `${MON_ENTREPRISE}/salari%C3%A9/contrat/apprentissage.publicodes`,
          vintage: 'commit 978fb2f du 2026-03-30',
        },
        {
          label: 'La bonne alternance, ui/config/simulateur-alternant/taux-smic.ts (4e année = 3e année)',
          url: `${LA_BONNE_ALTERNANCE}/config/simulateur-alternant/taux-smic.ts`,
          vintage: 'dépôt lu au 2026-08-22',
        },
        UNIV_MONTP3,
      ],
      certainty: 'verifie',
    },
    smc: {
      fromAge: 21,
      sources: [
        { ...UNIV_MONTP3, label: `${UNIV_MONTP3.label} : « ou du salaire minimum conventionnel de l’emploi occupé »` },
        {
          label: 'mission-apprentissage/contrat, buildRemuneration.ts (SMC si 21 ans ou plus et SMC supérieur au SMIC)',
          url: 'https://github.com/mission-apprentissage/contrat',
          vintage: 'instantané de novembre 2024',
        },
        {
          label: 'Code du travail, art. D6222-26 et L6222-27 à L6222-29',
          url: LEGIFRANCE_CODE_TRAVAIL,
          vintage: 'version postérieure à 2019 non relue',
        },
      ],
      certainty: 'verifie',
    },
    bracketChange: {
      sources: [
        CFA_MUD,
        {
          label: 'mission-apprentissage/cerfa, buildRemuneration.js (changement au 1er du mois suivant l’anniversaire)',
          url: 'https://github.com/mission-apprentissage/cerfa',
          vintage: 'dépôt archivé',
        },
      ],
      certainty: 'verifie',
    },
    successive: {
      sources: [UNIV_MONTP3, CFA_MUD],
      certainty: 'verifie',
    },
    relatedDiploma: {
      points: 15,
      maxYears: 1,
      sources: [CFA_MUD],
      certainty: 'incertain',
      uncertain: [
        'numéro de l’article du Code du travail non relu',
        'majoration appliquée au taux de l’année en cours, sans plafond : non vérifié dans le texte',
      ],
    },
  },
];
