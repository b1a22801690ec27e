/**
 * The agenda's queries and changes: the list with its filters (text, kinds, period, place), one
 * event, and the events a CFA or the Région enters, edits and cancels for its structure.
 * Imported events are read-only; a moderator may unpublish any event.
 */
import { sql, type RawBuilder } from 'kysely';
import { COMMUNE_CODE, DEPARTEMENT_CODE, REGION_CODE } from '../common/codes.ts';
import { foldWords } from '../common/text.ts';
import { ForbiddenError, InputError, NotFoundError } from '../platform/errors.ts';
import type { Principal } from '../platform/http/access.ts';
import type { AgendaDb } from './db.ts';
import {
  EVENT_KINDS,
  KIND_LABELS,
  WHEN,
  type AgendaEvent,
  type AgendaList,
  type EventInput,
  type EventKind,
  type WhenFilter,
} from './contract.ts';
import { frenchWhen, isoDay, parisToday } from './when.ts';

export interface EventFilters {
  q?: string;
  kinds?: EventKind[];
  when?: WhenFilter;
  from?: string;
  to?: string;
  departement?: string;
  region?: string;
  commune?: string;
  radiusKm?: number;
}

/** The raw filters of a query string or a command line, checked; French errors name the parameter. */
export function parseFilters(raw: Record<string, unknown>): EventFilters {
  const str = (name: string) => {
    const v = raw[name];
    return v === undefined || v === null ? undefined : String(v).trim() || undefined;
  };
  const f: EventFilters = { q: str('q') };
  const kinds = str('kinds');
  if (kinds) {
    f.kinds = [];
    for (const k of kinds
      .split(',')
      .map((x) => x.trim())
      .filter(Boolean)) {
      if (!(EVENT_KINDS as readonly string[]).includes(k))
        throw new InputError('kinds', `type inconnu « ${k} » (attendu : ${EVENT_KINDS.join(', ')})`);
      f.kinds.push(k as EventKind);
    }
  }
  const when = str('when');
  if (when) {
    if (!(WHEN as readonly string[]).includes(when))
      throw new InputError('when', `période inconnue « ${when} » (attendu : ${WHEN.join(', ')})`);
    f.when = when as WhenFilter;
  }
  for (const name of ['from', 'to'] as const) {
    const v = str(name);
    if (v && !checkDay(v)) throw new InputError(name, `date invalide « ${v} » : une date réelle au format AAAA-MM-JJ est attendue`);
    f[name] = v;
  }
  if (f.from && f.to && f.to < f.from) throw new InputError('to', 'la fin de la période précède son début');
  const departement = str('departement')?.toUpperCase();
  if (departement && !DEPARTEMENT_CODE.test(departement))
    throw new InputError('departement', `code de département invalide « ${departement} »`);
  f.departement = departement;
  const region = str('region');
  if (region && !REGION_CODE.test(region)) throw new InputError('region', `code de région invalide « ${region} » (2 chiffres)`);
  f.region = region;
  const commune = str('commune')?.toUpperCase();
  if (commune && !COMMUNE_CODE.test(commune)) throw new InputError('commune', `code INSEE invalide « ${commune} »`);
  f.commune = commune;
  const radius = str('radiusKm');
  if (radius !== undefined) {
    const n = Number(radius);
    if (!Number.isFinite(n) || n < 1 || n > 200) throw new InputError('radiusKm', 'rayon invalide : un nombre de 1 à 200 km est attendu');
    f.radiusKm = n;
  }
  return f;
}

function checkDay(v: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v);
  return !!m && isoDay(Number(m[1]), Number(m[2]), Number(m[3])) === v;
}

interface Row {
  id: number;
  kind: EventKind;
  title: string;
  organizer: string | null;
  description: string | null;
  start_date: string;
  end_date: string;
  start_time: string | null;
  end_time: string | null;
  venue: string | null;
  city: string | null;
  commune: string | null;
  commune_name: string | null;
  departement: string | null;
  region: string | null;
  lat: number | null;
  lon: number | null;
  distance_km: number | null;
  establishment: string | null;
  url: string | null;
  status: AgendaEvent['status'];
  import_key: string | null;
  source_file: string | null;
  updated_at: Date;
}

