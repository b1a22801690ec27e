import fs from 'node:fs';
import path from 'node:path';
import { finished } from 'node:stream/promises';
import { InvalidArgumentError, Option, type Command } from 'commander';
import { importCommand } from '../platform/import/command.ts';
import { importLheoFile } from './import.ts';
import { exportOffers, loadOffers } from './store.ts';
import { writeLheo } from './lheo/write.ts';
import { safeJson } from './json.ts';
import { subcommand, type WithDb } from '../platform/cli.ts';

const collect = (value: string, previous: string[] = []) => [...previous, value];

/** `passerelles trainings …` commands. */
export function registerTrainingCommands(program: Command, withDb: WithDb): Command {
  const trainings = subcommand(program, 'trainings', 'offre de formation (LHEO)');

  trainings
    .command('import')
    .description('importe un fichier LHEO (2.2 ou 2.3) : ses offres remplacent celles de la même source')
    .argument('<file>', 'fichier LHEO .xml')
    .option('--source <name>', 'nom de la source (par défaut le nom du fichier sans extension ni date finale)')
    .option('--allow-shrink', 'accepte un fichier sans offre valide pour une source qui en avait')
    .option('--json', 'rapport en JSON')
    .action(async (file: string, opts: { source?: string; allowShrink?: boolean; json?: boolean }) => {
      await withDb(({ db }) =>
        importCommand(!!opts.json, (progress) =>
          importLheoFile(db, file, { source: opts.source, progress, allowShrink: opts.allowShrink }),
        ),
      );
    });

  trainings
    .command('export')
    .description('exporte l’offre de formation en LHEO 2.3 (sur la sortie standard ou dans un fichier)')
    .addOption(new Option('--format <format>', 'format de sortie').choices(['lheo']).default('lheo'))
    .option('--out <file>', 'fichier à écrire (remplacé seulement si l’export réussit)')
    .option('--source <name>', 'seulement cette source (répétable)', collect)
    .option('--no-demo', 'sans les offres de démonstration')
    .action(async (opts: { format: string; out?: string; source?: string[]; demo: boolean }) => {
      await withDb(async ({ db }) => {
        const offers = exportOffers(db, { sources: opts.source, excludeDemo: !opts.demo });
        if (!opts.out) {
          try {
            await writeLheo(offers, process.stdout);
          } catch (error) {
            // The reader went away (`… | head`): not an error of the export.
            if ((error as NodeJS.ErrnoException).code !== 'EPIPE') throw error;
          }
          return;
        }
        const target = path.resolve(opts.out);
        const tmp = `${target}.${process.pid}.tmp`;
        const out = fs.createWriteStream(tmp);
        try {
          const { offers: n } = await writeLheo(offers, out);
          out.end();
          await finished(out);
          fs.renameSync(tmp, target);
          process.stderr.write(`${n} offre(s) exportée(s) dans ${opts.out}\n`);
        } catch (error) {
          out.destroy();
          fs.rmSync(tmp, { force: true });
          throw error;
        }
      });
    });

  trainings
    .command('show')
    .description('affiche une offre de formation par son identifiant LHEO')
    .argument('<numero>', 'identifiant LHEO de la formation')
    .option('--source <name>', 'source de l’offre (quand plusieurs sources ont cet identifiant)')
    .option('--json', 'sortie JSON')
    .action(async (numero: string, opts: { source?: string; json?: boolean }) => {
      await withDb(async ({ db }) => {
        const found = [];
        for await (const o of loadOffers(db, { formations: [numero], sources: opts.source ? [opts.source] : undefined })) found.push(o);
        if (!found.length) throw new InvalidArgumentError(`offre de formation inconnue : ${numero}`);
        if (opts.json) {
          process.stdout.write(`${safeJson(found.length === 1 ? found[0] : found)}\n`);
          return;
        }
        const lines: string[] = [];
        for (const { source, offer } of found) {
          lines.push(`${offer.numero} (${source}) — ${offer.intitule}${offer.demo ? ' [démonstration]' : ''}`);
          lines.push(`  Organisme : ${offer.organisme.nom} (SIRET ${offer.organisme.siret})`);
          for (const a of offer.actions) {
            const lieu = a.lieux[0]?.coordonnees.adresse;
            lines.push(`  Action ${a.numero}${lieu ? ` à ${lieu.ville} (${lieu.codepostal})` : ''} : ${a.sessions.length} session(s)`);
            for (const s of a.sessions) lines.push(`    Session ${s.numero} : ${s.periode.debut} → ${s.periode.fin}`);
          }
        }
        process.stdout.write(`${lines.join('\n')}\n`);
      });
    });
  return trainings;
}
