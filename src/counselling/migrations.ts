import { sql, type Kysely, type Migration } from 'kysely';

export const counsellingMigrations: Record<string, Migration> = {
  '0080_counselling': {
    async up(db: Kysely<any>) {
      const ddl = [
        // Every table of a person hangs from `beneficiary` ON DELETE CASCADE: erasing the row
        // erases the person everywhere; only the audit log keeps that it happened.
        sql`CREATE TABLE beneficiary (
          id serial PRIMARY KEY,
          structure_id int NOT NULL REFERENCES structure(id),
          first_name text NOT NULL CHECK (length(first_name) BETWEEN 1 AND 60),
          initial text CHECK (length(initial) <= 2),
          commune text,
          age_bracket text NOT NULL CHECK (age_bracket IN ('moins-de-18', '18-25', '26-44', '45-plus')),
          status text NOT NULL CHECK (status IN ('jeune', 'demandeur', 'salarie')),
          purpose text NOT NULL,
          consent_at timestamptz NOT NULL,
          consent_version text NOT NULL,
          consent_by int REFERENCES account(id) ON DELETE SET NULL,
          created_by int REFERENCES account(id) ON DELETE SET NULL,
          created_at timestamptz NOT NULL DEFAULT now(),
          updated_at timestamptz NOT NULL DEFAULT now()
        )`,
        sql`CREATE INDEX beneficiary_structure ON beneficiary (structure_id, updated_at DESC)`,
        sql`CREATE TABLE beneficiary_profile (
          beneficiary_id int PRIMARY KEY REFERENCES beneficiary(id) ON DELETE CASCADE,
          occupations text[] NOT NULL DEFAULT '{}',
          exclude text[] NOT NULL DEFAULT '{}',
          skills text[] NOT NULL DEFAULT '{}',
          esco text[] NOT NULL DEFAULT '{}',
          updated_at timestamptz NOT NULL DEFAULT now()
        )`,
        sql`CREATE TABLE beneficiary_simulation (
          id serial PRIMARY KEY,
          beneficiary_id int NOT NULL REFERENCES beneficiary(id) ON DELETE CASCADE,
          label text NOT NULL,
          input jsonb NOT NULL,
          result jsonb NOT NULL,
          data_version int,
          created_by int REFERENCES account(id) ON DELETE SET NULL,
          created_at timestamptz NOT NULL DEFAULT now()
        )`,
        sql`CREATE INDEX beneficiary_simulation_beneficiary ON beneficiary_simulation (beneficiary_id)`,
        sql`CREATE TABLE plan_step (
          id serial PRIMARY KEY,
          beneficiary_id int NOT NULL REFERENCES beneficiary(id) ON DELETE CASCADE,
          kind text NOT NULL CHECK (kind IN ('immersion', 'formation', 'vae', 'bloc', 'recherche', 'rendez-vous')),
          title text NOT NULL,
          due_date date,
          status text NOT NULL DEFAULT 'a-faire' CHECK (status IN ('a-faire', 'en-cours', 'fait', 'abandonne')),
          notes text NOT NULL DEFAULT '',
          updated_at timestamptz NOT NULL DEFAULT now()
        )`,
        sql`CREATE INDEX plan_step_beneficiary ON plan_step (beneficiary_id, due_date)`,
        sql`CREATE TABLE beneficiary_link (
          id serial PRIMARY KEY,
          beneficiary_id int NOT NULL REFERENCES beneficiary(id) ON DELETE CASCADE,
          key text NOT NULL UNIQUE,
          expires_at timestamptz NOT NULL,
          revoked_at timestamptz,
          created_by int REFERENCES account(id) ON DELETE SET NULL,
          created_at timestamptz NOT NULL DEFAULT now()
        )`,
        sql`CREATE TABLE referral (
          id serial PRIMARY KEY,
          beneficiary_id int NOT NULL REFERENCES beneficiary(id) ON DELETE CASCADE,
          from_structure int NOT NULL REFERENCES structure(id),
          to_structure int NOT NULL REFERENCES structure(id),
          project text NOT NULL,
          consent_at timestamptz NOT NULL,
          status text NOT NULL DEFAULT 'soumis' CHECK (status IN ('soumis', 'valide', 'refuse')),
          reason text,
          created_by int REFERENCES account(id) ON DELETE SET NULL,
          created_at timestamptz NOT NULL DEFAULT now(),
          decided_by int REFERENCES account(id) ON DELETE SET NULL,
          decided_at timestamptz,
          CHECK (from_structure <> to_structure)
        )`,
        sql`CREATE INDEX referral_to ON referral (to_structure, status)`,
      ];
      for (const q of ddl) await q.execute(db);
    },
  },
};
