/**
 * `passerelles`: data import and status from the shell, then each module's commands; every query
 * command takes --json.
 */
import { Command, InvalidArgumentError } from 'commander';
import { readConfig } from '../platform/config.ts';
import { print, subcommand, type WithDb } from '../platform/cli.ts';
import { ImportError } from '../platform/import/errors.ts';
import { importCommand } from '../platform/import/command.ts';
import { dataStatus } from '../platform/import/status.ts';
import { importBundle } from './data.ts';
import { openDatabase } from './database.ts';
import { migrations, modules, personalTables } from './modules.ts';
import { backup, restore, BackupError } from '../platform/db/backup.ts';
import { purgeExpired } from '../platform/personal-data.ts';

const withDb: WithDb = async (fn) => {
  const handle = await openDatabase(readConfig());
  try {
    return await fn(handle);
  } finally {
    await handle.close();
  }
};

const program = new Command('passerelles').description('Passerelles : métiers, formations, territoires');

const data = subcommand(program, 'data', 'import et état des données');
data
  .command('import')
  .description('importe un lot de données organisé comme les publications officielles')
  .option('--from <dir>', 'dossier du lot (par défaut PASSERELLES_DATA_DIR)')
  .option('--only <sources>', 'seulement ces sources, séparées par des virgules (ex. rome,esco)', (v: string) =>
    v
      .split(',')
      .map((x) => x.trim())
      .filter(Boolean),
  )
  .option('--sample', 'le lot est un jeu d’exemple : sans les planchers des fichiers officiels, signalé sur chaque page')
  .option('--allow-shrink', 'accepte qu’un référentiel perde plus que la part permise (fichier volontairement réduit)')
  .option('--replace-all', 'retire les sources de formation absentes du lot (gardées par défaut)')
  .option('--json', 'rapport en JSON')
  .action(
    async (opts: { from?: string; only?: string[]; sample?: boolean; allowShrink?: boolean; replaceAll?: boolean; json?: boolean }) => {
      const dir = opts.from ?? readConfig().dataDir;
      if (!dir) throw new InvalidArgumentError('indiquez --from DOSSIER ou définissez PASSERELLES_DATA_DIR');
      await withDb(({ db }) =>
        importCommand(!!opts.json, (progress) =>
          importBundle(db, dir, progress, {
            only: opts.only,
            sample: opts.sample,
            allowShrink: opts.allowShrink,
            replaceAll: opts.replaceAll,
          }),
        ),
      );
    },
  );

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
        return [
          head,
          ...s.files.map(
            (f) =>
              `  [${f.source}] ${f.file} (${f.version}) — ${f.importedAt.toLocaleString('fr-FR')} : ${f.rowsRead} lues, ${f.rejected} rejetées`,
          ),
        ].join('\n');
      });
    });
  });

const rgpd = subcommand(program, 'rgpd', 'données personnelles : durées de conservation et purge');
rgpd
  .command('tables')
  .description('les tables de données personnelles, ce qu’elles contiennent et combien de temps')
  .option('--json', 'sortie JSON')
  .action((opts: { json?: boolean }) => {
    const tables = personalTables().map(({ table, holds, keptFor }) => ({ table, holds, keptFor }));
    print(!!opts.json, tables, () => tables.map((t) => `${t.table} — ${t.holds} : ${t.keptFor}`).join('\n'));
  });
rgpd
  .command('purge')
  .description('supprime ce qui a passé sa durée de conservation (le serveur le fait chaque jour)')
  .option('--json', 'sortie JSON')
  .action(async (opts: { json?: boolean }) => {
    await withDb(async ({ db }) => {
      const counts = await purgeExpired(db, personalTables());
      print(!!opts.json, counts, () =>
        Object.entries(counts)
          .map(([table, n]) => `${table} : ${n} ligne(s) supprimée(s)`)
          .join('\n'),
      );
    });
  });

program
  .command('backup')
  .description('sauvegarde toute la base dans un fichier (pg_dump sur PostgreSQL, copie cohérente sur PGlite)')
  .requiredOption('--out <fichier>', 'fichier de sauvegarde à écrire')
  .option('--json', 'sortie JSON')
  .action(async (opts: { out: string; json?: boolean }) => {
    const manifest = await backup(readConfig(), opts.out);
    print(
      !!opts.json,
      manifest,
      () => `Sauvegarde écrite : ${opts.out} (${manifest.kind}, migration ${manifest.migration ?? 'aucune'}, ${manifest.bytes} octets)`,
    );
  });
program
  .command('restore')
  .description('remplace toute la base par une sauvegarde (serveur arrêté sur PGlite)')
  .argument('<fichier>', 'fichier écrit par passerelles backup')
  .option('--force', 'remplace une base qui contient déjà des données')
  .option('--json', 'sortie JSON')
  .action(async (file: string, opts: { force?: boolean; json?: boolean }) => {
    const result = await restore(readConfig(), file, { force: opts.force, knownMigrations: Object.keys(migrations) });
    print(!!opts.json, result, () =>
      [
        `Sauvegarde du ${result.manifest.createdAt} restaurée (migration ${result.manifest.migration ?? 'aucune'}).`,
        ...(result.replaced ? [`Contenu remplacé : ${result.replaced}.`] : []),
      ].join('\n'),
    );
  });

for (const m of modules) m.commands?.(program, withDb);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  const message =
    error instanceof ImportError || error instanceof InvalidArgumentError || error instanceof BackupError
      ? error.message
      : error instanceof Error
        ? error.message
        : String(error);
  process.stderr.write(`passerelles : ${message}\n`);
  process.exitCode = 1;
}
