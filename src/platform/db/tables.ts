import type { ColumnType, Generated } from 'kysely';

/** The tables of the ground: the import log (every capability's import writes it) and the state the processes share. */
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
  rate_counter: {
    key: string;
    window_start: number;
    count: number;
  };
  scheduled_job: {
    name: string;
    next_run: Date;
    lease_until: Date | null;
    claim: string | null;
    last_started: Date | null;
    last_finished: Date | null;
    last_error: string | null;
  };
}
