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
export async function connect(config: Partial<Pick<Config, 'databaseUrl' | 'pgliteDir'>>): Promise<DbHandle> {
  let handle: DbHandle;
  if (config.databaseUrl) {
    const pool = new pg.Pool({ connectionString: config.databaseUrl, max: 10 });
    // The server may close idle connections (restart, DROP DATABASE … WITH (FORCE)): without a
    // listener, pg re-emits that as an uncaught error and the process dies.
    pool.on('error', (error) => log.warn({ err: error.message }, 'connexion PostgreSQL inactive fermée'));
    const db = new Kysely<any>({ dialect: new PostgresDialect({ pool }) });
    handle = { db, kind: 'postgresql', pool, close: () => db.destroy() };
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
