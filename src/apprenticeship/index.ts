/** Apprenticeship: pay and aid rules as dated data, and the pay simulator (shell and API). */
import type { Module } from '../platform/module.ts';
import { registerApprenticeshipCommands } from './cli.ts';
import { registerApprenticeshipRoutes } from './routes.ts';

export const apprenticeshipModule: Module = {
  name: 'apprenticeship',
  serve: registerApprenticeshipRoutes,
  commands: registerApprenticeshipCommands,
};

export { simulatePay, type PayInput, type PaySimulation } from './pay.ts';
