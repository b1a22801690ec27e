/**
 * French dates, one function per meaning. Days travel as ISO strings (`2027-11-10`); these
 * functions read or write them in French, without time zones (a day is a day).
 */

export const FRENCH_MONTHS = [
  'janvier',
  'février',
  'mars',
  'avril',
  'mai',
  'juin',
  'juillet',
  'août',
  'septembre',
  'octobre',
  'novembre',
  'décembre',
] as const;

const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * A day for reading: "2027-11-10" → "10 novembre 2027", "2027-03-01" → "1er mars 2027".
 * `ifMissing` when there is no day; anything that is not an ISO day is returned as it is.
 */
export function longFrenchDate(iso: string | null | undefined, ifMissing = ''): string {
  if (!iso) return ifMissing;
  const m = ISO_DAY.exec(iso);
  const month = m ? FRENCH_MONTHS[Number(m[2]) - 1] : undefined;
  if (!m || !month) return iso;
  return `${Number(m[3])}${m[3] === '01' ? 'er' : ''} ${month} ${m[1]}`;
}

/** A day in figures, as French forms write it: "2027-11-10" → "10/11/2027". */
export function numericFrenchDate(iso: string): string {
  return `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;
}

/**
 * Reads a day written "dd/mm/yyyy" (official French files): "10/11/2027" → "2027-11-10".
 * null for an empty value, undefined for anything else than a real day (the caller rejects it).
 */
export function parseNumericFrenchDate(value: string | undefined): string | null | undefined {
  const v = value?.trim() ?? '';
  if (!v) return null;
  const m = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(v);
  if (!m) return undefined;
  const [, d, mo, y] = m;
  const date = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d)));
  if (date.getUTCDate() !== Number(d) || date.getUTCMonth() !== Number(mo) - 1) return undefined;
  return `${y}-${mo}-${d}`;
}
