import type { Command } from 'commander';
import { positiveInt, print, subcommand, type WithDb } from '../platform/cli.ts';
import { searchCommunes } from './communes.ts';

/** `passerelles territories communes`. */
export function registerTerritoryCommands(program: Command, withDb: WithDb): void {
  const territories = subcommand(program, 'territories', 'territoires');

  territories
    .command('communes')
    .description('cherche une commune par nom ou code postal')
    .argument('<query...>', 'nom ou code postal')
    .option('--limit <n>', 'nombre de résultats', positiveInt, 10)
    .option('--json', 'sortie JSON')
    .action(async (words: string[], opts: { limit: number; json?: boolean }) => {
      await withDb(async ({ db }) => {
        const results = await searchCommunes(db, words.join(' '), { limit: opts.limit });
        print(
          !!opts.json,
          results,
          () => results.map((c) => `${c.code}  ${c.name} (${c.postcodes.join(', ')})`).join('\n') || 'Aucune commune.',
        );
      });
    });
}
