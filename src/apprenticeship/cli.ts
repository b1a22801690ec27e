/**
 * `passerelles apprenticeship pay`: the pay simulator from the shell, with the same checks and
 * French messages as GET /api/v1/apprenticeship/pay. Pure computation: no database is opened.
 * `passerelles apprenticeship cfa`: the CFA directory, as GET /api/v1/apprenticeship/cfa.
 */
import { type Command, InvalidArgumentError } from 'commander';
import { argumentError, positiveInt, subcommand, type WithDb } from '../platform/cli.ts';
import { InputError } from '../platform/errors.ts';
import { euros, simulatePay, type PaySimulation } from './pay.ts';
import { searchCfas } from './cfa.ts';
import type { CfaSearch } from './contract.ts';
import { apprenticeshipDb } from './db.ts';

interface Options {
  birth?: string;
  start?: string;
  years?: string;
  smc?: string;
  contract?: string;
  qualification?: string;
  employerSize?: string;
  rqth?: boolean;
  level?: string;
  concluded?: string;
  previousRate?: string;
  relatedDiploma?: boolean;
  json?: boolean;
}

/** The simulator's field → the option that sets it. */
const OPTION: Record<string, string> = {
  employerSize: 'employer-size',
  diplomaLevel: 'level',
  previousRate: 'previous-rate',
  relatedDiploma: 'related-diploma',
};

const num = (v: string | undefined) => (v === undefined ? undefined : v.trim() === '' ? NaN : Number(v));

export function registerApprenticeshipCommands(program: Command, withDb: WithDb): void {
  const apprenticeship = subcommand(program, 'apprenticeship', 'apprentissage et contrat de professionnalisation');
  registerCfaCommand(apprenticeship, withDb);
  apprenticeship
    .command('pay')
    .description('rémunération minimale mois par mois (brut, net estimé, règle et source) et coût pour l’employeur (aides comprises)')
    .option('--birth <date>', 'date de naissance (AAAA-MM-JJ)')
    .option('--start <date>', 'premier jour du contrat (AAAA-MM-JJ)')
    .option('--years <n>', 'durée du contrat en années (1 à 4)')
    .option('--contract <type>', 'apprentissage ou professionnalisation', 'apprentissage')
    .option('--smc <euros>', 'salaire minimum conventionnel de l’emploi, brut mensuel')
    .option('--qualification <q>', 'contrat de professionnalisation : infra-bac-pro ou bac-pro-ou-plus (qualification déjà détenue)')
    .option('--employer-size <n>', 'effectif de l’entreprise')
    .option('--rqth', 'apprenti reconnu travailleur handicapé')
    .option('--level <n>', 'niveau du diplôme préparé (3 CAP, 4 bac, 5 bac+2, 6 licence, 7 master, 8 doctorat)')
    .option('--concluded <date>', 'date de conclusion du contrat (AAAA-MM-JJ), le début par défaut')
    .option('--previous-rate <pct>', 'contrat successif : taux (% du SMIC) de la dernière année du contrat précédent, diplôme obtenu')
    .option('--related-diploma', 'contrat d’un an au plus, diplôme de même niveau en rapport direct avec un diplôme obtenu (+15 points)')
    .option('--json', 'sortie JSON')
    .action((opts: Options) => {
      for (const name of ['birth', 'start', 'years'] as const) {
        if (opts[name] === undefined) throw new InvalidArgumentError(`--${name} : obligatoire`);
      }
      let result: PaySimulation;
      try {
        result = simulatePay({
          birth: opts.birth ?? '',
          start: opts.start ?? '',
          years: num(opts.years) ?? NaN,
          contract: opts.contract,
          smc: num(opts.smc),
          qualification: opts.qualification,
          employerSize: num(opts.employerSize),
          rqth: !!opts.rqth,
          diplomaLevel: num(opts.level),
          concluded: opts.concluded,
          previousRate: num(opts.previousRate),
          relatedDiploma: !!opts.relatedDiploma,
        });
      } catch (e) {
        if (e instanceof InputError) throw new InvalidArgumentError(`--${OPTION[e.field] ?? e.field} : ${e.message}`);
        throw e;
      }
      process.stdout.write(opts.json ? `${JSON.stringify(result, null, 2)}\n` : `${payText(result)}\n`);
    });
}

const cell = (x: number) => euros(x).padStart(12);

