import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Kysely } from 'kysely';
import type { Config } from '../platform/config.ts';
import { runImport, type ImportOptions, type ImportResult } from '../platform/import/run.ts';
import { importSources } from './modules.ts';
import { silentProgress, type Progress } from '../platform/import/report.ts';
import { log } from '../platform/log.ts';
import { ImportError } from '../platform/import/errors.ts';

/** The project's own example rows, in the official formats, for a start without a bundle. */
export const SAMPLE_DIR = fileURLToPath(new URL('../../sample-data', import.meta.url));

export const SAMPLE_NOTICE =
  'Données d’exemple : cette instance n’a pas encore importé les données officielles. ' +
  'Pour les importer : `passerelles data import --from DOSSIER` (ou PASSERELLES_DATA_DIR au démarrage).';

export interface BundleImportOptions extends ImportOptions {
  /** Only these sources (by name), e.g. ['rome', 'esco']; every source the bundle holds otherwise. */
  only?: readonly string[];
}

/** Imports a bundle; the project's own sample folder is always imported as a sample. */
export function importBundle(
  db: Kysely<any>,
  dir: string,
  progress: Progress = silentProgress,
  options: BundleImportOptions = {},
): Promise<ImportResult> {
  const { only, ...rest } = options;
  const unknown = only?.filter((name) => !importSources.some((s) => s.name === name)) ?? [];
  if (unknown.length) {
    throw new ImportError(
      dir,
      0,
      `source(s) inconnue(s) : ${unknown.join(', ')} (connues : ${importSources.map((s) => s.name).join(', ')})`,
    );
  }
  const sources = only ? importSources.filter((s) => only.includes(s.name)) : importSources;
  return runImport(db, dir, sources, progress, { ...rest, sample: rest.sample || path.resolve(dir) === SAMPLE_DIR });
}

/**
 * First start: an empty database imports the bundle of PASSERELLES_DATA_DIR when set, otherwise the
 * built-in sample, so that the platform always answers something.
 */
export async function ensureData(db: Kysely<any>, config: Pick<Config, 'dataDir'>, progress?: Progress): Promise<void> {
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
