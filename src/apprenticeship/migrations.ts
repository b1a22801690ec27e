import { sql, type Kysely, type Migration } from 'kysely';

/**
 * The CFA directory (issue 11), numbers 0050–0059. `apprenticeship_organisme` keeps each file's
 * rows (one organisme, UAI × SIRET, as that file lists it); `apprenticeship_cfa` is the directory
 * built from them after each import, one row per UAI. `run_id` is the import run that last
 * changed the row.
 */
export const apprenticeshipMigrations: Record<string, Migration> = {
  '0050_apprenticeship_cfa': {
    async up(db: Kysely<any>) {
      const ddl = [
        sql`CREATE TABLE apprenticeship_organisme (
          source text NOT NULL CHECK (source IN ('depp', 'uai-siret', 'api-apprentissage')),
          key text NOT NULL,
          file text NOT NULL,
          uai text NOT NULL CHECK (uai ~ '^[0-9]{7}[A-Z]$'),
          siret text CHECK (siret ~ '^[0-9]{14}$'),
          name text,
          nature text,
          address text,
          postcode text,
          commune text,
          commune_label text,
          departement text,
          lat float8 CHECK (lat BETWEEN -90 AND 90),
          lon float8 CHECK (lon BETWEEN -180 AND 180),
          qualiopi boolean,
          prepa boolean,
          tutelle text,
          places jsonb NOT NULL DEFAULT '[]',
          run_id int,
          PRIMARY KEY (source, key))`,
        sql`CREATE INDEX apprenticeship_organisme_uai ON apprenticeship_organisme (uai)`,
        sql`CREATE INDEX apprenticeship_organisme_siret ON apprenticeship_organisme (siret)`,
        sql`CREATE TABLE apprenticeship_cfa (
          uai text PRIMARY KEY,
          name text NOT NULL,
          siret text,
          sirets text[] NOT NULL,
          nature text,
          address text,
          postcode text,
          commune text,
          commune_name text,
          departement text,
          region text,
          lat float8,
          lon float8,
          position text CHECK (position IN ('adresse', 'commune')),
          prepa boolean NOT NULL,
          qualiopi boolean,
          convention boolean NOT NULL,
          files text[] NOT NULL,
          search text NOT NULL,
          run_id int)`,
        sql`CREATE INDEX apprenticeship_cfa_departement ON apprenticeship_cfa (departement)`,
        sql`CREATE INDEX apprenticeship_cfa_sirets ON apprenticeship_cfa USING gin (sirets)`,
      ];
      for (const q of ddl) await q.execute(db);
    },
  },
};
