/**
 * Official code patterns, written once. None has the g or y flag: `test` keeps no state, so the
 * same object serves everywhere. `…_ANY_CASE` variants are for what people type.
 */

/** ROME 4.0 fiche: a letter A–N and four digits (F1604). */
export const ROME_CODE = /^[A-N]\d{4}$/;
export const ROME_CODE_ANY_CASE = /^[A-N]\d{4}$/i;
/** ROME grand domaine: its letter (F). */
export const ROME_GRAND_DOMAINE_CODE = /^[A-N]$/;
/** ROME domaine professionnel: its grand domaine's letter and two digits (F16). */
export const ROME_DOMAINE_CODE = /^[A-N]\d{2}$/;

/** INSEE commune: five characters, Corsica's départements 2A and 2B included (44109, 2A004). */
export const COMMUNE_CODE = /^(\d{2}|2[AB])\d{3}$/;
export const COMMUNE_CODE_ANY_CASE = /^(\d{2}|2[AB])\d{3}$/i;
/** INSEE département: two digits, 2A/2B, or 97x overseas (44, 2A, 974). */
export const DEPARTEMENT_CODE = /^(\d{2}|2[AB]|97\d)$/;
/** INSEE région: two digits (52). */
export const REGION_CODE = /^\d{2}$/;
/** SIREN (an EPCI's number among others): nine digits (244900015). */
export const SIREN = /^\d{9}$/;
/** SIRET (an establishment): fourteen digits. */
export const SIRET = /^\d{14}$/;
/** INSEE zone d'emploi (2020 zoning): four digits (5204). */
export const ZONE_EMPLOI_CODE = /^\d{4}$/;
/** France Travail bassin BMO: up to ten digits or capitals (5218). */
export const BASSIN_BMO_CODE = /^[0-9A-Z]{1,10}$/;
/** FORMACODE (training domain): five digits. */
export const FORMACODE = /^\d{5}$/;
