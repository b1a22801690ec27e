import type { ImportSource } from './run.ts';
import { romeSource } from '../../referentials/import/rome.ts';
import { escoSource } from '../../referentials/import/esco.ts';
import { territorySource } from '../../territories/import.ts';

/** Every source `passerelles data import` knows, in import order (ESCO checks ROME codes). */
export const importSources: readonly ImportSource[] = [territorySource, romeSource, escoSource];
