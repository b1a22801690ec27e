/** Kysely row types of the territory tables (see migrations.ts). */
type RunId = number | null;

export interface TerritoryTables {
  region: { code: string; name: string; run_id: RunId };
  departement: { code: string; name: string; region: string; run_id: RunId };
  commune: {
    code: string;
    name: string;
    departement: string;
    region: string;
    population: number | null;
    postcodes: string[];
    epci: string | null;
    zone_emploi: string | null;
    bassin_bmo: string | null;
    lat: number | null;
    lon: number | null;
    /** 'polygone' | 'approximatif' | null */
    position_source: string | null;
    search_name: string;
    search_alt: string | null;
    run_id: RunId;
  };
  commune_postcode: { postcode: string; commune: string; run_id: RunId };
  commune_word: { word: string; commune: string; run_id: RunId };
  epci: { siren: string; name: string; type: string | null; population: number | null; run_id: RunId };
  epci_commune: { siren: string; commune: string; run_id: RunId };
  zone_emploi: { code: string; name: string; run_id: RunId };
  zone_emploi_commune: {
    commune: string;
    commune_name: string | null;
    zone_emploi: string;
    departement: string | null;
    region: string | null;
    run_id: RunId;
  };
  bassin_bmo: { code: string; name: string; run_id: RunId };
  bassin_bmo_commune: {
    commune: string;
    commune_name: string | null;
    bassin: string;
    departement: string | null;
    region: string | null;
    run_id: RunId;
  };
  territory_shape: {
    /** 'departement' | 'commune' */
    level: string;
    code: string;
    name: string;
    departement: string | null;
    commune: string | null;
    /** GeoJSON geometry as text. */
    geometry: string;
    run_id: RunId;
  };
}
