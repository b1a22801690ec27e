import type { Kysely } from 'kysely';
import type { TrainingSchema } from '../trainings/db.ts';

/** Guidance has no table of its own: it reads every floor below. */
export type GuidanceSchema = TrainingSchema;
export type GuidanceDb = Kysely<GuidanceSchema>;
