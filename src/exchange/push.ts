/**
 * Partner push: a provider's structure owns training sources and pushes LHEO 2.2/2.3 into them,
 * the whole set ('complet': offers absent from the document are retired, in that source only) or
 * one offer ('une-offre': added or replaced by its identifier, the others untouched). Each push is
 * read, checked offer by offer (an invalid offer is rejected with its LHEO element path and French
 * reason, the valid ones are kept), written in one transaction with the search's derived tables,
 * and kept with its report.
 *
 * The offers go through the trainings store (OfferWriter) under the source's name, kind 'fichier':
 * `data import` never retires such a source, and no write here names any other source.
 */
import fs from 'node:fs';
import { sql, type Transaction } from 'kysely';
import { ForbiddenError, InputError, NotFoundError } from '../platform/errors.ts';
import { ImportError } from '../platform/import/errors.ts';
import { readLheo } from '../trainings/lheo/read.ts';
import { ELEMENTS } from '../trainings/lheo/schema.ts';
import { dateRange } from '../trainings/lheo/validate.ts';
import { readLheoXml, type El } from '../trainings/lheo/xml.ts';
import type { LheoOffer } from '../trainings/lheo/model.ts';
import { OfferWriter } from '../trainings/store.ts';
import { refreshInTransaction } from '../trainings/search/sync.ts';
import type { TrainingSchema } from '../trainings/db.ts';
import type { PushDb, PushSchema } from './push-db.ts';
import {
  PUSH_MAX_BYTES,
  SOURCE_NAME,
  type PushMode,
  type PushOfferReport,
  type PushReport,
  type PushSummary,
  type SourceSummary,
} from './push-contract.ts';

/** Who pushes: a person of the structure, or its API key. */
export interface Pusher {
  structureId: number | null;
  accountId: number | null;
  keyId?: number | null;
}

/** A refusal the HTTP layer answers with its own status (409 conflict, 413 too large, 415 media type). */
export class PushRefusal extends Error {
  constructor(
    readonly statusCode: 409 | 413 | 415,
    message: string,
  ) {
    super(message);
  }
}

/** Another structure's source: 403 with a code of its own (not the guard's « accès refusé »). */
export class SourceOwnedError extends ForbiddenError {
  override readonly code = 'source-d-une-autre-structure';
}

const SOURCE_RE = new RegExp(SOURCE_NAME);

export function checkSourceName(source: string): void {
  if (!SOURCE_RE.test(source)) {
    throw new InputError('source', 'nom de source invalide : 1 à 80 lettres, chiffres, points, tirets ou soulignés, sans espace');
  }
}

function structureOf(who: Pusher): number {
  if (who.structureId === null)
    throw new ForbiddenError('Votre compte n’est rattaché à aucune structure : il ne peut pas envoyer d’offres.');
  return who.structureId;
}

export function tooLarge(max = PUSH_MAX_BYTES): PushRefusal {
  return new PushRefusal(413, `document trop volumineux : au plus ${max / 1024 / 1024} Mo par envoi ; découpez l’envoi ou contactez-nous`);
}

/**
 * Refuses what an LHEO document never needs and an attacker uses (XXE, entity expansion): a
 * DOCTYPE or an ENTITY declaration. The reader never expands them; they are refused outright here,
 * the file read once in chunks (a declaration cut between two chunks is seen in the carried tail).
 */
async function refuseDeclarations(file: string): Promise<void> {
  const DECLARATION = /<!(DOCTYPE|ENTITY)/i;
  const KEEP = '<!DOCTYPE'.length - 1;
  const newlines = (text: string) => text.split('\n').length - 1;
  let tail = '';
  let line = 1;
  for await (const chunk of fs.createReadStream(file, { encoding: 'latin1', highWaterMark: 1 << 20 })) {
    const text = tail + (chunk as string);
    const m = DECLARATION.exec(text);
    if (m) {
      throw new InputError(
        'corps',
        `ligne ${line + newlines(text.slice(0, m.index))} : déclaration <!${m[1].toUpperCase()}> refusée (les DTD et entités ne sont pas acceptées dans un envoi LHEO)`,
      );
    }
    line += newlines(text.slice(0, -KEEP));
    tail = text.slice(-KEEP);
  }
}