const COLUMNS = sql`e.id, e.kind, e.title, e.organizer, e.description, e.start_date::text AS start_date, e.end_date::text AS end_date,
  to_char(e.start_time, 'HH24:MI') AS start_time, to_char(e.end_time, 'HH24:MI') AS end_time, e.venue, e.city, e.commune,
  c.name AS commune_name, c.departement, c.region, c.lat, c.lon, e.establishment, e.url, e.status, e.import_key,
  e.source_file, e.updated_at`;

function toEvent(r: Row): AgendaEvent {
  const w = { startDate: r.start_date, endDate: r.end_date, startTime: r.start_time, endTime: r.end_time };
  return {
    id: r.id,
    kind: r.kind,
    kindLabel: KIND_LABELS[r.kind],
    title: r.title,
    organizer: r.organizer,
    description: r.description,
    ...w,
    allDay: r.start_time === null,
    when: frenchWhen(w),
    venue: r.venue,
    city: r.city,
    commune:
      r.commune && r.commune_name
        ? { code: r.commune, name: r.commune_name, departement: r.departement!, region: r.region!, lat: r.lat, lon: r.lon }
        : null,
    distanceKm: r.distance_km === null || r.distance_km === undefined ? null : Math.round(r.distance_km * 10) / 10,
    establishment: r.establishment,
    url: r.url,
    status: r.status,
    origin: r.import_key ? 'import' : 'saisie',
    source: r.source_file,
    updatedAt: r.updated_at.toISOString(),
  };
}

/** Great-circle distance in km from a point, in SQL (the communes' positions). */
const distance = (lat: number, lon: number) => sql<number>`6371.0088 * 2 * asin(sqrt(power(sin(radians(c.lat - ${lat}::float8) / 2), 2)
  + cos(radians(${lat}::float8)) * cos(radians(c.lat)) * power(sin(radians(c.lon - ${lon}::float8) / 2), 2)))`;

interface Where {
  /** Every condition but the kinds (the kinds' counts are taken under the others). */
  common: RawBuilder<unknown>[];
  kinds: RawBuilder<unknown> | null;
  geo: boolean;
  distance: RawBuilder<number> | null;
  near: AgendaList['near'];
  order: RawBuilder<unknown>;
}

async function whereOf(db: AgendaDb, f: EventFilters, today: string): Promise<Where> {
  const common: RawBuilder<unknown>[] = [sql`e.status <> 'depublie'`];
  const when = f.when ?? 'upcoming';
  if (when === 'upcoming') common.push(sql`e.end_date >= ${today}::date`);
  if (when === 'past') common.push(sql`e.end_date < ${today}::date`);
  if (f.from) common.push(sql`e.end_date >= ${f.from}::date`);
  if (f.to) common.push(sql`e.start_date <= ${f.to}::date`);
  for (const word of foldWords(f.q ?? '')
    .split(' ')
    .filter(Boolean)
    .slice(0, 10)) {
    common.push(sql`e.search_text LIKE ${`%${word}%`}`);
  }
  if (f.departement) common.push(sql`c.departement = ${f.departement}`);
  if (f.region) common.push(sql`c.region = ${f.region}`);
  let dist: RawBuilder<number> | null = null;
  let near: AgendaList['near'] = null;
  if (f.commune) {
    const centre = await db.selectFrom('commune').select(['code', 'name', 'lat', 'lon']).where('code', '=', f.commune).executeTakeFirst();
    if (!centre) throw new InputError('commune', `commune inconnue : ${f.commune}`);
    if (centre.lat === null || centre.lon === null)
      throw new InputError('commune', `la position de ${centre.name} n’est pas connue : choisissez une commune voisine`);
    const radiusKm = f.radiusKm ?? 30;
    dist = distance(centre.lat, centre.lon);
    common.push(sql`c.lat IS NOT NULL AND ${dist} <= ${radiusKm}`);
    near = { commune: centre.code, label: centre.name, radiusKm };
  }
  const kinds = f.kinds?.length ? sql`e.kind IN (${sql.join(f.kinds)})` : null;
  const order =
    when === 'past'
      ? sql`e.end_date DESC, e.start_date DESC, e.start_time DESC NULLS LAST, e.id`
      : sql`e.start_date, e.start_time NULLS FIRST, e.end_date, e.id`;
  return { common, kinds, geo: !!(f.departement || f.region || f.commune), distance: dist, near, order };
}

