import { readConfig } from './config.ts';
import { openDatabase, type DbHandle } from './db/connection.ts';

/** Runs a CLI command against the configured database, closing it whatever happens. */
export async function withDb<T>(fn: (h: DbHandle) => Promise<T>): Promise<T> {
  const handle = await openDatabase(readConfig());
  try {
    return await fn(handle);
  } finally {
    await handle.close();
  }
}
