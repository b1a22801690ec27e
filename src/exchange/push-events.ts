/**
 * Partner push of agenda events (issue 14): a provider's structure pushes its salons, forums,
 * open days and information meetings into one of its sources, as JSON with the fields of the
 * agenda's public event plus its own stable `id`: the whole set ('complet': the source's events
 * absent from the push are removed) or one event ('un-evenement': created or updated by its id).
 * Each event is checked field by field: an invalid one is rejected with the JSON pointer of the
 * field and a French reason, the valid ones are written; warnings say what the agenda will not
 * show as the partner may expect (a past event, an unknown commune, an ignored field).
 *
 * Only the events of that source change (agenda_event.push_source): other sources' events, the
 * events a structure entered by hand and the imported ones are never touched. Writes go through
 * agenda_event, so the change feed's triggers record them; an unchanged event is not rewritten.
 */
import { sql, type Transaction } from 'kysely';
import { COMMUNE_CODE } from '../common/codes.ts';
import { EVENT_KINDS, isEventKind, type EventKind } from '../common/event-kinds.ts';
import { ForbiddenError, InputError, NotFoundError } from '../platform/errors.ts';
import { searchText } from '../agenda/events.ts';
import { isoDay, parisToday } from '../agenda/when.ts';
import { pushDb, type PushSchema } from './push-db.ts';
import { checkSourceName, claimSource, ownSource, type Pusher } from './push.ts';
import {
  EVENT_PUSH_MAX_EVENTS,
  type EventPushItem,
  type EventPushMode,
  type EventPushReport,
  type EventPushSummary,
} from './push-contract.ts';
import type { PushEventDb, PushEventSchema } from './push-events-tables.ts';

/** The columns of agenda_event a pushed event sets (the ones compared to tell an unchanged event). */
interface EventRow {
  kind: EventKind;
  title: string;
  organizer: string;
  description: string | null;
  start_date: string;
  end_date: string;
  start_time: string | null;
  end_time: string | null;
  venue: string | null;
  city: string | null;
  commune: string | null;
  establishment: string | null;
  url: string | null;
  status: 'publie' | 'annule';
}
const COMPARED = [
  'kind',
  'title',
  'organizer',
  'description',
  'start_date',
  'end_date',
  'start_time',
  'end_time',
  'venue',
  'city',
  'commune',
  'establishment',
  'url',
  'status',
] as const satisfies readonly (keyof EventRow)[];

/** Fields of the agenda's public JSON that the agenda computes itself: accepted and ignored silently. */
const COMPUTED = new Set(['kindLabel', 'when', 'allDay', 'distanceKm', 'origin', 'source', 'updatedAt']);
const KNOWN = new Set([
  'id',
  'kind',
  'title',
  'organizer',
  'description',
  'startDate',
  'endDate',
  'startTime',
  'endTime',
  'venue',
  'city',
  'commune',
  'establishment',
  'url',
  'status',
]);
const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;
const frDate = (d: string) => `${d.slice(8, 10)}/${d.slice(5, 7)}/${d.slice(0, 4)}`;

function realDay(v: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v);
  return !!m && isoDay(Number(m[1]), Number(m[2]), Number(m[3])) === v;
}

/** One event as sent, checked: its row when valid, its errors (JSON pointer, French reason) and warnings. */
interface Checked {
  id: string | null;
  path: string;
  row: (Omit<EventRow, 'organizer'> & { organizer: string | null }) | null;
  communeAsked: string | null;
  errors: { path: string; reason: string }[];
  warnings: string[];
}

