import { sql, type Kysely, type Migration } from 'kysely';

/**
 * Training offer tables (LHEO 2.3 model, see lheo/model.ts). Numbers 0010–0019.
 *
 * Keys are the LHEO identifiers (`numero`) scoped by the source that produced them: a newer file
 * of the same source updates offers in place and retires the identifiers it no longer carries.
 * Child rows are keyed by their parent and their rank, and cascade with it. Nested LHEO blocks
 * that nobody queries (contacts, coordonnées, extras…) are jsonb in the model's shape; what
 * search needs (codes, places, dates, prices, modalities) is in columns. `run_id` is the import
 * run that last changed the row.
 */
export const trainingMigrations: Record<string, Migration> = {
  '0010_trainings': {
    async up(db: Kysely<any>) {
      const ddl = [
        // One producer of LHEO files: a bundle file (kind 'lot': retired when the file leaves the
        // bundle) or a file given to `passerelles trainings import` (kind 'fichier').
        sql`CREATE TABLE training_source (
          name text PRIMARY KEY,
          kind text NOT NULL CHECK (kind IN ('lot', 'fichier')),
          file text NOT NULL,
          lheo_version text NOT NULL,
          run_id int)`,

        sql`CREATE TABLE training_formation (
          source text NOT NULL REFERENCES training_source(name) ON DELETE CASCADE,
          formation text NOT NULL,
          attrs jsonb NOT NULL DEFAULT '{}',
          intitule text NOT NULL,
          objectif text NOT NULL,
          resultats_attendus text NOT NULL,
          contenu text NOT NULL,
          certifiante boolean NOT NULL,
          contacts jsonb NOT NULL DEFAULT '[]',
          parcours text NOT NULL,
          niveau_entree text NOT NULL,
          objectif_general text,
          types_formation jsonb NOT NULL DEFAULT '[]',
          niveau_sortie text,
          urls text[] NOT NULL DEFAULT '{}',
          -- organisme-formation-responsable: SIRET and name in columns, the whole block as jsonb
          organisme_siret text NOT NULL,
          organisme_nom text NOT NULL,
          organisme jsonb NOT NULL,
          module jsonb,
          extras jsonb NOT NULL DEFAULT '[]',
          demo boolean NOT NULL DEFAULT false,
          -- derived at import: a CPF code (certification or code-type-formation) or a session
          -- marked eligible (Carif extras "eligibilite-cpf")
          eligible_cpf boolean NOT NULL DEFAULT false,
          -- French full text (intitulé A, objectif B, contenu C) and a folded title for typos
          fts tsvector GENERATED ALWAYS AS (
            setweight(to_tsvector('fr', intitule), 'A') ||
            setweight(to_tsvector('fr', objectif), 'B') ||
            setweight(to_tsvector('fr', contenu), 'C')) STORED,
          intitule_folded text GENERATED ALWAYS AS (lower(f_unaccent(intitule))) STORED,
          run_id int,
          PRIMARY KEY (source, formation))`,
        sql`CREATE INDEX training_formation_fts ON training_formation USING gin (fts)`,
        sql`CREATE INDEX training_formation_trgm ON training_formation USING gin (intitule_folded gin_trgm_ops)`,
        sql`CREATE INDEX training_formation_organisme ON training_formation (organisme_siret)`,
        sql`CREATE INDEX training_formation_niveau_sortie ON training_formation (niveau_sortie)`,

        // domaine-formation: kind FORMACODE | NSF | ROME, in document order (the first FORMACODE
        // is the main one); ref is the referential version (FORMACODE V12, ROME V4…).
        sql`CREATE TABLE training_domaine (
          source text NOT NULL, formation text NOT NULL,
          kind text NOT NULL CHECK (kind IN ('FORMACODE', 'NSF', 'ROME')),
          position int NOT NULL,
          code text NOT NULL,
          ref text,
          run_id int,
          PRIMARY KEY (source, formation, kind, position),
          FOREIGN KEY (source, formation) REFERENCES training_formation ON DELETE CASCADE)`,
        sql`CREATE INDEX training_domaine_code ON training_domaine (kind, code)`,

        sql`CREATE TABLE training_certification (
          source text NOT NULL, formation text NOT NULL,
          position int NOT NULL,
          rncp text, certifinfo text, rs text, cpf text, formacode text,
          run_id int,
          PRIMARY KEY (source, formation, position),
          FOREIGN KEY (source, formation) REFERENCES training_formation ON DELETE CASCADE)`,
        sql`CREATE INDEX training_certification_rncp ON training_certification (rncp)`,
        sql`CREATE INDEX training_certification_rs ON training_certification (rs)`,
        sql`CREATE INDEX training_certification_certifinfo ON training_certification (certifinfo)`,

        sql`CREATE TABLE training_action (
          source text NOT NULL, formation text NOT NULL, action text NOT NULL,
          position int NOT NULL,
          attrs jsonb NOT NULL DEFAULT '{}',
          rythme text NOT NULL,
          publics_vises jsonb NOT NULL DEFAULT '[]',
          info_public_vise text,
          niveau_entree_obligatoire boolean NOT NULL,
          modalites_alternance text NOT NULL,
          -- dict-modalites-enseignement: 0 présentiel, 1 mixte, 2 à distance
          modalites_enseignement text NOT NULL,
          conditions_specifiques text NOT NULL,
          prise_en_charge_frais_possible boolean NOT NULL,
          entrees_sorties_permanentes boolean NOT NULL,
          urls text[] NOT NULL DEFAULT '{}',
          duree_cycle int,
          adresse_information jsonb,
          dates_information text[] NOT NULL DEFAULT '{}',
          restauration text, hebergement text, transport text, acces_handicapes text,
          langues text[] NOT NULL DEFAULT '{}',
          modalites_recrutement text,
          modalites_pedagogiques text,
          codes_modalite_pedagogique text[] NOT NULL DEFAULT '{}',
          equipements jsonb NOT NULL DEFAULT '[]',
          frais_restants text,
          code_perimetre_recrutement text,
          infos_perimetre_recrutement text,
          -- prices as written (xs:string) and as numbers (null when unreadable)
          prix_horaire_ttc text,
          prix_total_ttc text,
          prix_horaire numeric,
          prix_total numeric,
          duree_indicative text,
          nombre_heures_centre int,
          nombre_heures_entreprise int,
          nombre_heures_total int,
          detail_conditions_prise_en_charge text,
          conventionnement boolean,
          duree_conventionnee int,
          enseignements jsonb NOT NULL DEFAULT '[]',
          extras jsonb NOT NULL DEFAULT '[]',
          -- derived at import: an apprenticeship cycle, an alternance rhythm, or a contract of
          -- apprentissage / professionnalisation in the Carif extras "dispositif"
          alternance boolean NOT NULL DEFAULT false,
          run_id int,
          PRIMARY KEY (source, formation, action),
          FOREIGN KEY (source, formation) REFERENCES training_formation ON DELETE CASCADE)`,
        sql`CREATE INDEX training_action_prix_total ON training_action (prix_total)`,

        // lieu-de-formation, with the address fields search needs; coordonnees is the whole block.
        sql`CREATE TABLE training_lieu (
          source text NOT NULL, formation text NOT NULL, action text NOT NULL,
          position int NOT NULL,
          siret text, uai text,
          coordonnees jsonb NOT NULL,
          extras jsonb NOT NULL DEFAULT '[]',
          codepostal text, ville text, departement text, region text,
          -- code INSEE (COG) of the commune
          commune text,
          -- WGS84 decimal degrees read from geolocalisation (null when absent or unreadable)
          lat double precision,
          lon double precision,
          run_id int,
          PRIMARY KEY (source, formation, action, position),
          FOREIGN KEY (source, formation, action) REFERENCES training_action ON DELETE CASCADE)`,
        // Radius search: bounding box on this btree, then exact haversine.
        sql`CREATE INDEX training_lieu_lat_lon ON training_lieu (lat, lon)`,
        sql`CREATE INDEX training_lieu_commune ON training_lieu (commune)`,
        sql`CREATE INDEX training_lieu_departement ON training_lieu (departement)`,

        sql`CREATE TABLE training_session (
          source text NOT NULL, formation text NOT NULL, action text NOT NULL, session text NOT NULL,
          position int NOT NULL,
          attrs jsonb NOT NULL DEFAULT '{}',
          -- LHEO dates as written (AAAAMMJJ; 00000000 / 99999999 unknown; AAAAMM00 month only)
          debut text NOT NULL,
          fin text NOT NULL,
          -- the same as dates: null when unknown; a month-only début is its first day, a
          -- month-only fin its last day
          date_debut date,
          date_fin date,
          adresse_inscription jsonb NOT NULL,
          commune_inscription text,
          modalites_inscription text,
          periode_inscription jsonb,
          etat_recrutement text,
          recrutements jsonb NOT NULL DEFAULT '[]',
          urls text[] NOT NULL DEFAULT '{}',
          contacts jsonb NOT NULL DEFAULT '[]',
          references_certification jsonb NOT NULL DEFAULT '[]',
          cycles jsonb NOT NULL DEFAULT '[]',
          extras jsonb NOT NULL DEFAULT '[]',
          eligible_cpf boolean NOT NULL DEFAULT false,
          run_id int,
          PRIMARY KEY (source, formation, action, session),
          FOREIGN KEY (source, formation, action) REFERENCES training_action ON DELETE CASCADE)`,
        sql`CREATE INDEX training_session_dates ON training_session (date_debut, date_fin)`,

        // blocs-competences of a session, one row per bloc-competences; the group's validation
        // and reference-certification are repeated on each of its blocs (group = rank of the
        // blocs-competences element).
        sql`CREATE TABLE training_bloc (
          source text NOT NULL, formation text NOT NULL, action text NOT NULL, session text NOT NULL,
          grp int NOT NULL,
          position int NOT NULL,
          validation text NOT NULL,
          reference jsonb NOT NULL,
          code text NOT NULL,
          libelle text NOT NULL,
          run_id int,
          PRIMARY KEY (source, formation, action, session, grp, position),
          FOREIGN KEY (source, formation, action, session) REFERENCES training_session ON DELETE CASCADE)`,
        sql`CREATE INDEX training_bloc_code ON training_bloc (code)`,

        sql`CREATE TABLE training_formateur (
          source text NOT NULL, formation text NOT NULL, action text NOT NULL,
          position int NOT NULL,
          siret text NOT NULL,
          raison_sociale text NOT NULL,
          contacts jsonb NOT NULL DEFAULT '[]',
          potentiel jsonb NOT NULL DEFAULT '[]',
          uai text,
          references_certification jsonb NOT NULL DEFAULT '[]',
          extras jsonb NOT NULL DEFAULT '[]',
          run_id int,
          PRIMARY KEY (source, formation, action, position),
          FOREIGN KEY (source, formation, action) REFERENCES training_action ON DELETE CASCADE)`,
        sql`CREATE INDEX training_formateur_siret ON training_formateur (siret)`,

        sql`CREATE TABLE training_financeur (
          source text NOT NULL, formation text NOT NULL, action text NOT NULL,
          position int NOT NULL,
          -- dict-financeurs key
          code text NOT NULL,
          nb_places int,
          extras jsonb NOT NULL DEFAULT '[]',
          run_id int,
          PRIMARY KEY (source, formation, action, position),
          FOREIGN KEY (source, formation, action) REFERENCES training_action ON DELETE CASCADE)`,
        sql`CREATE INDEX training_financeur_code ON training_financeur (code)`,

        // Directory of the organismes (responsables and formateurs) of each source, by SIRET.
        // Rebuilt from the offers after each import, independent of the order of the file: for a
        // SIRET given different names, the responsable wins over the formateur, then the lowest
        // formation identifier.
        sql`CREATE TABLE training_organisme (
          source text NOT NULL REFERENCES training_source(name) ON DELETE CASCADE,
          siret text NOT NULL,
          nom text NOT NULL,
          raison_sociale text,
          numero_activite text,
          uai text,
          responsable boolean NOT NULL,
          formateur boolean NOT NULL,
          commune text,
          ville text,
          lat double precision,
          lon double precision,
          run_id int,
          PRIMARY KEY (source, siret))`,
        sql`CREATE INDEX training_organisme_siret ON training_organisme (siret)`,
      ];
      for (const q of ddl) await q.execute(db);
    },
  },
};
