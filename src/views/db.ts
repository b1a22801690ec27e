import type { Kysely } from 'kysely';
import type { TrainingSchema } from '../trainings/db.ts';

/** The composite views (an occupation in a territory, a territory's portrait) read every floor below. */
export type ViewSchema = TrainingSchema;
export type ViewDb = Kysely<ViewSchema>;
