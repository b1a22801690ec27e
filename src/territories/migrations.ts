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
          -- Zone d'emploi and bassin BMO of the current commune, from the published compositions
          -- (through its former codes for a commune nouvelle the files predate; see the importer).
          zone_emploi text,
          bassin_bmo text,
          -- WGS84 position; position_source says where it comes from: 'polygone' (centroid of the
          -- bundle's polygons) or 'approximatif' (a GeoNames point, failing that the position of
          -- the main commune of its postcode: see the import report), null when unknown.
          lat double precision,
          lon double precision,
          position_source text,
          -- Name folded for autocomplete (lower case, no accents, words split on anything else,
          -- "st" → "saint"), and the same without a leading article ("les sables d olonne" →
          -- "sables d olonne"). Computed by the importer with the same function as the queries.
          -- Collation C so that a plain btree serves LIKE 'prefix%' whatever the server locale.
          search_name text COLLATE "C" NOT NULL,
          search_alt text COLLATE "C",
          run_id int)`,
        sql`CREATE INDEX commune_departement ON commune (departement)`,
        sql`CREATE INDEX commune_region ON commune (region)`,
        sql`CREATE INDEX commune_zone_emploi ON commune (zone_emploi)`,
        sql`CREATE INDEX commune_bassin_bmo ON commune (bassin_bmo)`,
        sql`CREATE INDEX commune_search_name ON commune (search_name)`,
        sql`CREATE INDEX commune_search_alt ON commune (search_alt)`,
        // Typo tolerance (word_similarity).
        sql`CREATE INDEX commune_search_trgm ON commune USING gin (search_name gin_trgm_ops)`,
        // Inner-word prefixes ("nazaire" → Saint-Nazaire): the folded name from each inner word
        // on, so that a btree range serves them (LIKE '% nazaire%' on the trigram index costs
        // 20 ms on PGlite: the posting lists of " na", "  n" are long).
        sql`CREATE TABLE commune_word (
          word text COLLATE "C" NOT NULL, commune text NOT NULL, run_id int,
          PRIMARY KEY (word, commune))`,
        sql`CREATE INDEX commune_lat_lon ON commune (lat, lon)`,
        // "Biggest first" for common prefixes: walked in order until enough names match.
        sql`CREATE INDEX commune_population ON commune (population DESC NULLS LAST, code)`,
        // One row per (postcode, commune): prefix search ("490") is a btree range scan.
        sql`CREATE TABLE commune_postcode (
          postcode text COLLATE "C" NOT NULL, commune text NOT NULL, run_id int,
          PRIMARY KEY (postcode, commune))`,
        sql`CREATE INDEX commune_postcode_commune ON commune_postcode (commune)`,
        sql`CREATE TABLE epci (
          siren text PRIMARY KEY, name text NOT NULL, type text, population int, run_id int)`,
        sql`CREATE TABLE epci_commune (
          siren text NOT NULL, commune text NOT NULL, run_id int, PRIMARY KEY (siren, commune))`,
        sql`CREATE INDEX epci_commune_commune ON epci_commune (commune)`,
        sql`CREATE TABLE zone_emploi (code text PRIMARY KEY, name text NOT NULL, run_id int)`,
        // Composition of the zones d'emploi 2020 as published (its own COG vintage: some codes may
        // since have merged into a commune nouvelle).
        sql`CREATE TABLE zone_emploi_commune (
          commune text PRIMARY KEY, commune_name text, zone_emploi text NOT NULL,
          departement text, region text, run_id int)`,
        sql`CREATE INDEX zone_emploi_commune_ze ON zone_emploi_commune (zone_emploi)`,
        sql`CREATE INDEX zone_emploi_commune_region ON zone_emploi_commune (region)`,
        sql`CREATE TABLE bassin_bmo (code text PRIMARY KEY, name text NOT NULL, run_id int)`,
        // Commune → bassin BMO as published (COG 2019 vintage, same caveat).
        sql`CREATE TABLE bassin_bmo_commune (
          commune text PRIMARY KEY, commune_name text, bassin text NOT NULL,
          departement text, region text, run_id int)`,
        sql`CREATE INDEX bassin_bmo_commune_bassin ON bassin_bmo_commune (bassin)`,
        sql`CREATE INDEX bassin_bmo_commune_region ON bassin_bmo_commune (region)`,
      ];
      for (const q of ddl) await q.execute(db);
    },
  },
  '0005_territory_shapes': {
    async up(db: Kysely<any>) {
      // Outlines drawn on the portal's maps (départements and communes of the bundle's GeoJSON
      // files), coordinates rounded to 4 decimals (about 10 m). `geometry` is GeoJSON text, served
      // as is. `commune` is the current commune a (possibly former or delegated) commune belongs to.
      await sql`CREATE TABLE territory_shape (
        level text NOT NULL, code text NOT NULL, name text NOT NULL, departement text, commune text,
        geometry text NOT NULL, run_id int, PRIMARY KEY (level, code))`.execute(db);
      await sql`CREATE INDEX territory_shape_departement ON territory_shape (level, departement)`.execute(db);
    },
  },
};
