/**
 * `passerelles trainings search …` and `passerelles data demo-catalogue …`. Registered by the
 * platform CLI on its `trainings` and `data` commands.
 */
import fs from 'node:fs';
import path from 'node:path';
import { finished } from 'node:stream/promises';
import { InvalidArgumentError, type Command } from 'commander';
import { DEFAULT_DEMO_SEED, parseDay, writeDemoCatalogue } from './demo-catalogue.ts';
import { formatKm, searchTrainings, TRAINING_SORTS, type TrainingSearchResponse } from './search.ts';
import { parseTrainingParams } from './search/params.ts';
import { safeJson } from './json.ts';
import { terminalText } from './search/output.ts';
import { argumentError, type WithDb } from '../platform/cli.ts';

interface SearchOptions {
  near?: string;
  radius?: string;
  rome?: string;
  certification?: string;
  niveau?: string;
  modalites?: string;
  cpf?: boolean;
  financeurs?: string;
  departements?: string;
  from?: string;
  to?: string;
  sort?: string;
  page?: string;
  pageSize?: string;
  json?: boolean;
}

export function registerTrainingSearchCommands(trainings: Command, withDb: WithDb): void {
  trainings
    .command('search')
    .description('cherche dans l’offre de formation (texte, distance, ROME, certification, niveau…)')
    .argument('[text...]', 'texte cherché')
    .option('--near <lieu>', 'code INSEE ou code postal d’une commune, ou « lat,lon »')
    .option('--radius <km>', 'rayon autour de --near en km (1 à 200, 30 par défaut)')
    .option('--rome <code>', 'code ROME')
    .option('--certification <code>', 'code RNCP, RS ou Certif Info')
    .option('--niveau <liste>', 'niveaux de sortie 1 à 8, séparés par des virgules')
    .option('--modalites <liste>', 'presentiel, mixte, distance')
    .option('--cpf', 'seulement les offres éligibles au CPF')
    .option('--no-cpf', 'seulement les offres non éligibles au CPF')
    .option('--financeurs <liste>', 'codes financeurs (table LHEO dict-financeurs)')
    .option('--departements <liste>', 'départements des lieux de formation')
    .option('--from <date>', 'sessions commençant à partir du (AAAA-MM-JJ)')
    .option('--to <date>', 'sessions commençant au plus tard le (AAAA-MM-JJ)')
    .option('--sort <tri>', `tri : ${TRAINING_SORTS.join(', ')}`)
    .option('--page <n>', 'page (1 par défaut)')
    .option('--page-size <n>', 'résultats par page (1 à 100, 20 par défaut)')
    .option('--json', 'sortie JSON')
    .action(async (words: string[], opts: SearchOptions) => {
      const query = toQuery(words, opts);
      await withDb(async ({ db }) => {
        const result = await searchTrainings(db, query);
        process.stdout.write(opts.json ? `${safeJson(result, 2)}\n` : `${searchText(result)}\n`);
      });
    });
}

function toQuery(words: string[], o: SearchOptions) {
  try {
    return parseTrainingParams({
      q: words.length ? words.join(' ') : undefined,
      near: o.near,
      radiusKm: o.radius,
      rome: o.rome,
      certification: o.certification,
      niveau: o.niveau,
      modalites: o.modalites,
      cpf: o.cpf,
      financeurs: o.financeurs,
      departements: o.departements,
      startFrom: o.from,
      startTo: o.to,
      sort: o.sort,
      page: o.page,
      pageSize: o.pageSize,
    });
  } catch (e) {
    throw argumentError(e);
  }
}

