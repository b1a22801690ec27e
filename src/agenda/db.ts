import type { Kysely } from 'kysely';
import type { TerritorySchema } from '../territories/index.ts';
import type { IdentitySchema } from '../identity/index.ts';
import type { AgendaTables } from './tables.ts';

/** The tables the agenda reads: its own, the communes (places) and the structures (who entered an event). */
export interface AgendaSchema extends TerritorySchema, IdentitySchema, AgendaTables {}
export type AgendaDb = Kysely<AgendaSchema>;

/** A wider database seen through the agenda's tables (Kysely's schema type is invariant). */
export const agendaDb = <S extends AgendaSchema>(db: Kysely<S>): AgendaDb => db as unknown as AgendaDb;
