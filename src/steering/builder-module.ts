/** What the builder part of steering brings to the module (see index.ts). */
import type { Command } from 'commander';
import type { Migration } from 'kysely';
import type { WithDb } from '../platform/cli.ts';
import type { App, ServeContext } from '../platform/http/app.ts';
import type { ImportSource } from '../platform/import/run.ts';
import { builderMigrations as migrations } from './builder-migrations.ts';
import { builderSource } from './builder-import.ts';
import { registerBuilderHttp } from './builder-routes.ts';
import { registerBuilderCli } from './builder-cli.ts';

export const builderMigrations: Record<string, Migration> = migrations;
export const builderSources: readonly ImportSource[] = [builderSource];

export async function registerBuilderRoutes(app: App, ctx: ServeContext): Promise<void> {
  registerBuilderHttp(app, ctx);
}

export function registerBuilderCommands(program: Command, withDb: WithDb): void {
  registerBuilderCli(program, withDb);
}