/** The answer for a terminal: every offer text goes through terminalText (no control characters). */
export function searchText(r: TrainingSearchResponse): string {
  const t = terminalText;
  const lines: string[] = [];
  const sorts: Record<string, string> = {
    relevance: 'par pertinence',
    distance: 'par distance',
    start: 'par date de début',
    employment: 'par taux d’emploi',
  };
  const where = r.near ? ` à moins de ${r.near.radiusKm} km de ${t(r.near.label)}` : '';
  lines.push(
    `${r.total} offre${r.total > 1 ? 's' : ''}${where}, triées ${sorts[r.sort]}${r.pages > 1 ? ` (page ${r.page}/${r.pages})` : ''}.`,
  );
  for (const n of r.notes) lines.push(`note : ${t(n)}`);
  r.results.forEach((h, i) => {
    const rank = (r.page - 1) * r.pageSize + i + 1;
    lines.push('', `${rank}. ${t(h.intitule)}${h.demo ? '  [démonstration]' : ''}`);
    lines.push(`   ${t(h.organisme.nom)} (SIRET ${t(h.organisme.siret)})`);
    const facts: string[] = [];
    if (h.lieu) {
      facts.push(`${t(h.lieu.ville ?? '?')}${h.lieu.departement ? ` (${t(h.lieu.departement)})` : ''}`);
      if (h.lieu.distanceKm !== null) facts.push(`à ${formatKm(h.lieu.distanceKm)}`);
    }
    if (h.sessions[0]?.debut) facts.push(`session le ${h.sessions[0].debut.split('-').reverse().join('/')}`);
    if (h.niveau) facts.push(`niveau ${h.niveau.value}`);
    if (h.eligibleCpf) facts.push('CPF');
    if (facts.length) lines.push(`   ${facts.join(' · ')}`);
    if (h.why.length) lines.push(`   pourquoi : ${h.why.map(t).join(' ; ')}`);
  });
  const facet = (label: string, values: { label: string; count: number }[]) =>
    values.length ? `  ${label} : ${values.map((v) => `${t(v.label)} (${v.count})`).join(', ')}` : null;
  const facets = [
    facet('niveau', r.facets.niveau),
    facet('modalité', r.facets.modalite),
    facet('CPF', r.facets.cpf),
    facet('financeur', r.facets.financeur),
    facet('département', r.facets.departement),
  ].filter((l): l is string => l !== null);
  if (facets.length) lines.push('', 'Facettes :', ...facets);
  return lines.join('\n');
}

function size(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 1_000_000)
    throw new InvalidArgumentError('un nombre entier d’actions entre 1 et 1 000 000 est attendu');
  return n;
}

function day(value: string): string {
  try {
    parseDay(value);
  } catch {
    throw new InvalidArgumentError('date AAAA-MM-JJ attendue');
  }
  return value;
}

export function registerDemoCatalogueCommand(data: Command, withDb: WithDb): void {
  data
    .command('demo-catalogue')
    .description('écrit un catalogue LHEO 2.3 de démonstration (offres fictives sur référentiels réels, marquées comme telles)')
    .requiredOption('--size <n>', 'nombre d’actions de formation', size)
    .requiredOption('--out <fichier>', 'fichier LHEO à écrire')
    .option('--seed <graine>', 'graine du tirage : même graine, même fichier', DEFAULT_DEMO_SEED)
    .option('--today <date>', 'premier jour des sessions, qui s’étalent sur 18 mois (AAAA-MM-JJ, aujourd’hui par défaut)', day)
    .option('--region <code>', 'code INSEE de la région des communes', '52')
    .option('--json', 'rapport en JSON')
    .action(async (opts: { size: number; out: string; seed: string; today?: string; region: string; json?: boolean }) => {
      const file = path.resolve(opts.out);
      await withDb(async ({ db }) => {
        const started = Date.now();
        const out = fs.createWriteStream(file);
        try {
          const stats = await writeDemoCatalogue(db, out, { size: opts.size, seed: opts.seed, today: opts.today, region: opts.region });
          out.end();
          await finished(out);
          const report = { file, ...stats, bytes: fs.statSync(file).size, seconds: (Date.now() - started) / 1000 };
          process.stdout.write(
            opts.json
              ? `${safeJson(report, 2)}\n`
              : `Catalogue de démonstration écrit : ${file}\n` +
                  `  ${stats.offers} offres, ${stats.actions} actions, ${stats.sessions} sessions ` +
                  `(dont ${stats.hostile} offres aux textes hostiles, pour éprouver l’échappement) en ${report.seconds.toFixed(1)} s.\n` +
                  '  Toutes les offres sont marquées comme données de démonstration.\n',
          );
        } catch (e) {
          out.destroy();
          fs.rmSync(file, { force: true });
          throw e;
        }
      });
    });
}
