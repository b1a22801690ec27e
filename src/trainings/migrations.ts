import type { Migration } from 'kysely';

/** Training offer tables (LHEO 2.3 model). Numbers 0010–0019. */
export const trainingMigrations: Record<string, Migration> = {};
