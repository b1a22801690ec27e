/** Kysely row types of the labour-market tables (see migrations.ts). */
type RunId = number | null;

/** Where a figure comes from: every table of figures has these columns, all NOT NULL. */
export interface Provenance {
  source: string;
  vintage: string;
  /** 'nat' | 'reg' | 'dep' | 'bassin' | 'ze' | 'etablissement' */
  geo_level: string;
  geo_code: string;
}

export interface LabourMarketTables {
  inserjeunes_region: Provenance & {
    id: string;
    code_region_ij: string | null;
    voie: string;
    cfd: string | null;
    mefstat11: string | null;
    nb_annee_term: number | null;
    nb_poursuite_etudes: number | null;
    nb_sortant: number | null;
    nb_en_emploi_6_mois: number | null;
    nb_en_emploi_12_mois: number | null;
    nb_en_emploi_18_mois: number | null;
    nb_en_emploi_24_mois: number | null;
    taux_emploi_6_mois: number | null;
    taux_emploi_12_mois: number | null;
    taux_emploi_18_mois: number | null;
    taux_emploi_24_mois: number | null;
    taux_poursuite_etudes: number | null;
    run_id: RunId;
  };
  inserjeunes_etablissement: Provenance & {
    voie: string;
    segment: string;
    label: string;
    region: string | null;
    region_label: string | null;
    taux_poursuite_etudes: number | null;
    taux_emploi_6_mois: number | null;
    taux_emploi_6_mois_attendu: number | null;
    valeur_ajoutee: number | null;
    part_poursuite_etudes: number | null;
    part_emploi_6_mois: number | null;
    part_autres_situations: number | null;
    run_id: RunId;
  };
  fap_rome: { fap: string; rome: string; rome_label: string | null; marker: string | null; run_id: RunId };
  dares_tension: Provenance & {
    nomenclature: string;
    fap: string;
    emploi_moyen: number | null;
    tension: number | null;
    categorie: number | null;
    intensite_embauches: number | null;
    lien_formation_emploi: number | null;
    manque_main_oeuvre: number | null;
    non_durabilite: number | null;
    conditions_travail: number | null;
    inadequation_geo: number | null;
    run_id: RunId;
  };
  dares_tension_serie: Provenance & { nomenclature: string; fap: string; tension: number | null; run_id: RunId };
  tension_rome_bassin: Provenance & {
    rome: string;
    offres: number | null;
    demandeurs: number | null;
    tension: number | null;
    intensite_embauches: number | null;
    manque_main_oeuvre: number | null;
    non_durabilite: number | null;
    conditions_travail: number | null;
    inadequation_geo: number | null;
    lien_formation_emploi: number | null;
    run_id: RunId;
  };
  chomage: Provenance & { label: string | null; taux: number; run_id: RunId };
}
