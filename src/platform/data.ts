import { fileURLToPath } from 'node:url';
import type { Kysely } from 'kysely';
import type { Database } from './db/database.ts';
import type { Config } from './config.ts';
import { runImport, type ImportResult } from './import/run.ts';
import { importSources } from './import/sources.ts';
import { silentProgress, type Progress } from './import/report.ts';
import { log } from './log.ts';

/** The project's own example rows, in the official formats, for a start without a bundle. */
export const SAMPLE_DIR = fileURLToPath(new URL('../../sample-data', import.meta.url));

export const SAMPLE_NOTICE =
  'Données d’exemple : cette instance n’a pas encore importé les données officielles. ' +
  'Pour les importer : `passerelles data import --from DOSSIER` (ou PASSERELLES_DATA_DIR au démarrage).';

export function importBundle(db: Kysely<Database>, dir: string, progress: Progress = silentProgress): Promise<ImportResult> {
  return runImport(db, dir, importSources, progress);
}

/**
 * First start: an empty database imports the bundle of PASSERELLES_DATA_DIR when set, otherwise the
 * built-in sample, so that the platform always answers something.
 */
export async function ensureData(db: Kysely<Database>, config: Pick<Config, 'dataDir'>, progress?: Progress): Promise<void> {
  const any = await db.selectFrom('import_run').select('id').limit(1).executeTakeFirst();
  if (any) return;
  if (config.dataDir) {
    log.info({ dir: config.dataDir }, 'base vide : import du lot de données');
    await importBundle(db, config.dataDir, progress);
  } else {
    log.warn(SAMPLE_NOTICE);
    await runImport(db, SAMPLE_DIR, importSources, progress, { sample: true });
  }
}
