import type { Kysely } from 'kysely';
import type { TerritorySchema } from '../territories/index.ts';
import type { CoverageTables } from './coverage-tables.ts';

/** The tables coverage reads: its counselling points, the communes (population, centre, outline). */
export interface CoverageSchema extends TerritorySchema, CoverageTables {}
export type CoverageDb = Kysely<CoverageSchema>;

/** A wider database seen through coverage's tables (Kysely's schema type is invariant). */
export const coverageDb = <S extends CoverageSchema>(db: Kysely<S>): CoverageDb => db as unknown as CoverageDb;
