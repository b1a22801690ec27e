import { sql, type Kysely, type Migration } from 'kysely';

export const identityMigrations: Record<string, Migration> = {
  '0040_identity': {
    async up(db: Kysely<any>) {
      await sql`CREATE TABLE structure (
        id serial PRIMARY KEY,
        name text NOT NULL,
        kind text NOT NULL CHECK (kind IN ('mission_locale', 'france_travail', 'cfa', 'entreprise', 'region', 'autre')),
        siret text UNIQUE CHECK (siret ~ '^[0-9]{14}$'),
        code text,
        created_at timestamptz NOT NULL DEFAULT now(),
        CHECK (siret IS NOT NULL OR code IS NOT NULL)
      )`.execute(db);
      await sql`CREATE TABLE account (
        id serial PRIMARY KEY,
        structure_id int REFERENCES structure(id),
        email text NOT NULL UNIQUE CHECK (email = lower(email)),
        display_name text NOT NULL,
        roles text[] NOT NULL CHECK (cardinality(roles) > 0),
        password_hash text,
        email_verified_at timestamptz,
        totp_secret text,
        totp_enabled_at timestamptz,
        totp_last_step bigint,
        created_at timestamptz NOT NULL DEFAULT now(),
        last_sign_in_at timestamptz
      )`.execute(db);
      await sql`CREATE INDEX account_structure ON account (structure_id)`.execute(db);
      await sql`CREATE TABLE session (
        key text PRIMARY KEY,
        account_id int NOT NULL REFERENCES account(id) ON DELETE CASCADE,
        created_at timestamptz NOT NULL DEFAULT now(),
        last_seen_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL,
        ip text NOT NULL,
        user_agent text NOT NULL
      )`.execute(db);
      await sql`CREATE INDEX session_account ON session (account_id)`.execute(db);
      await sql`CREATE TABLE form_token (
        key text PRIMARY KEY,
        binding text NOT NULL,
        expires_at timestamptz NOT NULL,
        used_at timestamptz
      )`.execute(db);
      await sql`CREATE TABLE account_token (
        key text PRIMARY KEY,
        account_id int NOT NULL REFERENCES account(id) ON DELETE CASCADE,
        purpose text NOT NULL CHECK (purpose IN ('verification', 'reinitialisation', 'invitation')),
        expires_at timestamptz NOT NULL,
        used_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      )`.execute(db);
      await sql`CREATE TABLE sign_in_failure (
        id bigserial PRIMARY KEY,
        subject text NOT NULL,
        at timestamptz NOT NULL
      )`.execute(db);
      await sql`CREATE INDEX sign_in_failure_subject ON sign_in_failure (subject, at)`.execute(db);
      await sql`CREATE TABLE outbox (
        id serial PRIMARY KEY,
        recipient text NOT NULL,
        subject text NOT NULL,
        body text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        sent_at timestamptz,
        attempts int NOT NULL DEFAULT 0,
        last_error text
      )`.execute(db);
      // Append-only: no UPDATE ever; DELETE only by the retention purge (which says so first).
      await sql`CREATE TABLE audit_event (
        id bigserial PRIMARY KEY,
        at timestamptz NOT NULL DEFAULT now(),
        actor_account_id int,
        actor_structure_id int,
        action text NOT NULL,
        subject_type text NOT NULL,
        subject_id text NOT NULL,
        purpose text NOT NULL,
        ip text
      )`.execute(db);
      await sql`CREATE INDEX audit_event_structure ON audit_event (actor_structure_id, at)`.execute(db);
      await sql`CREATE FUNCTION audit_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF TG_OP = 'DELETE' AND current_setting('passerelles.purge', true) = 'on' THEN RETURN OLD; END IF;
          RAISE EXCEPTION 'le journal des accès ne se modifie pas (%)', TG_OP;
        END $$`.execute(db);
      await sql`CREATE TRIGGER audit_event_append_only BEFORE UPDATE OR DELETE ON audit_event
        FOR EACH ROW EXECUTE FUNCTION audit_event_append_only()`.execute(db);
    },
  },
};
