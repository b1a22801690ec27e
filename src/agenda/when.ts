/**
 * When an event takes place: days and times in Paris wall-clock, read from the French texts of
 * the sources ("Le 5 avril 2025 de 9h00 à 12h00", "Du 14 mars 2025 à 16h00 au 15 mars 2025 à
 * 12h30") and written back in French ("samedi 5 avril 2025, de 9 h 00 à 12 h 00").
 */
import { DateTime } from 'luxon';
import { FRENCH_MONTHS } from '../common/dates.ts';
import { foldAccents } from '../common/text.ts';

export const PARIS = 'Europe/Paris';

/** Days as ISO strings (inclusive), times as 'HH:MM' (both or neither: neither is an all-day event). */
export interface When {
  startDate: string;
  endDate: string;
  startTime: string | null;
  endTime: string | null;
}

/** What a text gave: the dates, or why it cannot be read. */
export type ReadWhen = { ok: true; when: When } | { ok: false; reason: string };

const MONTHS = new Map(FRENCH_MONTHS.map((m, i) => [foldAccents(m), i + 1]));
const DAY_MONTH = String.raw`(\d{1,2})(?:er)?\s+([a-zéû]+)`;
const YEAR = String.raw`(\d{4})`;
const HOUR = String.raw`(\d{1,2})\s*(?:h|:)\s*(\d{2})?`;

const SINGLE = new RegExp(String.raw`^le\s+${DAY_MONTH}\s+${YEAR}\b(.*)$`, 'is');
const RANGE = new RegExp(
  String.raw`^du\s+${DAY_MONTH}\s+${YEAR}(?:\s+à\s+${HOUR})?\s+au\s+${DAY_MONTH}\s+${YEAR}(?:\s+à\s+${HOUR})?(.*)$`,
  'is',
);
const NO_YEAR = new RegExp(String.raw`^(?:le|du)\s+${DAY_MONTH}(?!\s+\d{4})`, 'i');
const HOURS_RANGE = new RegExp(String.raw`\bde\s+${HOUR}\s+à\s+${HOUR}`, 'gi');
const PREVIOUS = /^date\(s\) indicative\(s\)[^:]*précédentes\s*:\s*(.*)$/is;

/** An ISO day from its parts, or null when it does not exist (31 février). */
export function isoDay(year: number, month: number, day: number): string | null {
  const d = DateTime.fromObject({ year, month, day }, { zone: 'UTC' });
  return d.isValid ? d.toISODate() : null;
}

function hhmm(h: string, m: string | undefined): string | null {
  const hour = Number(h);
  const minute = Number(m ?? 0);
  if (hour > 23 || minute > 59) return null;
  return `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`;
}

function day(d: string, monthName: string, y: string): string | null | undefined {
  const month = MONTHS.get(foldAccents(monthName));
  if (!month) return undefined;
  return isoDay(Number(y), month, Number(d));
}

/**
 * Reads an open-day text of the Onisep pages. A single day takes the span of its "de … à …"
 * ranges before any parenthesis (9 h to 17 h 30 for "de 9h à 13h et de 14h à 17h30"); a range
 * of days takes its times only when both ends give one ("à 17h30"), otherwise it is all-day.
 */
