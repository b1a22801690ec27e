import type { Config } from '../platform/config.ts';
import { connect, type DbHandle } from '../platform/db/connection.ts';
import { migrateToLatest } from '../platform/db/migrate.ts';
import { migrations } from './modules.ts';

/** Opens the configured database and brings its schema to the latest migration of every module. */
export async function openDatabase(config: Partial<Pick<Config, 'databaseUrl' | 'databaseReadUrl' | 'pgliteDir'>>): Promise<DbHandle> {
  const handle = await connect(config);
  await migrateToLatest(handle.db, migrations);
  return handle;
}
