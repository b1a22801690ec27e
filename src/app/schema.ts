import type { GuidanceSchema } from '../guidance/db.ts';

/**
 * Kysely's view of the whole schema: every capability's tables, each declared next to its
 * migrations (`tables.ts`) and gathered floor by floor in the capabilities' `db.ts`.
 */
export type Database = GuidanceSchema;
