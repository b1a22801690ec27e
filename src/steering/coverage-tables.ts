/** Kysely row types of the coverage tables (see coverage-module.ts for their migration). */
import type { Generated } from 'kysely';

/** Where a counselling point comes from: the data bundle, an operator's CSV, or entered by hand. */
export type PointOrigin = 'lot' | 'csv' | 'saisie';
/** France Travail agency, Mission locale, Cap emploi, or another operator of the conseil en évolution professionnelle. */
export type PointKind = 'france_travail' | 'mission_locale' | 'cap_emploi' | 'cep';
/** Where the position comes from: the source's geocoded address, or the centre of the commune. */
export type PointPlacement = 'adresse' | 'commune';

export interface CoverageTables {
  steering_point: {
    id: Generated<number>;
    /** Key of an imported point (bundle or CSV), null for a point entered by hand. */
    import_key: string | null;
    /** Bundle file, or « CSV » for an operator's file. */
    source_file: string | null;
    origin: PointOrigin;
    kind: PointKind;
    name: string;
    operator: string | null;
    address: string | null;
    post_code: string | null;
    city: string | null;
    departement: string | null;
    region: string | null;
    commune: string | null;
    lat: number;
    lon: number;
    placed: PointPlacement;
    /** Set when a steering account removes a bundle point: re-imports keep it out. */
    removed_at: Date | null;
    run_id: number | null;
    created_at: Generated<Date>;
    updated_at: Generated<Date>;
  };
}
