/**
 * The SMIC (salaire minimum interprofessionnel de croissance) as a dated series: hourly and
 * monthly gross for 35 hours a week (hourly × 35 × 52 / 12 = 151.67 h), metropolitan France
 * (Pays de la Loire included) and Mayotte apart.
 *
 * Yearly update: add the row of 1 January (and any mid-year uprating) with its decree, then move
 * SMIC_KNOWN_UNTIL. Months after SMIC_KNOWN_UNTIL are computed on the last row and flagged as
 * projections.
 */
import { type Dated, LA_BONNE_ALTERNANCE, MON_ENTREPRISE, rowAt, type Sourced } from './dated.ts';

export interface SmicRow extends Dated, Sourced {
  from: string;
  /** Gross hourly amount, euros. */
  hourly: number;
  /** Gross monthly amount for 35 hours a week, euros, as published. */
  monthly: number;
  /** The text that set it. */
  text: string;
}

/** Hours in a month at 35 hours a week. */
export const MONTHLY_HOURS = (35 * 52) / 12;

const BASE = { label: 'mon-entreprise, modele-social/règles/base.publicodes', url: `${MON_ENTREPRISE}/base.publicodes` };
const LBA = {
  label: 'La bonne alternance, ui/config/simulateur-alternant/smic.ts',
  url: `${LA_BONNE_ALTERNANCE}/config/simulateur-alternant/smic.ts`,
};

export const SMIC_METROPOLE: readonly SmicRow[] = [
  {
    from: '2024-11-01',
    hourly: 11.88,
    monthly: 1801.8,
    text: 'Décret n° 2024-951 du 23 octobre 2024',
    sources: [
      { ...BASE, vintage: 'dépôt lu au 2026-06-30' },
      {
        label: 'mission-apprentissage/contrat, buildRemuneration.ts (table du SMIC)',
        url: 'https://github.com/mission-apprentissage/contrat',
        vintage: 'instantané de novembre 2024',
      },
    ],
    certainty: 'verifie',
  },
  {
    from: '2026-01-01',
    hourly: 12.02,
    monthly: 1823.03,
    text: 'Décret n° 2025-1228 du 17 décembre 2025',
    sources: [
      { ...BASE, vintage: 'dépôt lu au 2026-06-30 (référence Légifrance LEGIARTI000053044705)' },
      {
        label: 'Sligec, actualités (+1,18 %, +21,23 € par mois)',
        url: 'https://www.sligec.com/actualites/page/3',
        vintage: 'page lue en 2026',
      },
    ],
    certainty: 'verifie',
  },
  {
    from: '2026-06-01',
    hourly: 12.31,
    monthly: 1867.02,
    text: 'revalorisation automatique du 1er juin 2026 (numéro du décret non relu)',
    sources: [
      { ...BASE, vintage: 'commit 24ef4e51 du 2026-06-05 « Augmentation du Smic au 1er juin 2026 »' },
      { ...LBA, vintage: 'DATE_DERNIERE_MISE_A_JOUR 2026-06-01' },
    ],
    certainty: 'verifie',
  },
];

/** Mayotte has its own SMIC (not used by the simulator yet: the contract's place of work is not asked). */
export const SMIC_MAYOTTE: readonly SmicRow[] = [
  {
    from: '2026-06-01',
    hourly: 9.56,
    monthly: 1449.93,
    text: 'revalorisation automatique du 1er juin 2026 (numéro du décret non relu)',
    sources: [
      { ...BASE, vintage: 'commit 24ef4e51 du 2026-06-05' },
      { ...LBA, vintage: 'DATE_DERNIERE_MISE_A_JOUR 2026-06-01' },
    ],
    // Earlier Mayotte values are not recorded.
    certainty: 'verifie',
  },
];

/**
 * The last day the last row is known to be in force: the next uprating falls on 1 January (or
 * earlier, if prices rise by 2 % or more), and the value of 1 January 2027 is not published yet.
 */
export const SMIC_KNOWN_UNTIL = '2026-12-31';

export interface SmicOnDay {
  row: SmicRow;
  /** The day is after SMIC_KNOWN_UNTIL: the amount is the last known one, not a published one. */
  projection: boolean;
}

/** The SMIC in force on `day` (ISO); undefined before the series starts. */
export function smicOn(day: string, series: readonly SmicRow[] = SMIC_METROPOLE, knownUntil = SMIC_KNOWN_UNTIL): SmicOnDay | undefined {
  const row = rowAt(series, day);
  return row && { row, projection: day > knownUntil };
}
