import type { Command } from 'commander';
import type { Migration } from 'kysely';
import type { WithDb } from './cli.ts';
import type { App, ServeContext } from './http/app.ts';
import type { ImportSource } from './import/run.ts';

/**
 * What a capability brings to the house. `src/app/modules.ts` lists the modules in their order;
 * the app applies their migrations, imports their sources, serves their routes, adds their
 * commands, and refreshes their in-memory indexes when the data changes.
 */
export interface Module {
  name: string;
  /** Named with a global sequence number (`0031_…`), never edited once applied. */
  migrations?: Record<string, Migration>;
  /** Official files it imports from a bundle, in order. */
  sources?: readonly ImportSource[];
  /**
   * Registers its HTTP routes, with the in-memory indexes they need (built here, from the
   * database); returns those indexes so that the app rebuilds them after every import.
   */
  serve?: (app: App, ctx: ServeContext) => Promise<Refreshable[] | void> | void;
  /** Its `passerelles` commands; `withDb` opens the app's database. */
  commands?: (program: Command, withDb: WithDb) => void;
}

export interface Refreshable {
  /** Reloads from the database if the data changed; true when it did. */
  refresh(): Promise<boolean | void>;
}
