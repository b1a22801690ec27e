/** What the indicators part of steering brings to the module (see index.ts). */
import type { Command } from 'commander';
import type { WithDb } from '../platform/cli.ts';
import type { App, ServeContext } from '../platform/http/app.ts';
import { registerIndicatorCli } from './indicators-cli.ts';
import { registerIndicatorHttp } from './indicators-routes.ts';

export async function registerIndicatorRoutes(app: App, ctx: ServeContext): Promise<void> {
  registerIndicatorHttp(app, ctx);
}

export function registerIndicatorCommands(program: Command, withDb: WithDb): void {
  registerIndicatorCli(program, withDb);
}
