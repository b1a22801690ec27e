import type { ColumnType, Generated } from 'kysely';

type CreatedAt = ColumnType<Date, Date | undefined, never>;
/** A day as Postgres `date` gives it back (read as text: see db.ts). */
type Day = ColumnType<string, string, string>;

/** The agenda's one table: information events, imported from the bundle or entered by a structure. */
export interface AgendaTables {
  agenda_event: {
    id: Generated<number>;
    /** Stable key of an imported event (file + its content); null for an event entered by a structure. */
    import_key: string | null;
    /** Bundle file of an imported event (what one file's import owns). */
    source_file: string | null;
    /** The CFA or Région that entered it; null for an imported event. */
    structure_id: number | null;
    /** 'salon' | 'forum' | 'jpo' | 'info' */
    kind: string;
    title: string;
    organizer: string | null;
    description: string | null;
    /** First and last day (inclusive), Paris time. */
    start_date: Day;
    end_date: Day;
    /** 'HH:MM' Paris time, both or neither (neither: an all-day event). */
    start_time: string | null;
    end_time: string | null;
    /** Where, as written (hall, address), and the town as written. */
    venue: string | null;
    city: string | null;
    /** INSEE code of the commune it takes place in, when known. */
    commune: string | null;
    /** Onisep establishment id (ENS.…) of an open day. */
    establishment: string | null;
    url: string | null;
    /** Folded words of title, organizer, place and description, for the text filter. */
    search_text: string;
    /** 'publie' | 'annule' (by its structure) | 'depublie' (by a moderator) */
    status: ColumnType<string, string | undefined, string>;
    run_id: number | null;
    created_at: CreatedAt;
    updated_at: ColumnType<Date, Date | undefined, Date>;
  };
}
