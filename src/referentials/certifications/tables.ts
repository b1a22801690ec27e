/** Kysely row types of the certification tables (see migrations.ts). */
export interface CertificationTables {}
