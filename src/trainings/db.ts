import type { Kysely } from 'kysely';
import type { LabourMarketSchema } from '../labour-market/db.ts';
import type { TrainingTables } from './tables.ts';

/** The tables trainings queries: the offer, its search tables, and the floors below. */
export interface TrainingSchema extends LabourMarketSchema, TrainingTables {}
export type TrainingDb = Kysely<TrainingSchema>;

/**
 * The database of a higher floor seen through the tables trainings reads: Kysely's schema type is
 * invariant, so a wider schema is narrowed explicitly where a higher floor calls this one.
 */
export const trainingDb = <S extends TrainingSchema>(db: Kysely<S>): TrainingDb => db as unknown as TrainingDb;