/** The answer for a terminal: a month-by-month table in French. */
export function payText(r: PaySimulation): string {
  const q = r.input;
  const lines = [
    `Contrat ${q.contract === 'apprentissage' ? 'd’apprentissage' : 'de professionnalisation'} du ${q.start} au ${q.end} (${q.years} an${q.years > 1 ? 's' : ''}), ` +
      `né(e) le ${q.birth}${q.smc !== null ? `, salaire minimum conventionnel ${euros(q.smc)}` : ''}.`,
    '',
    `${'Mois'.padEnd(8)} ${'Âge'.padStart(3)} ${'Année'.padStart(5)} ${'Taux'.padStart(7)} ${'Réf.'.padEnd(4)} ${'Brut'.padStart(12)} ${'Net estimé'.padStart(12)} ${'Coût'.padStart(12)} ${'Aide'.padStart(12)} ${'Coût net'.padStart(12)}`,
  ];
  r.months.forEach((m, i) => {
    const e = r.employer.months[i];
    lines.push(
      `${m.month.padEnd(8)} ${String(m.age).padStart(3)} ${String(m.contractYear).padStart(5)} ${`${String(m.rate).replace('.', ',')} %`.padStart(7)} ${m.reference.padEnd(4)} ` +
        `${cell(m.gross)} ${cell(m.net)} ${cell(e.cost)} ${cell(e.aid)} ${cell(e.netCost)}${m.projection || e.projection ? '  projection' : ''}`,
    );
  });
  const emp = r.employer;
  lines.push(
    '',
    `Total brut ${euros(r.totals.gross)} ; net estimé ${euros(r.totals.net)}.`,
    `Employeur : coût ${euros(emp.totalCost)}${emp.totalParticipation ? ` (dont participation ${euros(emp.totalParticipation)})` : ''}, aides ${euros(emp.totalAid)}, coût net ${euros(emp.totalNetCost)}.`,
  );
  if (emp.aid) lines.push(`Aide : ${emp.aid.rule.label}.`);
  lines.push('', 'Règles appliquées :');
  const seen = new Set<string>();
  for (const m of r.months) {
    if (seen.has(m.rule.label)) continue;
    seen.add(m.rule.label);
    lines.push(`  - ${m.rule.label} — ${m.rule.source.label}${m.rule.certainty === 'incertain' ? ' (à vérifier)' : ''}`);
  }
  // The projection of a month is in the table and in the general note.
  for (const m of r.months) for (const n of m.notes.filter((x) => !x.startsWith('SMIC de ce mois'))) lines.push(`  ${m.month} : ${n}`);
  lines.push('', ...r.notes.map((n) => `note : ${n}`));
  return lines.join('\n');
}

interface CfaOptions {
  q?: string;
  departement?: string;
  region?: string;
  commune?: string;
  rayon?: string;
  page?: number;
  limit?: number;
  json?: boolean;
}

function registerCfaCommand(apprenticeship: Command, withDb: WithDb): void {
  apprenticeship
    .command('cfa')
    .description('annuaire des CFA (un par UAI) : nom, commune, UAI ou SIRET, département, région, distance')
    .option('--q <texte>', 'nom, commune, UAI ou SIRET')
    .option('--departement <code>', 'code du département (44, 49…)')
    .option('--region <code>', 'code de la région (52 pour les Pays de la Loire)')
    .option('--commune <code>', 'code INSEE ou code postal : les CFA les plus proches d’abord')
    .option('--rayon <km>', 'rayon autour de --commune, en km (30 par défaut)')
    .option('--page <n>', 'page', positiveInt)
    .option('--limit <n>', 'CFA par page (1 à 100, 20 par défaut)', positiveInt)
    .option('--json', 'sortie JSON')
    .action(async (opts: CfaOptions) => {
      const radius = opts.rayon === undefined ? undefined : Number(opts.rayon.replace(',', '.'));
      await withDb(async ({ db }) => {
        let result: CfaSearch;
        try {
          result = await searchCfas(apprenticeshipDb(db), {
            text: opts.q,
            departement: opts.departement,
            region: opts.region,
            near: opts.commune,
            radiusKm: radius,
            page: opts.page,
            pageSize: opts.limit,
          });
        } catch (e) {
          if (e instanceof InputError) throw new InvalidArgumentError(`--${CFA_OPTION[e.field] ?? e.field} : ${e.message}`);
          throw argumentError(e);
        }
        process.stdout.write(opts.json ? `${JSON.stringify(result, null, 2)}\n` : `${cfaText(result)}\n`);
      });
    });
}

/** The search's field → the option that sets it. */
const CFA_OPTION: Record<string, string> = { text: 'q', near: 'commune', radiusKm: 'rayon', pageSize: 'limit' };

const NATURES: Record<string, string> = {
  responsable_formateur: 'responsable et formateur',
  responsable: 'responsable',
  formateur: 'formateur',
  inconnue: 'nature inconnue',
};

/** The answer for a terminal: one CFA a line. */
export function cfaText(r: CfaSearch): string {
  const lines = [
    `${r.total} CFA${r.near ? ` à moins de ${r.near.radiusKm} km de ${r.near.label}` : ''}` +
      (r.pages > 1 ? ` (page ${r.page} sur ${r.pages})` : ''),
  ];
  for (const c of r.results) {
    const where = c.commune ? `${c.commune.name} (${c.commune.code})` : 'commune inconnue';
    const km = c.distanceKm !== null ? `, à ${String(c.distanceKm).replace('.', ',')} km` : '';
    const nature = c.nature ? `, ${NATURES[c.nature] ?? c.nature}` : '';
    lines.push(`  ${c.uai}  ${c.name} — ${where}${km}${nature}${c.siret ? `, SIRET ${c.siret}` : ''}`);
  }
  for (const n of r.notes) lines.push(`note : ${n}`);
  return lines.join('\n');
}