export function readFrenchWhen(text: string): ReadWhen {
  const t = text.replace(/\s+/g, ' ').trim();
  const previous = PREVIOUS.exec(t);
  if (previous) return { ok: false, reason: `date indicative d’une édition précédente (${previous[1]}), pas une date annoncée` };
  const single = SINGLE.exec(t);
  if (single) {
    const [, d, m, y, rest] = single;
    const date = day(d, m, y);
    if (date === undefined) return { ok: false, reason: `mois inconnu « ${m} »` };
    if (date === null) return { ok: false, reason: `date inexistante (${d} ${m} ${y})` };
    const times = hoursOf(rest.split('(')[0]);
    if (times === null) return { ok: false, reason: 'heure invalide' };
    if (times && times.end <= times.start) return { ok: false, reason: `fin (${times.end}) avant le début (${times.start})` };
    return { ok: true, when: { startDate: date, endDate: date, startTime: times?.start ?? null, endTime: times?.end ?? null } };
  }
  const range = RANGE.exec(t);
  if (range) {
    const [, d1, m1, y1, h1, mi1, d2, m2, y2, h2, mi2] = range;
    const start = day(d1, m1, y1);
    const end = day(d2, m2, y2);
    if (start === undefined || end === undefined) return { ok: false, reason: `mois inconnu « ${start === undefined ? m1 : m2} »` };
    if (start === null || end === null) return { ok: false, reason: 'date inexistante' };
    const timed = h1 !== undefined && h2 !== undefined;
    const startTime = timed ? hhmm(h1, mi1) : null;
    const endTime = timed ? hhmm(h2, mi2) : null;
    if (timed && (!startTime || !endTime)) return { ok: false, reason: 'heure invalide' };
    if (end < start || (end === start && timed && endTime! <= startTime!)) return { ok: false, reason: 'la fin précède le début' };
    return { ok: true, when: { startDate: start, endDate: end, startTime, endTime } };
  }
  if (NO_YEAR.test(t)) return { ok: false, reason: 'année absente : la date ne peut pas être située' };
  return { ok: false, reason: 'forme de date non reconnue (attendu « Le 5 avril 2025 de 9h00 à 12h00 » ou « Du … au … »)' };
}

/** The span of the "de 9h à 12h" ranges of a text; undefined when there is none, null when an hour is invalid. */
function hoursOf(text: string): { start: string; end: string } | null | undefined {
  let start: string | undefined;
  let end: string | undefined;
  for (const m of text.matchAll(HOURS_RANGE)) {
    const from = hhmm(m[1], m[2]);
    const to = hhmm(m[3], m[4]);
    if (!from || !to) return null;
    if (!start || from < start) start = from;
    if (!end || to > end) end = to;
  }
  return start && end ? { start, end } : undefined;
}

/** Today in Paris, as an ISO day. */
export function parisToday(now: Date = new Date()): string {
  return DateTime.fromJSDate(now).setZone(PARIS).toISODate()!;
}

/** A day and a time of Paris as a luxon DateTime in that zone. */
export function parisDateTime(date: string, time: string): DateTime {
  return DateTime.fromISO(`${date}T${time}`, { zone: PARIS });
}

/** The day after an ISO day. */
export function nextDay(date: string): string {
  return DateTime.fromISO(date, { zone: 'UTC' }).plus({ days: 1 }).toISODate()!;
}

const WEEKDAYS = ['lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi', 'dimanche'];

/** "samedi 5 avril 2025" */
export function frenchDay(date: string): string {
  const d = DateTime.fromISO(date, { zone: 'UTC' });
  return `${WEEKDAYS[d.weekday - 1]} ${d.day === 1 ? '1er' : d.day} ${FRENCH_MONTHS[d.month - 1]} ${d.year}`;
}

/** "9 h 00" */
export function frenchTime(time: string): string {
  return `${Number(time.slice(0, 2))} h ${time.slice(3, 5)}`;
}

/** When, in one French phrase: "samedi 5 avril 2025, de 9 h 00 à 12 h 00", "du … au …". */
export function frenchWhen(w: When): string {
  if (w.startDate === w.endDate) {
    return w.startTime && w.endTime
      ? `${frenchDay(w.startDate)}, de ${frenchTime(w.startTime)} à ${frenchTime(w.endTime)}`
      : `${frenchDay(w.startDate)}, toute la journée`;
  }
  return w.startTime && w.endTime
    ? `du ${frenchDay(w.startDate)} à ${frenchTime(w.startTime)} au ${frenchDay(w.endDate)} à ${frenchTime(w.endTime)}`
    : `du ${frenchDay(w.startDate)} au ${frenchDay(w.endDate)}`;
}
