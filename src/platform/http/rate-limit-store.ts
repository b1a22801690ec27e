import type { FastifyRateLimitStore, FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import type { Kysely } from 'kysely';
import { countHit } from '../db/counters.ts';

/**
 * @fastify/rate-limit's store on the database's shared counters (src/platform/db/counters.ts):
 * one budget per client across every process and machine, where the plugin's default store
 * would give each process a budget of its own. A route with a limit of its own counts apart.
 */
// biome-ignore lint/suspicious/noExplicitAny: the ground's own table, on any capability's schema
export function sharedRateLimitStore(db: Kysely<any>): FastifyRateLimitStoreCtor {
  return class SharedStore implements FastifyRateLimitStore {
    readonly prefix: string;
    /** The plugin builds the global store with its options; `child` builds a route's with a prefix. */
    constructor(options: unknown) {
      this.prefix = typeof options === 'string' ? options : '';
    }
    incr(key: string, callback: (error: Error | null, result?: { current: number; ttl: number }) => void, timeWindow: number) {
      countHit(db, `${this.prefix}${key}`, timeWindow).then(
        ({ count, resetMs }) => callback(null, { current: count, ttl: resetMs }),
        (error: Error) => callback(error),
      );
    }
    child(params: Parameters<FastifyRateLimitStore['child']>[0]): FastifyRateLimitStore {
      // The plugin passes the route's merged limits, with the route under `routeInfo` (its types say otherwise).
      const route = (params as { routeInfo?: { method?: unknown; url?: string } }).routeInfo;
      return new SharedStore(`${String(route?.method ?? '')} ${route?.url ?? ''} `);
    }
  };
}
