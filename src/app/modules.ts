/**
 * The one list of the house's capabilities, in their order: each may use the ones before it.
 * Adding a capability means adding its module here (and its pages to web/routes.ts).
 */
import type { Migration } from 'kysely';
import type { ImportSource } from '../platform/import/run.ts';
import { platformMigrations } from '../platform/db/platform-migrations.ts';
import type { Module } from '../platform/module.ts';
import type { PersonalTable } from '../platform/personal-data.ts';
import { identityModule } from '../identity/index.ts';
import { territoriesModule } from '../territories/index.ts';
import { referentialsModule } from '../referentials/index.ts';
import { labourMarketModule } from '../labour-market/index.ts';
import { trainingsModule } from '../trainings/index.ts';
import { viewsModule } from '../views/index.ts';
import { guidanceModule } from '../guidance/index.ts';
import { apprenticeshipModule } from '../apprenticeship/index.ts';
import { agendaModule } from '../agenda/index.ts';
import { recruitmentModule } from '../recruitment/index.ts';
import { counsellingModule } from '../counselling/index.ts';
import { steeringModule } from '../steering/index.ts';
import { exchangeModule } from '../exchange/index.ts';

export const modules: readonly Module[] = [
  identityModule,
  territoriesModule,
  referentialsModule,
  labourMarketModule,
  trainingsModule,
  viewsModule,
  guidanceModule,
  apprenticeshipModule,
  agendaModule,
  recruitmentModule,
  counsellingModule,
  steeringModule,
  exchangeModule,
];

/** Every migration, the ground's included. */
export const migrations: Record<string, Migration> = Object.assign({}, platformMigrations, ...modules.map((m) => m.migrations ?? {}));

/**
 * Every source `passerelles data import` knows, in import order: later sources check their codes
 * against earlier ones (ESCO and certifications against ROME, trainings against communes).
 */
export const importSources: readonly ImportSource[] = modules.flatMap((m) => m.sources ?? []);

/** Every table of personal data, with its retention (the RGPD purge's list). */
export const personalTables = (): PersonalTable[] => modules.flatMap((m) => m.personalData?.tables ?? []);
