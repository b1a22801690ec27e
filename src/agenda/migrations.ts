import { sql, type Kysely, type Migration } from 'kysely';

/**
 * The agenda of information events (issue 11), numbers 0060–0069. An event is either imported
 * (import_key and source_file set, read-only) or entered by a structure (structure_id set). Days
 * and times are Paris wall-clock, as the sources and the forms give them.
 */
export const agendaMigrations: Record<string, Migration> = {
  '0060_agenda': {
    async up(db: Kysely<any>) {
      await sql`CREATE TABLE agenda_event (
        id serial PRIMARY KEY,
        import_key text UNIQUE,
        source_file text,
        structure_id int REFERENCES structure(id) ON DELETE CASCADE,
        kind text NOT NULL CHECK (kind IN ('salon', 'forum', 'jpo', 'info')),
        title text NOT NULL CHECK (title <> ''),
        organizer text,
        description text,
        start_date date NOT NULL,
        end_date date NOT NULL,
        start_time time,
        end_time time,
        venue text,
        city text,
        commune text,
        establishment text,
        url text CHECK (url ~ '^https?://'),
        search_text text NOT NULL DEFAULT '',
        status text NOT NULL DEFAULT 'publie' CHECK (status IN ('publie', 'annule', 'depublie')),
        run_id int,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK (end_date >= start_date),
        CHECK ((start_time IS NULL) = (end_time IS NULL)),
        CHECK (start_time IS NULL OR end_date > start_date OR end_time > start_time),
        CHECK ((import_key IS NULL) = (source_file IS NULL)),
        CHECK ((import_key IS NULL) <> (structure_id IS NULL))
      )`.execute(db);
      await sql`CREATE INDEX agenda_event_dates ON agenda_event (end_date, start_date)`.execute(db);
      await sql`CREATE INDEX agenda_event_commune ON agenda_event (commune)`.execute(db);
      await sql`CREATE INDEX agenda_event_structure ON agenda_event (structure_id)`.execute(db);
      await sql`CREATE INDEX agenda_event_source_file ON agenda_event (source_file)`.execute(db);
    },
  },
};
