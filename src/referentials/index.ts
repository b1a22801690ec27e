/** Referentials (ROME 4.0, ESCO, Certif Info, BCN): the module and what other capabilities may use. */
import type { Module } from '../platform/module.ts';
import { referentialMigrations } from './migrations.ts';
import { certificationMigrations } from './certifications/migrations.ts';
import { romeSource } from './import/rome.ts';
import { escoSource } from './import/esco.ts';
import { certificationSource } from './certifications/import.ts';
import { registerReferentialCommands } from './cli.ts';
import { registerReferentialRoutes } from './routes.ts';
import { OccupationCatalog } from './catalog.ts';
import { FicheCache } from './fiche.ts';

export const referentialsModule: Module = {
  name: 'referentials',
  migrations: { ...referentialMigrations, ...certificationMigrations },
  sources: [romeSource, escoSource, certificationSource],
  commands: registerReferentialCommands,
  async serve(app, ctx) {
    // Built from imported referentials only: the read replica when there is one.
    const occupations = new OccupationCatalog(ctx.handle.read);
    await occupations.refresh();
    const fiches = new FicheCache(ctx.handle.read);
    registerReferentialRoutes(app, { ...ctx, occupations, fiches });
    return [occupations, fiches];
  },
};

export { OccupationCatalog };
export { getFiche, type Fiche } from './fiche.ts';
export type { ReferentialSchema, ReferentialDb } from './db.ts';
