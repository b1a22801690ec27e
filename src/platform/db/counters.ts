import { type Kysely, sql } from 'kysely';
import { Batcher } from '../batch.ts';

/** A count in a fixed window: how many hits the key had in this window, and when the window ends. */
export interface WindowCount {
  count: number;
  /** Milliseconds left in the window. */
  resetMs: number;
}

/**
 * Counts one hit for `key` in its window of `windowMs`, which starts at the key's first hit (as
 * @fastify/rate-limit's own store does), in the database so that every process and machine
 * serving the platform counts together: an upsert on an UNLOGGED table (rate_counter). Hits that
 * come while the previous upsert is in flight go together in the next one (Batcher): the count
 * stays exact. Old rows are removed by `forgetOldCounters`.
 */
// biome-ignore lint/suspicious/noExplicitAny: the ground's own table, on any capability's schema
export function countHit(db: Kysely<any>, key: string, windowMs: number): Promise<WindowCount> {
  let batcher = batchers.get(db);
  if (!batcher) batchers.set(db, (batcher = new Batcher((hits) => countHits(db, hits))));
  return batcher.do({ key, windowMs });
}

interface Hit {
  key: string;
  windowMs: number;
}

const batchers = new WeakMap<object, Batcher<Hit, WindowCount>>();

/** One upsert per window length (nearly always one): each key counted once with its number of hits. */
// biome-ignore lint/suspicious/noExplicitAny: see countHit
async function countHits(db: Kysely<any>, hits: Hit[]): Promise<WindowCount[]> {
  const now = Date.now();
  const out: WindowCount[] = [];
  for (const windowMs of new Set(hits.map((h) => h.windowMs))) {
    // The hits of each key, by their place in `hits`.
    const byKey = new Map<string, number[]>();
    hits.forEach((h, i) => {
      if (h.windowMs === windowMs) (byKey.get(h.key) ?? byKey.set(h.key, []).get(h.key)!).push(i);
    });
    const keys = [...byKey.keys()];
    const { rows } = await sql<{ key: string; count: number; window_start: number }>`
      INSERT INTO rate_counter AS c (key, window_start, count)
      SELECT k, ${now}::bigint, n FROM unnest(${keys}::text[], ${keys.map((k) => byKey.get(k)!.length)}::int[]) AS u(k, n)
      ON CONFLICT (key) DO UPDATE SET
        count = CASE WHEN c.window_start + ${windowMs} > EXCLUDED.window_start THEN c.count + EXCLUDED.count ELSE EXCLUDED.count END,
        window_start = CASE WHEN c.window_start + ${windowMs} > EXCLUDED.window_start THEN c.window_start ELSE EXCLUDED.window_start END
      RETURNING key, count, window_start`.execute(db);
    for (const row of rows) {
      const places = byKey.get(row.key)!;
      const resetMs = Math.max(0, Number(row.window_start) + windowMs - now);
      // The key's hits in the order they came: the last one sees the whole count.
      places.forEach((place, j) => {
        out[place] = { count: Number(row.count) - places.length + j + 1, resetMs };
      });
    }
  }
  return out;
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
