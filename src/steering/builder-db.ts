import type { Kysely } from 'kysely';
import type { FiguresSchema } from './figures-db.ts';

/**
 * The tables the builder reads: its own, the communes, EPCI and outlines of territories, and the
 * steering figures (a draft's indicators are computed with the check).
 */
export type BuilderSchema = FiguresSchema;
export type BuilderDb = Kysely<BuilderSchema>;

/** A wider database seen through the builder's tables (Kysely's schema type is invariant). */
export const builderDb = <S extends BuilderSchema>(db: Kysely<S>): BuilderDb => db as unknown as BuilderDb;
