import { sql, type Kysely, type Migration } from 'kysely';

/**
 * Labour-market tables: tensions, unemployment, outcomes (InserJeunes). Numbers 0030–0039.
 *
 * Every table of figures carries `source` (who publishes it, in words), `vintage` (year or
 * millésime) and `geo_level` + `geo_code` (nat / reg / dep / bassin / etablissement and the
 * official code): NOT NULL and non-empty, so that no query can read a figure without them.
 * `run_id` is the import run that last changed the row.
 */
const PROVENANCE = sql`
  source text NOT NULL CHECK (source <> ''),
  vintage text NOT NULL CHECK (vintage <> ''),
  geo_level text NOT NULL CHECK (geo_level IN ('nat', 'reg', 'dep', 'bassin', 'ze', 'etablissement')),
  geo_code text NOT NULL CHECK (geo_code <> '')`;

export const labourMarketMigrations: Record<string, Migration> = {
  '0030_labour_market': {
    async up(db: Kysely<any>) {
      const ddl = [
        // InserJeunes by region × formation × voie (ij_region_data: one row per `id` of the file).
        // voie scolaire is keyed by MEF_STAT_11, apprentissage by CFD. Counts and rates as
        // published: rates are blank below 20 leavers (sortants) or 20 pupils in their last year.
        sql`CREATE TABLE inserjeunes_region (
          id text PRIMARY KEY,
          ${PROVENANCE},
          code_region_ij text,
          voie text NOT NULL CHECK (voie IN ('scolaire', 'apprentissage')),
          cfd text,
          mefstat11 text,
          nb_annee_term int,
          nb_poursuite_etudes int,
          nb_sortant int,
          nb_en_emploi_6_mois int, nb_en_emploi_12_mois int, nb_en_emploi_18_mois int, nb_en_emploi_24_mois int,
          taux_emploi_6_mois smallint, taux_emploi_12_mois smallint, taux_emploi_18_mois smallint, taux_emploi_24_mois smallint,
          taux_poursuite_etudes smallint,
          run_id int)`,
        sql`CREATE INDEX inserjeunes_region_cfd ON inserjeunes_region (cfd, geo_code)`,
        sql`CREATE INDEX inserjeunes_region_mefstat11 ON inserjeunes_region (mefstat11, geo_code)`,
        sql`CREATE INDEX inserjeunes_region_geo ON inserjeunes_region (geo_code)`,

        // InserJeunes by establishment (DEPP files depp-*-etablissements-<millésime>-<voie>.csv):
        // geo_code is the UAI. `voie` says which file ('apprentissage': CFA, 'pro': lycées
        // professionnels); `segment` the published breakdown of the lycées ('ensemble',
        // 'dont apprentis', 'dont élèves en voie pro sco'). 'nd' (non diffusé) is null.
        sql`CREATE TABLE inserjeunes_etablissement (
          ${PROVENANCE},
          voie text NOT NULL,
          segment text NOT NULL,
          label text NOT NULL,
          region text,
          region_label text,
          taux_poursuite_etudes smallint,
          taux_emploi_6_mois smallint,
          taux_emploi_6_mois_attendu smallint,
          valeur_ajoutee smallint,
          part_poursuite_etudes smallint,
          part_emploi_6_mois smallint,
          part_autres_situations smallint,
          run_id int,
          PRIMARY KEY (geo_code, vintage, voie, segment))`,
        sql`CREATE INDEX inserjeunes_etablissement_region ON inserjeunes_etablissement (region)`,

        // FAP 2009 (225 families) ↔ ROME v3. `marker` keeps the '*' / '**' the table appends to
        // some ROME labels (ROME codes shared with other families, as we read it).
        sql`CREATE TABLE fap_rome (
          fap text NOT NULL, rome text NOT NULL, rome_label text, marker text, run_id int,
          PRIMARY KEY (fap, rome))`,
        sql`CREATE INDEX fap_rome_rome ON fap_rome (rome)`,

        // DARES – France Travail tension indicators by FAP (225 or 87) × national, regional,
        // departmental level. tension: main indicator, centred and reduced on 2014–2018;
        // categorie and the six components: classes 1 (weakest) to 5 (strongest tension).
        sql`CREATE TABLE dares_tension (
          ${PROVENANCE},
          nomenclature text NOT NULL,
          fap text NOT NULL,
          emploi_moyen int,
          tension double precision,
          categorie smallint,
          intensite_embauches smallint,
          lien_formation_emploi smallint,
          manque_main_oeuvre smallint,
          non_durabilite smallint,
          conditions_travail smallint,
          inadequation_geo smallint,
          run_id int,
          PRIMARY KEY (fap, geo_level, geo_code, vintage))`,
        sql`CREATE INDEX dares_tension_geo ON dares_tension (geo_level, geo_code)`,
        // National series of the main indicator (dares_evol_tensions), one row per FAP and year.
        sql`CREATE TABLE dares_tension_serie (
          ${PROVENANCE},
          nomenclature text NOT NULL,
          fap text NOT NULL,
          tension double precision,
          run_id int,
          PRIMARY KEY (fap, geo_level, geo_code, vintage))`,

        // Tension by ROME v3 code × bassin BMO (France Travail, as published with Mobiville):
        // offres = job offers (oee), demandeurs = job seekers cat. ABC (defm_abc), both as
        // published (averages, decimals); the indicators are classes 1 to 5.
        sql`CREATE TABLE tension_rome_bassin (
          ${PROVENANCE},
          rome text NOT NULL,
          offres double precision,
          demandeurs double precision,
          tension smallint,
          intensite_embauches smallint,
          manque_main_oeuvre smallint,
          non_durabilite smallint,
          conditions_travail smallint,
          inadequation_geo smallint,
          lien_formation_emploi smallint,
          run_id int,
          PRIMARY KEY (rome, geo_level, geo_code, vintage))`,
        sql`CREATE INDEX tension_rome_bassin_geo ON tension_rome_bassin (geo_code)`,

        // INSEE unemployment rate (%), by département (COG code: "044" in the file → "44") or région.
        sql`CREATE TABLE chomage (
          ${PROVENANCE},
          label text,
          taux double precision NOT NULL,
          run_id int,
          PRIMARY KEY (geo_level, geo_code, vintage))`,
      ];
      for (const q of ddl) await q.execute(db);
    },
  },
};
