import { sql, type Kysely, type Migration } from 'kysely';

/**
 * Tables derived from the training offer for its search (numbers 0015–0019), refreshed from the
 * offer tables after each import run (search/sync.ts); nothing else writes them.
 *
 * Why a copy of the full-text vectors: a GIN match must still visit each matching heap row, and
 * training_formation rows are wide (texts, jsonb: ~4 per page), so a word found in 3,000 offers
 * read 3,000 pages (≈100 ms on PGlite). Here a row is an id and a pointer to its vector (moved
 * out of line by toast_tuple_target and EXTERNAL storage): the same match reads ~60 pages.
 */
export const trainingSearchMigrations: Record<string, Migration> = {
  '0015_training_search': {
    async up(db: Kysely<any>) {
      const ddl = [
        // One row per offer; `id` is stable while the offer lives (the search's offer number).
        // run_id is that of the training_formation row it was copied from: a different one means
        // the offer changed.
        sql`CREATE TABLE IF NOT EXISTS training_search_doc (
          id serial PRIMARY KEY,
          source text NOT NULL,
          formation text NOT NULL,
          run_id int,
          fts tsvector NOT NULL,
          UNIQUE (source, formation)) WITH (toast_tuple_target = 128)`,
        sql`ALTER TABLE training_search_doc ALTER COLUMN fts SET STORAGE EXTERNAL`,
        sql`CREATE INDEX IF NOT EXISTS training_search_doc_fts ON training_search_doc USING gin (fts)`,
        // The ids of the offers matching a tsquery, always through the GIN index: the planner
        // does not count the cost of reading out-of-line vectors, and a sequential scan reads
        // every one of them (75 ms for 30,000 offers on PGlite) where the index reads none.
        sql`CREATE OR REPLACE FUNCTION training_search_match(q tsquery) RETURNS SETOF int
          LANGUAGE sql STABLE SET enable_seqscan = off
          AS $$ SELECT id FROM training_search_doc WHERE fts @@ q $$`,
        // Lexemes of the offers and how many offers hold each: typo correction (trigrams), word
        // families (prefix ranges, hence COLLATE "C") and words too common to filter on.
        sql`CREATE TABLE IF NOT EXISTS training_search_lexeme (
          lexeme text COLLATE "C" PRIMARY KEY,
          ndoc int NOT NULL)`,
        sql`CREATE INDEX IF NOT EXISTS training_search_lexeme_trgm ON training_search_lexeme USING gin (lexeme gin_trgm_ops)`,
        // The in-memory search index, serialised by part (search/sync.ts writes it, catalog.ts
        // reads it): one read of a few MB instead of joining the offer tables in every process.
        sql`CREATE TABLE IF NOT EXISTS training_search_snapshot (
          part text PRIMARY KEY,
          data text NOT NULL)`,
        // Uncompressed: decompressing 13 MB costs more on PGlite than reading it.
        sql`ALTER TABLE training_search_snapshot ALTER COLUMN data SET STORAGE EXTERNAL`,
        // The import run the derived tables reflect.
        sql`CREATE TABLE IF NOT EXISTS training_search_state (
          id int PRIMARY KEY CHECK (id = 1),
          run_id int NOT NULL,
          docs int NOT NULL,
          refreshed_at timestamptz NOT NULL)`,
      ];
      for (const q of ddl) await q.execute(db);
    },
  },
  // The snapshot's actions gained their alternance flag (issue 11): forget the refresh, so that
  // the next search rebuilds the snapshot in the new form.
  '0051_training_search_alternance': {
    async up(db: Kysely<any>) {
      await sql`DELETE FROM training_search_state`.execute(db);
    },
  },
};
