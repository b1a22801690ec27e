import type { Migration } from 'kysely';

/** Certif Info certifications and BCN diplomas. Numbers 0020–0029. */
export const certificationMigrations: Record<string, Migration> = {};
