/**
 * The change feed (issue 14) over exchange_change (changes-migrations.ts): numbering the committed
 * changes, reading them after a cursor with each entity's public representation, and the full export
 * of each kind in the same representation.
 *
 * Representations (compact, public, stable; the same in the feed and the export):
 * - offre-formation: identifiant, source, intitulé, objectif, organisme (SIRET, nom), certifiante,
 *   niveau de sortie, CPF, démonstration, urls, page on the portal, and its actions with their
 *   places (commune, ville, code postal) and sessions (dates);
 * - evenement: the agenda's public fields (the event API without its computed ones);
 * - offre-apprentissage: the public offer (its listing and description), never who deposited it,
 *   nor its applications.
 */
import { sql, type Kysely } from 'kysely';
import { InputError } from '../platform/errors.ts';
import { CHANGE_KINDS, MAX_LIMIT, type Change, type ChangeKind, type ChangesPage, type ExportPage } from './changes-contract.ts';

// biome-ignore lint/suspicious/noExplicitAny: the app's handle is typed by no schema; these queries are plain SQL
type Db = Kysely<any>;
type Data = Record<string, unknown>;

/** Advisory lock key of the numbering (one numberer at a time). */
const SEQUENCER_LOCK = 1_405_001;

/**
 * Numbers the committed changes still waiting (sequence NULL), above every number given so far.
 * Changes an unfinished transaction is rewriting are locked: skipped, numbered once it commits.
 */
export async function sequenceChanges(db: Db): Promise<number> {
  const { rows } = await sql<{ pending: boolean }>`
    SELECT EXISTS (SELECT 1 FROM exchange_change WHERE sequence IS NULL) AS pending`.execute(db);
  if (!rows[0].pending) return 0;
  return db.transaction().execute(async (trx) => {
    await sql`SELECT pg_advisory_xact_lock(${SEQUENCER_LOCK})`.execute(trx);
    const r = await sql`
      UPDATE exchange_change c SET sequence = nextval('exchange_change_seq')
      FROM (SELECT kind, id FROM exchange_change WHERE sequence IS NULL ORDER BY at FOR UPDATE SKIP LOCKED) p
      WHERE c.kind = p.kind AND c.id = p.id`.execute(trx);
    return Number(r.numAffectedRows ?? 0);
  });
}

/** The feed's current position: where a mirror taking a snapshot now resumes. */
export async function currentCursor(db: Db): Promise<number> {
  const { rows } = await sql<{ n: string }>`SELECT COALESCE(max(sequence), 0)::text AS n FROM exchange_change`.execute(db);
  return Number(rows[0].n);
}

/** `kinds=a,b` as kinds, with a French refusal of an unknown one (all when absent or empty). */
export function parseKinds(text: string | undefined): ChangeKind[] {
  if (!text?.trim()) return [...CHANGE_KINDS];
  const kinds = [...new Set(text.split(',').map((k) => k.trim()))].filter(Boolean);
  for (const k of kinds) {
    if (!(CHANGE_KINDS as readonly string[]).includes(k))
      throw new InputError('kinds', `type inconnu « ${k} » : ${CHANGE_KINDS.join(', ')} sont attendus`);
  }
  return kinds as ChangeKind[];
}

export interface ChangesOptions {
  since?: number;
  limit?: number;
  kinds?: readonly ChangeKind[];
}

