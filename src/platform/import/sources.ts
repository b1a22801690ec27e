import type { ImportSource } from './run.ts';
import { romeSource } from '../../referentials/import/rome.ts';
import { escoSource } from '../../referentials/import/esco.ts';
import { territorySource } from '../../territories/import.ts';
import { certificationSource } from '../../referentials/certifications/import.ts';
import { labourMarketSource } from '../../labour-market/import.ts';
import { lheoSource } from '../../trainings/import.ts';

/**
 * Every source `passerelles data import` knows, in import order: later sources check their codes
 * against earlier ones (ESCO and certifications against ROME, trainings against communes).
 */
export const importSources: readonly ImportSource[] = [
  territorySource, romeSource, escoSource, certificationSource, labourMarketSource, lheoSource,
];