const and = (conditions: RawBuilder<unknown>[]) => sql.join(conditions, sql` AND `);

/** The events a filter finds, a page of them, the count of each kind and notes for the reader. */
export async function listEvents(
  db: AgendaDb,
  f: EventFilters,
  page = { page: 1, pageSize: 20 },
  today = parisToday(),
): Promise<AgendaList> {
  const w = await whereOf(db, f, today);
  const all = w.kinds ? [...w.common, w.kinds] : w.common;
  const { rows } = await sql<Row & { total: number }>`
    SELECT ${COLUMNS}, ${w.distance ?? sql`NULL::float8`} AS distance_km, count(*) OVER ()::int AS total
    FROM agenda_event e LEFT JOIN commune c ON c.code = e.commune
    WHERE ${and(all)}
    ORDER BY ${w.order}
    LIMIT ${page.pageSize} OFFSET ${(page.page - 1) * page.pageSize}`.execute(db);
  let total = rows[0]?.total ?? 0;
  if (!rows.length && page.page > 1) {
    const { rows: n } = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM agenda_event e LEFT JOIN commune c ON c.code = e.commune WHERE ${and(all)}`.execute(db);
    total = n[0].n;
  }
  const { rows: counts } = await sql<{ kind: EventKind; n: number }>`
    SELECT e.kind, count(*)::int AS n FROM agenda_event e LEFT JOIN commune c ON c.code = e.commune
    WHERE ${and(w.common)} GROUP BY e.kind`.execute(db);
  const notes: string[] = [];
  if (w.geo) {
    const withoutGeo = (await whereOf(db, { ...f, departement: undefined, region: undefined, commune: undefined }, today)).common;
    const { rows: unplaced } = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM agenda_event e WHERE ${and(withoutGeo)} AND e.commune IS NULL
      ${w.kinds ? sql`AND ${w.kinds}` : sql``}`.execute(db);
    if (unplaced[0].n) {
      const n = unplaced[0].n;
      notes.push(
        `${n} événement${n > 1 ? 's' : ''} sans lieu connu (les journées portes ouvertes de l’Onisep, connues par le seul identifiant ` +
          `de l’établissement, et les salons dont la ville n’est pas une commune) ${n > 1 ? 'ne répondent' : 'ne répond'} pas à un filtre de lieu.`,
      );
    }
  }
  return {
    total,
    page: page.page,
    pageSize: page.pageSize,
    pages: Math.max(1, Math.ceil(total / page.pageSize)),
    results: rows.map(toEvent),
    kinds: EVENT_KINDS.map((k) => ({ value: k, label: KIND_LABELS[k], count: counts.find((c) => c.kind === k)?.n ?? 0 })),
    near: w.near,
    notes,
  };
}

/** Every event a filter finds, up to `limit` (the map, the list's iCalendar export). */
export async function allEvents(db: AgendaDb, f: EventFilters, limit = 2000, today = parisToday()): Promise<AgendaEvent[]> {
  const w = await whereOf(db, f, today);
  const { rows } = await sql<Row>`
    SELECT ${COLUMNS}, ${w.distance ?? sql`NULL::float8`} AS distance_km
    FROM agenda_event e LEFT JOIN commune c ON c.code = e.commune
    WHERE ${and(w.kinds ? [...w.common, w.kinds] : w.common)}
    ORDER BY ${w.order} LIMIT ${limit}`.execute(db);
  return rows.map(toEvent);
}