/** Claims the source for the structure (a new name), or checks that it is its own (offers and events alike). */
export async function claimSource(trx: Transaction<PushSchema>, source: string, structureId: number): Promise<void> {
  await trx
    .insertInto('exchange_source')
    .values({ name: source, structure_id: structureId })
    .onConflict((oc) => oc.doNothing())
    .execute();
  const owner = await trx
    .selectFrom('exchange_source')
    .select(['structure_id', 'created_at'])
    .where('name', '=', source)
    .forUpdate()
    .executeTakeFirstOrThrow();
  if (owner.structure_id !== structureId) {
    throw new SourceOwnedError(`La source « ${source} » appartient à une autre structure : choisissez un autre nom de source.`);
  }
  // A name the bundle or a file import already uses is not a push source.
  const other = await trx.selectFrom('training_source').select('kind').where('name', '=', source).executeTakeFirst();
  const pushedBefore = await trx.selectFrom('exchange_push').select('id').where('source', '=', source).limit(1).executeTakeFirst();
  if (other && !pushedBefore) {
    throw new PushRefusal(
      409,
      `La source « ${source} » existe déjà (${other.kind === 'lot' ? 'lot de données de la plateforme' : 'fichier importé'}) : choisissez un autre nom de source.`,
    );
  }
}

const frDate = (d: string) => `${d.slice(6, 8)}/${d.slice(4, 6)}/${d.slice(0, 4)}`;

/** What an accepted offer lacks or carries that its provider should know. */
export function offerWarnings(offer: LheoOffer, today: string): string[] {
  const out: string[] = [];
  if (!offer.domaine.rome.length) {
    out.push('aucun code ROME (domaine-formation/code-ROME) : l’offre ne sera pas proposée depuis les fiches métiers');
  }
  const day = today.replaceAll('-', '');
  for (const action of offer.actions) {
    for (const session of action.sessions) {
      const range = dateRange(session.periode.fin);
      if (range && range.last < day)
        out.push(`session « ${session.numero} » de l’action « ${action.numero} » passée : terminée le ${frDate(range.last)}`);
    }
  }
  return out;
}

/** Elements whose parent may hold several of them: indexed in paths ([n], from 1). */
function repeatable(parent: string, name: string): boolean {
  if (parent === 'offres' && name === 'formation') return true;
  const rule = ELEMENTS[parent];
  if (!rule || !('seq' in rule)) return true;
  const entry = rule.seq.find(([n]) => n === name);
  return entry?.[2] !== 1;
}

/** The path of the element that starts at line:column in a formation's tree (the formation's own when not found). */
function pathAt(formation: El, index: number, line: number, column: number): string {
  const root = `/lheo/offres/formation[${index}]`;
  const walk = (el: El, at: string): string | undefined => {
    if (el.line === line && el.column === column) return at;
    const seen = new Map<string, number>();
    for (const k of el.kids) {
      if (typeof k === 'string') continue;
      const n = (seen.get(k.name) ?? 0) + 1;
      seen.set(k.name, n);
      const found = walk(k, `${at}/${k.name}${repeatable(el.name, k.name) ? `[${n}]` : ''}`);
      if (found) return found;
    }
    return undefined;
  };
  return walk(formation, root) ?? root;
}

/** Fills the element paths of rejected offers (a second read, only when some are rejected). */
async function fillPaths(file: string, label: string, rejected: Map<number, PushOfferReport>): Promise<void> {
  let index = 0;
  for await (const event of readLheoXml(file, { label })) {
    if (event.type !== 'formation') continue;
    const report = rejected.get(++index);
    if (!report) continue;
    for (const e of report.errors) e.path = pathAt(event.el, index, e.line, e.column);
  }
}

export interface PushInput {
  source: string;
  mode: PushMode;
  /** The LHEO document, on disk (an HTTP body is streamed to a temporary file first). */
  file: string;
  /** Name of the document in messages (a file name for an upload). */
  label?: string;
  /** YYYY-MM-DD: sessions that ended before are warned about (today by default). */
  today?: string;
}

