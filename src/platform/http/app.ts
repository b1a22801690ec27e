import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { DbHandle } from '../db/connection.ts';
import type { DataStatus } from '../import/status.ts';

// biome-ignore lint/suspicious/noExplicitAny: Fastify's server, request and reply types stay open
export type App = FastifyInstance<any, any, any, any, TypeBoxTypeProvider>;

/** What the app gives every module's routes: the database and the data status. */
export interface ServeContext {
  handle: DbHandle;
  /** Cached data status (sample or official data, last import), refreshed after each import. */
  status(): DataStatus;
  /** Everything every capability keeps about one account (the person's own download), by capability. */
  exportPersonalData(accountId: number): Promise<Record<string, unknown>>;
}
