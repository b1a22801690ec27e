import type { Command } from 'commander';
import type { Migration } from 'kysely';
import type { WithDb } from './cli.ts';
import type { DbHandle } from './db/connection.ts';
import type { Authenticate } from './http/access.ts';
import type { App, ServeContext } from './http/app.ts';
import type { ImportSource } from './import/run.ts';
import type { PersonalData } from './personal-data.ts';

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
  /**
   * Who is calling: given by the one capability that knows accounts (identity), used by the
   * guard of every route that is not public (platform/http/access.ts).
   */
  authenticate?: (handle: DbHandle) => Authenticate;
  /** The personal data it keeps: each table's retention, and one account's data for its export. */
  personalData?: PersonalData;
  /** Its `passerelles` commands; `withDb` opens the app's database. */
  commands?: (program: Command, withDb: WithDb) => void;
}

export interface Refreshable {
  /** Reloads from the database if the data changed; true when it did. */
  refresh(): Promise<boolean | void>;
  /**
   * Reads ahead what pages ask of every occupation (fiches and their facts), one at a time, so that a
   * page never asked before costs only what depends on itself. The served platform runs it after it
   * listens and after each refresh (ServerOptions.warm); the tests' servers do not.
   */
  warm?(): Promise<void>;
  /**
   * After `warm`, the portal's pages that show what it read (one per fiche): the served platform
   * renders each once, so that what depends on the data alone is kept (web/fragments.ts).
   */
  pages?(): string[];
}
