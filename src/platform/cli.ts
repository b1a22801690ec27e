import { Command, InvalidArgumentError } from 'commander';
import { readConfig } from './config.ts';
import { importBundle } from './data.ts';
import { dataStatus } from './import/status.ts';
import { ImportError } from './import/errors.ts';
import { importCommand } from './import/command.ts';
import { OccupationCatalog } from '../referentials/catalog.ts';
import { getFiche, type Fiche } from '../referentials/fiche.ts';
import { searchCommunes } from '../territories/communes.ts';
import { registerTrainingCommands } from '../trainings/cli.ts';
import { registerDemoCatalogueCommand, registerTrainingSearchCommands } from '../trainings/search-cli.ts';
import { withDb } from './cli-support.ts';
import { registerPathwayCommands, registerTransitionCommands } from '../guidance/index.ts';

/** `passerelles`: data import and queries from the shell; every query command takes --json. */
const program = new Command('passerelles').description('Passerelles : métiers, formations, territoires');

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 1000) throw new InvalidArgumentError('un entier entre 1 et 1000 est attendu');
  return n;
}

function print(json: boolean, value: unknown, text: () => string): void {
  process.stdout.write(json ? `${JSON.stringify(value, null, 2)}\n` : `${text()}\n`);
}

const data = program.command('data').description('import et état des données');

data
  .command('import')
  .description('importe un lot de données organisé comme les publications officielles')
  .option('--from <dir>', 'dossier du lot (par défaut PASSERELLES_DATA_DIR)')
  .option('--only <sources>', 'seulement ces sources, séparées par des virgules (ex. rome,esco)', (v: string) => v.split(',').map((x) => x.trim()).filter(Boolean))
  .option('--sample', 'le lot est un jeu d’exemple : sans les planchers des fichiers officiels, signalé sur chaque page')
  .option('--allow-shrink', 'accepte qu’un référentiel perde plus que la part permise (fichier volontairement réduit)')
  .option('--replace-all', 'retire les sources de formation absentes du lot (gardées par défaut)')
  .option('--json', 'rapport en JSON')
  .action(async (opts: { from?: string; only?: string[]; sample?: boolean; allowShrink?: boolean; replaceAll?: boolean; json?: boolean }) => {
    const dir = opts.from ?? readConfig().dataDir;
    if (!dir) throw new InvalidArgumentError('indiquez --from DOSSIER ou définissez PASSERELLES_DATA_DIR');
    await withDb(({ db }) => importCommand(!!opts.json, (progress) =>
      importBundle(db, dir, progress, { only: opts.only, sample: opts.sample, allowShrink: opts.allowShrink, replaceAll: opts.replaceAll })));
  });

data
  .command('status')
  .description('ce qui est importé, depuis quels fichiers et versions, et quand')
  .option('--json', 'sortie JSON')
  .action(async (opts: { json?: boolean }) => {
    await withDb(async ({ db }) => {
      const s = await dataStatus(db);
      print(!!opts.json, s, () => {
        if (!s.lastImport) return 'Aucune donnée importée.';
        const head = s.sample
          ? 'Données d’exemple (aucun import officiel).'
          : `Dernier import : ${s.lastImport.toLocaleString('fr-FR')} depuis ${s.dataDir}`;
        return [head, ...s.files.map((f) =>
          `  [${f.source}] ${f.file} (${f.version}) — ${f.importedAt.toLocaleString('fr-FR')} : ${f.rowsRead} lues, ${f.rejected} rejetées`)].join('\n');
      });
    });
  });

const occupations = program.command('occupations').description('métiers (fiches ROME 4.0)');

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
        results.length ? results.map((r, i) => `${i + 1}. ${r.code}  ${r.label}${r.matched && r.matched !== r.label ? `  (${r.matched})` : ''}`).join('\n') : 'Aucun résultat.');
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

const territories = program.command('territories').description('territoires');

territories
  .command('communes')
  .description('cherche une commune par nom ou code postal')
  .argument('<query...>', 'nom ou code postal')
  .option('--limit <n>', 'nombre de résultats', positiveInt, 10)
  .option('--json', 'sortie JSON')
  .action(async (words: string[], opts: { limit: number; json?: boolean }) => {
    await withDb(async ({ db }) => {
      const results = await searchCommunes(db, words.join(' '), { limit: opts.limit });
      print(!!opts.json, results, () =>
        results.map((c) => `${c.code}  ${c.name} (${c.postcodes.join(', ')})`).join('\n') || 'Aucune commune.');
    });
  });

registerTrainingSearchCommands(registerTrainingCommands(program));
registerDemoCatalogueCommand(data);
registerTransitionCommands(occupations);
registerPathwayCommands(program);

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

try {
  await program.parseAsync(process.argv);
} catch (error) {
  const message = error instanceof ImportError || error instanceof InvalidArgumentError
    ? error.message
    : error instanceof Error ? error.message : String(error);
  process.stderr.write(`passerelles : ${message}\n`);
  process.exitCode = 1;
}
