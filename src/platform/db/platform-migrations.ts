import { sql, type Kysely, type Migration } from 'kysely';

export const platformMigrations: Record<string, Migration> = {
  '0001_platform': {
    async up(db: Kysely<any>) {
      await sql`CREATE EXTENSION IF NOT EXISTS unaccent`.execute(db);
      await sql`CREATE EXTENSION IF NOT EXISTS pg_trgm`.execute(db);
      // unaccent() is only STABLE; indexes and generated columns need an IMMUTABLE wrapper.
      await sql`CREATE OR REPLACE FUNCTION f_unaccent(text) RETURNS text
        LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
        AS $$ SELECT public.unaccent('public.unaccent'::regdictionary, $1) $$`.execute(db);
      // French stemming on accent-folded words: "électricienne" and "electricienne" meet.
      await sql`CREATE TEXT SEARCH CONFIGURATION fr (COPY = french)`.execute(db);
      await sql`ALTER TEXT SEARCH CONFIGURATION fr
        ALTER MAPPING FOR hword, hword_part, word WITH unaccent, french_stem`.execute(db);

      // One row per run of `passerelles data import` that committed.
      await sql`CREATE TABLE import_run (
        id serial PRIMARY KEY,
        started_at timestamptz NOT NULL,
        finished_at timestamptz NOT NULL,
        data_dir text NOT NULL,
        -- true when the run loaded the project's built-in example rows, not official data
        sample boolean NOT NULL DEFAULT false
      )`.execute(db);
      // What each run did with each file: the report a user reads in `data status`.
      await sql`CREATE TABLE import_file (
        run_id int NOT NULL REFERENCES import_run(id) ON DELETE CASCADE,
        source text NOT NULL,
        file text NOT NULL,
        version text NOT NULL,
        rows_read int NOT NULL,
        inserted int NOT NULL,
        updated int NOT NULL,
        deleted int NOT NULL,
        rejected int NOT NULL,
        rejects jsonb NOT NULL DEFAULT '[]',
        notes jsonb NOT NULL DEFAULT '[]',
        PRIMARY KEY (run_id, file)
      )`.execute(db);
    },
  },
  // What the processes serving the platform share (issue 15): nothing one process needs of
  // another lives in its memory. Counters are UNLOGGED (no WAL: a crash may reset them, which a
  // rate limit can afford).
  '0009_platform_shared_state': {
    async up(db: Kysely<any>) {
      // One fixed-window counter per key (a client address, an API key): the rate limits.
      await sql`CREATE UNLOGGED TABLE rate_counter (
        key text PRIMARY KEY,
        window_start bigint NOT NULL,
        count int NOT NULL
      )`.execute(db);
      // Background jobs run by whichever process claims them first (src/platform/jobs.ts).
      await sql`CREATE TABLE scheduled_job (
        name text PRIMARY KEY,
        next_run timestamptz NOT NULL,
        lease_until timestamptz,
        -- the run holding the lease (a random id), so that only it releases the lease
        claim text,
        last_started timestamptz,
        last_finished timestamptz,
        last_error text
      )`.execute(db);
    },
  },
};
