/** Kysely row types of the steering figures (see figures-migrations.ts). */
export interface FiguresTables {
  steering_bmo: {
    vintage: string;
    bassin: string;
    bassin_name: string;
    departement: string;
    region: string;
    metier: string;
    metier_label: string;
    famille: string;
    famille_label: string;
    projets: number | null;
    difficiles: number | null;
    saisonniers: number | null;
    run_id: number | null;
  };
  steering_bassin_commune: {
    vintage: string;
    commune: string;
    bassin: string;
    bassin_name: string;
    departement: string | null;
    region: string | null;
    run_id: number | null;
  };
  steering_barometre: {
    indicator: 'IND-313' | 'IND-314';
    geo_level: 'nat' | 'reg' | 'dep';
    geo_code: string;
    month: string;
    value: number;
    run_id: number | null;
  };
  steering_demand: {
    source: 'affelnet' | 'parcoursup';
    vintage: string;
    uai: string;
    mefstat11: string;
    statut: 'scolaire' | 'apprentissage';
    label: string | null;
    cfd: string | null;
    capacity: number | null;
    wishes: number | null;
    run_id: number | null;
  };
  steering_headcount: { vintage: string; uai: string; mefstat11: string; pupils: number; run_id: number | null };
  steering_priority: { region: string; cfd: string; label: string; diplome: string | null; run_id: number | null };
  steering_uai_commune: { uai: string; commune: string; name: string | null; source: string; run_id: number | null };
  steering_mef_label: { mefstat11: string; label: string; source: string; run_id: number | null };
}
