/** Kysely row types of the labour-market tables (see migrations.ts). */
export interface LabourMarketTables {}
