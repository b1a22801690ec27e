/**
 * Apprenticeship: pay and aid rules as dated data and the pay simulator (shell and API); the CFA
 * directory from the bundle's `apprentissage/` folder and the map of apprenticeship trainings.
 */
import type { Module } from '../platform/module.ts';
import { registerApprenticeshipCommands } from './cli.ts';
import { registerApprenticeshipRoutes } from './routes.ts';
import { apprenticeshipMigrations } from './migrations.ts';
import { cfaSource } from './cfa-import.ts';

export const apprenticeshipModule: Module = {
  name: 'apprenticeship',
  migrations: apprenticeshipMigrations,
  sources: [cfaSource],
  serve: registerApprenticeshipRoutes,
  commands: registerApprenticeshipCommands,
};

export { simulatePay, type PayInput, type PaySimulation } from './pay.ts';
/** The CFA directory, for the capabilities above (recruitment: a CFA depositing offers for a company). */
export { findCfa, searchCfas, cfaDetail, type CfaQuery } from './cfa.ts';
export type { CfaSummary, CfaSearch, CfaDetail } from './contract.ts';
export { apprenticeshipDb, type ApprenticeshipSchema, type ApprenticeshipDb } from './db.ts';
