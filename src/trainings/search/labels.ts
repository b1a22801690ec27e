/** Codes of the training search and their French labels (levels, modalities, financeurs). */
import { dictionaryLabel } from '../lheo/dictionaries.ts';

/**
 * dict-niveaux keys of each level of the cadre national des certifications (1–8): the 2.3 keys
 * 11–18, and the former nomenclature where it has an equivalent (V → 3, IV → 4, III → 5, II → 6,
 * I → 7; VI and V bis have none). Former level I also covers doctorates: such offers count as 7.
 */
export const NIVEAU_KEYS: Readonly<Record<number, readonly string[]>> = {
  1: ['11'],
  2: ['12'],
  3: ['13', '4'],
  4: ['14', '5'],
  5: ['15', '6'],
  6: ['16', '7'],
  7: ['17', '8'],
  8: ['18'],
};

export const NIVEAU_LABELS: Readonly<Record<number, string>> = {
  1: 'Niveau 1',
  2: 'Niveau 2',
  3: 'Niveau 3 (CAP, BEP)',
  4: 'Niveau 4 (baccalauréat)',
  5: 'Niveau 5 (bac + 2)',
  6: 'Niveau 6 (bac + 3 ou 4)',
  7: 'Niveau 7 (bac + 5)',
  8: 'Niveau 8 (doctorat)',
};

const LEVEL_OF_KEY = new Map(Object.entries(NIVEAU_KEYS).flatMap(([n, keys]) => keys.map((k) => [k, Number(n)] as const)));

/** The level (1–8) of a dict-niveaux key, or null. */
export function niveauOfKey(key: string | null | undefined): number | null {
  return (key && LEVEL_OF_KEY.get(key)) || null;
}

/** dict-modalites-enseignement keys by the names the API takes. */
export const MODALITES = { presentiel: '0', mixte: '1', distance: '2' } as const;
export type Modalite = keyof typeof MODALITES;

export const MODALITE_LABELS: Readonly<Record<string, string>> = {
  '0': 'Présentiel',
  '1': 'Mixte (présentiel et à distance)',
  '2': 'À distance',
};

export function modaliteName(key: string): Modalite | undefined {
  return (Object.keys(MODALITES) as Modalite[]).find((m) => MODALITES[m] === key);
}

export function financeurLabel(code: string): string {
  return dictionaryLabel('dict-financeurs', code) ?? `Financeur ${code}`;
}