/** The changes after `since`, in order, with the representation of what was created or modified. */
export async function readChanges(db: Db, options: ChangesOptions = {}): Promise<ChangesPage> {
  const since = options.since ?? 0;
  const limit = Math.min(Math.max(1, options.limit ?? 100), MAX_LIMIT);
  if (!Number.isSafeInteger(since) || since < 0) throw new InputError('since', 'curseur invalide : un entier positif est attendu');
  const kinds = options.kinds?.length ? options.kinds : CHANGE_KINDS;
  await sequenceChanges(db);
  // One snapshot for the changes and the entities: a deletion committed meanwhile is either in
  // neither (not yet numbered) or in both.
  return db
    .transaction()
    .setIsolationLevel('repeatable read')
    .execute(async (trx) => {
      const { rows } = await sql<{ sequence: string; kind: ChangeKind; id: string; action: Change['action']; at: Date }>`
        SELECT c.sequence::text AS sequence, c.kind, c.id, c.action, c.at FROM exchange_change c
        WHERE c.sequence > ${since}::bigint AND c.kind = ANY(${[...kinds]}::text[])
        ORDER BY c.sequence LIMIT ${limit + 1}`.execute(trx);
      const hasMore = rows.length > limit;
      const page = rows.slice(0, limit);
      const wanted = new Map<ChangeKind, string[]>();
      for (const r of page) if (r.action !== 'supprime') (wanted.get(r.kind) ?? wanted.set(r.kind, []).get(r.kind)!).push(r.id);
      const data = new Map<string, Data>();
      for (const [kind, ids] of wanted) for (const [id, d] of await representations(trx, kind, ids)) data.set(`${kind}:${id}`, d);
      const items: Change[] = page.map((r) => {
        const base = { sequence: Number(r.sequence), kind: r.kind, id: r.id, at: new Date(r.at).toISOString() };
        const d = r.action === 'supprime' ? undefined : data.get(`${r.kind}:${r.id}`);
        // Gone although not deleted for the feed (cannot happen in one snapshot): said deleted.
        return d ? { ...base, action: r.action, data: d } : { ...base, action: 'supprime' as const };
      });
      return { items, next: page.length ? items[items.length - 1].sequence : since, hasMore };
    });
}

/** A page of the full export of one kind, by stable identifier, with the feed's position. */
export async function exportPage(db: Db, options: { kind?: ChangeKind; cursor?: string; limit?: number } = {}): Promise<ExportPage> {
  const kind = options.kind ?? 'offre-formation';
  const limit = Math.min(Math.max(1, options.limit ?? 100), MAX_LIMIT);
  const cursor = options.cursor || undefined;
  if (cursor !== undefined && kind !== 'offre-formation' && !/^\d{1,9}$/.test(cursor))
    throw new InputError('cursor', 'curseur invalide : le next de la page précédente est attendu');
  await sequenceChanges(db);
  return db
    .transaction()
    .setIsolationLevel('repeatable read')
    .execute(async (trx) => {
      const changesCursor = await currentCursor(trx);
      const ids = await publicIds(trx, kind, cursor, limit + 1);
      const page = ids.slice(0, limit);
      const data = await representations(trx, kind, page);
      return {
        kind,
        items: page.filter((id) => data.has(id)).map((id) => ({ kind, id, data: data.get(id)! })),
        next: ids.length > limit ? page[page.length - 1] : null,
        changesCursor,
      };
    });
}

/** The public entities of a kind after a cursor, in the export's order. */
async function publicIds(db: Db, kind: ChangeKind, after: string | undefined, n: number): Promise<string[]> {
  if (kind === 'offre-formation') {
    const [source, formation] = after ? splitOfferId(after) : [null, null];
    const { rows } = await sql<{ source: string; formation: string }>`
      SELECT source, formation FROM training_formation
      WHERE ${after === undefined ? sql`true` : sql`(source, formation) > (${source}, ${formation})`}
      ORDER BY source, formation LIMIT ${n}`.execute(db);
    return rows.map((r) => offerId(r.source, r.formation));
  }
  const from = after === undefined ? 0 : Number(after);
  const { rows } =
    kind === 'evenement'
      ? await sql<{ id: number }>`SELECT id FROM agenda_event WHERE status <> 'depublie' AND id > ${from} ORDER BY id LIMIT ${n}`.execute(
          db,
        )
      : await sql<{ id: number }>`SELECT id FROM recruitment_offer WHERE state = 'publiee' AND id > ${from} ORDER BY id LIMIT ${n}`.execute(
          db,
        );
  return rows.map((r) => String(r.id));
}

/** A training offer's id: its source ('%' and '/' escaped as in a URL), '/', its numéro (as exchange_offer_id). */
export function offerId(source: string, formation: string): string {
  return `${source.replaceAll('%', '%25').replaceAll('/', '%2F')}/${formation}`;
}

/** A training offer's feed id as its key. */
export function splitOfferId(id: string): [string, string] {
  const at = id.indexOf('/');
  if (at <= 0) throw new InputError('cursor', `identifiant d’offre invalide « ${id} » : « source/numéro » est attendu`);
  return [id.slice(0, at).replaceAll('%2F', '/').replaceAll('%25', '%'), id.slice(at + 1)];
}