function checkEvent(value: unknown, path: string, today: string): Checked {
  const out: Checked = { id: null, path, row: null, communeAsked: null, errors: [], warnings: [] };
  const fail = (field: string, reason: string) => out.errors.push({ path: `${path}/${field}`, reason });
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    out.errors.push({ path: path || '/', reason: 'un objet JSON est attendu pour chaque événement' });
    return out;
  }
  const e = value as Record<string, unknown>;
  /** A text field: trimmed, spaces folded (unless `keepLines`), null when absent or empty; an error when not a string or too long. */
  const text = (field: string, max: number, keepLines = false): string | null => {
    const v = e[field];
    if (v === undefined || v === null) return null;
    if (typeof v !== 'string') {
      fail(field, 'une chaîne de caractères est attendue');
      return null;
    }
    const t = keepLines ? v.trim() : v.replace(/\s+/g, ' ').trim();
    if (t.length > max) {
      fail(field, `trop long : ${t.length} caractères, ${max} au plus`);
      return null;
    }
    return t || null;
  };

  const rawId = e.id;
  if (typeof rawId === 'number' && Number.isSafeInteger(rawId)) out.id = String(rawId);
  else if (typeof rawId === 'string' && rawId.trim() && rawId.trim().length <= 100) out.id = rawId.trim();
  else if (rawId === undefined || rawId === null || rawId === '')
    fail('id', 'identifiant manquant : chaque événement porte son identifiant stable chez vous (id)');
  else fail('id', 'identifiant invalide : une chaîne de 1 à 100 caractères ou un entier est attendu');

  const kind = e.kind;
  if (kind === undefined || kind === null || kind === '') fail('kind', `type d’événement manquant (${EVENT_KINDS.join(', ')})`);
  else if (typeof kind !== 'string' || !isEventKind(kind))
    fail('kind', `type d’événement inconnu « ${String(kind)} » (attendu : ${EVENT_KINDS.join(', ')})`);

  const title = text('title', 200);
  if (!title && !out.errors.some((x) => x.path === `${path}/title`)) fail('title', 'titre manquant');
  else if (title && title.length < 3) fail('title', 'titre trop court : 3 caractères au moins');

  const startDate = text('startDate', 10);
  if (!startDate) {
    if (!out.errors.some((x) => x.path === `${path}/startDate`)) fail('startDate', 'date de début manquante (AAAA-MM-JJ)');
  } else if (!realDay(startDate))
    fail('startDate', `date de début invalide « ${startDate} » : une date réelle au format AAAA-MM-JJ est attendue`);
  const endText = text('endDate', 10);
  const endDate = endText ?? startDate;
  if (endText && !realDay(endText))
    fail('endDate', `date de fin invalide « ${endText} » : une date réelle au format AAAA-MM-JJ est attendue`);
  else if (endText && startDate && realDay(startDate) && endText < startDate) fail('endDate', 'la date de fin précède la date de début');

  const startTime = text('startTime', 5);
  const endTime = text('endTime', 5);
  if (startTime && !TIME.test(startTime)) fail('startTime', `heure de début invalide « ${startTime} » : format HH:MM attendu`);
  if (endTime && !TIME.test(endTime)) fail('endTime', `heure de fin invalide « ${endTime} » : format HH:MM attendu`);
  if (!startTime !== !endTime)
    fail(
      startTime ? 'endTime' : 'startTime',
      'indiquez l’heure de début et l’heure de fin, ou aucune pour un événement sur la journée entière',
    );
  else if (startTime && endTime && TIME.test(startTime) && TIME.test(endTime) && endDate === startDate && endTime <= startTime)
    fail('endTime', 'l’heure de fin doit suivre l’heure de début');

  const url = text('url', 500);
  if (url && (!/^https?:\/\//i.test(url) || !URL.canParse(url)))
    fail('url', 'adresse invalide : une adresse web commençant par http:// ou https:// est attendue');

  let status: 'publie' | 'annule' = 'publie';
  const rawStatus = e.status;
  if (rawStatus === 'annule') status = 'annule';
  else if (rawStatus !== undefined && rawStatus !== null && rawStatus !== 'publie')
    fail('status', `statut « ${String(rawStatus)} » refusé : publie ou annule (la dépublication est réservée à la modération)`);

  const commune = e.commune;
  if (typeof commune === 'string') out.communeAsked = commune.trim().toUpperCase() || null;
  else if (typeof commune === 'object' && commune !== null && typeof (commune as { code?: unknown }).code === 'string')
    out.communeAsked = ((commune as { code: string }).code.trim().toUpperCase() || null) as string | null;
  else if (commune !== undefined && commune !== null) fail('commune', 'code INSEE attendu (texte, ou objet { "code": … })');

  const description = text('description', 2000, true);
  const organizer = text('organizer', 200);
  const venue = text('venue', 200);
  const city = text('city', 100);
  const establishment = text('establishment', 40);

  for (const field of Object.keys(e)) {
    if (!KNOWN.has(field) && !COMPUTED.has(field)) out.warnings.push(`champ « ${field} » ignoré : l’agenda ne le connaît pas`);
  }
  if (out.errors.length) return out;
  if (endDate! < today)
    out.warnings.push(`événement passé : terminé le ${frDate(endDate!)} ; il n’apparaît que parmi les événements passés`);
  out.row = {
    kind: kind as EventKind,
    title: title!,
    organizer,
    description,
    start_date: startDate!,
    end_date: endDate!,
    start_time: startTime,
    end_time: endTime,
    venue,
    city,
    commune: null,
    establishment,
    url,
    status,
  };
  return out;
}

export interface EventPushInput {
  source: string;
  mode: EventPushMode;
  /** The parsed JSON body: `{ events: [...] }` for the whole set, the event itself for one. */
  body: unknown;
  /** YYYY-MM-DD (Paris): events that ended before are warned about (today by default). */
  today?: string;
}

function structureOf(who: Pusher): number {
  if (who.structureId === null)
    throw new ForbiddenError('Votre compte n’est rattaché à aucune structure : il ne peut pas envoyer d’événements.');
  return who.structureId;
}

/** The events of the body, each with its JSON pointer. */
function itemsOf(mode: EventPushMode, body: unknown): { value: unknown; path: string }[] {
  if (mode === 'un-evenement') {
    if (typeof body !== 'object' || body === null || Array.isArray(body))
      throw new InputError('corps', 'un objet JSON est attendu : l’événement (envoyez la source entière par PUT { "events": [ … ] })');
    if (Array.isArray((body as { events?: unknown }).events) && !('id' in body))
      throw new InputError('corps', 'un seul événement est attendu ici : la liste { "events": [ … ] } s’envoie par PUT (toute la source)');
    return [{ value: body, path: '' }];
  }
  const events = (body as { events?: unknown } | null)?.events;
  if (typeof body !== 'object' || body === null || !Array.isArray(events))
    throw new InputError('corps', 'un objet JSON { "events": [ … ] } est attendu (application/json)');
  if (events.length > EVENT_PUSH_MAX_EVENTS)
    throw new InputError('events', `trop d’événements : ${events.length}, au plus ${EVENT_PUSH_MAX_EVENTS} par envoi`);
  return events.map((value, i) => ({ value, path: `/events/${i}` }));
}

/** One push of events, whole or one, answered with its report (kept). */
export async function pushEvents(db: PushEventDb, who: Pusher, input: EventPushInput): Promise<EventPushReport> {
  const { source, mode } = input;
  const structureId = structureOf(who);
  checkSourceName(source);
  const today = input.today ?? parisToday();
  const checked = itemsOf(mode, input.body).map((item) => checkEvent(item.value, item.path, today));

  // The same identifier twice in one push: the later ones are rejected.
  const firstPath = new Map<string, string>();
  for (const c of checked) {
    if (!c.id) continue;
    const first = firstPath.get(c.id);
    if (first === undefined) firstPath.set(c.id, c.path);
    else {
      c.errors.push({ path: `${c.path}/id`, reason: `identifiant « ${c.id} » en double dans cet envoi (déjà en ${first || '/'})` });
      c.row = null;
    }
  }

  // Communes: known ones give the place (and the town's name); an unknown one is a warning.
  const asked = [...new Set(checked.filter((c) => c.row && c.communeAsked).map((c) => c.communeAsked!))];
  const known = new Map<string, string>();
  const valid = asked.filter((code) => COMMUNE_CODE.test(code));
  if (valid.length) {
    for (const r of await db.selectFrom('commune').select(['code', 'name']).where('code', 'in', valid).execute()) known.set(r.code, r.name);
  }
  for (const c of checked) {
    if (!c.row || !c.communeAsked) continue;
    const name = known.get(c.communeAsked);
    if (name) {
      c.row.commune = c.communeAsked;
      c.row.city ??= name;
    } else {
      c.warnings.push(`commune « ${c.communeAsked} » inconnue : l’événement ne sera ni sur la carte ni trouvé par un filtre de lieu`);
    }
  }

  return db.transaction().execute(async (trx) => {
    await claimSource(trx as unknown as Transaction<PushSchema>, source, structureId);
    const structure = await trx.selectFrom('structure').select('name').where('id', '=', structureId).executeTakeFirstOrThrow();
    const { rows: existing } = await sql<Omit<EventRow, 'status'> & { id: number; push_id: string; status: string }>`
      SELECT id, push_id, kind, title, organizer, description, start_date::text AS start_date, end_date::text AS end_date,
        to_char(start_time, 'HH24:MI') AS start_time, to_char(end_time, 'HH24:MI') AS end_time, venue, city, commune,
        establishment, url, status
      FROM agenda_event WHERE push_source = ${source} FOR UPDATE`.execute(trx);
    const byId = new Map(existing.map((r) => [r.push_id, r]));

    const items: EventPushItem[] = [];
    const keep = new Set<string>();
    for (const c of checked) {
      const before = c.id ? byId.get(c.id) : undefined;
      if (!c.row || !c.id) {
        if (before && c.id) {
          keep.add(c.id);
          c.warnings.push('la version précédente de cet événement reste dans l’agenda');
        }
        items.push({ identifiant: c.id, status: 'rejected', event: before?.id ?? null, errors: c.errors, warnings: c.warnings });
        continue;
      }
      keep.add(c.id);
      const row: EventRow = { ...c.row, organizer: c.row.organizer ?? structure.name };
      const search_text = searchText(row.kind, [row.organizer, row.title, row.description, row.venue, row.city]);
      let id: number;
      if (before) {
        id = before.id;
        // A moderator's unpublishing holds over the partner's pushes.
        const status = before.status === 'depublie' ? 'depublie' : row.status;
        if (before.status === 'depublie') c.warnings.push('événement dépublié par la modération : il reste hors de l’agenda public');
        if (COMPARED.some((k) => (k === 'status' ? status !== before.status : row[k] !== before[k]))) {
          await trx
            .updateTable('agenda_event')
            .set({ ...row, status, search_text, updated_at: new Date() })
            .where('id', '=', id)
            .execute();
        }
      } else {
        ({ id } = await trx
          .insertInto('agenda_event')
          .values({
            ...row,
            search_text,
            structure_id: structureId,
            push_source: source,
            push_id: c.id,
            import_key: null,
            source_file: null,
            run_id: null,
          })
          .returning('id')
          .executeTakeFirstOrThrow());
      }
      items.push({ identifiant: c.id, status: 'accepted', event: id, errors: [], warnings: c.warnings });
    }

    let removed = 0;
    if (mode === 'complet') {
      const gone = existing.filter((r) => !keep.has(r.push_id)).map((r) => r.id);
      for (let i = 0; i < gone.length; i += 1000) {
        const r = await trx
          .deleteFrom('agenda_event')
          .where('push_source', '=', source)
          .where('id', 'in', gone.slice(i, i + 1000))
          .executeTakeFirst();
        removed += Number(r.numDeletedRows);
      }
    }
    const live = await liveEvents(trx, source);
    const accepted = items.filter((i) => i.status === 'accepted');
    const counts = {
      accepted: accepted.length,
      rejected: items.length - accepted.length,
      warnings: accepted.filter((i) => i.warnings.length).length,
      removed,
      live,
    };
    const row = await trx
      .insertInto('exchange_event_push')
      .values({
        source,
        structure_id: structureId,
        key_id: who.keyId ?? null,
        account_id: who.accountId,
        mode,
        ...counts,
        report: JSON.stringify(items),
      })
      .returning(['id', 'at'])
      .executeTakeFirstOrThrow();
    return {
      id: row.id,
      source,
      at: new Date(row.at).toISOString(),
      mode,
      by: who.keyId ? 'cle' : 'compte',
      ...counts,
      events: items,
    } satisfies EventPushReport;
  });
}

/** The source's events the agenda shows (all but those a moderator unpublished). */
async function liveEvents(db: PushEventDb | Transaction<PushEventSchema>, source: string): Promise<number> {
  const r = await db
    .selectFrom('agenda_event')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('push_source', '=', source)
    .where('status', '<>', 'depublie')
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

const SUMMARY = ['id', 'source', 'at', 'mode', 'key_id', 'accepted', 'rejected', 'warnings', 'removed', 'live'] as const;
type SummaryRow = {
  id: number;
  source: string;
  at: Date;
  mode: EventPushMode;
  key_id: number | null;
  accepted: number;
  rejected: number;
  warnings: number;
  removed: number;
  live: number;
};

function summary(r: SummaryRow): EventPushSummary {
  const { key_id, at, ...rest } = r;
  return { ...rest, at: new Date(at).toISOString(), by: key_id ? 'cle' : 'compte' };
}

/** The event pushes of one of the caller's sources, newest first. */
export async function listEventPushes(db: PushEventDb, who: Pusher, source: string, limit = 100) {
  await ownSource(pushDb(db), structureOf(who), source);
  const rows = await db
    .selectFrom('exchange_event_push')
    .select(SUMMARY)
    .where('source', '=', source)
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return { source, live: await liveEvents(db, source), pushes: rows.map(summary) };
}

/** One event push's report, for the structure that owns its source. */
export async function getEventPush(db: PushEventDb, who: Pusher, source: string, id: number): Promise<EventPushReport> {
  await ownSource(pushDb(db), structureOf(who), source);
  const row = await db
    .selectFrom('exchange_event_push')
    .select([...SUMMARY, 'report'])
    .where('source', '=', source)
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) throw new NotFoundError(`Envoi d’événements n° ${id} inconnu pour la source « ${source} ».`, 'id');
  const { report, ...rest } = row;
  const events = typeof report === 'string' ? (JSON.parse(report) as EventPushItem[]) : report;
  return { ...summary(rest), events };
}
