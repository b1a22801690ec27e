import { sql, type Kysely, type RawBuilder } from 'kysely';
import { ImportError } from './errors.ts';
import type { FileReport } from './report.ts';
import type { ImportContext } from './run.ts';

export interface TableSpec {
  table: string;
  /** Columns of the unique key the upsert conflicts on. */
  key: readonly string[];
  /** Every column written (key included) with its SQL type, as jsonb_to_recordset needs it. */
  columns: Readonly<Record<string, string>>;
  /** Restricts which existing rows this sync owns, hence may delete (e.g. one kind of a shared table). */
  scope?: RawBuilder<unknown>;
  /** What the rows are, in French, for the report of removals ("fiches ROME"); the table name otherwise. */
  label?: string;
  /**
   * Largest share of the rows that one import may remove (default DEFAULT_MAX_SHRINK): a truncated
   * or cut file would otherwise silently empty a referential. --allow-shrink lifts it.
   */
  maxShrink?: number;
}

/** A new release of a referential retires a few codes, never a tenth of them. */
export const DEFAULT_MAX_SHRINK = 0.1;
/** Below this many rows the share means little (the project's example data, small tables). */
const SHRINK_MIN_ROWS = 100;

export interface SyncCounts {
  inserted: number;
  updated: number;
  deleted: number;
  /** Rows in scope before the sync. */
  before: number;
}

const BATCH = 5000;
let stageSeq = 0;

/**
 * Makes `spec.table` (within `scope`) hold exactly `rows`: inserts new keys, updates rows whose
 * values differ, deletes keys that are gone. Unchanged rows are not touched, so a re-import of the
 * same files reports zero changes and keeps each row's run_id. Rows must have unique keys.
 */
export async function syncRows(
  trx: Kysely<any>,
  spec: TableSpec,
  rows: readonly Record<string, unknown>[],
  runId: number,
): Promise<SyncCounts> {
  const cols = Object.keys(spec.columns);
  const nonKey = cols.filter((c) => !spec.key.includes(c));
  const stage = `stage_${spec.table}_${++stageSeq}`;
  const ids = (names: readonly string[], prefix?: string) => sql.join(names.map((n) => (prefix ? sql.ref(`${prefix}.${n}`) : sql.id(n))));

  await sql`CREATE TEMP TABLE ${sql.id(stage)} AS SELECT ${ids(cols)} FROM ${sql.table(spec.table)} WITH NO DATA`.execute(trx);
  const recordType = sql.join(cols.map((c) => sql`${sql.id(c)} ${sql.raw(spec.columns[c])}`));
  for (let i = 0; i < rows.length; i += BATCH) {
    const batch = JSON.stringify(rows.slice(i, i + BATCH).map((r) => pick(r, cols)));
    await sql`INSERT INTO ${sql.id(stage)} (${ids(cols)})
      SELECT ${ids(cols)} FROM jsonb_to_recordset(${batch}::jsonb) AS x(${recordType})`.execute(trx);
  }

  // Fresh tables have no statistics: without them the planner takes a grown table for a handful
  // of rows and runs the NOT EXISTS below as a nested loop (seconds instead of milliseconds).
  await sql`ANALYZE ${sql.id(stage)}`.execute(trx);

  const conflict = nonKey.length
    ? sql`DO UPDATE SET ${sql.join([...nonKey, 'run_id'].map((c) => sql`${sql.id(c)} = excluded.${sql.id(c)}`))}
        WHERE (${ids(nonKey, 't')}) IS DISTINCT FROM (${ids(nonKey, 'excluded')})`
    : sql`DO NOTHING`;
  const {
    rows: [up],
  } = await sql<{ inserted: number; updated: number }>`
    WITH up AS (
      INSERT INTO ${sql.table(spec.table)} AS t (${ids(cols)}, run_id)
      SELECT ${ids(cols)}, ${runId}::int FROM ${sql.id(stage)}
      ON CONFLICT (${ids(spec.key)}) ${conflict}
      RETURNING (xmax = 0) AS ins)
    SELECT count(*) FILTER (WHERE ins)::int AS inserted, count(*) FILTER (WHERE NOT ins)::int AS updated FROM up`.execute(trx);

  if (up.inserted > 1000) await sql`ANALYZE ${sql.table(spec.table)}`.execute(trx);

  const sameKey = sql.join(
    spec.key.map((k) => sql`s.${sql.id(k)} = t.${sql.id(k)}`),
    sql` AND `,
  );
  const deleted = await sql`
    DELETE FROM ${sql.table(spec.table)} AS t
    WHERE ${spec.scope ?? sql`true`}
      AND NOT EXISTS (SELECT 1 FROM ${sql.id(stage)} AS s WHERE ${sameKey})`.execute(trx);
  await sql`DROP TABLE ${sql.id(stage)}`.execute(trx);
  const removed = Number(deleted.numAffectedRows ?? 0);
  // Every staged key was either inserted or already there: the rest of what was there is removed.
  return { inserted: up.inserted, updated: up.updated, deleted: removed, before: rows.length - up.inserted + removed };
}

function pick(row: Record<string, unknown>, cols: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const c of cols) out[c] = row[c] ?? null;
  return out;
}

/**
 * Keeps the first row of each key and reports the others through `reject`, since an upsert
 * cannot take the same key twice.
 */
export function uniqueByKey<T extends { line: number }>(
  rows: Iterable<T>,
  keyOf: (row: T) => string,
  reject: (line: number, reason: string) => void,
): T[] {
  const seen = new Map<string, number>();
  const out: T[] = [];
  for (const row of rows) {
    const key = keyOf(row);
    const first = seen.get(key);
    if (first !== undefined) {
      reject(row.line, `doublon de la ligne ${first} (clé ${key})`);
      continue;
    }
    seen.set(key, row.line);
    out.push(row);
  }
  return out;
}

/**
 * syncRows within an import: its counts added to the file's report, its removals recorded, and
 * the file refused when it would remove more than the table's declared share.
 */
export async function syncReported(
  ctx: Pick<ImportContext, 'trx' | 'runId' | 'options' | 'replacesSample'>,
  report: FileReport,
  spec: TableSpec,
  rows: readonly Record<string, unknown>[],
): Promise<SyncCounts> {
  report.refuseIfNothingKept();
  const counts = await syncRows(ctx.trx, spec, rows, ctx.runId);
  checkShrink(ctx, report.file, spec, counts);
  report.add(counts);
  report.remove(spec.label ?? spec.table, counts.deleted, `absentes de ${report.file}`);
  return counts;
}

/** Refuses a sync that removes more than the table's declared share of its rows. */
export function checkShrink(
  ctx: Pick<ImportContext, 'options' | 'replacesSample'>,
  file: string,
  spec: TableSpec,
  counts: SyncCounts,
): void {
  const share = spec.maxShrink ?? DEFAULT_MAX_SHRINK;
  if (ctx.options.allowShrink || ctx.replacesSample || counts.before < SHRINK_MIN_ROWS) return;
  if (counts.deleted <= share * counts.before) return;
  const pct = (n: number) => `${Math.round(n * 100)} %`;
  throw new ImportError(
    file,
    0,
    `ce fichier retirerait ${counts.deleted} des ${counts.before} ${spec.label ?? `lignes de ${spec.table}`} ` +
      `(${pct(counts.deleted / counts.before)}, plus que les ${pct(share)} permis) : fichier tronqué ou incomplet ? ` +
      'Relancez avec --allow-shrink si cette réduction est voulue.',
  );
}