/** The public representation of each of these entities that is public now, by id. */
export async function representations(db: Db, kind: ChangeKind, ids: readonly string[]): Promise<Map<string, Data>> {
  const out = new Map<string, Data>();
  if (!ids.length) return out;
  if (kind === 'offre-formation') {
    const keys = ids.map(splitOfferId);
    const { rows } = await sql<{ source: string; formation: string; data: Data }>`
      SELECT f.source, f.formation, jsonb_build_object(
        'identifiant', f.formation, 'source', f.source, 'intitule', f.intitule, 'objectif', f.objectif,
        'organisme', jsonb_build_object('siret', f.organisme_siret, 'nom', f.organisme_nom),
        'certifiante', f.certifiante, 'niveauSortie', f.niveau_sortie, 'eligibleCpf', f.eligible_cpf,
        'demonstration', f.demo, 'urls', to_jsonb(f.urls),
        'actions', COALESCE((SELECT jsonb_agg(jsonb_build_object(
            'identifiant', a.action, 'modalitesEnseignement', a.modalites_enseignement, 'alternance', a.alternance,
            'lieux', COALESCE((SELECT jsonb_agg(jsonb_build_object('commune', l.commune, 'ville', l.ville, 'codePostal', l.codepostal)
                ORDER BY l.position) FROM training_lieu l
              WHERE l.source = a.source AND l.formation = a.formation AND l.action = a.action), '[]'::jsonb),
            'sessions', COALESCE((SELECT jsonb_agg(jsonb_build_object('identifiant', s.session, 'debut', s.date_debut, 'fin', s.date_fin)
                ORDER BY s.position) FROM training_session s
              WHERE s.source = a.source AND s.formation = a.formation AND s.action = a.action), '[]'::jsonb))
          ORDER BY a.position) FROM training_action a WHERE a.source = f.source AND a.formation = f.formation), '[]'::jsonb)
      ) AS data
      FROM unnest(${keys.map((k) => k[0])}::text[], ${keys.map((k) => k[1])}::text[]) AS k(source, formation)
      JOIN training_formation f ON f.source = k.source AND f.formation = k.formation`.execute(db);
    for (const r of rows) {
      const page = `/formations/${encodeURIComponent(r.source)}/${encodeURIComponent(r.formation)}`;
      out.set(offerId(r.source, r.formation), { ...r.data, page });
    }
    return out;
  }
  const numbers = ids.filter((id) => /^\d{1,9}$/.test(id)).map(Number);
  if (kind === 'evenement') {
    const { rows } = await sql<{ id: number; data: Data }>`
      SELECT e.id, jsonb_build_object(
        'id', e.id, 'kind', e.kind, 'title', e.title, 'organizer', e.organizer, 'description', e.description,
        'startDate', e.start_date::text, 'endDate', e.end_date::text,
        'startTime', to_char(e.start_time, 'HH24:MI'), 'endTime', to_char(e.end_time, 'HH24:MI'),
        'venue', e.venue, 'city', e.city,
        'commune', CASE WHEN c.code IS NULL THEN NULL ELSE jsonb_build_object('code', c.code, 'name', c.name, 'departement', c.departement) END,
        'establishment', e.establishment, 'url', e.url, 'status', e.status,
        'origin', CASE WHEN e.import_key IS NULL THEN 'saisie' ELSE 'import' END, 'source', e.source_file,
        'page', '/apprentissage/agenda/' || e.id) AS data
      FROM agenda_event e LEFT JOIN commune c ON c.code = e.commune
      WHERE e.id = ANY(${numbers}::int[]) AND e.status <> 'depublie'`.execute(db);
    for (const r of rows) out.set(String(r.id), r.data);
    return out;
  }
  const { rows } = await sql<{ id: number; data: Data }>`
    SELECT o.id, jsonb_build_object(
      'id', o.id, 'title', o.title, 'company', o.company, 'companySiret', o.company_siret,
      'appellation', jsonb_build_object('code', o.appellation, 'label', a.label), 'rome', o.rome,
      'commune', jsonb_build_object('code', o.commune, 'name', c.name, 'departement', c.departement),
      'startDate', o.start_date::text, 'diploma', o.diploma, 'level', o.level, 'rhythm', o.rhythm, 'places', o.places,
      'description', o.description, 'page', '/apprentissage/offres/' || o.id) AS data
    FROM recruitment_offer o
    LEFT JOIN commune c ON c.code = o.commune
    LEFT JOIN rome_appellation a ON a.code_ogr = o.appellation
    WHERE o.id = ANY(${numbers}::int[]) AND o.state = 'publiee'`.execute(db);
  for (const r of rows) out.set(String(r.id), r.data);
  return out;
}
