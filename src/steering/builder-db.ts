import type { Kysely } from 'kysely';
import type { TerritorySchema } from '../territories/index.ts';
import type { BuilderTables } from './builder-tables.ts';

/** The tables the builder reads: its own, the communes, EPCI and outlines of territories. */
export interface BuilderSchema extends TerritorySchema, BuilderTables {}
export type BuilderDb = Kysely<BuilderSchema>;

/** A wider database seen through the builder's tables (Kysely's schema type is invariant). */
export const builderDb = <S extends BuilderSchema>(db: Kysely<S>): BuilderDb => db as unknown as BuilderDb;
