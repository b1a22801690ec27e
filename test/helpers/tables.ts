import { sql, type Kysely } from 'kysely';
import type { DbHandle } from '../../src/platform/db/connection.ts';

/**
 * Bookkeeping that every import run writes (its run, its reports, the run the training search was
 * last refreshed for): a re-import changes these and nothing else.
 */
export const IMPORT_LOG = ['import_run', 'import_file', 'training_search_state'];

/**
 * One hash per table of the schema over every row and column (run_id included): equal snapshots,
 * equal databases. `exclude` leaves tables out (e.g. IMPORT_LOG when comparing two imports).
 */
export async function snapshot(db: DbHandle['db'], exclude: readonly string[] = []): Promise<Record<string, string>> {
  const { rows: tables } = await sql<{ name: string }>`
    SELECT table_name AS name FROM information_schema.tables
    WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name NOT LIKE 'kysely_%'
    ORDER BY table_name`.execute(db);
  const out: Record<string, string> = {};
  for (const { name } of tables) {
    if (exclude.includes(name)) continue;
    const { rows } = await sql<{ n: number; h: string | null }>`
      SELECT count(*)::int AS n, md5(string_agg(t::text, '|' ORDER BY t::text)) AS h FROM ${sql.table(name)} AS t`.execute(db);
    out[name] = `${rows[0].n}:${rows[0].h}`;
  }
  return out;
}

export async function count(db: DbHandle['db'], table: string, where = sql`true`): Promise<number> {
  const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.table(table)} WHERE ${where}`.execute(db);
  return rows[0].n;
}
