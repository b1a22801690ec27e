/** Kysely row types of the ROME 4.0 and ESCO tables (see migrations.ts). */
type RunId = number | null;

export interface ReferentialTables {
  rome_grand_domaine: { code: string; label: string; run_id: RunId };
  rome_domaine_professionnel: { code: string; label: string; grand_domaine: string | null; run_id: RunId };
  rome_fiche: {
    code: string;
    code_ogr: string;
    code_fiche_metier: string | null;
    label: string;
    transition_eco: string | null;
    transition_num: boolean;
    transition_demo: boolean;
    emploi_reglemente: boolean;
    emploi_cadre: boolean;
    rome_v3_parent: string | null;
    grand_domaine: string | null;
    domaine_professionnel: string | null;
    riasec_majeur: string | null;
    riasec_mineur: string | null;
    definition: string | null;
    acces_metier: string | null;
    run_id: RunId;
  };
  rome_appellation: {
    code_ogr: string;
    code_rome: string;
    label: string;
    label_court: string | null;
    principale: boolean;
    transition_eco: string | null;
    transition_num: boolean;
    transition_demo: boolean;
    emploi_reglemente: boolean;
    emploi_cadre: boolean;
    origine: string | null;
    peu_usite: boolean;
    run_id: RunId;
  };
  rome_competence: {
    code_ogr: string;
    macro: boolean;
    label: string;
    definition: string | null;
    macro_code_ogr: string | null;
    code_macro: string | null;
    categorie: string | null;
    sous_categorie: string | null;
    transition_eco: boolean;
    transition_num: boolean;
    heterogeneite: string | null;
    origine: string | null;
    riasec_majeur: string | null;
    riasec_mineur: string | null;
    run_id: RunId;
  };
  rome_savoir: {
    code_ogr: string;
    label: string;
    categorie: string | null;
    sous_categorie: string | null;
    transition_eco: boolean;
    transition_num: boolean;
    run_id: RunId;
  };
  rome_contexte: { code_ogr: string; label: string; type_code: string | null; type_label: string | null; run_id: RunId };
  rome_item: { code_ogr: string; label: string; rubrique: string | null; run_id: RunId };
  rome_fiche_item: {
    code_rome: string;
    code_ogr: string;
    bloc: string;
    rubrique: string | null;
    coeur_metier: string | null;
    run_id: RunId;
  };
  rome_mobilite: { code_rome: string; code_rome_cible: string; numero_ordre: number; run_id: RunId };
  rome_classification: {
    kind: string;
    code: string;
    label: string;
    definition: string | null;
    parent: string | null;
    run_id: RunId;
  };
  rome_fiche_classification: { kind: string; code: string; code_rome: string; principal: boolean | null; run_id: RunId };
  esco_occupation: {
    uri: string;
    code: string | null;
    isco_group: string | null;
    label: string;
    alt_labels: string[];
    hidden_labels: string[];
    description: string | null;
    definition: string | null;
    regulated_note: string | null;
    modified_at: Date | null;
    run_id: RunId;
  };
  esco_skill: {
    uri: string;
    skill_type: string | null;
    reuse_level: string | null;
    label: string;
    alt_labels: string[];
    description: string | null;
    run_id: RunId;
  };
  esco_rome: { esco_uri: string; code_ogr: string; relation: string; esco_label: string | null; run_id: RunId };
}
