/** Labour market (tensions, unemployment, InserJeunes outcomes): what the rest of the platform may use. */
export { labourMarketSource, SOURCES } from './import.ts';
export {
  tensionForRome, unemployment, outcomesForCertification, outcomesForRome, establishmentOutcomes,
  TENSION_SCALES, PUBLICATION_THRESHOLD,
  type Provenance, type GeoLevel, type RomeTension, type FapTension, type BassinTension, type TensionComponents,
  type Unemployment, type UnemploymentFigure, type Outcome, type CertificationOutcomes, type RomeOutcomes, type RomeOutcome,
  type EstablishmentOutcome,
} from './queries.ts';
export { resolveTerritory, TERRITORY_LEVELS, type TerritoryLevel, type ResolvedTerritory } from './territory.ts';
