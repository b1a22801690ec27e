/** What the training-map review part of steering brings to the module (see index.ts). */
import { InvalidArgumentError, type Command } from 'commander';
import { argumentError, print, subcommand, type WithDb } from '../platform/cli.ts';
import type { App, ServeContext } from '../platform/http/app.ts';
import { routeOptions } from '../platform/http/route-contract.ts';
import { figuresDb } from './figures-db.ts';
import { REVIEW_LEVELS, REVIEW_VOIES, reviewRoutes as routes, type ReviewQuery } from './review-contract.ts';
import { computeReview, reviewText } from './review.ts';

export async function registerReviewRoutes(app: App, ctx: ServeContext): Promise<void> {
  const db = figuresDb(ctx.handle.db);
  app.get(routes.review.url, routeOptions(routes.review), async (request) => computeReview(db, request.query));
}

const oneOf =
  <T extends string>(values: readonly T[], what: string) =>
  (value: string): T => {
    if (!(values as readonly string[]).includes(value)) throw new InvalidArgumentError(`${what} : ${values.join(', ')}`);
    return value as T;
  };

function regionOf(value: string): string {
  if (!/^\d{2}$/.test(value)) throw new InvalidArgumentError('un code de région à deux chiffres est attendu (ex. 52)');
  return value;
}

/** `passerelles steering review [--region 52] [--voie scolaire|apprentissage] [--niveau 3|4|5] [--json]` */
export function registerReviewCommands(program: Command, withDb: WithDb): void {
  const steering = subcommand(program, 'steering', 'pilotage régional : indicateurs, territoires, couverture des points de conseil');
  steering
    .command('review')
    .description('revue de la carte des formations : insertion, poursuite d’études, pression, remplissage, formations à examiner')
    .option('--region <code>', 'région (52 par défaut)', regionOf)
    .option('--voie <voie>', 'scolaire ou apprentissage (les deux par défaut)', oneOf(REVIEW_VOIES, 'voie attendue'))
    .option('--niveau <n>', 'niveau du diplôme : 5 = CAP, 4 = bac, 3 = BTS', oneOf(REVIEW_LEVELS, 'niveau attendu'))
    .option('--json', 'sortie JSON')
    .action(async (o: ReviewQuery & { json?: boolean }) => {
      await withDb(async ({ db }) => {
        try {
          const review = await computeReview(figuresDb(db), { region: o.region, voie: o.voie, niveau: o.niveau });
          print(Boolean(o.json), review, () => reviewText(review));
        } catch (error) {
          throw argumentError(error, true);
        }
      });
    });
}
