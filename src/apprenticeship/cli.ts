/**
 * `passerelles apprenticeship pay`: the pay simulator from the shell, with the same checks and
 * French messages as GET /api/apprenticeship/pay. Pure computation: no database is opened.
 */
import { type Command, InvalidArgumentError } from 'commander';
import { subcommand } from '../platform/cli.ts';
import { InputError } from '../platform/errors.ts';
import { euros, simulatePay, type PaySimulation } from './pay.ts';

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

export function registerApprenticeshipCommands(program: Command): void {
  const apprenticeship = subcommand(program, 'apprenticeship', 'apprentissage et contrat de professionnalisation');
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
