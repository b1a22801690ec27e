import type { Kysely } from 'kysely';
import type { PlatformTables } from '../platform/db/tables.ts';
import type { TerritoryTables } from './tables.ts';

/** The tables territories queries: its own and the import log. */
export interface TerritorySchema extends PlatformTables, TerritoryTables {}
export type TerritoryDb = Kysely<TerritorySchema>;

/**
 * The database of a higher floor seen through the tables territories reads: Kysely's schema type is
 * invariant, so a wider schema is narrowed explicitly where a higher floor calls this one.
 */
export const territoryDb = <S extends TerritorySchema>(db: Kysely<S>): TerritoryDb => db as unknown as TerritoryDb;
