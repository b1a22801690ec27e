import { type Command, InvalidArgumentError } from 'commander';
import { positiveInt, print, subcommand, type WithDb } from '../platform/cli.ts';
import { OccupationCatalog } from './catalog.ts';
import { getFiche, type Fiche } from './fiche.ts';

/** `passerelles occupations search|show`. */
export function registerReferentialCommands(program: Command, withDb: WithDb): void {
  const occupations = subcommand(program, 'occupations', 'métiers (fiches ROME 4.0)');

  occupations
    .command('search')
    .description('cherche les fiches ROME qui correspondent à un texte libre')
    .argument('<query...>', 'texte cherché')
    .option('--limit <n>', 'nombre de résultats', positiveInt, 10)
    .option('--json', 'sortie JSON')
    .action(async (words: string[], opts: { limit: number; json?: boolean }) => {
      await withDb(async ({ db }) => {
        const catalog = new OccupationCatalog(db);
        await catalog.refresh();
        const results = catalog.search(words.join(' '), opts.limit);
        print(!!opts.json, results, () =>
          results.length
            ? results
                .map((r, i) => `${i + 1}. ${r.code}  ${r.label}${r.matched && r.matched !== r.label ? `  (${r.matched})` : ''}`)
                .join('\n')
            : 'Aucun résultat.',
        );
      });
    });

  occupations
    .command('show')
    .description('affiche une fiche ROME complète')
    .argument('<code>', 'code ROME, ex. D1102')
    .option('--json', 'sortie JSON')
    .action(async (code: string, opts: { json?: boolean }) => {
      await withDb(async ({ db }) => {
        const fiche = await getFiche(db, code.toUpperCase());
        if (!fiche) throw new InvalidArgumentError(`fiche ROME inconnue : ${code}`);
        print(!!opts.json, fiche, () => ficheText(fiche));
      });
    });
}

function ficheText(f: Fiche): string {
  const lines = [`${f.code} — ${f.label}`];
  if (f.definition) lines.push('', 'Définition', f.definition);
  if (f.accesMetier) lines.push('', 'Accès au métier', f.accesMetier);
  lines.push('', 'Appellations', ...f.appellations.map((a) => `  - ${a.label}`));
  lines.push('', 'Savoir-faire');
  for (const g of f.savoirFaire) lines.push(`  ${g.label}`, ...g.items.map((i) => `    - ${i.label}`));
  if (f.mobilites.length) lines.push('', 'Mobilités', ...f.mobilites.map((m) => `  - ${m.code} ${m.label}`));
  return lines.join('\n');
}