/** One push, whole or one offer, answered with its report (kept). */
export async function pushOffers(db: PushDb, who: Pusher, input: PushInput): Promise<PushReport> {
  const { source, mode, file } = input;
  const structureId = structureOf(who);
  checkSourceName(source);
  const size = (await fs.promises.stat(file)).size;
  if (size > PUSH_MAX_BYTES) throw tooLarge();
  if (!size) throw new InputError('corps', 'document vide : un document LHEO est attendu (application/xml)');
  await refuseDeclarations(file);
  const label = input.label ?? 'document';
  const today = input.today ?? new Date().toISOString().slice(0, 10);
  try {
    return await db.transaction().execute(async (trx) => {
      await claimSource(trx, source, structureId);
      const last = await trx.selectFrom('import_run').select('sample').orderBy('id', 'desc').limit(1).executeTakeFirst();
      const now = new Date();
      const { id: runId } = await trx
        .insertInto('import_run')
        .values({ started_at: now, finished_at: now, data_dir: `envoi:${source}`, sample: last?.sample ?? false })
        .returning('id')
        .executeTakeFirstOrThrow();
      const offers: PushOfferReport[] = [];
      const rejected = new Map<number, PushOfferReport>();
      let version = 'LHEO';
      let writer: OfferWriter | undefined;
      const open = () =>
        (writer ??= new OfferWriter(trx as unknown as Transaction<TrainingSchema>, runId, {
          name: source,
          kind: 'fichier',
          file: `envoi ${mode}`,
          lheoVersion: version,
        }));
      let index = 0;
      for await (const item of readLheo(file, { label })) {
        if (item.type === 'root') version = `LHEO ${item.version}`;
        else if (item.type === 'offer') {
          index++;
          await open().add(item.offer);
          offers.push({ identifiant: item.offer.numero, status: 'accepted', errors: [], warnings: offerWarnings(item.offer, today) });
        } else if (item.type === 'invalid') {
          index++;
          // Its previous version, if any, stays online (as in an import).
          await open().protect(item.numero);
          const report: PushOfferReport = {
            identifiant: item.numero ?? null,
            status: 'rejected',
            errors: [{ path: '', line: item.line, column: item.column, reason: item.reason }],
            warnings: [],
          };
          offers.push(report);
          rejected.set(index, report);
        }
      }
      if (mode === 'une-offre' && index !== 1) {
        throw new InputError(
          'corps',
          `un envoi d’une offre porte exactement une <formation> : ${index} trouvée(s) ; envoyez la source entière par PUT`,
        );
      }
      if (mode === 'une-offre') {
        // Every other offer of the source is kept: marked as seen before the writer retires the unseen.
        const { rows } = await sql<{ formation: string }>`SELECT formation FROM training_formation WHERE source = ${source}`.execute(trx);
        for (const r of rows) await open().protect(r.formation);
      }
      const counts = await open().finish();
      if (rejected.size) {
        await fillPaths(file, label, rejected);
        const kept = await trx
          .selectFrom('training_formation')
          .select('formation')
          .where('source', '=', source)
          .where(
            'formation',
            'in',
            [...rejected.values()].map((r) => r.identifiant ?? ''),
          )
          .execute();
        const keptSet = new Set(kept.map((k) => k.formation));
        for (const r of rejected.values()) {
          if (r.identifiant && keptSet.has(r.identifiant)) r.warnings.push('la version précédente de cette offre reste en ligne');
        }
      }
      await refreshInTransaction(trx as unknown as Transaction<TrainingSchema>);
      const live = await liveCount(trx, source);
      const accepted = offers.filter((o) => o.status === 'accepted');
      const row = await trx
        .insertInto('exchange_push')
        .values({
          source,
          structure_id: structureId,
          key_id: who.keyId ?? null,
          account_id: who.accountId,
          mode,
          accepted: accepted.length,
          rejected: rejected.size,
          warnings: accepted.filter((o) => o.warnings.length).length,
          removed: counts.deleted,
          report: JSON.stringify(offers),
          live,
        })
        .returning(['id', 'at'])
        .executeTakeFirstOrThrow();
      await trx
        .insertInto('import_file')
        .values({
          run_id: runId,
          source: 'exchange',
          file: `envoi/${source}`,
          version,
          rows_read: index,
          inserted: counts.inserted,
          updated: counts.updated,
          deleted: counts.deleted,
          rejected: rejected.size,
          rejects: JSON.stringify(
            [...rejected.values()].map((r) => ({
              line: r.errors[0].line,
              reason: `offre « ${r.identifiant ?? '?'} » : ${r.errors[0].reason}`,
            })),
          ),
          notes: JSON.stringify([`envoi ${mode} n° ${row.id} de la structure ${structureId}`]),
        })
        .execute();
      await trx.updateTable('import_run').set({ finished_at: sql`now()` }).where('id', '=', runId).execute();
      return {
        id: row.id,
        source,
        at: new Date(row.at).toISOString(),
        mode,
        by: who.keyId ? 'cle' : 'compte',
        accepted: accepted.length,
        rejected: rejected.size,
        warnings: accepted.filter((o) => o.warnings.length).length,
        removed: counts.deleted,
        live,
        offers,
      };
    });
  } catch (error) {
    if (error instanceof ImportError) {
      throw new InputError(
        'corps',
        `document LHEO illisible, ligne ${error.line}${error.column ? `, colonne ${error.column}` : ''} : ${error.reason}`,
      );
    }
    throw error;
  }
}

