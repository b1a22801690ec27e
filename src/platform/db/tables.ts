import type { ColumnType, Generated } from 'kysely';

/** The import log, the only tables of the ground (every capability's import writes them). */
type Json = ColumnType<unknown, string, string>;

export interface PlatformTables {
  import_run: {
    id: Generated<number>;
    started_at: Date;
    finished_at: ColumnType<Date, Date | undefined, unknown>;
    data_dir: string;
    sample: ColumnType<boolean, boolean | undefined, boolean>;
  };
  import_file: {
    run_id: number;
    source: string;
    file: string;
    version: string;
    rows_read: number;
    inserted: number;
    updated: number;
    deleted: number;
    rejected: number;
    rejects: Json;
    notes: Json;
  };
}
