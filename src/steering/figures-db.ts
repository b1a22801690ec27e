import type { Kysely } from 'kysely';
import type { ApprenticeshipSchema } from '../apprenticeship/index.ts';
import type { BuilderTables } from './builder-tables.ts';
import type { CoverageTables } from './coverage-tables.ts';
import type { FiguresTables } from './figures-tables.ts';

/**
 * The tables the steering figures read (indicators, training-map review, needs, report): the
 * steering tables and every floor below (territories, labour market, trainings, apprenticeship).
 */
export interface FiguresSchema extends ApprenticeshipSchema, CoverageTables, BuilderTables, FiguresTables {}
export type FiguresDb = Kysely<FiguresSchema>;

/** A wider database seen through the steering figures' tables (Kysely's schema type is invariant). */
export const figuresDb = <S extends FiguresSchema>(db: Kysely<S>): FiguresDb => db as unknown as FiguresDb;
