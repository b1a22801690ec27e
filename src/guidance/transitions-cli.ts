import type { Command } from 'commander';
import { commaList, type WithDb } from '../platform/cli.ts';
import { SkillsCatalog } from './skills-model.ts';
import { DEFAULT_TRANSITIONS, checkLimit, transitionsFromOccupation, transitionsFromProfile, transitionsText } from './transitions.ts';

interface TransitionOptions {
  limit?: string;
  skills?: string;
  exclude?: string;
  esco?: string;
  json?: boolean;
}

/** `passerelles occupations transitions CODE… [--limit N] [--skills …] [--exclude …] [--esco …] [--json]`. */
export function registerTransitionCommands(occupations: Command, withDb: WithDb): void {
  occupations
    .command('transitions')
    .description('métiers proches en compétences (passerelles), avec compétences communes et manquantes')
    .argument('[codes...]', 'codes ROME des métiers exercés, ex. D1102')
    .option('--limit <n>', `nombre de résultats (1 à 100, ${DEFAULT_TRANSITIONS} par défaut)`)
    .option('--skills <codes>', 'codes OGR de compétences ROME détenues, séparés par des virgules')
    .option('--exclude <codes>', 'codes OGR de compétences non pratiquées, séparés par des virgules')
    .option('--esco <uris>', 'URI ESCO de compétences ou de métiers, séparées par des virgules')
    .option('--json', 'sortie JSON')
    .action(async (codes: string[], opts: TransitionOptions) => {
      const limit = opts.limit === undefined ? DEFAULT_TRANSITIONS : checkLimit(opts.limit, '--limit');
      await withDb(async ({ db }) => {
        const skills = new SkillsCatalog(db);
        await skills.refresh();
        const simple = codes.length === 1 && !opts.skills && !opts.exclude && !opts.esco;
        const answer = simple
          ? transitionsFromOccupation(skills, codes[0], limit)
          : transitionsFromProfile(
              skills,
              { occupations: codes, skills: commaList(opts.skills), exclude: commaList(opts.exclude), esco: commaList(opts.esco) },
              limit,
            );
        process.stdout.write(opts.json ? `${JSON.stringify(answer, null, 2)}\n` : `${transitionsText(answer)}\n`);
      });
    });
}
