/** Territories (communes, EPCI, zones d'emploi, bassins, outlines): the module and what other capabilities may use. */
import type { Module } from '../platform/module.ts';
import { territoryMigrations } from './migrations.ts';
import { territorySource } from './import.ts';
import { registerTerritoryCommands } from './cli.ts';
import { registerTerritoryRoutes } from './routes.ts';

export const territoriesModule: Module = {
  name: 'territories',
  migrations: territoryMigrations,
  sources: [territorySource],
  commands: registerTerritoryCommands,
  serve: registerTerritoryRoutes,
};

export { searchCommunes, getCommune, findCommune, territoryCounts } from './communes.ts';
export type { TerritorySchema, TerritoryDb } from './db.ts';
export { territoryDb } from './db.ts';
