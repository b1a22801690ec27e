import { type Kysely, sql } from 'kysely';

/** A count in a fixed window: how many hits the key had in this window, and when the window ends. */
export interface WindowCount {
  count: number;
  /** Milliseconds left in the window. */
  resetMs: number;
}

/**
 * Counts one hit for `key` in its window of `windowMs`, which starts at the key's first hit (as
 * @fastify/rate-limit's own store does), in the database so that every process and machine
 * serving the platform counts together: one upsert on an UNLOGGED table (rate_counter). Old rows
 * are removed by `forgetOldCounters`.
 */
// biome-ignore lint/suspicious/noExplicitAny: the ground's own table, on any capability's schema
export async function countHit(db: Kysely<any>, key: string, windowMs: number): Promise<WindowCount> {
  const now = Date.now();
  const { rows } = await sql<{ count: number; window_start: number }>`
    INSERT INTO rate_counter (key, window_start, count) VALUES (${key}, ${now}, 1)
    ON CONFLICT (key) DO UPDATE SET
      count = CASE WHEN rate_counter.window_start + ${windowMs} > EXCLUDED.window_start THEN rate_counter.count + 1 ELSE 1 END,
      window_start = CASE WHEN rate_counter.window_start + ${windowMs} > EXCLUDED.window_start
        THEN rate_counter.window_start ELSE EXCLUDED.window_start END
    RETURNING count, window_start`.execute(db);
  return { count: Number(rows[0].count), resetMs: Math.max(0, Number(rows[0].window_start) + windowMs - now) };
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
