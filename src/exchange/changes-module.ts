/** What the change feed part of exchange brings to the module (see index.ts). */
import { InvalidArgumentError, type Command } from 'commander';
import { argumentError, print, subcommand, type WithDb } from '../platform/cli.ts';
import type { App, ServeContext } from '../platform/http/app.ts';
import { routeOptions } from '../platform/http/route-contract.ts';
import { CHANGE_KINDS, changesRoutes as routes, type ChangesPage } from './changes-contract.ts';
import { exportPage, parseKinds, readChanges } from './changes-feed.ts';

export { changesMigrations } from './changes-migrations.ts';

/** The feed and the export are public reads (the ground gives them CORS): caches may keep them briefly. */
const OPEN = { 'cache-control': 'public, max-age=30' } as const;

export async function registerChangesRoutes(app: App, ctx: ServeContext): Promise<void> {
  const db = ctx.handle.db;
  app.get(routes.changes.url, routeOptions(routes.changes), async (request, reply) => {
    const q = request.query;
    const kinds = parseKinds(q.kinds);
    const page = await readChanges(db, { since: q.since, limit: q.limit, kinds });
    // A page is known by where it starts and ends and how many it holds: a change that comes
    // later takes a higher number (an entity's earlier entry leaves), so any change to the page
    // changes its end or its count.
    const etag = `W/"c${q.since ?? 0}-${page.next}-${page.items.length}-${q.limit ?? 100}-${kinds.join('.')}"`;
    reply.headers({ ...OPEN, etag, vary: 'accept-encoding' });
    if (request.headers['if-none-match'] === etag) return reply.code(304).send(null);
    return page;
  });
  app.get(routes.offers.url, routeOptions(routes.offers), async (request, reply) => {
    reply.headers(OPEN);
    return exportPage(db, request.query);
  });
}

const integer = (min: number, max: number) => (value: string) => {
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < min || n > max) throw new InvalidArgumentError(`un entier entre ${min} et ${max} est attendu`);
  return n;
};

function changesText(page: ChangesPage): string {
  const lines = page.items.map((c) => {
    const title = c.data ? String(c.data.intitule ?? c.data.title ?? '') : '';
    return `${c.sequence}\t${c.at}\t${c.kind}\t${c.action}\t${c.id}${title ? `\t${title}` : ''}`;
  });
  lines.push(`curseur suivant : ${page.next}${page.hasMore ? ' (la suite est disponible)' : ''}`);
  return lines.join('\n');
}

/** `passerelles exchange changes [--since N] [--limit N] [--kinds a,b] [--json]` */
export function registerChangesCommands(program: Command, withDb: WithDb): void {
  const exchange = subcommand(program, 'exchange', 'échanges de données entre acteurs : flux des changements, offres poussées');
  exchange
    .command('changes')
    .description('flux des changements des offres de formation, événements et offres d’apprentissage publics')
    .option('--since <curseur>', 'curseur (0 : depuis le début)', integer(0, Number.MAX_SAFE_INTEGER))
    .option('--limit <n>', 'changements par page (100 par défaut)', integer(1, 1000))
    .option('--kinds <types>', `types séparés par des virgules : ${CHANGE_KINDS.join(', ')}`)
    .option('--json', 'sortie JSON')
    .action(async (o: { since?: number; limit?: number; kinds?: string; json?: boolean }) => {
      await withDb(async ({ db }) => {
        try {
          const page = await readChanges(db, { since: o.since, limit: o.limit, kinds: parseKinds(o.kinds) });
          print(Boolean(o.json), page, () => changesText(page));
        } catch (error) {
          throw argumentError(error, true);
        }
      });
    });
}
