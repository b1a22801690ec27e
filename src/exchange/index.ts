/**
 * Exchange: data exchange between actors (issue 14). Partners push their training offers (LHEO)
 * into their own source with a validation report per offer (push*.ts); a change feed of offers,
 * events and apprenticeship offers lets a partner mirror ours (changes*.ts).
 */
import type { Module } from '../platform/module.ts';
import { pushMigrations, pushPersonalTables, registerPushCommands, registerPushRoutes } from './push-module.ts';
import { changesMigrations, registerChangesCommands, registerChangesRoutes } from './changes-module.ts';

export const exchangeModule: Module = {
  name: 'exchange',
  migrations: { ...pushMigrations, ...changesMigrations },
  personalData: { tables: [...pushPersonalTables] },
  async serve(app, ctx) {
    registerPushRoutes(app, ctx);
    await registerChangesRoutes(app, ctx);
  },
  commands(program, withDb) {
    registerPushCommands(program, withDb);
    registerChangesCommands(program, withDb);
  },
};
