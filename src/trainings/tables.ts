/** Kysely row types of the training offer tables (see migrations.ts). */
export interface TrainingTables {}
