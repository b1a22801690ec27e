import type { Kysely } from 'kysely';
import type { ReferentialSchema } from '../referentials/db.ts';
import type { LabourMarketTables } from './tables.ts';

/** The tables labour-market queries: its own and the floors below. */
export interface LabourMarketSchema extends ReferentialSchema, LabourMarketTables {}
export type LabourMarketDb = Kysely<LabourMarketSchema>;

/**
 * The database of a higher floor seen through the tables labour-market reads: Kysely's schema type is
 * invariant, so a wider schema is narrowed explicitly where a higher floor calls this one.
 */
export const labourMarketDb = <S extends LabourMarketSchema>(db: Kysely<S>): LabourMarketDb => db as unknown as LabourMarketDb;
