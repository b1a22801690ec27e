import fs from 'node:fs';
import type { Command } from 'commander';
import { argumentError, print, subcommand, type WithDb } from '../platform/cli.ts';
import { InputError } from '../platform/errors.ts';
import { builderDb } from './builder-db.ts';
import type { CheckResult } from './builder-check.ts';
import { checkIn, compareClpe, DEFAULT_REGION, divisionGeoJson } from './builder-divisions.ts';
import { parseDivision } from './builder-check.ts';

const n = (x: number) => x.toLocaleString('fr-FR');

/** A check as text: the verdict, every fault, the notes, then one line per territory. */
export function checkText(r: CheckResult): string {
  const lines = [
    `${r.division} — région ${r.region.name} : ${
      r.valid ? 'découpage valide' : `découpage refusé, ${r.faults.length} problème${r.faults.length > 1 ? 's' : ''}`
    }`,
    ...r.faults.map((f) => `  ✗ ${f.message}`),
    ...r.notes.map((x) => `  · ${x}`),
    '',
    'Territoire | population | communes | EPCI entiers | départements | d’un seul tenant',
    ...r.territories.map(
      (t) =>
        `${t.name} | ${n(t.population)} | ${t.communes} | ${t.epci.length} | ${t.departements.join(', ')} | ${
          !r.contiguityChecked ? 'non vérifié' : t.parts <= 1 ? 'oui' : `non (${t.parts} parties)`
        }`,
    ),
    `Région : ${n(r.totals.population)} habitants, ${n(r.totals.communes)} communes, dont ${n(r.totals.coveredCommunes)} dans un territoire`,
    `Indicateurs : ${r.indicators.message}`,
  ];
  return lines.join('\n');
}

function readDivision(file: string): unknown {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    throw new InputError('file', `fichier illisible : ${file}`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new InputError('file', `${file} : JSON invalide (${(error as Error).message})`);
  }
}

/** `passerelles steering territories check|clpe`. */
export function registerBuilderCli(program: Command, withDb: WithDb): void {
  const steering = subcommand(program, 'steering', 'pilotage régional : indicateurs, territoires, couverture');
  const territories = subcommand(steering, 'territories', 'territoires de projet faits d’EPCI entiers');

  territories
    .command('check')
    .description('vérifie un découpage (JSON : { "name", "territories": [{ "name", "epci": [SIREN], "communes": [code] }] })')
    .requiredOption('--file <division.json>', 'le découpage à vérifier')
    .option('--region <code>', 'code INSEE de la région', DEFAULT_REGION)
    .option('--geojson <out.geojson>', 'écrit aussi les communes de la région avec leur territoire (GeoJSON)')
    .option('--json', 'sortie JSON')
    .action(async (opts: { file: string; region: string; geojson?: string; json?: boolean }) => {
      try {
        const input = readDivision(opts.file);
        await withDb(async ({ db }) => {
          const result = await checkIn(builderDb(db), input, opts.region);
          if (opts.geojson) fs.writeFileSync(opts.geojson, await divisionGeoJson(builderDb(db), parseDivision(input), opts.region));
          print(!!opts.json, result, () => checkText(result));
          if (!result.valid) process.exitCode = 1;
        });
      } catch (error) {
        throw argumentError(error, true);
      }
    });

  territories
    .command('clpe')
    .description('les territoires CLPE de France Travail comparés aux EPCI (combien en coupent un)')
    .option('--region <code>', 'code INSEE de la région', DEFAULT_REGION)
    .option('--json', 'sortie JSON')
    .action(async (opts: { region: string; json?: boolean }) => {
      try {
        await withDb(async ({ db }) => {
          const result = await compareClpe(builderDb(db), opts.region);
          print(!!opts.json, result, () =>
            [result.summary, ...result.epciCut.map((e) => `  EPCI coupé : ${e.name} (${e.code})`), '', checkText(result.check)].join('\n'),
          );
        });
      } catch (error) {
        throw argumentError(error, true);
      }
    });
}
