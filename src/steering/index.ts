/**
 * Steering: the figures of the regional committee. The indicators at every scale (indicators*.ts,
 * from the figures the lower floors and figures-import*.ts bring), counselling points and their
 * 20 km coverage (coverage*.ts), territories built from whole EPCI (builder*.ts), the training-map
 * review (review*.ts), needs per sector and territory (needs*.ts), the annual report (report*.ts).
 */
import type { Module } from '../platform/module.ts';
import { coverageMigrations, coverageSources, registerCoverageCommands, registerCoverageRoutes } from './coverage-module.ts';
import { figuresMigrations } from './figures-migrations.ts';
import { figuresSource } from './figures-import.ts';
import { builderMigrations, builderSources, registerBuilderCommands, registerBuilderRoutes } from './builder-module.ts';
import { registerReviewCommands, registerReviewRoutes } from './review-module.ts';
import { registerNeedsCommands, registerNeedsRoutes } from './needs-module.ts';
import { registerIndicatorCommands, registerIndicatorRoutes } from './indicators-module.ts';
import { registerReportRoutes } from './report-module.ts';

export const steeringModule: Module = {
  name: 'steering',
  migrations: { ...coverageMigrations, ...builderMigrations, ...figuresMigrations },
  sources: [...coverageSources, ...builderSources, figuresSource],
  async serve(app, ctx) {
    await registerIndicatorRoutes(app, ctx);
    await registerCoverageRoutes(app, ctx);
    await registerBuilderRoutes(app, ctx);
    await registerReviewRoutes(app, ctx);
    await registerNeedsRoutes(app, ctx);
    await registerReportRoutes(app, ctx);
  },
  commands(program, withDb) {
    registerIndicatorCommands(program, withDb);
    registerCoverageCommands(program, withDb);
    registerBuilderCommands(program, withDb);
    registerReviewCommands(program, withDb);
    registerNeedsCommands(program, withDb);
  },
};
