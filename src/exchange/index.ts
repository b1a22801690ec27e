/**
 * Exchange: data exchange between actors (issue 14). Partners push their training offers (LHEO)
 * into their own source with a validation report per offer (push*.ts); a change feed of offers,
 * events and apprenticeship offers lets a partner mirror ours (changes*.ts).
 */
import type { Module } from '../platform/module.ts';
import { pushMigrations, pushPersonalTables, registerPushCommands, registerPushRoutes } from './push-module.ts';
import { changesMigrations, registerChangesCommands, registerChangesRoutes } from './changes-module.ts';
import { registerExportsCommands, registerExportsRoutes } from './exports-module.ts';
import { registerWidgetRoutes } from './widget-module.ts';
import { pushEventMigrations, pushEventPersonalTables, registerPushEventCommands, registerPushEventRoutes } from './push-events-module.ts';

export const exchangeModule: Module = {
  name: 'exchange',
  migrations: { ...pushMigrations, ...changesMigrations, ...pushEventMigrations },
  personalData: { tables: [...pushPersonalTables, ...pushEventPersonalTables] },
  async serve(app, ctx) {
    registerPushRoutes(app, ctx);
    registerPushEventRoutes(app, ctx);
    await registerChangesRoutes(app, ctx);
    registerExportsRoutes(app, ctx);
    registerWidgetRoutes(app, ctx);
  },
  commands(program, withDb) {
    registerPushCommands(program, withDb);
    registerPushEventCommands(program, withDb);
    registerChangesCommands(program, withDb);
    registerExportsCommands(program, withDb);
  },
};
