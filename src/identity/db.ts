import type { Kysely } from 'kysely';
import type { IdentityTables } from './tables.ts';

/** The tables identity queries: its own only (it stands on the ground alone). */
export interface IdentitySchema extends IdentityTables {}
export type IdentityDb = Kysely<IdentitySchema>;

/** A wider database seen through identity's tables (Kysely's schema type is invariant). */
export const identityDb = <S extends IdentitySchema>(db: Kysely<S>): IdentityDb => db as unknown as IdentityDb;
