import fs from 'node:fs';
import { sql, type Kysely, type Transaction } from 'kysely';
import { ImportError } from './errors.ts';
import { FileReport, silentProgress, type Progress } from './report.ts';

export interface ImportOptions {
  /** The project's example data: official-file floors do not apply, pages say it is a sample. */
  sample?: boolean;
  /** Lets a referential shrink by more than its declared share (a deliberate cut, not a truncated file). */
  allowShrink?: boolean;
  /** Retires the training sources that the bundle does not contain (by default they are kept). */
  replaceAll?: boolean;
}

export interface ImportContext {
  trx: Transaction<any>;
  /** The bundle folder. */
  dir: string;
  runId: number;
  progress: Progress;
  options: ImportOptions;
  /** Official data replaces the project's example: it may remove all of it. */
  replacesSample: boolean;
  /** Opens the report of one file (path relative to the bundle). */
  report(file: string, version: string): FileReport;
}

/** One kind of official data (ROME, ESCO, territories…) and how to import it from a bundle. */
export interface ImportSource {
  name: string;
  /** Whether the bundle holds this source's files. */
  present(dir: string): boolean;
  run(ctx: ImportContext): Promise<void>;
}

export interface ImportResult {
  runId: number;
  reports: FileReport[];
}

/**
 * Imports every source present in `dir`, in one transaction: either every file is taken or the
 * database is left exactly as it was. Sources run in the order given (later ones may check
 * references against earlier ones). A refused file throws an ImportError that carries the reports
 * of the files read before it (nothing of them was kept).
 */
/** The advisory lock key of imports (any constant; "import" in ASCII). */
export const IMPORT_LOCK = 0x696d706f7274;

export async function runImport(
  db: Kysely<any>,
  dir: string,
  sources: readonly ImportSource[],
  progress: Progress = silentProgress,
  options: ImportOptions = {},
): Promise<ImportResult> {
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) {
    throw new ImportError(dir, 0, 'dossier de données introuvable');
  }
  const started = new Date();
  const reports: FileReport[] = [];
  try {
    return await db.transaction().execute(async (trx) => {
      // One import at a time across every process and machine (a scheduled import, an operator's):
      // a second one is refused at once rather than left waiting on the first one's rows.
      const { rows } = await sql<{ locked: boolean }>`SELECT pg_try_advisory_xact_lock(${IMPORT_LOCK}) AS locked`.execute(trx);
      if (!rows[0].locked) throw new ImportError(dir, 0, 'un autre import est en cours sur cette base : réessayez quand il sera terminé');
      const last = await trx.selectFrom('import_run').select('sample').orderBy('id', 'desc').limit(1).executeTakeFirst();
      const { id: runId } = await trx
        .insertInto('import_run')
        .values({ started_at: started, finished_at: started, data_dir: dir, sample: options.sample ?? false })
        .returning('id')
        .executeTakeFirstOrThrow();
      let currentSource = '';
      const ctx: ImportContext = {
        trx,
        dir,
        runId,
        progress,
        options,
        replacesSample: last?.sample === true && !options.sample,
        report(file, version) {
          const r = new FileReport(currentSource, file, version);
          reports.push(r);
          return r;
        },
      };
      for (const source of sources) {
        if (!source.present(dir)) continue;
        currentSource = source.name;
        await source.run(ctx);
      }
      for (const r of reports) r.refuseIfNothingKept();
      progress.beforeCommit?.(reports);
      for (const r of reports) {
        await trx
          .insertInto('import_file')
          .values({
            run_id: runId,
            source: r.source,
            file: r.file,
            version: r.version,
            rows_read: r.read,
            inserted: r.inserted,
            updated: r.updated,
            deleted: r.deleted,
            rejected: r.rejected,
            rejects: JSON.stringify(r.rejects),
            notes: JSON.stringify([...r.notes, ...r.removals.map((x) => `retiré : ${x.count} ${x.what} (${x.why})`)]),
          })
          .execute();
      }
      await trx.updateTable('import_run').set({ finished_at: sql`now()` }).where('id', '=', runId).execute();
      return { runId, reports };
    });
  } catch (error) {
    if (error instanceof ImportError) error.reports = reports;
    throw error;
  }
}
