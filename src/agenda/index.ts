/** Agenda: information events (salons, forums, open days, info sessions), imported or entered by a CFA or the Région. */
import type { Module } from '../platform/module.ts';
import { agendaMigrations } from './migrations.ts';
import { agendaSource } from './import.ts';
import { registerAgendaRoutes } from './routes.ts';
import { registerAgendaCommands } from './cli.ts';

export const agendaModule: Module = {
  name: 'agenda',
  migrations: agendaMigrations,
  sources: [agendaSource],
  serve: registerAgendaRoutes,
  commands: registerAgendaCommands,
};

export { listEvents, allEvents, getEvent, type EventFilters } from './events.ts';
export type { AgendaSchema, AgendaDb } from './db.ts';
