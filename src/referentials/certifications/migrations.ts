import { sql, type Kysely, type Migration } from 'kysely';

/**
 * Certif Info certifications and BCN diplomas. Numbers 0020–0029. Keys are the official codes
 * (Certif Info code, CFD, MEF), so a re-import upserts in place; `run_id` is the import run that
 * last changed the row.
 */
export const certificationMigrations: Record<string, Migration> = {
  '0020_certifications': {
    async up(db: Kysely<any>) {
      const ddl = [
        // One row per Certif Info code (Code_Diplome). The export repeats a code on several lines
        // that differ only by their RS or ONISEP (Idéo) code: those are gathered into arrays.
        sql`CREATE TABLE certification (
          code text PRIMARY KEY,
          label text NOT NULL,
          type_code text,
          type_label text,
          -- European qualification level (3 to 8), null when not set (non-certifying trainings…).
          niveau_europeen smallint,
          rncp text,
          rs text[] NOT NULL DEFAULT '{}',
          -- Code_Scolarité: the CFD (BCN) of a national diploma, the key of InserJeunes apprentissage.
          cfd text,
          formacode text,
          formacode_label text,
          nsf text,
          valideur text,
          certificateur text,
          -- Etat 0 "Publié", 11 "habilitations", 4 "formations préparatoires et non certifiantes".
          etat text,
          etat_label text,
          -- Accessibility by formation initiale, contrat d'apprentissage, formation continue,
          -- contrat de professionnalisation, VAE, candidature individuelle. The export codes them
          -- 1 (yes), 0 (no), 2 (not stated, as on every line of unfilled records): stored as
          -- true / false / null.
          acces_fi boolean, acces_ca boolean, acces_fc boolean, acces_cp boolean, acces_vae boolean, acces_ind boolean,
          premiere_session smallint,
          derniere_session smallint,
          date_maj date,
          ideo text[] NOT NULL DEFAULT '{}',
          run_id int)`,
        sql`CREATE INDEX certification_cfd ON certification (cfd)`,
        sql`CREATE INDEX certification_rncp ON certification (rncp)`,
        // Code_Rome_1..5 of a certification. `status` says what the code is in the imported ROME:
        // 'fiche' (a ROME 4.0 fiche), 'domaine' (a domaine professionnel written as a code, e.g.
        // D1100) or 'inconnu' (kept as published, reported). Checked again at each import.
        sql`CREATE TABLE certification_rome (
          certification text NOT NULL,
          rome text NOT NULL,
          rang smallint NOT NULL,
          status text NOT NULL,
          run_id int,
          PRIMARY KEY (certification, rome))`,
        sql`CREATE INDEX certification_rome_rome ON certification_rome (rome)`,

        // BCN (Base centrale des nomenclatures, Éducation nationale). A diploma by its CFD, from
        // V_FORMATION_DIPLOME (every ministry) or N_FORMATION_DIPLOME (`bcn_table` says which).
        sql`CREATE TABLE bcn_diplome (
          cfd text PRIMARY KEY,
          niveau text,
          groupe_specialite text,
          lettre_specialite text,
          libelle_court text,
          libelle_stat_33 text,
          libelle_long text,
          date_ouverture date,
          date_fermeture date,
          premiere_session smallint,
          derniere_session smallint,
          nature text,
          gestionnaire text,
          niveau_qualification_rncp text,
          date_intervention date,
          bcn_table text NOT NULL,
          run_id int)`,
        // Diploma renewals (ANCIEN_DIPLOME_n / NOUVEAU_DIPLOME_n of N_FORMATION_DIPLOME): outcomes
        // of a replaced diploma are those of its successor's first cohorts and vice versa.
        sql`CREATE TABLE bcn_diplome_succession (
          cfd text NOT NULL, nouveau_cfd text NOT NULL, run_id int,
          PRIMARY KEY (cfd, nouveau_cfd))`,
        sql`CREATE INDEX bcn_diplome_succession_nouveau ON bcn_diplome_succession (nouveau_cfd)`,
        sql`CREATE TABLE bcn_mef (
          mef text PRIMARY KEY,
          dispositif text,
          cfd text,
          duree smallint,
          annee smallint,
          libelle_court text,
          libelle_long text,
          date_ouverture date,
          date_fermeture date,
          statut text,
          -- MEF_STAT_11 keys InserJeunes voie scolaire.
          mef_stat_11 text,
          mef_stat_9 text,
          run_id int)`,
        sql`CREATE INDEX bcn_mef_cfd ON bcn_mef (cfd)`,
        sql`CREATE INDEX bcn_mef_stat_11 ON bcn_mef (mef_stat_11)`,
        sql`CREATE TABLE bcn_niveau (
          code text PRIMARY KEY,
          niveau_interministeriel text,
          libelle_court text,
          libelle text,
          niveau_qualification_rncp text,
          date_ouverture date,
          date_fermeture date,
          run_id int)`,
        sql`CREATE TABLE bcn_dispositif (
          code text PRIMARY KEY,
          niveau text,
          libelle_court text,
          libelle_long text,
          date_ouverture date,
          date_fermeture date,
          run_id int)`,
      ];
      for (const q of ddl) await q.execute(db);
    },
  },
};