async function loadEvent(db: AgendaDb, id: number): Promise<(AgendaEvent & { structureId: number | null }) | undefined> {
  const { rows } = await sql<Row & { structure_id: number | null }>`
    SELECT ${COLUMNS}, NULL::float8 AS distance_km, e.structure_id
    FROM agenda_event e LEFT JOIN commune c ON c.code = e.commune WHERE e.id = ${id}`.execute(db);
  return rows[0] ? { ...toEvent(rows[0]), structureId: rows[0].structure_id } : undefined;
}

/** One published (or cancelled) event; an unpublished one does not exist for the public. */
export async function getEvent(db: AgendaDb, id: number): Promise<AgendaEvent> {
  const e = await loadEvent(db, id);
  if (!e || e.status === 'depublie') throw new NotFoundError(`Événement inconnu : ${id}`, 'id');
  const { structureId: _, ...event } = e;
  return event;
}

// ---- Events entered by a structure -------------------------------------------------------------

/** A refusal about one event: the caller may use the route, not on this event. */
export class EventForbiddenError extends ForbiddenError {
  override readonly name = 'EventForbiddenError';
  override readonly code = 'evenement-non-modifiable';
}

async function structureOf(db: AgendaDb, principal: Principal): Promise<{ id: number; name: string }> {
  const s = principal.structureId
    ? await db.selectFrom('structure').select(['id', 'name']).where('id', '=', principal.structureId).executeTakeFirst()
    : undefined;
  if (!s) throw new EventForbiddenError('Votre compte n’est rattaché à aucune structure : il ne peut pas proposer d’événement.');
  return s;
}

/** The events of the caller's structure, every status, the latest first. */
export async function structureEvents(db: AgendaDb, principal: Principal): Promise<{ structure: string | null; events: AgendaEvent[] }> {
  if (!principal.structureId) return { structure: null, events: [] };
  const s = await db.selectFrom('structure').select('name').where('id', '=', principal.structureId).executeTakeFirst();
  const { rows } = await sql<Row>`
    SELECT ${COLUMNS}, NULL::float8 AS distance_km FROM agenda_event e LEFT JOIN commune c ON c.code = e.commune
    WHERE e.structure_id = ${principal.structureId} ORDER BY e.start_date DESC, e.id DESC LIMIT 500`.execute(db);
  return { structure: s?.name ?? null, events: rows.map(toEvent) };
}

const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

/** The row of an entered event from the form's fields, checked (French errors naming the field). */
async function checkedInput(db: AgendaDb, input: EventInput, creating: boolean) {
  const text = (v: string | undefined) => v?.replace(/\s+/g, ' ').trim() || null;
  const title = text(input.title);
  if (!title || title.length < 3) throw new InputError('title', 'Indiquez le titre de l’événement (3 caractères au moins).');
  if (!checkDay(input.startDate))
    throw new InputError('startDate', 'Date de début invalide : une date réelle au format AAAA-MM-JJ est attendue.');
  const endDate = text(input.endDate) ?? input.startDate;
  if (!checkDay(endDate)) throw new InputError('endDate', 'Date de fin invalide : une date réelle au format AAAA-MM-JJ est attendue.');
  if (endDate < input.startDate) throw new InputError('endDate', 'La date de fin précède la date de début.');
  if (creating && endDate < parisToday())
    throw new InputError('endDate', 'Cet événement est déjà passé : seuls les événements à venir peuvent être proposés.');
  const startTime = text(input.startTime);
  const endTime = text(input.endTime);
  if (startTime && !TIME.test(startTime))
    throw new InputError('startTime', 'Heure de début invalide : format HH:MM attendu (par exemple 09:30).');
  if (endTime && !TIME.test(endTime)) throw new InputError('endTime', 'Heure de fin invalide : format HH:MM attendu (par exemple 17:00).');
  if (!startTime !== !endTime) {
    throw new InputError(
      startTime ? 'endTime' : 'startTime',
      'Indiquez l’heure de début et l’heure de fin, ou aucune pour un événement sur la journée entière.',
    );
  }
  if (startTime && endTime && endDate === input.startDate && endTime <= startTime)
    throw new InputError('endTime', 'L’heure de fin doit suivre l’heure de début.');
  const url = text(input.url);
  if (url && (!/^https?:\/\/[^\s/]+\.[^\s]+$/i.test(url) || !URL.canParse(url))) {
    throw new InputError('url', 'Adresse de la page invalide : une adresse web commençant par https:// est attendue.');
  }
  const communeCode = text(input.commune)?.toUpperCase() ?? null;
  let communeName: string | null = null;
  if (communeCode) {
    const c = COMMUNE_CODE.test(communeCode)
      ? await db.selectFrom('commune').select('name').where('code', '=', communeCode).executeTakeFirst()
      : undefined;
    if (!c) throw new InputError('commune', `Commune inconnue : ${communeCode}.`);
    communeName = c.name;
  }
  const description = text(input.description);
  const venue = text(input.venue);
  return {
    kind: input.kind,
    title,
    description: input.description?.trim() || null,
    start_date: input.startDate,
    end_date: endDate,
    start_time: startTime,
    end_time: endTime,
    venue,
    city: communeName,
    commune: communeCode,
    url,
    search: [title, description, venue, communeName],
  };
}

