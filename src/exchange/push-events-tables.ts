/** The tables of the partners' event push (migration 0106_exchange_event_push, push-events-migrations.ts). */
import type { ColumnType, Generated, Kysely } from 'kysely';
import type { AgendaSchema } from '../agenda/index.ts';
import type { AgendaTables } from '../agenda/tables.ts';
import type { PushSchema } from './push-db.ts';
import type { EventPushItem, EventPushMode } from './push-contract.ts';

type CreatedAt = ColumnType<Date, Date | string | undefined, never>;

export interface PushEventTables {
  /** The agenda's events, with the push source and the partner's identifier of a pushed one. */
  agenda_event: AgendaTables['agenda_event'] & {
    push_source: string | null;
    push_id: string | null;
  };
  /** One event push and its report, kept for the provider's history. */
  exchange_event_push: {
    id: Generated<number>;
    source: string;
    structure_id: number;
    key_id: number | null;
    account_id: number | null;
    at: CreatedAt;
    mode: EventPushMode;
    accepted: number;
    rejected: number;
    warnings: number;
    removed: number;
    report: ColumnType<EventPushItem[], string, string>;
    live: number;
  };
}

/** What the event push reads: the push's sources, the agenda (with the push columns) and the communes. */
export type PushEventSchema = Omit<PushSchema & AgendaSchema, 'agenda_event'> & PushEventTables;
export type PushEventDb = Kysely<PushEventSchema>;

/** A wider database seen through the event push's tables (Kysely's schema type is invariant). */
export const pushEventDb = <S extends object>(db: Kysely<S>): PushEventDb => db as unknown as PushEventDb;
