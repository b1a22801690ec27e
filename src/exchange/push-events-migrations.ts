/**
 * Agenda events pushed by partners (issue 14): an event of agenda_event belongs to a push source
 * and carries the partner's own identifier there (push_source, push_id), so that a re-push finds
 * it again and a whole-set push retires only that source's events. The agenda itself never reads
 * these columns: for it, a pushed event is one its structure entered (structure_id set).
 */
import { sql, type Kysely, type Migration } from 'kysely';

export const pushEventMigrations: Record<string, Migration> = {
  '0106_exchange_event_push': {
    async up(db: Kysely<unknown>) {
      const ddl = [
        sql`ALTER TABLE agenda_event
          ADD COLUMN push_source text REFERENCES exchange_source(name) ON DELETE CASCADE,
          ADD COLUMN push_id text,
          ADD CONSTRAINT agenda_event_push_pair CHECK ((push_source IS NULL) = (push_id IS NULL)),
          ADD CONSTRAINT agenda_event_push_owner CHECK (push_source IS NULL OR structure_id IS NOT NULL)`,
        sql`CREATE UNIQUE INDEX agenda_event_push_key ON agenda_event (push_source, push_id)`,
        sql`CREATE TABLE exchange_event_push (
          id serial PRIMARY KEY,
          source text NOT NULL REFERENCES exchange_source(name) ON DELETE CASCADE,
          structure_id int NOT NULL REFERENCES structure(id) ON DELETE CASCADE,
          key_id int,
          account_id int REFERENCES account(id) ON DELETE SET NULL,
          at timestamptz NOT NULL DEFAULT now(),
          mode text NOT NULL CHECK (mode IN ('complet', 'un-evenement')),
          accepted int NOT NULL,
          rejected int NOT NULL,
          warnings int NOT NULL,
          removed int NOT NULL,
          report jsonb NOT NULL,
          live int NOT NULL)`,
        sql`CREATE INDEX exchange_event_push_source ON exchange_event_push (source, id)`,
      ];
      for (const q of ddl) await q.execute(db);
    },
  },
};
