import type { Migration } from 'kysely';

/** Labour-market tables: tensions, unemployment, outcomes (InserJeunes). Numbers 0030–0039. */
export const labourMarketMigrations: Record<string, Migration> = {};
