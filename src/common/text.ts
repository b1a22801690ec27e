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
