import { sql, type Kysely, type Migration } from 'kysely';

/**
 * ROME 4.0 and ESCO tables. Keys are the official codes (code ROME, code OGR, ESCO URI), so a
 * re-import upserts in place. `run_id` is the import run that last changed the row.
 */
export const referentialMigrations: Record<string, Migration> = {
  '0002_rome': {
    async up(db: Kysely<any>) {
      const ddl = [
        sql`CREATE TABLE rome_grand_domaine (
          code text PRIMARY KEY, label text NOT NULL, run_id int)`,
        sql`CREATE TABLE rome_domaine_professionnel (
          code text PRIMARY KEY, label text NOT NULL, grand_domaine text, run_id int)`,
        sql`CREATE TABLE rome_fiche (
          code text PRIMARY KEY,
          code_ogr text NOT NULL,
          code_fiche_metier text,
          label text NOT NULL,
          -- transition_eco is a category (Emploi Vert, Brun, Blanc, stratégique…); the other flags
          -- are O/N/empty in the files, stored as booleans (empty = false).
          transition_eco text,
          transition_num boolean NOT NULL DEFAULT false,
          transition_demo boolean NOT NULL DEFAULT false,
          emploi_reglemente boolean NOT NULL DEFAULT false,
          emploi_cadre boolean NOT NULL DEFAULT false,
          rome_v3_parent text,
          grand_domaine text,
          domaine_professionnel text,
          riasec_majeur text, riasec_mineur text,
          definition text, acces_metier text,
          run_id int)`,
        sql`CREATE TABLE rome_appellation (
          code_ogr text PRIMARY KEY,
          code_rome text NOT NULL,
          label text NOT NULL,
          label_court text,
          principale boolean NOT NULL,
          transition_eco text,
          transition_num boolean NOT NULL DEFAULT false,
          transition_demo boolean NOT NULL DEFAULT false,
          emploi_reglemente boolean NOT NULL DEFAULT false,
          emploi_cadre boolean NOT NULL DEFAULT false,
          origine text,
          peu_usite boolean NOT NULL DEFAULT false,
          run_id int)`,
        sql`CREATE INDEX rome_appellation_rome ON rome_appellation (code_rome)`,
        // Savoir-faire and savoir-être professionnels: compétences and their macro-compétences.
        sql`CREATE TABLE rome_competence (
          code_ogr text PRIMARY KEY,
          macro boolean NOT NULL,
          label text NOT NULL,
          definition text,
          macro_code_ogr text,
          code_macro text,
          categorie text, sous_categorie text,
          transition_eco boolean NOT NULL DEFAULT false,
          transition_num boolean NOT NULL DEFAULT false,
          heterogeneite text, origine text,
          riasec_majeur text, riasec_mineur text,
          run_id int)`,
        sql`CREATE TABLE rome_savoir (
          code_ogr text PRIMARY KEY, label text NOT NULL,
          categorie text, sous_categorie text,
          transition_eco boolean NOT NULL DEFAULT false,
          transition_num boolean NOT NULL DEFAULT false,
          run_id int)`,
        sql`CREATE TABLE rome_contexte (
          code_ogr text PRIMARY KEY, label text NOT NULL, type_code text, type_label text, run_id int)`,
        // Every item a fiche may cite (unix_item): label and rubrique (1 savoir-faire, 2 savoir-être,
        // 3 savoirs, null for contextes).
        sql`CREATE TABLE rome_item (
          code_ogr text PRIMARY KEY, label text NOT NULL, rubrique text, run_id int)`,
        // fiche → item links (blocs 1, 2, 5, 6) with the cœur de métier flag of unix_coherence_item
        // ('Principale', 'Émergente' or null).
        sql`CREATE TABLE rome_fiche_item (
          code_rome text NOT NULL, code_ogr text NOT NULL,
          bloc text NOT NULL, rubrique text,
          coeur_metier text,
          run_id int,
          PRIMARY KEY (code_rome, code_ogr))`,
        sql`CREATE INDEX rome_fiche_item_item ON rome_fiche_item (code_ogr)`,
        sql`CREATE TABLE rome_mobilite (
          code_rome text NOT NULL, code_rome_cible text NOT NULL, numero_ordre int NOT NULL,
          run_id int, PRIMARY KEY (code_rome, code_rome_cible))`,
        // Classifications that group fiches: centres d'intérêt, secteurs d'activité (and
        // sous-secteurs), secteurs NAF, thèmes. `kind` says which; `parent` links a sous-secteur.
        sql`CREATE TABLE rome_classification (
          kind text NOT NULL, code text NOT NULL, label text NOT NULL, definition text, parent text,
          run_id int, PRIMARY KEY (kind, code))`,
        sql`CREATE TABLE rome_fiche_classification (
          kind text NOT NULL, code text NOT NULL, code_rome text NOT NULL, principal boolean,
          run_id int, PRIMARY KEY (kind, code, code_rome))`,
        sql`CREATE INDEX rome_fiche_classification_rome ON rome_fiche_classification (code_rome)`,
      ];
      for (const q of ddl) await q.execute(db);
    },
  },
  '0003_esco': {
    async up(db: Kysely<any>) {
      const ddl = [
        sql`CREATE TABLE esco_occupation (
          uri text PRIMARY KEY,
          code text,
          isco_group text,
          label text NOT NULL,
          alt_labels text[] NOT NULL DEFAULT '{}',
          hidden_labels text[] NOT NULL DEFAULT '{}',
          description text,
          definition text,
          regulated_note text,
          modified_at timestamptz,
          run_id int)`,
        sql`CREATE TABLE esco_skill (
          uri text PRIMARY KEY,
          skill_type text,
          reuse_level text,
          label text NOT NULL,
          alt_labels text[] NOT NULL DEFAULT '{}',
          description text,
          run_id int)`,
        // Official ESCO ↔ ROME crosswalk, at the appellation (code OGR) level. relation is the SKOS
        // name without prefix (exactMatch, closeMatch, narrowMatch, broadMatch); esco_label is the
        // crosswalk's own label, shown when the URI is missing from the occupations file.
        sql`CREATE TABLE esco_rome (
          esco_uri text NOT NULL,
          code_ogr text NOT NULL,
          relation text NOT NULL,
          esco_label text,
          run_id int,
          PRIMARY KEY (esco_uri, code_ogr))`,
        sql`CREATE INDEX esco_rome_ogr ON esco_rome (code_ogr)`,
      ];
      for (const q of ddl) await q.execute(db);
    },
  },
};
