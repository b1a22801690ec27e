import { sql, type Kysely, type Migration } from 'kysely';

/** The territory builder: commune adjacency, the CLPE of France Travail, saved divisions. */
export const builderMigrations: Record<string, Migration> = {
  '0095_steering_territories': {
    async up(db: Kysely<any>) {
      const ddl = [
        // Communes sharing a border (a segment of their outlines), both directions, computed by the
        // import from territory_shape: what the contiguity check of a territory walks.
        sql`CREATE TABLE steering_commune_adjacency (
          commune text NOT NULL, neighbour text NOT NULL, run_id int, PRIMARY KEY (commune, neighbour))`,
        sql`CREATE TABLE steering_clpe (code text PRIMARY KEY, name text NOT NULL, run_id int)`,
        sql`CREATE TABLE steering_clpe_commune (commune text PRIMARY KEY, clpe text NOT NULL, run_id int)`,
        sql`CREATE INDEX steering_clpe_commune_clpe ON steering_clpe_commune (clpe)`,
        // A division saved by the steering space: its territories as given (EPCI SIREN, commune
        // codes), checked again when read. One name per région: saving it again replaces it.
        sql`CREATE TABLE steering_division (
          id serial PRIMARY KEY,
          name text NOT NULL,
          region text NOT NULL,
          territories jsonb NOT NULL,
          structure_id int,
          created_at timestamptz NOT NULL DEFAULT now(),
          updated_at timestamptz NOT NULL DEFAULT now(),
          UNIQUE (region, name))`,
      ];
      for (const q of ddl) await q.execute(db);
    },
  },
};
