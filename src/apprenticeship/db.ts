import type { Kysely } from 'kysely';
import type { TrainingSchema } from '../trainings/db.ts';
import type { ApprenticeshipTables } from './tables.ts';

/** The tables apprenticeship queries: its own and the floors below (the training offer, territories…). */
export interface ApprenticeshipSchema extends TrainingSchema, ApprenticeshipTables {}
export type ApprenticeshipDb = Kysely<ApprenticeshipSchema>;

/** A wider database seen through the tables apprenticeship reads (Kysely's schema type is invariant). */
export const apprenticeshipDb = <S extends ApprenticeshipSchema>(db: Kysely<S>): ApprenticeshipDb => db as unknown as ApprenticeshipDb;
