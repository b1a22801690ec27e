/**
 * Steering: the figures of the regional committee. Counselling points and their 20 km coverage
 * (coverage*.ts), territories built from whole EPCI (builder*.ts).
 */
import type { Module } from '../platform/module.ts';
import { coverageMigrations, coverageSources, registerCoverageCommands, registerCoverageRoutes } from './coverage-module.ts';
import { figuresMigrations } from './figures-migrations.ts';
import { builderMigrations, builderSources, registerBuilderCommands, registerBuilderRoutes } from './builder-module.ts';

export const steeringModule: Module = {
  name: 'steering',
  migrations: { ...coverageMigrations, ...builderMigrations, ...figuresMigrations },
  sources: [...coverageSources, ...builderSources],
  async serve(app, ctx) {
    await registerCoverageRoutes(app, ctx);
    await registerBuilderRoutes(app, ctx);
  },
  commands(program, withDb) {
    registerCoverageCommands(program, withDb);
    registerBuilderCommands(program, withDb);
  },
};
