import type { Kysely } from 'kysely';
import type { TerritorySchema } from '../territories/db.ts';
import type { CertificationTables } from './certifications/tables.ts';
import type { ReferentialTables } from './tables.ts';

/** The tables referentials query: ROME, ESCO, certifications, and the floors below. */
export interface ReferentialSchema extends TerritorySchema, ReferentialTables, CertificationTables {}
export type ReferentialDb = Kysely<ReferentialSchema>;

/**
 * The database of a higher floor seen through the tables referentials read: Kysely's schema type is
 * invariant, so a wider schema is narrowed explicitly where a higher floor calls this one.
 */
export const referentialDb = <S extends ReferentialSchema>(db: Kysely<S>): ReferentialDb => db as unknown as ReferentialDb;
