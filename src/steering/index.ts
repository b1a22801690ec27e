/**
 * Steering: the figures of the regional committee. Counselling points and their 20 km coverage
 * (coverage*.ts), territories built from whole EPCI (builder*.ts).
 */
import type { Module } from '../platform/module.ts';
import { coverageMigrations, coverageSources, registerCoverageCommands, registerCoverageRoutes } from './coverage-module.ts';
import { figuresMigrations } from './figures-migrations.ts';
import { figuresSource } from './figures-import.ts';
import { builderMigrations, builderSources, registerBuilderCommands, registerBuilderRoutes } from './builder-module.ts';
import { registerReviewCommands, registerReviewRoutes } from './review-module.ts';
import { registerNeedsCommands, registerNeedsRoutes } from './needs-module.ts';

export const steeringModule: Module = {
  name: 'steering',
  migrations: { ...coverageMigrations, ...builderMigrations, ...figuresMigrations },
  sources: [...coverageSources, ...builderSources, figuresSource],
  async serve(app, ctx) {
    await registerCoverageRoutes(app, ctx);
    await registerBuilderRoutes(app, ctx);
    await registerReviewRoutes(app, ctx);
    await registerNeedsRoutes(app, ctx);
  },
  commands(program, withDb) {
    registerCoverageCommands(program, withDb);
    registerBuilderCommands(program, withDb);
    registerReviewCommands(program, withDb);
    registerNeedsCommands(program, withDb);
  },
};
