import fs from 'node:fs';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { PGlite } from '@electric-sql/pglite';
import { createPgConfig } from '@electric-sql/pglite/node-postgres';
import { unaccent } from '@electric-sql/pglite/contrib/unaccent';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import type { Config } from '../config.ts';
import { log } from '../log.ts';

/**
 * An open database. The ground does not know the schema: each capability types its queries with
 * its own tables (its db.ts), and the app migrates the whole (src/app/database.ts).
 */
export interface DbHandle {
  // biome-ignore lint/suspicious/noExplicitAny: typed by each capability on its own tables
  db: Kysely<any>;
  /**
   * Where the public searches of imported data read: a replica's pool when DATABASE_READ_URL is
   * set, else `db` itself. Never for what a person has just written (sessions, accounts): a
   * replica may lag.
   */
  // biome-ignore lint/suspicious/noExplicitAny: as `db`
  read: Kysely<any>;
  kind: 'pglite' | 'postgresql';
  /** The connection pool under `db` (its counts are exported as metrics: src/platform/http/metrics.ts). */
  pool?: Pick<pg.Pool, 'totalCount' | 'idleCount' | 'waitingCount' | 'options'>;
  /** The embedded instance on PGlite: what a consistent backup of the open folder is taken from (src/platform/db/backup.ts). */
  pglite?: PGlite;
  close(): Promise<void>;
}

// PostgreSQL returns bigint (count(*)) as text by default; our counts fit in a JS number.
pg.types.setTypeParser(20, (v) => Number(v));
pg.types.setTypeParser(1700, (v) => Number(v));

/**
 * Connects to the database named by the configuration (PostgreSQL when `databaseUrl` is set,
 * otherwise PGlite in `pgliteDir`), without touching its schema.
 */
export async function connect(config: Partial<Pick<Config, 'databaseUrl' | 'databaseReadUrl' | 'pgliteDir'>>): Promise<DbHandle> {
  let handle: DbHandle;
  if (config.databaseUrl) {
    const pool = postgresPool(config.databaseUrl);
    const db = new Kysely<any>({ dialect: new PostgresDialect({ pool }) });
    const read = config.databaseReadUrl
      ? new Kysely<any>({ dialect: new PostgresDialect({ pool: postgresPool(config.databaseReadUrl) }) })
      : db;
    handle = {
      db,
      read,
      kind: 'postgresql',
      pool,
      close: async () => {
        if (read !== db) await read.destroy();
        await db.destroy();
      },
    };
  } else {
    const dir = config.pgliteDir ?? 'memory://';
    if (!dir.startsWith('memory://')) fs.mkdirSync(dir, { recursive: true });
    const pglite = await PGlite.create(dir, {
      extensions: { unaccent, pg_trgm },
      // PostgreSQL's default 128 MB of shared buffers live in the WebAssembly heap, on top of the
      // operating system's file cache that PGlite reads through anyway: 32 MB cuts peak RSS by
      // ~90 MB (bench:import, bench:lheo) at the same speed.
      startParams: [...PGlite.defaultStartParams, '-c', 'shared_buffers=32MB'],
    });
    const pool = new pg.Pool(createPgConfig(pglite) as pg.PoolConfig);
    const db = new Kysely<any>({ dialect: new PostgresDialect({ pool }) });
    handle = {
      db,
      read: db,
      kind: 'pglite',
      pool,
      pglite,
      close: async () => {
        await db.destroy();
        await pglite.close();
      },
    };
  }
  return handle;
}

/**
 * How long a request waits for a connection, new or from the pool, before it is refused (503,
 * src/platform/http/errors.ts): a server that is down, restarting or unreachable answers fast
 * instead of holding requests until the operating system gives up on TCP.
 */
export const CONNECT_TIMEOUT_MS = 5000;

function postgresPool(connectionString: string): pg.Pool {
  // No statement timeout: imports, migrations and backups run long statements on the same pools.
  const pool = new pg.Pool({
    connectionString,
    max: 10,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    // A peer gone without a word (network cut) is noticed by TCP keepalives, not never.
    keepAlive: true,
    application_name: 'passerelles',
  });
  // The server may close idle connections (restart, DROP DATABASE … WITH (FORCE)): without a
  // listener, pg re-emits that as an uncaught error and the process dies.
  pool.on('error', (error) => log.warn({ err: error.message }, 'connexion PostgreSQL inactive fermée'));
  // A connection lent out but between two queries (a transaction, getFiche's connection) has no
  // listener of the pool's: a server stopping then (57P01) would kill the process. Its next query
  // fails instead (a 503), and the pool drops it when it comes back.
  pool.on('connect', (client) => client.on('error', () => {}));
  return pool;
}

/** Network failures of a connection: the server is down, restarting, or out of reach. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
]);
/**
 * SQLSTATEs of a server that cannot serve now: class 08 (connection exception), 57P01
 * admin_shutdown, 57P02 crash_shutdown, 57P03 cannot_connect_now (starting or stopping), 53300
 * too_many_connections.
 */
const UNAVAILABLE_STATES = /^(08...|57P0[123]|53300)$/;
/** What pg and pg-pool say when a connection breaks or cannot be had in time (they set no code). */
const UNAVAILABLE_MESSAGES =
  /^(Connection terminated unexpectedly|Connection terminated due to connection timeout|timeout exceeded when trying to connect|Client has encountered a connection error and is not queryable)/;

/**
 * Whether an error means "the database cannot be reached now" (a 503 the client may retry),
 * rather than a fault of the query or of the code. Follows `cause` and the attempts of an
 * AggregateError (a host name with several addresses).
 */
export function databaseUnavailable(error: unknown, depth = 0): boolean {
  if (!(error instanceof Error) || depth > 4) return false;
  const { code, syscall } = error as { code?: unknown; syscall?: unknown };
  if (typeof code === 'string') {
    if (NETWORK_CODES.has(code) || UNAVAILABLE_STATES.test(code)) return true;
    // A PostgreSQL socket file that is not there (socket: URLs), not any file.
    if (code === 'ENOENT' && syscall === 'connect') return true;
  }
  if (UNAVAILABLE_MESSAGES.test(error.message)) return true;
  if (error instanceof AggregateError && error.errors.some((e) => databaseUnavailable(e, depth + 1))) return true;
  return databaseUnavailable(error.cause, depth + 1);
}
