/** Labour market (tensions, unemployment, InserJeunes outcomes): the module and what the rest of the platform may use. */
import type { Module } from '../platform/module.ts';
import { labourMarketMigrations } from './migrations.ts';
import { labourMarketSource } from './import.ts';

export const labourMarketModule: Module = {
  name: 'labour-market',
  migrations: labourMarketMigrations,
  sources: [labourMarketSource],
};

export { labourMarketSource, SOURCES } from './import.ts';
export {
  tensionForRome,
  tensionBasis,
  tensionWithBasis,
  daresRowsAt,
  bassinRowsAt,
  unemployment,
  outcomesForCertification,
  outcomesForRome,
  outcomeBasis,
  outcomesWithBasis,
  establishmentOutcomes,
  TENSION_SCALES,
  PUBLICATION_THRESHOLD,
  type Provenance,
  type GeoLevel,
  type RomeTension,
  type TensionBasis,
  type TensionRows,
  type DaresRow,
  type FapTension,
  type BassinTension,
  type TensionComponents,
  type Unemployment,
  type UnemploymentFigure,
  type Outcome,
  type CertificationOutcomes,
  type RomeOutcomes,
  type OutcomeBasis,
  type RomeOutcome,
  type EstablishmentOutcome,
} from './queries.ts';
export { resolveTerritory, TERRITORY_LEVELS, type TerritoryLevel, type ResolvedTerritory } from './territory.ts';
