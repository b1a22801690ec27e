/** What the needs part of steering (needs per sector and territory) brings to the module (see index.ts). */
import { InvalidArgumentError, type Command } from 'commander';
import { argumentError, print, subcommand, type WithDb } from '../platform/cli.ts';
import type { App, ServeContext } from '../platform/http/app.ts';
import { routeOptions } from '../platform/http/route-contract.ts';
import { figuresDb } from './figures-db.ts';
import { needsRoutes as routes, type NeedsQuery } from './needs-contract.ts';
import { computeNeeds, needsText } from './needs.ts';

export async function registerNeedsRoutes(app: App, ctx: ServeContext): Promise<void> {
  const db = figuresDb(ctx.handle.db);
  app.get(routes.needs.url, routeOptions(routes.needs), async (request) => computeNeeds(db, request.query));
}

const matching = (pattern: RegExp, message: string) => (value: string) => {
  if (!pattern.test(value)) throw new InvalidArgumentError(message);
  return value;
};

/** `passerelles steering needs [--region 52] [--bassin 5218] [--famille B] [--json]` */
export function registerNeedsCommands(program: Command, withDb: WithDb): void {
  const steering = subcommand(program, 'steering', 'pilotage régional : indicateurs, territoires, couverture des points de conseil');
  steering
    .command('needs')
    .description('besoins par secteur et territoire : projets de recrutement, tension, places de formation, offre à construire')
    .option('--region <code>', 'région (52 par défaut)', matching(/^\d{2}$/, 'un code de région à deux chiffres est attendu (ex. 52)'))
    .option('--bassin <code>', 'bassin BMO (ex. 5218)', matching(/^\d{3,5}$/, 'un code de bassin BMO est attendu (ex. 5218)'))
    .option(
      '--famille <lettre>',
      'domaine professionnel FAP (ex. B)',
      matching(/^[A-Z]$/, 'une lettre de domaine FAP est attendue (ex. B)'),
    )
    .option('--json', 'sortie JSON')
    .action(async (o: NeedsQuery & { json?: boolean }) => {
      await withDb(async ({ db }) => {
        try {
          const needs = await computeNeeds(figuresDb(db), { region: o.region, bassin: o.bassin, famille: o.famille });
          print(Boolean(o.json), needs, () => needsText(needs));
        } catch (error) {
          throw argumentError(error, true);
        }
      });
    });
}