async function liveCount(db: PushDb | Transaction<PushSchema>, source: string): Promise<number> {
  const r = await db
    .selectFrom('training_formation')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('source', '=', source)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

type PushRow = {
  id: number;
  source: string;
  at: Date;
  mode: PushMode;
  key_id: number | null;
  accepted: number;
  rejected: number;
  warnings: number;
  removed: number;
  live: number;
};

function summary(r: PushRow): PushSummary {
  return {
    id: r.id,
    source: r.source,
    at: new Date(r.at).toISOString(),
    mode: r.mode,
    by: r.key_id ? 'cle' : 'compte',
    accepted: r.accepted,
    rejected: r.rejected,
    warnings: r.warnings,
    removed: r.removed,
    live: r.live,
  };
}

const SUMMARY = ['id', 'source', 'at', 'mode', 'key_id', 'accepted', 'rejected', 'warnings', 'removed', 'live'] as const;

/** The source if the caller's structure owns it; another's or an unknown one is not said to exist (404). */
export async function ownSource(db: PushDb, structureId: number, source: string): Promise<void> {
  const row = await db.selectFrom('exchange_source').select('structure_id').where('name', '=', source).executeTakeFirst();
  if (!row || row.structure_id !== structureId) throw new NotFoundError(`Source « ${source} » inconnue pour votre structure.`, 'source');
}

/** The pushes of one of the caller's sources, newest first. */
export async function listPushes(db: PushDb, who: Pusher, source: string, limit = 100) {
  await ownSource(db, structureOf(who), source);
  const rows = await db
    .selectFrom('exchange_push')
    .select(SUMMARY)
    .where('source', '=', source)
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return { source, live: await liveCount(db, source), pushes: rows.map(summary) };
}

/** One push's report, for the structure that owns its source. */
export async function getPush(db: PushDb, who: Pusher, source: string, id: number): Promise<PushReport> {
  await ownSource(db, structureOf(who), source);
  const row = await db
    .selectFrom('exchange_push')
    .select([...SUMMARY, 'report'])
    .where('source', '=', source)
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) throw new NotFoundError(`Envoi n° ${id} inconnu pour la source « ${source} ».`, 'id');
  const offers = typeof row.report === 'string' ? (JSON.parse(row.report) as PushOfferReport[]) : row.report;
  return { ...summary(row), offers };
}

/** The caller's structure's sources with their live offers and last push. */
export async function mySources(db: PushDb, who: Pusher): Promise<{ sources: SourceSummary[] }> {
  const structureId = structureOf(who);
  const sources = await db
    .selectFrom('exchange_source')
    .select(['name', 'created_at'])
    .where('structure_id', '=', structureId)
    .orderBy('name')
    .execute();
  const out: SourceSummary[] = [];
  for (const s of sources) {
    const last = await db
      .selectFrom('exchange_push')
      .select(SUMMARY)
      .where('source', '=', s.name)
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst();
    // Events pushed into the source (push-events.ts), as the agenda shows them.
    const { rows: events } = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM agenda_event WHERE push_source = ${s.name} AND status <> 'depublie'`.execute(db);
    out.push({
      name: s.name,
      createdAt: new Date(s.created_at).toISOString(),
      live: await liveCount(db, s.name),
      lastPush: last ? summary(last) : null,
      events: events[0].n,
    });
  }
  return { sources: out };
}
