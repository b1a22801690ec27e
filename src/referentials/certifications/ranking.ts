/**
 * How strongly a certification (or a training offer) leads to an occupation: the one rule every
 * list of "ways into this occupation" reads (fiche, training search, insertion table, pathways).
 *
 * Certif Info and the RNCP list a certification's ROME codes in order, the first being the
 * occupation it prepares for; a certification citing many codes (a "services en espace rural"
 * CAP lists five, among them boulanger) is a broad one and only a side way into each.
 */

/** 'fort': a way into the occupation; 'faible': a side way, shown under "Voir aussi". */
export type LinkStrength = 'fort' | 'faible';

/** From this many ROME codes on, a certification is broad: a weak way into any of them. */
export const BROAD_ROME_COUNT = 5;

/**
 * The strength of a link from its position (1-based) in the certification's (or offer's) list of
 * ROME codes and the length of that list: strong when it is the first code of a focused list, or
 * the second of a list of two (a "boulanger pâtissier" diploma leads to both).
 */
export function linkStrength(rang: number, romeCount: number): LinkStrength {
  if (romeCount >= BROAD_ROME_COUNT) return 'faible';
  return rang === 1 || (rang === 2 && romeCount <= 2) ? 'fort' : 'faible';
}

/** Strong links first, then by rank in the certification's list, then by level (lowest first). */
export function compareLinks(
  a: { lien: LinkStrength; rang: number; niveauEuropeen: number | null },
  b: { lien: LinkStrength; rang: number; niveauEuropeen: number | null },
): number {
  return Number(a.lien === 'faible') - Number(b.lien === 'faible') || a.rang - b.rang || (a.niveauEuropeen ?? 0) - (b.niveauEuropeen ?? 0);
}

/**
 * The links shown by default and those under "Voir aussi": the strong ones, and the weak ones aside;
 * when an occupation has no strong link at all, its weak ones are all it has and are shown.
 */
export function splitLinks<T extends { lien: LinkStrength }>(links: readonly T[]): { main: T[]; seeAlso: T[] } {
  const main = links.filter((l) => l.lien === 'fort');
  return main.length ? { main, seeAlso: links.filter((l) => l.lien !== 'fort') } : { main: [...links], seeAlso: [] };
}
