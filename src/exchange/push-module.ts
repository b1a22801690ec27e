/** What the partner push brings to the exchange module (see index.ts). */
import { InvalidArgumentError, type Command } from 'commander';
import { sql } from 'kysely';
import type { PersonalTable } from '../platform/personal-data.ts';
import { argumentError, print, subcommand, type WithDb } from '../platform/cli.ts';
import { NotFoundError } from '../platform/errors.ts';
import { pushDb } from './push-db.ts';
import { PushRefusal, pushOffers } from './push.ts';
import { readPushFile } from './push-routes.ts';
import type { PushReport } from './push-contract.ts';

export { pushMigrations } from './push-migrations.ts';

/**
 * A push names the account (or the key) that sent it: kept three years with its report, for the
 * provider's history, then purged. Offers themselves are the providers' public data.
 */
export const pushPersonalTables: readonly PersonalTable[] = [
  {
    table: 'exchange_push',
    holds: 'envois d’offres de formation : structure, compte ou clé d’API qui a envoyé, rapport de validation',
    keptFor: '3 ans',
    expired: sql<boolean>`at < now() - interval '3 years'`,
  },
];
export { registerPushRoutes } from './push-routes.ts';

function structureId(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('un identifiant de structure (entier) est attendu');
  return n;
}

/** The report in French, one line per rejected or warned offer. */
export function pushText(r: PushReport): string {
  const lines = [
    `envoi n° ${r.id} (${r.mode}) vers la source « ${r.source} » : ${r.accepted} offre(s) acceptée(s), ${r.rejected} rejetée(s), ` +
      `${r.warnings} avec avertissement, ${r.removed} retirée(s) ; ${r.live} offre(s) en ligne`,
  ];
  for (const o of r.offers) {
    for (const e of o.errors) lines.push(`  rejetée « ${o.identifiant ?? '?'} » ${e.path} (ligne ${e.line}) : ${e.reason}`);
    for (const w of o.warnings) lines.push(`  avertissement « ${o.identifiant ?? '?'} » : ${w}`);
  }
  return lines.join('\n');
}

/** `passerelles exchange push --source NAME --structure ID fichier.xml [--une-offre] [--json]` */
export function registerPushCommands(program: Command, withDb: WithDb): void {
  const exchange = subcommand(program, 'exchange', 'échanges de données avec les partenaires');
  exchange
    .command('push')
    .description('envoyer les offres LHEO d’une structure dans sa source (toute la source, ou une offre avec --une-offre)')
    .argument('<fichier>', 'document LHEO 2.2 ou 2.3')
    .requiredOption('--source <nom>', 'nom de la source (à la structure, ou nouvelle)')
    .requiredOption('--structure <id>', 'identifiant de la structure qui envoie', structureId)
    .option('--une-offre', 'ajouter ou remplacer une seule offre (les autres restent)')
    .option('--json', 'sortie JSON')
    .action(async (file: string, o: { source: string; structure: number; uneOffre?: boolean; json?: boolean }) => {
      await withDb(async ({ db }) => {
        try {
          const pdb = pushDb(db);
          const s = await pdb.selectFrom('structure').select('id').where('id', '=', o.structure).executeTakeFirst();
          if (!s) throw new NotFoundError(`structure n° ${o.structure} inconnue`, 'structure');
          const { label, file: document } = readPushFile(file);
          const report = await pushOffers(
            pdb,
            { structureId: o.structure, accountId: null },
            { source: o.source, mode: o.uneOffre ? 'une-offre' : 'complet', file: document, label },
          );
          print(Boolean(o.json), report, () => pushText(report));
        } catch (error) {
          if (error instanceof PushRefusal || (error instanceof Error && error.name === 'ForbiddenError'))
            throw new InvalidArgumentError(error.message);
          throw argumentError(error, true);
        }
      });
    });
}
