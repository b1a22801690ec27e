import { sql, type Kysely } from 'kysely';

export interface FileStatus {
  source: string;
  file: string;
  version: string;
  importedAt: Date;
  rowsRead: number;
  inserted: number;
  updated: number;
  deleted: number;
  rejected: number;
}

export interface DataStatus {
  /** True when the last import loaded the built-in example rows rather than official data. */
  sample: boolean;
  lastImport: Date | null;
  dataDir: string | null;
  /** The last import of each file. */
  files: FileStatus[];
}

export async function dataStatus(db: Kysely<any>): Promise<DataStatus> {
  const last = await db
    .selectFrom('import_run')
    .select(['finished_at', 'data_dir', 'sample'])
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  const files = await sql<FileStatus>`
    SELECT DISTINCT ON (f.file) f.source, f.file, f.version, r.finished_at AS "importedAt",
      f.rows_read AS "rowsRead", f.inserted, f.updated, f.deleted, f.rejected
    FROM import_file f JOIN import_run r ON r.id = f.run_id
    ORDER BY f.file, r.id DESC`.execute(db);
  return {
    sample: last?.sample ?? false,
    lastImport: last?.finished_at ?? null,
    dataDir: last?.data_dir ?? null,
    files: files.rows.sort((a, b) => a.source.localeCompare(b.source) || a.file.localeCompare(b.file)),
  };
}

/** The data version: the last import run (null before any), changed by every import. */
export async function dataVersion(db: Kysely<any>): Promise<number | null> {
  const { rows } = await sql<{ run: number | null }>`SELECT max(id) AS run FROM import_run`.execute(db);
  return rows[0]?.run ?? null;
}
