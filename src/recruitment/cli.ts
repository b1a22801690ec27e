import type { Command } from 'commander';
import { argumentError, positiveInt, print, subcommand, type WithDb } from '../platform/cli.ts';
import { readConfig } from '../platform/config.ts';
import { recruitmentDb } from './db.ts';
import { searchOffers } from './offers.ts';
import { remindRecruiters } from './applications.ts';

/** `passerelles recruitment offers` (search) and `passerelles recruitment remind` (reminders now). */
export function registerRecruitmentCommands(program: Command, withDb: WithDb): void {
  const group = subcommand(program, 'recruitment', 'offres d’apprentissage et candidatures');
  group
    .command('offers')
    .description('cherche des offres de contrat en apprentissage publiées')
    .option('--q <texte>', 'texte libre')
    .option('--commune <code>', 'code INSEE ou code postal')
    .option('--rayon <km>', 'rayon autour de la commune', positiveInt)
    .option('--rome <code>', 'code ROME')
    .option('--json', 'sortie JSON')
    .action(async (opts: { q?: string; commune?: string; rayon?: number; rome?: string; json?: boolean }) => {
      await withDb(async (h) => {
        const r = await searchOffers(recruitmentDb(h.db), opts).catch((e) => {
          throw argumentError(e, true);
        });
        print(!!opts.json, r, () =>
          [
            `${r.total} offre(s)`,
            ...r.results.map(
              (o) =>
                `${o.id}\t${o.title} — ${o.company}, ${o.commune.name}${o.distanceKm == null ? '' : ` (${o.distanceKm} km)`}, début ${o.startDate}`,
            ),
          ].join('\n'),
        );
      });
    });
  group
    .command('remind')
    .description('envoie maintenant les rappels aux recruteurs dont des candidatures attendent une réponse depuis 7 jours')
    .action(async () => {
      await withDb(async (h) => {
        const mails = await remindRecruiters(recruitmentDb(h.db), readConfig().publicUrl);
        process.stdout.write(`${mails} rappel(s) mis dans la boîte d’envoi\n`);
      });
    });
}
