import { sql, type Kysely, type Migration } from 'kysely';

export const recruitmentMigrations: Record<string, Migration> = {
  '0070_recruitment': {
    async up(db: Kysely<any>) {
      const ddl = [
        // Offers of apprenticeship contracts. The commune is an INSEE code checked on write (no
        // foreign key: the communes are replaced by each territories import).
        sql`CREATE TABLE recruitment_offer (
          id serial PRIMARY KEY,
          structure_id int NOT NULL REFERENCES structure(id),
          created_by int REFERENCES account(id) ON DELETE SET NULL,
          company text NOT NULL,
          company_siret text CHECK (company_siret ~ '^[0-9]{14}$'),
          appellation text NOT NULL,
          rome text NOT NULL,
          title text NOT NULL,
          description text NOT NULL,
          commune text NOT NULL,
          start_date date NOT NULL,
          diploma text NOT NULL,
          level int CHECK (level BETWEEN 3 AND 8),
          rhythm text NOT NULL,
          places int NOT NULL CHECK (places BETWEEN 1 AND 50),
          state text NOT NULL DEFAULT 'publiee' CHECK (state IN ('publiee', 'pourvue', 'retiree', 'moderee')),
          created_at timestamptz NOT NULL DEFAULT now(),
          updated_at timestamptz NOT NULL DEFAULT now(),
          fts tsvector NOT NULL DEFAULT ''::tsvector
        )`,
        // The French vector the text search matches (same configuration as the training offer).
        sql`CREATE FUNCTION recruitment_offer_fts() RETURNS trigger LANGUAGE plpgsql AS $$
          BEGIN
            NEW.fts := setweight(to_tsvector('fr', NEW.title), 'A')
              || setweight(to_tsvector('fr', NEW.company || ' ' || NEW.diploma), 'B')
              || setweight(to_tsvector('fr', NEW.description), 'C');
            RETURN NEW;
          END $$`,
        sql`CREATE TRIGGER recruitment_offer_fts BEFORE INSERT OR UPDATE ON recruitment_offer
          FOR EACH ROW EXECUTE FUNCTION recruitment_offer_fts()`,
        sql`CREATE INDEX recruitment_offer_fts_idx ON recruitment_offer USING gin (fts)`,
        sql`CREATE INDEX recruitment_offer_structure ON recruitment_offer (structure_id)`,
        sql`CREATE TABLE recruitment_profile (
          account_id int PRIMARY KEY REFERENCES account(id) ON DELETE CASCADE,
          commune text,
          mobility_km int NOT NULL DEFAULT 30 CHECK (mobility_km BETWEEN 1 AND 200),
          romes text[] NOT NULL DEFAULT '{}',
          level int CHECK (level BETWEEN 3 AND 8),
          available_from date,
          presentation text NOT NULL DEFAULT '',
          visible boolean NOT NULL DEFAULT false,
          updated_at timestamptz NOT NULL DEFAULT now()
        )`,
        // The CV lives in the database, never under the web root: only the routes that check who
        // asks can read it.
        sql`CREATE TABLE recruitment_cv (
          account_id int PRIMARY KEY REFERENCES account(id) ON DELETE CASCADE,
          filename text NOT NULL,
          bytes bytea NOT NULL,
          size int NOT NULL,
          sha256 text NOT NULL,
          uploaded_at timestamptz NOT NULL DEFAULT now()
        )`,
        sql`CREATE TABLE recruitment_application (
          id serial PRIMARY KEY,
          offer_id int NOT NULL REFERENCES recruitment_offer(id) ON DELETE CASCADE,
          candidate_id int NOT NULL REFERENCES account(id) ON DELETE CASCADE,
          message text NOT NULL,
          cv_filename text,
          cv_bytes bytea,
          status text NOT NULL DEFAULT 'envoyee' CHECK (status IN ('envoyee', 'lue', 'entretien', 'acceptee', 'refusee')),
          created_at timestamptz NOT NULL DEFAULT now(),
          answered_at timestamptz,
          reminders int NOT NULL DEFAULT 0,
          last_reminder_at timestamptz,
          UNIQUE (offer_id, candidate_id)
        )`,
        sql`CREATE INDEX recruitment_application_candidate ON recruitment_application (candidate_id)`,
        sql`CREATE TABLE recruitment_application_event (
          id serial PRIMARY KEY,
          application_id int NOT NULL REFERENCES recruitment_application(id) ON DELETE CASCADE,
          status text NOT NULL,
          reason text,
          by_account int REFERENCES account(id) ON DELETE SET NULL,
          at timestamptz NOT NULL DEFAULT now()
        )`,
        sql`CREATE INDEX recruitment_application_event_application ON recruitment_application_event (application_id)`,
        sql`CREATE TABLE recruitment_report (
          id serial PRIMARY KEY,
          offer_id int NOT NULL REFERENCES recruitment_offer(id) ON DELETE CASCADE,
          reporter_id int REFERENCES account(id) ON DELETE SET NULL,
          reason text NOT NULL,
          details text NOT NULL,
          created_at timestamptz NOT NULL DEFAULT now(),
          decided_at timestamptz,
          decision text CHECK (decision IN ('maintenue', 'retiree')),
          decided_by int REFERENCES account(id) ON DELETE SET NULL
        )`,
      ];
      for (const q of ddl) await q.execute(db);
    },
  },
};
