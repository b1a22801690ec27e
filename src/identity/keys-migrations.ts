import { sql, type Kysely, type Migration } from 'kysely';

/** Partners' API keys (issue 14): the keys of a structure and their use per day. */
export const apiKeyMigrations: Record<string, Migration> = {
  '0041_api_keys': {
    async up(db: Kysely<any>) {
      await sql`CREATE TABLE api_key (
        id serial PRIMARY KEY,
        structure_id int NOT NULL REFERENCES structure(id) ON DELETE CASCADE,
        created_by int REFERENCES account(id) ON DELETE SET NULL,
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
        prefix text NOT NULL,
        hash text NOT NULL UNIQUE,
        scopes text[] NOT NULL CHECK (cardinality(scopes) > 0 AND scopes <@ ARRAY['read', 'push:offers', 'push:events']::text[]),
        quota_per_day int NOT NULL CHECK (quota_per_day > 0),
        rate_per_minute int NOT NULL CHECK (rate_per_minute > 0),
        created_at timestamptz NOT NULL DEFAULT now(),
        revoked_at timestamptz,
        last_used_at timestamptz
      )`.execute(db);
      await sql`CREATE INDEX api_key_structure ON api_key (structure_id)`.execute(db);
      await sql`CREATE TABLE api_key_usage (
        key_id int NOT NULL REFERENCES api_key(id) ON DELETE CASCADE,
        day date NOT NULL,
        count int NOT NULL CHECK (count >= 0),
        PRIMARY KEY (key_id, day)
      )`.execute(db);
    },
  },
};
