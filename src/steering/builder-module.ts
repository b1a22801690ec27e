/** What the builder part of steering brings to the module (see index.ts). */
import type { Command } from 'commander';
import type { Migration } from 'kysely';
import type { WithDb } from '../platform/cli.ts';
import type { App, ServeContext } from '../platform/http/app.ts';
import type { ImportSource } from '../platform/import/run.ts';

export const builderMigrations: Record<string, Migration> = {};
export const builderSources: readonly ImportSource[] = [];

export async function registerBuilderRoutes(_app: App, _ctx: ServeContext): Promise<void> {}

export function registerBuilderCommands(_program: Command, _withDb: WithDb): void {}
