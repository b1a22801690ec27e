/**
 * Numbers, shares and today's day written as French readers expect them (Intl, fr-FR): a comma
 * before decimals, a narrow space between thousands, « % » after a space. The formatters are
 * built once: Intl objects are costly to create on every figure of a page.
 */

const numberFormats = new Map<number, Intl.NumberFormat>();

/** 1234.5 → « 1 234,5 »; `digits` is the most decimals shown (none by default). */
export function frenchNumber(n: number, digits = 0): string {
  let f = numberFormats.get(digits);
  if (!f) {
    f = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: digits });
    numberFormats.set(digits, f);
  }
  return f.format(n);
}

/** A share between 0 and 1 as a percentage: 0.803 → « 80,3 % » (`digits` decimals at most, 1 by default). */
export function frenchShare(share: number, digits = 1): string {
  return `${frenchNumber(share * 100, digits)} %`;
}

/** A figure already in percent: 80.3 → « 80,3 % ». */
export function frenchPercent(percent: number, digits = 1): string {
  return `${frenchNumber(percent, digits)} %`;
}

/** « 1 autre », « 3 autres »: the noun agrees with its count (`many` defaults to `one` + s). */
export function countOf(n: number, one: string, many = `${one}s`): string {
  return `${frenchNumber(n)} ${n > 1 ? many : one}`;
}

const PARIS_DAY = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit' });

/** Today in Paris as an ISO day (« 2026-12-07 »): what « past » means for a session or a deadline. */
export function parisToday(now: Date = new Date()): string {
  return PARIS_DAY.format(now);
}
