import { type Kysely, sql } from 'kysely';

/** A count in a fixed window: how many hits the key had in this window, and when the window ends. */
export interface WindowCount {
  count: number;
  /** Milliseconds left in the window. */
  resetMs: number;
}

/**
 * Counts one hit for `key` in the current fixed window of `windowMs` (aligned on the epoch), in
 * the database so that every process and machine serving the platform counts together: one
 * upsert on an UNLOGGED table (rate_counter). Old rows are removed by `forgetOldCounters`.
 */
// biome-ignore lint/suspicious/noExplicitAny: the ground's own table, on any capability's schema
export async function countHit(db: Kysely<any>, key: string, windowMs: number): Promise<WindowCount> {
  const now = Date.now();
  const start = Math.floor(now / windowMs) * windowMs;
  // A process whose clock lags another's never resets a newer window.
  const { rows } = await sql<{ count: number }>`
    INSERT INTO rate_counter (key, window_start, count) VALUES (${key}, ${start}, 1)
    ON CONFLICT (key) DO UPDATE SET
      count = CASE WHEN rate_counter.window_start >= EXCLUDED.window_start THEN rate_counter.count + 1 ELSE 1 END,
      window_start = GREATEST(rate_counter.window_start, EXCLUDED.window_start)
    RETURNING count`.execute(db);
  return { count: Number(rows[0].count), resetMs: start + windowMs - now };
}

/** Removes counters whose window ended more than `olderThanMs` ago. */
// biome-ignore lint/suspicious/noExplicitAny: see countHit
export async function forgetOldCounters(db: Kysely<any>, olderThanMs = 3600_000): Promise<number> {
  const { numDeletedRows } = await db
    .deleteFrom('rate_counter')
    .where('window_start', '<', Date.now() - olderThanMs)
    .executeTakeFirst();
  return Number(numDeletedRows);
}
