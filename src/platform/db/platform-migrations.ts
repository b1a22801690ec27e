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
};
