/** Kysely row types of the certification tables (see migrations.ts). */
type RunId = number | null;
type Day = Date | string | null;

export interface CertificationTables {
  certification: {
    code: string;
    label: string;
    type_code: string | null;
    type_label: string | null;
    niveau_europeen: number | null;
    rncp: string | null;
    rs: string[];
    cfd: string | null;
    formacode: string | null;
    formacode_label: string | null;
    nsf: string | null;
    valideur: string | null;
    certificateur: string | null;
    etat: string | null;
    etat_label: string | null;
    acces_fi: boolean | null;
    acces_ca: boolean | null;
    acces_fc: boolean | null;
    acces_cp: boolean | null;
    acces_vae: boolean | null;
    acces_ind: boolean | null;
    premiere_session: number | null;
    derniere_session: number | null;
    date_maj: Day;
    ideo: string[];
    run_id: RunId;
  };
  certification_rome: {
    certification: string;
    rome: string;
    rang: number;
    /** 'fiche' | 'domaine' | 'inconnu' */
    status: string;
    run_id: RunId;
  };
  bcn_diplome: {
    cfd: string;
    niveau: string | null;
    groupe_specialite: string | null;
    lettre_specialite: string | null;
    libelle_court: string | null;
    libelle_stat_33: string | null;
    libelle_long: string | null;
    date_ouverture: Day;
    date_fermeture: Day;
    premiere_session: number | null;
    derniere_session: number | null;
    nature: string | null;
    gestionnaire: string | null;
    niveau_qualification_rncp: string | null;
    date_intervention: Day;
    /** 'V_FORMATION_DIPLOME' | 'N_FORMATION_DIPLOME' */
    bcn_table: string;
    run_id: RunId;
  };
  bcn_diplome_succession: { cfd: string; nouveau_cfd: string; run_id: RunId };
  bcn_mef: {
    mef: string;
    dispositif: string | null;
    cfd: string | null;
    duree: number | null;
    annee: number | null;
    libelle_court: string | null;
    libelle_long: string | null;
    date_ouverture: Day;
    date_fermeture: Day;
    statut: string | null;
    mef_stat_11: string | null;
    mef_stat_9: string | null;
    run_id: RunId;
  };
  bcn_niveau: {
    code: string;
    niveau_interministeriel: string | null;
    libelle_court: string | null;
    libelle: string | null;
    niveau_qualification_rncp: string | null;
    date_ouverture: Day;
    date_fermeture: Day;
    run_id: RunId;
  };
  bcn_dispositif: {
    code: string;
    niveau: string | null;
    libelle_court: string | null;
    libelle_long: string | null;
    date_ouverture: Day;
    date_fermeture: Day;
    run_id: RunId;
  };
}
