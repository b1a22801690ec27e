/** Kysely row types of the training offer tables (see migrations.ts). */
import type { ColumnType, Generated } from 'kysely';

type RunId = number | null;
/** jsonb: read as parsed JSON, written as a JSON string. */
type Json<T = unknown> = ColumnType<T, string, string>;
/** Read as a Date (pg parses date columns), written as 'YYYY-MM-DD'. */
type DateColumn = ColumnType<Date | null, string | null, string | null>;

interface FormationKey {
  source: string;
  formation: string;
}
interface ActionKey extends FormationKey {
  action: string;
}
interface SessionKey extends ActionKey {
  session: string;
}

export interface TrainingTables {
  training_source: {
    name: string;
    /** 'lot' (file of a bundle) | 'fichier' (`passerelles trainings import`) */
    kind: string;
    file: string;
    lheo_version: string;
    run_id: RunId;
  };
  training_formation: FormationKey & {
    attrs: Json<Record<string, string>>;
    intitule: string;
    objectif: string;
    resultats_attendus: string;
    contenu: string;
    certifiante: boolean;
    contacts: Json;
    parcours: string;
    niveau_entree: string;
    objectif_general: string | null;
    types_formation: Json;
    niveau_sortie: string | null;
    urls: string[];
    organisme_siret: string;
    organisme_nom: string;
    organisme: Json;
    module: Json | null;
    extras: Json;
    demo: boolean;
    eligible_cpf: boolean;
    fts: Generated<string>;
    intitule_folded: Generated<string>;
    run_id: RunId;
  };
  training_domaine: FormationKey & {
    /** 'FORMACODE' | 'NSF' | 'ROME' */
    kind: string;
    position: number;
    code: string;
    ref: string | null;
    run_id: RunId;
  };
  training_certification: FormationKey & {
    position: number;
    rncp: string | null;
    certifinfo: string | null;
    rs: string | null;
    cpf: string | null;
    formacode: string | null;
    run_id: RunId;
  };
  training_action: ActionKey & {
    position: number;
    attrs: Json<Record<string, string>>;
    rythme: string;
    publics_vises: Json;
    info_public_vise: string | null;
    niveau_entree_obligatoire: boolean;
    modalites_alternance: string;
    modalites_enseignement: string;
    conditions_specifiques: string;
    prise_en_charge_frais_possible: boolean;
    entrees_sorties_permanentes: boolean;
    urls: string[];
    duree_cycle: number | null;
    adresse_information: Json | null;
    dates_information: string[];
    restauration: string | null;
    hebergement: string | null;
    transport: string | null;
    acces_handicapes: string | null;
    langues: string[];
    modalites_recrutement: string | null;
    modalites_pedagogiques: string | null;
    codes_modalite_pedagogique: string[];
    equipements: Json;
    frais_restants: string | null;
    code_perimetre_recrutement: string | null;
    infos_perimetre_recrutement: string | null;
    prix_horaire_ttc: string | null;
    prix_total_ttc: string | null;
    prix_horaire: number | null;
    prix_total: number | null;
    duree_indicative: string | null;
    nombre_heures_centre: number | null;
    nombre_heures_entreprise: number | null;
    nombre_heures_total: number | null;
    detail_conditions_prise_en_charge: string | null;
    conventionnement: boolean | null;
    duree_conventionnee: number | null;
    enseignements: Json;
    extras: Json;
    alternance: boolean;
    run_id: RunId;
  };
  training_lieu: ActionKey & {
    position: number;
    siret: string | null;
    uai: string | null;
    coordonnees: Json;
    extras: Json;
    codepostal: string | null;
    ville: string | null;
    departement: string | null;
    region: string | null;
    commune: string | null;
    lat: number | null;
    lon: number | null;
    run_id: RunId;
  };
  training_session: SessionKey & {
    position: number;
    attrs: Json<Record<string, string>>;
    debut: string;
    fin: string;
    date_debut: DateColumn;
    date_fin: DateColumn;
    adresse_inscription: Json;
    commune_inscription: string | null;
    modalites_inscription: string | null;
    periode_inscription: Json | null;
    etat_recrutement: string | null;
    recrutements: Json;
    urls: string[];
    contacts: Json;
    references_certification: Json;
    cycles: Json;
    extras: Json;
    eligible_cpf: boolean;
    run_id: RunId;
  };
  training_bloc: SessionKey & {
    grp: number;
    position: number;
    validation: string;
    reference: Json;
    code: string;
    libelle: string;
    run_id: RunId;
  };
  training_formateur: ActionKey & {
    position: number;
    siret: string;
    raison_sociale: string;
    contacts: Json;
    potentiel: Json;
    uai: string | null;
    references_certification: Json;
    extras: Json;
    run_id: RunId;
  };
  training_financeur: ActionKey & {
    position: number;
    code: string;
    nb_places: number | null;
    extras: Json;
    run_id: RunId;
  };
  training_organisme: {
    source: string;
    siret: string;
    nom: string;
    raison_sociale: string | null;
    numero_activite: string | null;
    uai: string | null;
    responsable: boolean;
    formateur: boolean;
    commune: string | null;
    ville: string | null;
    lat: number | null;
    lon: number | null;
    run_id: RunId;
  };
}
