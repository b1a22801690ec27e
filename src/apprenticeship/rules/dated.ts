/**
 * What every apprenticeship rule carries (like guidance/funding-rules.ts): the legal text or page
 * it comes from with the version read, and its certainty. `verifie`: read in the sources named;
 * anything not read there is listed in `uncertain` and the rule is `incertain`.
 *
 * Rules that change over time are dated series: rows sorted by `from`, each in force from its day
 * until the next row's. A yearly update adds a row (and its test); it never changes code.
 */

export interface RuleSource {
  /** "Code du travail, art. D6222-26" or the title of a page or file. */
  label: string;
  url: string;
  /** Version read: "version en vigueur en 2026", "fichier lu le 2026-06-30"… */
  vintage: string;
}

export type Certainty = 'verifie' | 'incertain';

export interface Sourced {
  sources: readonly RuleSource[];
  certainty: Certainty;
  /** What is not verified, in French. */
  uncertain?: readonly string[];
}

export interface Dated {
  /**
   * First day in force (YYYY-MM-DD). Absent on a first row whose start is not recorded: it is
   * then in force for any day before the next row.
   */
  from?: string;
}

/** The row in force on `day` (ISO): the last one starting on or before it; undefined before the first. */
export function rowAt<T extends Dated>(series: readonly T[], day: string): T | undefined {
  let found: T | undefined;
  for (const row of series) if (!row.from || row.from <= day) found = row;
  return found;
}

export const LEGIFRANCE_CODE_TRAVAIL = 'https://www.legifrance.gouv.fr/codes/texte_lc/LEGITEXT000006072050/';
export const MON_ENTREPRISE = 'https://github.com/betagouv/mon-entreprise/blob/master/modele-social/r%C3%A8gles';
export const LA_BONNE_ALTERNANCE = 'https://github.com/mission-apprentissage/labonnealternance/blob/main/ui';
