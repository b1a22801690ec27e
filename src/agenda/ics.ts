/**
 * iCalendar (RFC 5545) for one event or a list, written by ical-generator. Times are Paris
 * wall-clock with TZID=Europe/Paris and its VTIMEZONE; an all-day event is a DATE from its first
 * day to the day after its last (DTEND is exclusive). A cancelled event says STATUS:CANCELLED, so
 * that a calendar that imported it learns of it.
 */
import ical, { ICalCalendarMethod, ICalEventStatus, type ICalCalendar } from 'ical-generator';
import { DateTime } from 'luxon';
import type { AgendaEvent } from './contract.ts';
import { PARIS, nextDay, parisDateTime } from './when.ts';

/** Europe/Paris since 1996 (EU rule: last Sunday of March and of October), for TZID=Europe/Paris. */
const VTIMEZONE_PARIS = [
  'BEGIN:VTIMEZONE',
  'TZID:Europe/Paris',
  'X-LIC-LOCATION:Europe/Paris',
  'BEGIN:DAYLIGHT',
  'TZOFFSETFROM:+0100',
  'TZOFFSETTO:+0200',
  'TZNAME:CEST',
  'DTSTART:19700329T020000',
  'RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU',
  'END:DAYLIGHT',
  'BEGIN:STANDARD',
  'TZOFFSETFROM:+0200',
  'TZOFFSETTO:+0100',
  'TZNAME:CET',
  'DTSTART:19701025T030000',
  'RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU',
  'END:STANDARD',
  'END:VTIMEZONE',
].join('\r\n');

/** Where an event takes place, in one line: "Parc Expo, Rennes". */
export function locationOf(e: AgendaEvent): string | null {
  const town = e.commune?.name ?? e.city;
  const parts = [e.venue, town].filter((p): p is string => !!p);
  return parts.length ? parts.join(', ') : null;
}

/** The page of an event on the portal. */
export const eventPath = (id: number) => `/apprentissage/agenda/${id}`;

/** A calendar holding `events`; `publicUrl` makes the UIDs and the links to the portal's pages. */
export function calendarOf(events: readonly AgendaEvent[], options: { name: string; publicUrl: string }): ICalCalendar {
  const host = new URL(options.publicUrl).hostname;
  const calendar = ical({
    name: options.name,
    prodId: { company: 'Passerelles', product: 'agenda', language: 'FR' },
    method: ICalCalendarMethod.PUBLISH,
    // No calendar-wide zone (DTSTAMP stays UTC): each event names Europe/Paris, whose VTIMEZONE this writes.
    timezone: { name: null, generator: (tz) => (tz === PARIS ? VTIMEZONE_PARIS : null) },
  });
  for (const e of events) {
    const page = `${options.publicUrl}${eventPath(e.id)}`;
    const description = [e.description, e.organizer ? `Organisé par ${e.organizer}.` : null, `Détails : ${page}`]
      .filter(Boolean)
      .join('\n\n');
    calendar.createEvent({
      id: `agenda-${e.id}@${host}`,
      summary: e.status === 'annule' ? `ANNULÉ – ${e.title}` : e.title,
      description,
      location: locationOf(e),
      url: e.url ?? page,
      stamp: DateTime.fromISO(e.updatedAt),
      status: e.status === 'annule' ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
      categories: [{ name: e.kindLabel }],
      timezone: PARIS,
      ...(e.allDay
        ? {
            allDay: true,
            start: DateTime.fromISO(e.startDate, { zone: PARIS }),
            end: DateTime.fromISO(nextDay(e.endDate), { zone: PARIS }),
          }
        : { start: parisDateTime(e.startDate, e.startTime!), end: parisDateTime(e.endDate, e.endTime!) }),
    });
  }
  return calendar;
}
