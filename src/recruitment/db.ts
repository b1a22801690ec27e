import type { Kysely } from 'kysely';
import type { IdentitySchema } from '../identity/index.ts';
import type { ReferentialSchema } from '../referentials/index.ts';
import type { RecruitmentTables } from './tables.ts';

/** The tables recruitment reads: its own, accounts and structures, communes, ROME appellations. */
export interface RecruitmentSchema extends RecruitmentTables, IdentitySchema, ReferentialSchema {}
export type RecruitmentDb = Kysely<RecruitmentSchema>;

/** A wider database seen through recruitment's schema (Kysely's schema type is invariant). */
export const recruitmentDb = <S extends RecruitmentSchema>(db: Kysely<S>): RecruitmentDb => db as unknown as RecruitmentDb;
