/**
 * Employee contributions on apprentice pay, and the parameters of the simple net-pay estimate.
 *
 * The exemption (by date of conclusion of the contract): up to 28 February 2025, employee
 * contributions were due only on the part of the pay above 79 % of the SMIC, and CSG/CRDS not at
 * all; for contracts concluded from 1 March 2025, contributions and CSG/CRDS are due on the part
 * above 50 % of the SMIC.
 *
 * The net pay is an ESTIMATE, not a payslip: a flat employee rate (private sector) applied to the
 * part above the threshold (apprentices) or to the whole pay (contrat de professionnalisation).
 * Supplementary health cover, the public sector, and employer contributions are not counted.
 */
import { type Dated, LA_BONNE_ALTERNANCE, LEGIFRANCE_CODE_TRAVAIL, MON_ENTREPRISE, type Sourced } from './dated.ts';

export interface ApprenticeContributions extends Dated, Sourced {
  /** Pay up to this % of the SMIC (prorated for a partial month) bears no employee contribution. */
  exemptUpTo: number;
  /** CSG/CRDS due on the part above the threshold. */
  csgCrdsDue: boolean;
}

/** By date of conclusion of the contract. */
export const APPRENTICE_CONTRIBUTIONS: readonly ApprenticeContributions[] = [
  {
    // In force before 1 March 2025; its own start is not recorded.
    exemptUpTo: 79,
    csgCrdsDue: false,
    sources: [
      {
        label: 'Code du travail, art. L6243-2 et D6243-5 (rédaction antérieure au 1er mars 2025)',
        url: LEGIFRANCE_CODE_TRAVAIL,
        vintage: 'non relue',
      },
      {
        label: 'mon-entreprise, salarié/contrat/apprentissage.publicodes (assiette réduite : 79 % avant mars 2025)',
        url: `${MON_ENTREPRISE}/salari%C3%A9/contrat/apprentissage.publicodes`,
        vintage: 'commit 978fb2f du 2026-03-30',
      },
    ],
    certainty: 'verifie',
  },
  {
    from: '2025-03-01',
    exemptUpTo: 50,
    csgCrdsDue: true,
    sources: [
      {
        label: 'Loi n° 2025-199 du 28 février 2025 (LFSS 2025), art. 22 et 23 ; décret n° 2025-290 du 28 mars 2025',
        url: 'https://entreprendre.service-public.fr/actualites/A18225',
        vintage: 'actualité du 2025-04-15',
      },
      {
        label: 'CDG 76, « Cotisation des apprentis : baisse des exonérations »',
        url: 'https://www.cdg76.fr/actualites-juridiques/cotisation-des-apprentis-baisse-des-exonerations',
        vintage: 'page lue en 2026',
      },
      {
        label: 'mon-entreprise, salarié/contrat/apprentissage.publicodes (assiette réduite : 50 % dès mars 2025)',
        url: `${MON_ENTREPRISE}/salari%C3%A9/contrat/apprentissage.publicodes`,
        vintage: 'commit 978fb2f du 2026-03-30',
      },
    ],
    certainty: 'verifie',
  },
];

export interface NetEstimate extends Dated, Sourced {
  /** Employee rate (%), private sector, applied to the apprentice's pay above the threshold. */
  apprenticeRate: number;
  /** Flat employee rate (%) of a contrat de professionnalisation. */
  professionalisationRate: number;
}

/** By month paid. */
export const NET_ESTIMATE: readonly NetEstimate[] = [
  {
    apprenticeRate: 21.01,
    professionalisationRate: 20.84025,
    sources: [
      {
        label: 'La bonne alternance, ui/config/simulateur-alternant/taux-de-cotisation.ts et ui/services/simulateur-alternant.ts',
        url: `${LA_BONNE_ALTERNANCE}/config/simulateur-alternant/taux-de-cotisation.ts`,
        vintage: 'dépôt lu au 2026-08-22',
      },
    ],
    certainty: 'incertain',
    uncertain: [
      'estimation : taux global du secteur privé lu dans un seul simulateur ; un bulletin de paie peut différer',
      'contrats conclus avant mars 2025 : le taux global (CSG/CRDS comprises) est appliqué à la part au-dessus de 79 % alors que la CSG/CRDS n’y est pas due, ce qui surestime un peu les cotisations',
    ],
  },
];
