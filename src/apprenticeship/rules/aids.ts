/**
 * Employer aids for hiring an apprentice (aide unique, aide exceptionnelle), by date of conclusion
 * of the contract, company size, level of the diploma prepared and RQTH; and the employer's
 * participation of 750 € for levels 6 and up.
 *
 * The aid is for the first contract year only, paid monthly by the ASP: one twelfth a month,
 * prorated to the day for a partial month (pro rata temporis to the day since 1 November 2025).
 * Doctorates (level 8) are excluded.
 *
 * A new decree is a new period (a row); the last period's amounts are reused, flagged as a
 * projection, for contracts concluded after its end until the next decree is entered.
 */
import { MON_ENTREPRISE, type Sourced } from './dated.ts';

/** Amount for the first contract year when the diploma prepared is at most `upToLevel`. */
export interface AidTier {
  upToLevel: number;
  amount: number;
}

export interface AidPeriod extends Sourced {
  id: string;
  name: string;
  /** Dates of conclusion, both included. */
  from: string;
  to: string;
  /** Tiers by company size, in increasing levels; a level above the last tier gets nothing. */
  under250: readonly AidTier[];
  from250: readonly AidTier[];
  /** With an apprentice holding an RQTH: this amount, where the size and level give an aid (`whereAid`) or for every size and level up to `upToLevel`. */
  rqth: { amount: number; scope: 'whereAid' | 'all'; upToLevel: number };
  /** Condition of the aid for 250 employees or more, in French. */
  from250Condition?: string;
}

const COMMITMENT_250 =
  'entreprise de 250 salariés ou plus : engagement d’atteindre en 2027 au moins 5 % d’alternants dans l’effectif (ou 3 % avec une progression), transmis à l’ASP dans les 8 mois';

export const AID_PERIODS: readonly AidPeriod[] = [
  {
    id: 'aide-unique-2025-01',
    name: 'Aide unique à l’embauche d’un apprenti (diplôme de niveau 4 au plus)',
    from: '2025-01-01',
    to: '2025-02-23',
    under250: [{ upToLevel: 4, amount: 6000 }],
    from250: [],
    rqth: { amount: 6000, scope: 'whereAid', upToLevel: 4 },
    sources: [
      {
        label: 'Éditions Francis Lefebvre, « Aides financières à l’apprentissage : montants revus à la baisse »',
        url: 'https://www.efl.fr/actualite/aides-financieres-apprentissage-montants-revus-baisse',
        vintage: 'article de février 2025 (adresse complète non conservée)',
      },
      {
        label: 'Naud RH, actualité de février 2025',
        url: 'https://www.naudrh.com/2025/02/',
        vintage: 'page lue en 2026 (adresse complète non conservée)',
      },
    ],
    certainty: 'incertain',
    uncertain: [
      'apprenti RQTH : 6 000 € comme l’aide unique ; conditions de taille et de niveau propres à la RQTH non précisées dans les sources lues',
    ],
  },
  {
    id: 'aide-exceptionnelle-2025-02',
    name: 'Aide exceptionnelle à l’apprentissage (décret n° 2025-174)',
    from: '2025-02-24',
    to: '2025-12-31',
    under250: [{ upToLevel: 7, amount: 5000 }],
    from250: [{ upToLevel: 7, amount: 2000 }],
    rqth: { amount: 6000, scope: 'all', upToLevel: 7 },
    from250Condition: COMMITMENT_250,
    sources: [
      {
        label: 'Décret n° 2025-174 ; Éditions Francis Lefebvre, « Aides financières à l’apprentissage : montants revus à la baisse »',
        url: 'https://www.efl.fr/actualite/aides-financieres-apprentissage-montants-revus-baisse',
        vintage: 'article de février 2025 (adresse complète non conservée)',
      },
      {
        label: 'Naud RH, actualité de février 2025',
        url: 'https://www.naudrh.com/2025/02/',
        vintage: 'page lue en 2026 (adresse complète non conservée)',
      },
    ],
    certainty: 'incertain',
    uncertain: [
      'apprenti RQTH : 6 000 € appliqués quelle que soit la taille de l’entreprise, ce que les sources lues ne précisent pas pour 2025',
      'condition de progression des entreprises de 250 salariés ou plus : non relue pour cette période',
    ],
  },
  {
    id: 'aide-unique-2026-01',
    name: 'Aide unique à l’embauche d’un apprenti (diplôme de niveau 4 au plus)',
    from: '2026-01-01',
    to: '2026-03-07',
    under250: [{ upToLevel: 4, amount: 5000 }],
    from250: [],
    rqth: { amount: 6000, scope: 'whereAid', upToLevel: 4 },
    sources: [
      {
        label: 'GHR, « Communiqué du ministère du Travail du 26 décembre 2025 »',
        url: 'https://www.ghr.fr/',
        vintage: 'page lue en 2026 (adresse complète non conservée)',
      },
      {
        label: 'CCI Pays de la Loire (Le Mans Sarthe), « Aide à l’apprentissage : montants 2026 »',
        url: 'https://www.paysdelaloire.cci.fr/le-mans-sarthe/actualites/aide-lapprentissage-montants-2026',
        vintage: 'page lue en 2026',
      },
    ],
    certainty: 'verifie',
  },
  {
    id: 'aide-exceptionnelle-2026-03',
    name: 'Aide exceptionnelle à l’apprentissage (décret n° 2026-168 du 6 mars 2026)',
    from: '2026-03-08',
    to: '2026-12-31',
    under250: [
      { upToLevel: 4, amount: 5000 },
      { upToLevel: 5, amount: 4500 },
      { upToLevel: 7, amount: 2000 },
    ],
    from250: [
      { upToLevel: 4, amount: 2000 },
      { upToLevel: 5, amount: 1500 },
      { upToLevel: 7, amount: 750 },
    ],
    rqth: { amount: 6000, scope: 'all', upToLevel: 7 },
    from250Condition: COMMITMENT_250,
    sources: [
      {
        label: 'Décret n° 2026-168 du 6 mars 2026 ; L’Opcommerce, « Apprentissage : quelles aides pour les employeurs en 2026 »',
        url: 'https://www.lopcommerce.com/l-opcommerce/actualites/apprentissage-quelles-aides-pour-les-employeurs-en-2026',
        vintage: 'page lue en 2026',
      },
      { label: 'Promeo formation, aides 2026', url: 'https://www.promeo-formation.fr/node/2744', vintage: 'page lue en 2026' },
      {
        label: 'mon-entreprise, salarié/aides-employeur.publicodes',
        url: `${MON_ENTREPRISE}/salari%C3%A9/aides-employeur.publicodes`,
        vintage: 'commits dfdc658, 96a9f5b et 675ac15 de mars 2026',
      },
    ],
    certainty: 'incertain',
    uncertain: [
      'condition des 250 salariés ou plus : 5 % d’alternants vérifié ; seuil de progression (3 % plus une hausse) non relu pour 2026',
      'le décret vise les contrats commençant avant le 1er janvier 2027 ; le simulateur lit la date de conclusion',
    ],
  },
];

