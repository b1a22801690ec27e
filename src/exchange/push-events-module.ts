/** What the partners' event push brings to the exchange module (see index.ts). */
import fs from 'node:fs';
import path from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import { sql } from 'kysely';
import type { PersonalTable } from '../platform/personal-data.ts';
import { argumentError, print, subcommand, type WithDb } from '../platform/cli.ts';
import { NotFoundError } from '../platform/errors.ts';
import { PushRefusal } from './push.ts';
import { pushEvents } from './push-events.ts';
import { pushEventDb } from './push-events-tables.ts';
import type { EventPushReport } from './push-contract.ts';

export { pushEventMigrations } from './push-events-migrations.ts';
export { registerPushEventRoutes } from './push-events-routes.ts';

/** An event push names the account (or the key) that sent it: kept three years with its report, like the offers' pushes. */
export const pushEventPersonalTables: readonly PersonalTable[] = [
  {
    table: 'exchange_event_push',
    holds: 'envois d’événements de l’agenda : structure, compte ou clé d’API qui a envoyé, rapport de validation',
    keptFor: '3 ans',
    expired: sql<boolean>`at < now() - interval '3 years'`,
  },
];

/** The report in French, one line per rejected or warned event. */
export function eventPushText(r: EventPushReport): string {
  const lines = [
    `envoi d’événements n° ${r.id} (${r.mode}) vers la source « ${r.source} » : ${r.accepted} accepté(s), ${r.rejected} rejeté(s), ` +
      `${r.warnings} avec avertissement, ${r.removed} retiré(s) ; ${r.live} événement(s) dans l’agenda`,
  ];
  for (const e of r.events) {
    for (const x of e.errors) lines.push(`  rejeté « ${e.identifiant ?? '?'} » ${x.path} : ${x.reason}`);
    for (const w of e.warnings) lines.push(`  avertissement « ${e.identifiant ?? '?'} » : ${w}`);
  }
  return lines.join('\n');
}

function structureId(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('un identifiant de structure (entier) est attendu');
  return n;
}

/** `passerelles exchange push-events --source NAME --structure ID fichier.json [--un-evenement] [--json]` */
export function registerPushEventCommands(program: Command, withDb: WithDb): void {
  const exchange = subcommand(program, 'exchange', 'échanges de données avec les partenaires');
  exchange
    .command('push-events')
    .description('envoyer les événements (JSON) d’une structure dans sa source (toute la source, ou un événement avec --un-evenement)')
    .argument('<fichier>', 'fichier JSON : { "events": [ … ] }, ou un événement avec --un-evenement')
    .requiredOption('--source <nom>', 'nom de la source (à la structure, ou nouvelle)')
    .requiredOption('--structure <id>', 'identifiant de la structure qui envoie', structureId)
    .option('--un-evenement', 'ajouter ou remplacer un seul événement (les autres restent)')
    .option('--json', 'sortie JSON')
    .action(async (file: string, o: { source: string; structure: number; unEvenement?: boolean; json?: boolean }) => {
      let body: unknown;
      try {
        body = JSON.parse(fs.readFileSync(path.resolve(file), 'utf8'));
      } catch (error) {
        throw new InvalidArgumentError(`${file} : JSON illisible (${(error as Error).message})`);
      }
      await withDb(async ({ db }) => {
        try {
          const pdb = pushEventDb(db);
          const s = await pdb.selectFrom('structure').select('id').where('id', '=', o.structure).executeTakeFirst();
          if (!s) throw new NotFoundError(`structure n° ${o.structure} inconnue`, 'structure');
          const report = await pushEvents(
            pdb,
            { structureId: o.structure, accountId: null },
            { source: o.source, mode: o.unEvenement ? 'un-evenement' : 'complet', body },
          );
          print(Boolean(o.json), report, () => eventPushText(report));
        } catch (error) {
          if (error instanceof PushRefusal || (error instanceof Error && error.name === 'ForbiddenError'))
            throw new InvalidArgumentError(error.message);
          throw argumentError(error, true);
        }
      });
    });
}
