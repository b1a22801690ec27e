import type { Kysely } from 'kysely';
import type { IdentitySchema } from '../identity/index.ts';
import type { TrainingSchema } from '../trainings/db.ts';
import type { PushTables } from './push-tables.ts';

/** The tables the partner push reads: its own, the training offer and the accounts' structures. */
export interface PushSchema extends TrainingSchema, IdentitySchema, PushTables {}
export type PushDb = Kysely<PushSchema>;

/** A wider database seen through the push's tables (Kysely's schema type is invariant). */
export const pushDb = <S extends PushSchema>(db: Kysely<S>): PushDb => db as unknown as PushDb;
