/** The tables of the partner push (migration 0100_exchange_push, push-migrations.ts). */
import type { ColumnType, Generated } from 'kysely';
import type { PushOfferReport } from './push-contract.ts';

type CreatedAt = ColumnType<Date, Date | string | undefined, never>;

export interface PushTables {
  /** A training source a structure pushes its offers into (its name is training_source.name). */
  exchange_source: {
    name: string;
    structure_id: number;
    created_at: CreatedAt;
  };
  /** One push and its report, kept for the provider's history. */
  exchange_push: {
    id: Generated<number>;
    source: string;
    structure_id: number;
    key_id: number | null;
    account_id: number | null;
    at: CreatedAt;
    mode: 'complet' | 'une-offre';
    accepted: number;
    rejected: number;
    warnings: number;
    removed: number;
    report: ColumnType<PushOfferReport[], string, string>;
    live: number;
  };
}
