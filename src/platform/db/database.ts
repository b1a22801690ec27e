import type { ColumnType, Generated } from 'kysely';
import type { ReferentialTables } from '../../referentials/tables.ts';
import type { TerritoryTables } from '../../territories/tables.ts';
import type { TrainingTables } from '../../trainings/tables.ts';
import type { CertificationTables } from '../../referentials/certifications/tables.ts';
import type { LabourMarketTables } from '../../labour-market/tables.ts';

/**
 * Kysely's view of the schema. Each capability's tables are declared next to its migrations;
 * this file only puts them together.
 */
export interface Database
  extends PlatformTables, ReferentialTables, TerritoryTables, TrainingTables, CertificationTables, LabourMarketTables {}

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