export function searchText(kind: EventKind, parts: (string | null | undefined)[]): string {
  return foldWords([KIND_LABELS[kind], ...parts].filter(Boolean).join(' '));
}

/** A new event of the caller's structure (the structure is its organizer). */
export async function createEvent(db: AgendaDb, principal: Principal, input: EventInput): Promise<AgendaEvent> {
  const structure = await structureOf(db, principal);
  const { search, ...row } = await checkedInput(db, input, true);
  const { id } = await db
    .insertInto('agenda_event')
    .values({
      ...row,
      structure_id: structure.id,
      organizer: structure.name,
      search_text: searchText(row.kind, [structure.name, ...search]),
      import_key: null,
      source_file: null,
      establishment: null,
      run_id: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return getEvent(db, id);
}

/** The caller's structure's own event, or the refusal that says why not. */
async function ownEvent(db: AgendaDb, principal: Principal, id: number) {
  const e = await loadEvent(db, id);
  if (!e) throw new NotFoundError(`Événement inconnu : ${id}`, 'id');
  if (e.origin === 'import') throw new EventForbiddenError('Cet événement vient des données importées : il ne peut pas être modifié ici.');
  if (!principal.structureId || e.structureId !== principal.structureId) {
    throw new EventForbiddenError('Cet événement a été proposé par une autre structure : vous ne pouvez pas le modifier.');
  }
  if (e.status === 'depublie')
    throw new EventForbiddenError('Cet événement a été dépublié par la modération : il ne peut plus être modifié.');
  return e;
}

export async function updateEvent(db: AgendaDb, principal: Principal, id: number, input: EventInput): Promise<AgendaEvent> {
  const e = await ownEvent(db, principal, id);
  const { search, ...row } = await checkedInput(db, input, false);
  await db
    .updateTable('agenda_event')
    .set({ ...row, search_text: searchText(row.kind, [e.organizer, ...search]), updated_at: new Date() })
    .where('id', '=', id)
    .execute();
  return getEvent(db, id);
}

/** Cancels an event of the caller's structure: it stays listed, marked cancelled (and so in calendars). */
export async function cancelEvent(db: AgendaDb, principal: Principal, id: number): Promise<AgendaEvent> {
  await ownEvent(db, principal, id);
  await db.updateTable('agenda_event').set({ status: 'annule', updated_at: new Date() }).where('id', '=', id).execute();
  return getEvent(db, id);
}

/** Moderation: the event leaves the public agenda (imported ones too; a re-import keeps it so). */
export async function unpublishEvent(db: AgendaDb, id: number): Promise<void> {
  const r = await db
    .updateTable('agenda_event')
    .set({ status: 'depublie', updated_at: new Date() })
    .where('id', '=', id)
    .executeTakeFirst();
  if (!Number(r.numUpdatedRows)) throw new NotFoundError(`Événement inconnu : ${id}`, 'id');
}
