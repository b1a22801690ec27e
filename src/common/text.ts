/** Text folding shared by every search and match: what people type against official labels. */

/** Lower case, ligatures (œ, æ) spelled out, accents removed; other characters kept. */
export function foldAccents(text: string): string {
  return text.toLowerCase().replace(/œ/g, 'oe').replace(/æ/g, 'ae').normalize('NFD').replace(/\p{M}/gu, '');
}

/** `foldAccents`, then every run of characters other than a-z and 0-9 → one space, trimmed. */
export function foldWords(text: string): string {
  return foldAccents(text)
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/** « de » before a name, elided before a vowel or a mute h: « d’Angers », « de Nantes ». */
export function deName(name: string): string {
  return /^[aeiouyhàâäéèêëîïôöùûü]/i.test(name) ? `d’${name}` : `de ${name}`;
}

/** Words that stay in lower case inside a place name: « La Roche sur Yon », « Château du Loir ». */
const NAME_PARTICLES = new Set(['d', 'l', 'sur', 'sous', 'de', 'du', 'des', 'la', 'le', 'les', 'en', 'et', 'lès', 'aux', 'au']);

/**
 * A name published in capitals, as people write it: "SAINT-NAZAIRE" → "Saint-Nazaire", "LA ROCHE
 * SUR YON" → "La Roche sur Yon"; names already in mixed case are unchanged.
 */
export function titleCase(name: string): string {
  if (name !== name.toUpperCase()) return name;
  return name
    .toLowerCase()
    .replace(/(^|[\s'’-])(\p{L}+)/gu, (_m, sep: string, word: string) =>
      sep && NAME_PARTICLES.has(word) ? sep + word : sep + word[0].toUpperCase() + word.slice(1),
    );
}
