/**
 * `passerelles steering coverage [--radius 20] [--site 3] [--region 52] [--json]`: the share of the
 * région's population within the radius of a counselling point, its white zones and the proposed
 * sites; `passerelles steering points` lists the points; `passerelles steering points-import
 * fichier.csv` imports an operator's CSV (the layout of coverage-points.ts).
 */
import fs from 'node:fs';
import { InvalidArgumentError, type Command } from 'commander';
import { argumentError, print, subcommand, type WithDb } from '../platform/cli.ts';
import { coverageDb } from './coverage-db.ts';
import { DEFAULT_RADIUS_KM, DEFAULT_REGION, MAX_SITES, POINT_KIND_LABELS, type Coverage } from './coverage-contract.ts';
import { computeCoverage } from './coverage.ts';
import { importCsvPoints, listPoints } from './coverage-points.ts';

const nf = new Intl.NumberFormat('fr-FR');
const pct = (share: number) =>
  `${new Intl.NumberFormat('fr-FR', { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(share * 100)} %`;
const km = (n: number) => `${new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 1 }).format(n)} km`;

function radiusOf(value: string): number {
  const n = Number(value.replace(',', '.'));
  if (!Number.isFinite(n) || n < 1 || n > 100) throw new InvalidArgumentError('un rayon entre 1 et 100 km est attendu');
  return n;
}

function sitesOf(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > MAX_SITES) throw new InvalidArgumentError(`un entier entre 0 et ${MAX_SITES} est attendu`);
  return n;
}

function regionOf(value: string): string {
  if (!/^\d{2}$/.test(value)) throw new InvalidArgumentError('un code de région à deux chiffres est attendu (ex. 52)');
  return value;
}

/** The figures for a terminal. */
export function coverageText(c: Coverage, whiteShown = 30): string {
  const lines = [
    `Couverture à ${km(c.radiusKm)} des points de conseil — ${c.region.name} (${c.region.code})`,
    `Mesure : ${c.method}.`,
    '',
    `Population à moins de ${km(c.radiusKm)} d’un point : ${nf.format(c.coveredPopulation)} habitants sur ${nf.format(c.population)} (${pct(c.share)}) ; ` +
      `${nf.format(c.coveredCommunes)} communes sur ${nf.format(c.communes)}.`,
    `Points : ${c.points.inRegion} dans la région (${c.points.byKind.france_travail} France Travail, ${c.points.byKind.mission_locale} Missions locales, ` +
      `${c.points.byKind.cap_emploi} Cap emploi, ${c.points.byKind.cep} autres opérateurs du CEP), ` +
      `${c.points.outsideRegionCovering} d’une région voisine couvrant des communes frontalières.`,
    '',
    'Par département :',
    ...c.departements.map(
      (d) =>
        `  ${d.name} (${d.code}) : ${pct(d.share)} de ${nf.format(d.population)} habitants, ${d.whiteZones} commune(s) en zone blanche`,
    ),
    '',
    c.whiteZones.length
      ? `Zones blanches : ${c.whiteZones.length} communes, ${nf.format(c.population - c.coveredPopulation)} habitants (les plus peuplées d’abord) :`
      : 'Aucune zone blanche.',
    ...c.whiteZones
      .slice(0, whiteShown)
      .map(
        (w) =>
          `  ${w.name} (${w.code}, ${w.departement}) : ${nf.format(w.population)} hab.` +
          (w.nearestKm !== null && w.nearestPoint ? `, point le plus proche à ${km(w.nearestKm)} (${w.nearestPoint.name})` : ''),
      ),
    ...(c.whiteZones.length > whiteShown ? [`  … et ${c.whiteZones.length - whiteShown} autres (--json pour la liste complète)`] : []),
  ];
  if (c.siting.length) {
    lines.push('', `Implantations proposées (${c.siting.length}), chacune couvrant le plus d’habitants non encore couverts :`);
    for (const s of c.siting) {
      lines.push(
        `  ${s.rank}. ${s.name} (${s.code}, ${s.departement}) : + ${nf.format(s.addedPopulation)} habitants (${s.addedCommunes} communes) → ${pct(s.shareAfter)}`,
      );
    }
  }
  if (c.sources.length) lines.push('', `Sources : ${c.sources.map((s) => `${s.file} (${s.version})`).join(' ; ')}`);
  return lines.join('\n');
}

export function registerCoverageCli(program: Command, withDb: WithDb): void {
  const steering = subcommand(program, 'steering', 'pilotage régional : indicateurs, territoires, couverture des points de conseil');
  steering
    .command('coverage')
    .description('part de la population à moins de R km (à vol d’oiseau) d’un point de conseil, zones blanches, implantations')
    .option('--radius <km>', `rayon en km (${DEFAULT_RADIUS_KM} par défaut)`, radiusOf, DEFAULT_RADIUS_KM)
    .option('--site <n>', 'nombre de nouveaux points à implanter', sitesOf, 0)
    .option('--region <code>', `région (${DEFAULT_REGION} par défaut)`, regionOf, DEFAULT_REGION)
    .option('--json', 'sortie JSON')
    .action(async (o: { radius: number; site: number; region: string; json?: boolean }) => {
      await withDb(async ({ db }) => {
        try {
          const { coverage } = await computeCoverage(coverageDb(db), { radiusKm: o.radius, site: o.site, region: o.region });
          print(Boolean(o.json), coverage, () => coverageText(coverage));
        } catch (error) {
          throw argumentError(error, true);
        }
      });
    });
  steering
    .command('points')
    .description('les points de conseil (France Travail, Missions locales, Cap emploi, opérateurs du CEP)')
    .option('--region <code>', 'région', regionOf)
    .option('--json', 'sortie JSON')
    .action(async (o: { region?: string; json?: boolean }) => {
      await withDb(async ({ db }) => {
        const points = await listPoints(coverageDb(db), { region: o.region });
        print(Boolean(o.json), points, () =>
          [
            `${points.length} point(s) de conseil`,
            ...points.map(
              (p) =>
                `  [${p.id}] ${p.name} — ${POINT_KIND_LABELS[p.kind]}, ${p.city ?? '?'} (${p.departement ?? '?'})` +
                (p.placed === 'commune' ? ', placé au centre de la commune' : ''),
            ),
          ].join('\n'),
        );
      });
    });
  steering
    .command('points-import')
    .description('importe les points d’opérateurs du CEP d’un fichier CSV (nom;operateur;commune;adresse;latitude;longitude)')
    .argument('<fichier>', 'fichier CSV, UTF-8')
    .action(async (file: string) => {
      if (!fs.existsSync(file)) throw new InvalidArgumentError(`fichier « ${file} » introuvable`);
      const text = fs.readFileSync(file, 'utf8');
      await withDb(async ({ db }) => {
        try {
          const report = await importCsvPoints(coverageDb(db), text);
          process.stdout.write(`${file} : ${report.message}\n`);
        } catch (error) {
          throw argumentError(error);
        }
      });
    });
}
