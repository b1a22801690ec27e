/** Kysely row types of the apprenticeship tables (see migrations.ts). */
import type { ColumnType } from 'kysely';

type RunId = number | null;
/** jsonb: read as parsed JSON, written as a JSON string. */
type Json<T = unknown> = ColumnType<T, string, string>;

/** A place of training of an organisme, as the API Apprentissage referential gives it. */
export interface CfaPlace {
  label: string | null;
  commune: string | null;
  lat: number | null;
  lon: number | null;
}

export interface ApprenticeshipTables {
  /** One organisme (UAI × SIRET) as one file of the bundle lists it. */
  apprenticeship_organisme: {
    /** 'depp' | 'uai-siret' | 'api-apprentissage' (see cfa-import.ts). */
    source: string;
    /** `${uai}/${siret}`, `${uai}/-` without SIRET. */
    key: string;
    /** The file, relative to the bundle. */
    file: string;
    uai: string;
    siret: string | null;
    name: string | null;
    nature: string | null;
    address: string | null;
    postcode: string | null;
    /** INSEE code of the current commune, when found. */
    commune: string | null;
    /** The commune as the file writes it. */
    commune_label: string | null;
    departement: string | null;
    /** Position of the address (BAN geocoding of the referential), WGS84. */
    lat: number | null;
    lon: number | null;
    qualiopi: boolean | null;
    prepa: boolean | null;
    tutelle: string | null;
    places: Json<CfaPlace[]>;
    run_id: RunId;
  };
  /** The directory: one CFA per UAI, merged from the organisme rows of every file. */
  apprenticeship_cfa: {
    uai: string;
    name: string;
    siret: string | null;
    sirets: string[];
    nature: string | null;
    address: string | null;
    postcode: string | null;
    commune: string | null;
    commune_name: string | null;
    departement: string | null;
    region: string | null;
    lat: number | null;
    lon: number | null;
    /** 'adresse' (geocoded address) | 'commune' (centroid of the commune) | null. */
    position: string | null;
    prepa: boolean;
    qualiopi: boolean | null;
    /** Listed by the DEPP among the CFA under regional convention. */
    convention: boolean;
    files: string[];
    /** Folded words searched by text: names, commune, UAI, SIRETs. */
    search: string;
    run_id: RunId;
  };
}
