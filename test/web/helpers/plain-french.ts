/**
 * What a person must never read on the public journeys (issue 18): FAP codes, « BMO inconnu », npm
 * package names, decimals written with a point, a « prochaine session » already past. Shared by the
 * server-rendered scan (plain-french.test.ts, HTML through `visibleText`) and the browser one
 * (journeys-trust.test.ts, `innerText`): both check the same rules on plain text.
 */
import assert from 'node:assert/strict';
import { FRENCH_MONTHS } from '../../../src/common/dates.ts';
import { parisToday } from '../../../src/common/format.ts';

/** What a person reads of server HTML: the body without scripts, styles and tags, entities decoded, spaces folded. */
export function visibleText(html: string): string {
  return html
    .replace(/<script\b[\s\S]*?<\/script>/gi, ' ')
    .replace(/<style\b[\s\S]*?<\/style>/gi, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&nbsp;|&#160;|&#xa0;/gi, ' ')
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');
}

const MONTHS = FRENCH_MONTHS.join('|');
/** « 10 novembre 2027 », « 1er décembre 2026 »: groups day, month name, year. */
export const LONG_DATE = new RegExp(`(\\d{1,2})(?:er)? (${MONTHS}) (\\d{4})`, 'g');

/** Days written « 10 novembre 2027 » or « 10/11/2027 » in a piece of text, as ISO days. */
export function daysIn(text: string): string[] {
  const days: string[] = [];
  for (const m of text.matchAll(LONG_DATE)) {
    const month = FRENCH_MONTHS.indexOf(m[2] as (typeof FRENCH_MONTHS)[number]) + 1;
    days.push(`${m[3]}-${String(month).padStart(2, '0')}-${m[1].padStart(2, '0')}`);
  }
  for (const m of text.matchAll(/\b(\d{2})\/(\d{2})\/(\d{4})\b/g)) days.push(`${m[3]}-${m[2]}-${m[1]}`);
  return days;
}

/**
 * Decimals written with a point: digits, a point, digits, not part of a longer dotted run (a
 * version « 4.0.1 », an IP, a dotted date « 01.02.2026 ») nor of a code, identifier or file name
 * glued to letters or hyphens (« v2.3 », « lheo-2.2-exemple.xml »): « ROME 4.0 », « Licence Ouverte
 * 2.0 », « CC BY 4.0 » are versions, their name precedes them.
 */
export function pointDecimals(text: string): string[] {
  const found: string[] = [];
  for (const m of text.matchAll(/(?<![\w/]|\d\.)(?<![A-Za-z]-)-?\d{1,3}(?:\s\d{3})*\.\d+(?!\w|\.\d|-[A-Za-z])/g)) {
    const before = text.slice(Math.max(0, m.index - 20), m.index);
    if (/(?:ROME|version|v|LHEO|ESCO|API|Licence Ouverte|Etalab|CC BY)\s*$/i.test(before)) continue;
    found.push(`…${text.slice(Math.max(0, m.index - 30), m.index + m[0].length + 10)}…`);
  }
  return found;
}

/** Each place `pattern` occurs in `text`, with a little context: what the failure shows. */
export function occurrences(text: string, pattern: RegExp): string[] {
  const global = new RegExp(pattern.source, pattern.flags.includes('g') ? pattern.flags : `${pattern.flags}g`);
  return [...text.matchAll(global)].map((m) => `…${text.slice(Math.max(0, m.index - 40), m.index + m[0].length + 20)}…`);
}

/** Each « prochaine session … » of the text whose day is before `today`. */
export function pastNextSessions(text: string, today = parisToday()): string[] {
  const past: string[] = [];
  for (const m of text.matchAll(/prochaine session[^.;]{0,80}/gi)) {
    if (daysIn(m[0]).some((day) => day < today)) past.push(`« ${m[0].replace(/\s+/g, ' ')} » (aujourd’hui ${today})`);
  }
  return past;
}

/**
 * Fails with what a person would have read wrongly in `text` (plain text: `visibleText` of HTML or a
 * browser's innerText). `citations`: the sources page names the files it cites (« Correspondance
 * FAP 2009 – ROME v3 »), the codes themselves are still refused.
 */
export function assertPlainFrench(where: string, text: string, { citations = false } = {}): void {
  const none = (pattern: RegExp, what: string) => assert.deepEqual(occurrences(text, pattern), [], `${where} : ${what}`);
  if (!citations) none(/\(?FAP\b/, 'un code FAP est affiché');
  none(/\b[A-Z]\d[A-Z]\d{2}\b/, 'un code de famille professionnelle (FAP) est affiché');
  none(/BMO inconnu/i, '« BMO inconnu »');
  none(/@etalab|cities-500|decoupage-administratif|@[a-z0-9-]+\/[a-z0-9-]+/i, 'un paquet npm est cité');
  none(/\bet 1 autres\b/, '« et 1 autres »');
  assert.deepEqual(pointDecimals(text), [], `${where} : nombre écrit avec un point décimal`);
  assert.deepEqual(pastNextSessions(text), [], `${where} : « prochaine session » passée`);
}
