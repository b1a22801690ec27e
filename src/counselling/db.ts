import type { Kysely } from 'kysely';
import type { IdentitySchema } from '../identity/index.ts';
import type { GuidanceSchema } from '../guidance/index.ts';
import type { CounsellingTables } from './tables.ts';

/** The tables counselling reads: its own, accounts and structures, and what guidance reads. */
export interface CounsellingSchema extends CounsellingTables, IdentitySchema, GuidanceSchema {}
export type CounsellingDb = Kysely<CounsellingSchema>;

export const counsellingDb = <S extends CounsellingSchema>(db: Kysely<S>): CounsellingDb => db as unknown as CounsellingDb;
