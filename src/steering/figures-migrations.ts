import { sql, type Kysely, type Migration } from 'kysely';

/**
 * The steering figures that no lower floor imports (see figures-import.ts): BMO recruitment
 * projects, the monthly barometer of apprenticeship contracts and CEJ entries, training capacity and
 * wishes (Affelnet, Parcoursup), rentrée headcounts, the régional priority trainings, and where each
 * school (UAI) stands. Every row keeps the vintage it was published for.
 */
export const figuresMigrations: Record<string, Migration> = {
  '0096_steering_figures': {
    async up(db: Kysely<any>) {
      const ddl = [
        // France Travail BMO survey: recruitment projects (met), of which difficult (xmet) and
        // seasonal (smet), by bassin BMO × métier (FAP 2021). null where the file prints "*"
        // (secret: fewer than a few answers). A bassin that spans départements (Redon: 35, 44, 56)
        // has one row per département part; region is the bassin's région.
        sql`CREATE TABLE steering_bmo (
          vintage text NOT NULL, bassin text NOT NULL, bassin_name text NOT NULL,
          departement text NOT NULL, region text NOT NULL,
          metier text NOT NULL, metier_label text NOT NULL,
          famille text NOT NULL, famille_label text NOT NULL,
          projets int, difficiles int, saisonniers int,
          run_id int, PRIMARY KEY (vintage, bassin, departement, metier))`,
        sql`CREATE INDEX steering_bmo_region ON steering_bmo (region, vintage)`,
        // Commune → bassin BMO as the survey of that vintage draws them (marche-travail/bassin_emploi.csv).
        sql`CREATE TABLE steering_bassin_commune (
          vintage text NOT NULL, commune text NOT NULL, bassin text NOT NULL, bassin_name text NOT NULL,
          departement text, region text, run_id int, PRIMARY KEY (vintage, commune))`,
        sql`CREATE INDEX steering_bassin_commune_bassin ON steering_bassin_commune (vintage, bassin)`,
        // Baromètre des résultats de l'action publique: IND-313 (new apprenticeship contracts),
        // IND-314 (CEJ entries); value = cumulated since January as published (indic_va).
        sql`CREATE TABLE steering_barometre (
          indicator text NOT NULL CHECK (indicator IN ('IND-313', 'IND-314')),
          geo_level text NOT NULL CHECK (geo_level IN ('nat', 'reg', 'dep')),
          geo_code text NOT NULL, month text NOT NULL CHECK (month ~ '^[0-9]{4}-[0-9]{2}$'),
          value double precision NOT NULL,
          run_id int, PRIMARY KEY (indicator, geo_level, geo_code, month))`,
        // Capacity and wishes per school × MEF: Affelnet (voie pro, first-choice wishes) and
        // Parcoursup (BTS, confirmed wishes). statut: 'scolaire' | 'apprentissage'.
        sql`CREATE TABLE steering_demand (
          source text NOT NULL CHECK (source IN ('affelnet', 'parcoursup')),
          vintage text NOT NULL, uai text NOT NULL, mefstat11 text NOT NULL,
          statut text NOT NULL CHECK (statut IN ('scolaire', 'apprentissage')),
          label text, cfd text, capacity int, wishes int,
          run_id int, PRIMARY KEY (source, vintage, uai, mefstat11, statut))`,
        sql`CREATE INDEX steering_demand_uai ON steering_demand (uai)`,
        // Constat de rentrée: pupils per school × MEF.
        sql`CREATE TABLE steering_headcount (
          vintage text NOT NULL, uai text NOT NULL, mefstat11 text NOT NULL, pupils int NOT NULL,
          run_id int, PRIMARY KEY (vintage, uai, mefstat11))`,
        // Trainings (CFD) a région declares as priority (Orion).
        sql`CREATE TABLE steering_priority (
          region text NOT NULL, cfd text NOT NULL, label text NOT NULL, diplome text,
          run_id int, PRIMARY KEY (region, cfd))`,
        // Where a school stands (commune INSEE), and the labels of its trainings (MEF), from the
        // Affelnet offer file.
        sql`CREATE TABLE steering_uai_commune (
          uai text PRIMARY KEY, commune text NOT NULL, name text, source text NOT NULL, run_id int)`,
        sql`CREATE TABLE steering_mef_label (
          mefstat11 text PRIMARY KEY, label text NOT NULL, source text NOT NULL, run_id int)`,
      ];
      for (const q of ddl) await q.execute(db);
    },
  },
};
