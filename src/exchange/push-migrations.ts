/** The partner push's tables: who owns which source, and every push with its report. */
import { sql, type Kysely, type Migration } from 'kysely';

export const pushMigrations: Record<string, Migration> = {
  '0100_exchange_push': {
    async up(db: Kysely<unknown>) {
      const ddl = [
        // A source belongs to one structure; its offers live in training_source / training_formation
        // under the same name (kind 'fichier': `data import` never retires it).
        sql`CREATE TABLE exchange_source (
          name text PRIMARY KEY,
          structure_id int NOT NULL REFERENCES structure(id) ON DELETE CASCADE,
          created_at timestamptz NOT NULL DEFAULT now())`,
        sql`CREATE INDEX exchange_source_structure ON exchange_source (structure_id)`,
        sql`CREATE TABLE exchange_push (
          id serial PRIMARY KEY,
          source text NOT NULL REFERENCES exchange_source(name) ON DELETE CASCADE,
          structure_id int NOT NULL REFERENCES structure(id) ON DELETE CASCADE,
          key_id int,
          account_id int REFERENCES account(id) ON DELETE SET NULL,
          at timestamptz NOT NULL DEFAULT now(),
          mode text NOT NULL CHECK (mode IN ('complet', 'une-offre')),
          accepted int NOT NULL,
          rejected int NOT NULL,
          warnings int NOT NULL,
          removed int NOT NULL,
          report jsonb NOT NULL,
          live int NOT NULL)`,
        sql`CREATE INDEX exchange_push_source ON exchange_push (source, id)`,
      ];
      for (const q of ddl) await q.execute(db);
    },
  },
};
