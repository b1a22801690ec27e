import path from 'node:path';

/** Runtime settings, read once from the environment (see README, "Configuration"). */
export interface Config {
  /** PostgreSQL connection string; when set it wins over the PGlite folder. */
  databaseUrl?: string;
  /** PGlite data folder; `memory://` keeps the database in memory (tests). */
  pgliteDir: string;
  /** A data bundle laid out like the official publications. */
  dataDir?: string;
  port: number;
  host: string;
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  return {
    databaseUrl: env.DATABASE_URL || undefined,
    pgliteDir: env.PASSERELLES_DB || path.resolve('var/db'),
    dataDir: env.PASSERELLES_DATA_DIR ? path.resolve(env.PASSERELLES_DATA_DIR) : undefined,
    port: Number(env.PORT || 3000),
    host: env.HOST || '0.0.0.0',
  };
}
