import { sql, type Kysely, type Migration } from 'kysely';

/** The administrative tree (COG), EPCI, zones d'emploi, bassins BMO and commune positions. */
export const territoryMigrations: Record<string, Migration> = {
  '0004_territories': {
    async up(db: Kysely<any>) {
      const ddl = [
        sql`CREATE TABLE region (code text PRIMARY KEY, name text NOT NULL, run_id int)`,
        sql`CREATE TABLE departement (
          code text PRIMARY KEY, name text NOT NULL, region text NOT NULL, run_id int)`,
        sql`CREATE TABLE commune (
          code text PRIMARY KEY,
          name text NOT NULL,
          departement text NOT NULL,
          region text NOT NULL,
          population int,
          postcodes text[] NOT NULL DEFAULT '{}',
          epci text,
          -- WGS84 position; position_source says where it comes from: 'polygone' (centroid of a
          -- bundle polygon) or 'approximatif' (a GeoNames point), null when unknown.
          lat double precision,
          lon double precision,
          position_source text,
          run_id int)`,
        sql`CREATE INDEX commune_departement ON commune (departement)`,
        sql`CREATE INDEX commune_region ON commune (region)`,
        sql`CREATE INDEX commune_name_trgm ON commune USING gin (lower(f_unaccent(name)) gin_trgm_ops)`,
        sql`CREATE INDEX commune_postcodes ON commune USING gin (postcodes)`,
        sql`CREATE INDEX commune_lat_lon ON commune (lat, lon)`,
        sql`CREATE TABLE epci (
          siren text PRIMARY KEY, name text NOT NULL, type text, population int, run_id int)`,
        sql`CREATE TABLE epci_commune (
          siren text NOT NULL, commune text NOT NULL, run_id int, PRIMARY KEY (siren, commune))`,
        sql`CREATE INDEX epci_commune_commune ON epci_commune (commune)`,
        sql`CREATE TABLE zone_emploi (code text PRIMARY KEY, name text NOT NULL, run_id int)`,
        // Composition of the zones d'emploi 2020 as published (INSEE, géographie 2022).
        sql`CREATE TABLE zone_emploi_commune (
          commune text PRIMARY KEY, commune_name text, zone_emploi text NOT NULL,
          departement text, region text, run_id int)`,
        sql`CREATE INDEX zone_emploi_commune_ze ON zone_emploi_commune (zone_emploi)`,
        sql`CREATE TABLE bassin_bmo (code text PRIMARY KEY, name text NOT NULL, run_id int)`,
        sql`CREATE TABLE bassin_bmo_commune (
          commune text PRIMARY KEY, commune_name text, bassin text NOT NULL,
          departement text, region text, run_id int)`,
        sql`CREATE INDEX bassin_bmo_commune_bassin ON bassin_bmo_commune (bassin)`,
      ];
      for (const q of ddl) await q.execute(db);
    },
  },
};