/** Aids are paid for the first contract year only, one twelfth a month. */
export const AID_PAYMENT: Sourced = {
  sources: [
    {
      label: 'Promeo formation, aides 2026 (versement mensuel par l’ASP, 1re année)',
      url: 'https://www.promeo-formation.fr/node/2744',
      vintage: 'page lue en 2026',
    },
    {
      label: 'Cerfrance Horizon 63 (prorata temporis au jour depuis le 1er novembre 2025)',
      url: 'https://horizon-63.cerfrance.fr/',
      vintage: 'page lue en 2026 (adresse complète non conservée)',
    },
  ],
  certainty: 'incertain',
  uncertain: ['versement d’un douzième par mois, au prorata des jours pour un mois incomplet : modalité de calcul de l’ASP non relue'],
};

/** Contrat de professionnalisation: no aid computed. */
export const PROFESSIONALISATION_AID_NOTE =
  'Contrat de professionnalisation : aucune aide exceptionnelle trouvée pour 2025-2026 (à vérifier) ; France Travail peut verser 2 000 € pour l’embauche d’un demandeur d’emploi de 45 ans ou plus (non calculé ici).';

export interface Participation extends Sourced {
  /** Dates of conclusion from which it applies. */
  from: string;
  /** Diploma prepared at this level or above. */
  fromLevel: number;
  amount: number;
  /** Invoiced by the CFA after this many days of practical training. */
  afterDays: number;
}

export const EMPLOYER_PARTICIPATION: readonly Participation[] = [
  {
    from: '2025-07-01',
    fromLevel: 6,
    amount: 750,
    afterDays: 45,
    sources: [
      {
        label:
          'Loi n° 2025-127 (LF 2025), Code du travail art. L6332-14, décret n° 2025-585 du 27 juin 2025, art. R6332-25-1 et R6332-25-2',
        url: 'https://www.efl.fr/actualite/apprentissage-participation-financiere-750',
        vintage: 'page lue en 2026 (adresse complète non conservée)',
      },
      {
        label: 'mon-entreprise, salarié/salarié.publicodes (participation employeur, niveaux 6 ou 7)',
        url: `${MON_ENTREPRISE}/salari%C3%A9/salari%C3%A9.publicodes`,
        vintage: 'dépôt lu au 2026-06-30',
      },
    ],
    certainty: 'incertain',
    uncertain: [
      'niveau 8 : les sources disent « niveau 6 et plus », mon-entreprise ne l’applique qu’aux niveaux 6 et 7',
      'rupture dans les 45 jours (50 % du niveau de prise en charge, plafonné à 750 €) et nouvel employeur après rupture (200 €) : non simulés',
      'jours de formation pratique comptés ici en jours calendaires depuis le début du contrat',
    ],
  },
];

export type SizeBand = 'under250' | 'from250';

export const sizeBandOf = (employees: number): SizeBand => (employees < 250 ? 'under250' : 'from250');

/** The first-year amount of a period for a company size, level and RQTH; 0 when nothing is due. */
export function aidAmount(period: AidPeriod, size: SizeBand, level: number, rqth: boolean): number {
  const tiers = size === 'under250' ? period.under250 : period.from250;
  const base = tiers.find((t) => level <= t.upToLevel)?.amount ?? 0;
  if (!rqth || level > period.rqth.upToLevel) return base;
  if (period.rqth.scope === 'whereAid' && base === 0) return 0;
  return Math.max(base, period.rqth.amount);
}

export interface AidPeriodOn {
  period: AidPeriod;
  /** The date is after the last period: its amounts are reused, not published ones. */
  projection: boolean;
}

/** The period for a date of conclusion; undefined before the first one (aids not recorded). */
export function aidPeriodOn(day: string, periods: readonly AidPeriod[] = AID_PERIODS): AidPeriodOn | undefined {
  const found = periods.find((p) => p.from <= day && day <= p.to);
  if (found) return { period: found, projection: false };
  const last = periods[periods.length - 1];
  return last && day > last.to ? { period: last, projection: true } : undefined;
}
