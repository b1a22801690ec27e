/**
 * The pay simulator of an apprenticeship or professionalisation contract: month by month, the
 * minimum gross pay (rate × SMIC or SMC), an estimated net, the rule applied with its source,
 * and the employer's view (cost, aid, net cost). Pure computation on the dated rules of
 * `rules/`; nothing is stored.
 *
 * Choices, each tested:
 * - A month's age is the age reached on the last day of the previous month: a new age bracket
 *   applies from the first day of the month after the birthday.
 * - The contract year runs from the start date (year 2 from the first anniversary), so a change
 *   of contract year can fall inside a month.
 * - A month with fewer contract days (first or last month) or with a change inside it (contract
 *   anniversary, SMIC uprating) is PRORATED TO THE CALENDAR DAY: each part is paid its monthly
 *   amount × its days / the days of the month. The row shows the rule in force on the month's
 *   last contract day, and a note tells the split.
 * - The grid, the contribution regime and the aids follow the date of CONCLUSION of the contract
 *   (`concluded`, the start date by default); the SMIC follows the month paid.
 * - Amounts are rounded to the cent once per month (gross, contributions, aid).
 */
import { InputError } from '../platform/errors.ts';
import { longFrenchDate } from '../common/dates.ts';
import { type Certainty, rowAt, type RuleSource, type Sourced } from './rules/dated.ts';
import { SMIC_KNOWN_UNTIL, SMIC_METROPOLE, smicOn, type SmicRow } from './rules/smic.ts';
import { APPRENTICE_RULES, BRACKET_LABELS, bracketOf } from './rules/apprentice-rates.ts';
import { PROFESSIONALISATION_RULES, QUALIFICATION_LABELS, QUALIFICATIONS, type Qualification } from './rules/professionalisation.ts';
import { APPRENTICE_CONTRIBUTIONS, NET_ESTIMATE } from './rules/contributions.ts';
import {
  AID_PAYMENT,
  AID_PERIODS,
  aidAmount,
  aidPeriodOn,
  EMPLOYER_PARTICIPATION,
  PROFESSIONALISATION_AID_NOTE,
  sizeBandOf,
  type AidPeriod,
} from './rules/aids.ts';

export type ContractKind = 'apprentissage' | 'professionnalisation';
export const CONTRACT_KINDS: readonly ContractKind[] = ['apprentissage', 'professionnalisation'];
export const MAX_YEARS = 4;

/** What the simulator is asked; strings and numbers as they come from a form, a query or the shell. */
export interface PayInput {
  /** Date of birth, YYYY-MM-DD. */
  birth: string;
  /** First day of the contract, YYYY-MM-DD. */
  start: string;
  /** Length of the contract in whole years (1 to 4). */
  years: number;
  contract?: string;
  /** Salaire minimum conventionnel of the job, gross euros a month. */
  smc?: number;
  /** Contrat de professionnalisation: the qualification already held. */
  qualification?: string;
  /** Employees of the company (headcount). */
  employerSize?: number;
  /** The apprentice holds a reconnaissance de la qualité de travailleur handicapé. */
  rqth?: boolean;
  /** Level of the diploma or title prepared (1 to 8). */
  diplomaLevel?: number;
  /** Date of conclusion (signature), YYYY-MM-DD: the start date by default. */
  concluded?: string;
  /** Successive contract: the % of the last year of the previous contract (diploma obtained). */
  previousRate?: number;
  /** A contract of one year at most preparing a diploma of the same level, directly linked to one held (+15 points). */
  relatedDiploma?: boolean;
}

export interface AppliedRule {
  id: string;
  label: string;
  /** The main source (the full list is in the simulation's `rules`). */
  source: RuleSource;
  certainty: Certainty;
}

export interface PayMonth {
  month: string;
  /** Days of the contract in the month, and days of the month. */
  days: number;
  daysInMonth: number;
  /** Age counted for the month (reached on the last day of the previous month). */
  age: number;
  contractYear: number;
  /** % of the reference. */
  rate: number;
  reference: 'SMIC' | 'SMC';
  /** Monthly amount of the reference, euros. */
  base: number;
  /** Monthly SMIC of the month (the one used for the exemption threshold). */
  smic: number;
  gross: number;
  /** Estimated net pay (see the notes). */
  net: number;
  rule: AppliedRule;
  /** A figure of the month is not published yet: computed on the last known one. */
  projection: boolean;
  notes: string[];
}

export interface EmployerMonth {
  month: string;
  gross: number;
  /** Participation invoiced by the CFA (levels 6 and up), in the month it falls due. */
  participation: number;
  /** Gross pay plus participation; employer contributions are not counted. */
  cost: number;
  aid: number;
  netCost: number;
  projection: boolean;
}

export interface EmployerAid {
  id: string;
  name: string;
  /** For the first contract year. */
  amount: number;
  /** Amounts of the last known period reused for a later date of conclusion. */
  projection: boolean;
  conditions: string[];
  rule: AppliedRule;
}

export interface EmployerView {
  months: EmployerMonth[];
  /** The aid computed, or null (not computed, or nothing recorded for that date). */
  aid: EmployerAid | null;
  totalGross: number;
  totalParticipation: number;
  totalCost: number;
  totalAid: number;
  totalNetCost: number;
}

export interface RuleUsed {
  id: string;
  label: string;
  from: string | null;
  sources: RuleSource[];
  certainty: Certainty;
  uncertain: string[];
}

export interface PaySimulation {
  input: {
    birth: string;
    start: string;
    /** Last day of the contract. */
    end: string;
    years: number;
    contract: ContractKind;
    concluded: string;
    smc: number | null;
    qualification: Qualification | null;
    employerSize: number | null;
    rqth: boolean;
    diplomaLevel: number | null;
    previousRate: number | null;
    relatedDiploma: boolean;
  };
  months: PayMonth[];
  totals: { gross: number; net: number };
  employer: EmployerView;
  rules: RuleUsed[];
  notes: string[];
}

// ---------------------------------------------------------------------------------------------
// Days (ISO strings, UTC arithmetic: a day is a day)

const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

const toDate = (iso: string) => new Date(`${iso}T00:00:00Z`);
const toIso = (d: Date) => d.toISOString().slice(0, 10);
export const addDays = (iso: string, n: number) => toIso(new Date(toDate(iso).getTime() + n * 86_400_000));

/** Same day `n` years later; 29 February gives 1 March in a common year. */
export function addYears(iso: string, n: number): string {
  const [y, m, d] = iso.split('-').map(Number);
  return toIso(new Date(Date.UTC(y + n, m - 1, d)));
}

const daysIn = (month: string) => new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)), 0)).getUTCDate();
const nextMonth = (month: string) => addDays(`${month}-${String(daysIn(month)).padStart(2, '0')}`, 1).slice(0, 7);
const daysFrom = (first: string, last: string) => Math.round((toDate(last).getTime() - toDate(first).getTime()) / 86_400_000) + 1;

/** Whole years of age on `day`. */
export function ageOn(birth: string, day: string): number {
  const years = Number(day.slice(0, 4)) - Number(birth.slice(0, 4));
  return day.slice(5) < birth.slice(5) ? years - 1 : years;
}

/** The age counted for a month: reached on the last day of the previous month. */
export const ageForMonth = (birth: string, month: string) => ageOn(birth, addDays(`${month}-01`, -1));

/** Half up to the cent. */
export const round2 = (x: number) => Math.round(x * 100 + (x >= 0 ? 1e-6 : -1e-6)) / 100;

/** "1 867,02 €". */
export function euros(x: number): string {
  const [int, dec] = Math.abs(x).toFixed(2).split('.');
  return `${x < 0 ? '−' : ''}${int.replace(/\B(?=(\d{3})+(?!\d))/g, '\u202f')},${dec} €`;
}

const percent = (x: number) => `${String(x).replace('.', ',')} %`;

// ---------------------------------------------------------------------------------------------
// Input

function day(value: unknown, field: string, what: string): string {
  const m = typeof value === 'string' ? ISO_DAY.exec(value.trim()) : null;
  if (m) {
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    const date = new Date(Date.UTC(y, mo - 1, d));
    if (y >= 1900 && y <= 2100 && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d) return m[0];
  }
  throw new InputError(field, `${what} invalide : une date réelle au format AAAA-MM-JJ est attendue (ex. 2026-09-01)`);
}

function numberIn(value: unknown, field: string, min: number, max: number, message: string, integer = false): number | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const n = typeof value === 'number' ? value : Number(value);
  if (!Number.isFinite(n) || n < min || n > max || (integer && !Number.isInteger(n))) throw new InputError(field, message);
  return n;
}

function readInput(input: PayInput): PaySimulation['input'] {
  const birth = day(input.birth, 'birth', 'date de naissance');
  const start = day(input.start, 'start', 'date de début du contrat');
  const concluded =
    input.concluded === undefined || input.concluded === '' ? start : day(input.concluded, 'concluded', 'date de conclusion');
  const years = numberIn(
    input.years,
    'years',
    1,
    MAX_YEARS,
    `durée invalide : un nombre entier d’années, de 1 à ${MAX_YEARS}, est attendu`,
    true,
  );
  if (years === undefined) throw new InputError('years', `durée obligatoire : un nombre entier d’années, de 1 à ${MAX_YEARS}`);
  const contract = (input.contract || 'apprentissage') as ContractKind;
  if (!CONTRACT_KINDS.includes(contract))
    throw new InputError('contract', 'type de contrat invalide : apprentissage ou professionnalisation');
  const smc = numberIn(
    input.smc,
    'smc',
    1,
    100_000,
    'salaire minimum conventionnel invalide : un montant mensuel brut en euros est attendu (ex. 2100)',
  );
  const qualification = input.qualification || undefined;
  if (qualification !== undefined && !QUALIFICATIONS.includes(qualification as Qualification)) {
    throw new InputError('qualification', `qualification invalide : ${QUALIFICATIONS.join(' ou ')}`);
  }
  const employerSize = numberIn(
    input.employerSize,
    'employerSize',
    0,
    10_000_000,
    'effectif invalide : un nombre entier de salariés est attendu',
    true,
  );
  const diplomaLevel = numberIn(
    input.diplomaLevel,
    'diplomaLevel',
    1,
    8,
    'niveau invalide : un niveau de diplôme de 1 à 8 est attendu (3 CAP, 4 bac, 5 bac+2, 6 licence, 7 master, 8 doctorat)',
    true,
  );
  const previousRate = numberIn(
    input.previousRate,
    'previousRate',
    1,
    115,
    'taux du contrat précédent invalide : un pourcentage du SMIC entre 1 et 115 est attendu',
  );
  const relatedDiploma = input.relatedDiploma === true;
  if (relatedDiploma && contract === 'apprentissage' && years > rowAt(APPRENTICE_RULES, concluded)!.relatedDiploma.maxYears) {
    throw new InputError('relatedDiploma', 'majoration de 15 points : seulement pour un contrat d’un an au plus');
  }
  if (start < SMIC_METROPOLE[0].from) {
    throw new InputError(
      'start',
      `le SMIC n’est enregistré qu’à partir du ${longFrenchDate(SMIC_METROPOLE[0].from)} : choisissez un début de contrat à partir de cette date`,
    );
  }
  if (ageOn(birth, start) < 15) throw new InputError('birth', 'au début du contrat, l’alternant doit avoir au moins 15 ans');
  return {
    birth,
    start,
    end: addDays(addYears(start, years), -1),
    years,
    contract,
    concluded,
    smc: smc ?? null,
    qualification: (qualification as Qualification | undefined) ?? null,
    employerSize: employerSize ?? null,
    rqth: input.rqth === true,
    diplomaLevel: diplomaLevel ?? null,
    previousRate: previousRate ?? null,
    relatedDiploma,
  };
}

// ---------------------------------------------------------------------------------------------
// The rule of one day

interface DayPay {
  contractYear: number;
  rate: number;
  reference: 'SMIC' | 'SMC';
  base: number;
  smic: SmicRow;
  smicProjection: boolean;
  rule: AppliedRule;
  /** Ids of the rules used, for the list of sources. */
  uses: string[];
}

const applied = (id: string, label: string, rule: Sourced, also: Sourced[] = []): AppliedRule => ({
  id,
  label,
  source: rule.sources[0],
  certainty: [rule, ...also].some((r) => r.certainty === 'incertain') ? 'incertain' : 'verifie',
});

const yearLabel = (y: number) => (y === 1 ? '1re année' : `${y}e année`);

function payOn(q: PaySimulation['input'], date: string, age: number, contractYear: number): DayPay {
  const smicDay = smicOn(date);
  if (!smicDay) throw new Error(`SMIC absent au ${date}`); // start is checked against the series
  const smic = smicDay.row;
  const common = { contractYear, smic, smicProjection: smicDay.projection };

  if (q.contract === 'professionnalisation') {
    const rules = rowAt(PROFESSIONALISATION_RULES, q.concluded)!;
    if (ageOn(q.birth, q.start) >= rules.adult.age) {
      const smcPart = q.smc === null ? 0 : (q.smc * rules.adult.smcRate) / 100;
      const bySmc = smcPart > smic.monthly;
      return {
        ...common,
        rate: bySmc ? rules.adult.smcRate : 100,
        reference: bySmc ? 'SMC' : 'SMIC',
        base: bySmc ? q.smc! : smic.monthly,
        rule: applied(
          'professionnalisation-26-ans',
          `Contrat de professionnalisation, ${rules.adult.age} ans et plus au début du contrat : ` +
            (bySmc
              ? `${rules.adult.smcRate} % du salaire minimum conventionnel (plus que le SMIC)`
              : `le SMIC${q.smc === null ? '' : ` (plus que ${rules.adult.smcRate} % du salaire minimum conventionnel)`}`),
          rules.adult,
        ),
        uses: ['professionnalisation-26-ans'],
      };
    }
    const qualification = q.qualification ?? 'infra-bac-pro';
    const older = age >= rules.young.changeAge;
    const rate = (older ? rules.young.from : rules.young.under)[qualification];
    return {
      ...common,
      rate,
      reference: 'SMIC',
      base: smic.monthly,
      rule: applied(
        'professionnalisation-bareme',
        `Contrat de professionnalisation, ${older ? `${rules.young.changeAge} à ${rules.adult.age - 1} ans` : `moins de ${rules.young.changeAge} ans`}, ${QUALIFICATION_LABELS[qualification]} : ${rate} % du SMIC`,
        rules.young,
      ),
      uses: ['professionnalisation-bareme'],
    };
  }

  const rules = rowAt(APPRENTICE_RULES, q.concluded)!;
  const bracket = bracketOf(age);
  const rates = rules.grid.rates[bracket];
  const gridRate = rates[Math.min(contractYear, rates.length) - 1];
  const uses = ['apprentissage-bareme'];
  const also: Sourced[] = [rules.bracketChange];
  const extras: string[] = [];
  let id = 'apprentissage-bareme';
  let main: Sourced = rules.grid;
  let rate = gridRate;
  let rateText = `${gridRate} %`;
  if (q.relatedDiploma) {
    rate += rules.relatedDiploma.points;
    rateText = `${gridRate} % + ${rules.relatedDiploma.points} points = ${rate} %`;
    extras.push('diplôme de même niveau en rapport direct avec un diplôme obtenu');
    id = 'apprentissage-majoration';
    also.push(rules.relatedDiploma);
    uses.push(id);
  }
  if (q.previousRate !== null && q.previousRate > rate) {
    extras.push(`minimum de la dernière année du contrat précédent, au-dessus des ${rate} % du barème`);
    rate = q.previousRate;
    rateText = percent(rate);
    id = 'apprentissage-contrat-precedent';
    main = rules.successive;
    also.push(rules.grid);
    uses.push(id);
  }
  const bySmc = q.smc !== null && age >= rules.smc.fromAge && q.smc > smic.monthly;
  if (bySmc) {
    if (id === 'apprentissage-bareme') id = 'apprentissage-smc';
    also.push(rules.smc);
    uses.push('apprentissage-smc');
  }
  const label =
    `Apprentissage, ${BRACKET_LABELS[bracket]}, ${yearLabel(contractYear)} : ${rateText} ` +
    (bySmc ? 'du salaire minimum conventionnel (plus élevé que le SMIC)' : 'du SMIC') +
    (extras.length ? ` (${extras.join(' ; ')})` : '');
  return {
    ...common,
    rate,
    reference: bySmc ? 'SMC' : 'SMIC',
    base: bySmc ? q.smc! : smic.monthly,
    rule: applied(id, label, main, also),
    uses,
  };
}

// ---------------------------------------------------------------------------------------------
// The simulation

export function simulatePay(input: PayInput): PaySimulation {
  const q = readInput(input);
  const notes: string[] = [];
  const used = new Map<string, RuleUsed>();
  const use = (id: string, label: string, rule: Sourced, from?: string) =>
    used.set(id, {
      id,
      label,
      from: from ?? null,
      sources: [...rule.sources],
      certainty: rule.certainty,
      uncertain: [...(rule.uncertain ?? [])],
    });

  const anniversaries = Array.from({ length: q.years - 1 }, (_, i) => addYears(q.start, i + 1));
  const yearOf = (d: string) => 1 + anniversaries.filter((a) => a <= d).length;
  const smicStarts = SMIC_METROPOLE.map((r) => r.from);
  const contributions = rowAt(APPRENTICE_CONTRIBUTIONS, q.concluded)!;

  const months: PayMonth[] = [];
  const ruleIds = new Set<string>();
  for (let month = q.start.slice(0, 7); month <= q.end.slice(0, 7); month = nextMonth(month)) {
    const dim = daysIn(month);
    const first = q.start > `${month}-01` ? q.start : `${month}-01`;
    const monthEnd = `${month}-${String(dim).padStart(2, '0')}`;
    const last = q.end < monthEnd ? q.end : monthEnd;
    const age = ageForMonth(q.birth, month);
    // Parts of the month: a new part on a contract anniversary or a SMIC uprating.
    const cuts = [...anniversaries, ...smicStarts].filter((c) => c > first && c <= last).sort();
    const bounds = [first, ...new Set(cuts)];
    let gross = 0;
    let threshold = 0;
    let projection = false;
    const monthNotes: string[] = [];
    let pay: DayPay | undefined;
    for (const [i, from] of bounds.entries()) {
      const to = i + 1 < bounds.length ? addDays(bounds[i + 1], -1) : last;
      const days = daysFrom(from, to);
      const previous = pay;
      pay = payOn(q, from, age, yearOf(from));
      for (const id of pay.uses) ruleIds.add(id);
      gross += (pay.base * pay.rate * days) / (100 * dim);
      threshold += (pay.smic.monthly * contributions.exemptUpTo * days) / (100 * dim);
      projection ||= pay.smicProjection;
      if (previous) {
        monthNotes.push(
          `À partir du ${longFrenchDate(from)} : ${pay.contractYear !== previous.contractYear ? `${yearLabel(pay.contractYear)} du contrat, ` : ''}` +
            `${percent(pay.rate)} de ${euros(pay.base)} (${pay.reference}) ; ${daysFrom(bounds[i - 1], addDays(from, -1))} jour(s) payés à ${percent(previous.rate)} de ${euros(previous.base)} avant.`,
        );
      }
    }
    const p = pay!;
    const days = daysFrom(first, last);
    if (days < dim) monthNotes.unshift(`Mois incomplet : ${days} jour(s) de contrat sur ${dim}, salaire au prorata des jours.`);
    if (p.smicProjection) monthNotes.push(`SMIC de ce mois non publié : calcul sur le dernier connu (${euros(p.smic.monthly)} par mois).`);
    const grossRounded = round2(gross);
    const estimate = rowAt(NET_ESTIMATE, `${month}-01`)!;
    const withheld =
      q.contract === 'professionnalisation'
        ? round2((grossRounded * estimate.professionalisationRate) / 100)
        : round2((Math.max(0, grossRounded - threshold) * estimate.apprenticeRate) / 100);
    months.push({
      month,
      days,
      daysInMonth: dim,
      age,
      contractYear: p.contractYear,
      rate: p.rate,
      reference: p.reference,
      base: p.base,
      smic: p.smic.monthly,
      gross: grossRounded,
      net: round2(grossRounded - withheld),
      rule: p.rule,
      projection,
      notes: monthNotes,
    });
    for (const from of bounds) {
      const row = smicOn(from)!.row;
      use(
        `smic-${row.from}`,
        `SMIC du ${longFrenchDate(row.from)} : ${euros(row.hourly)} de l’heure, ${euros(row.monthly)} par mois (35 h) — ${row.text}`,
        row,
        row.from,
      );
    }
  }

  // The rules used, with all their sources.
  if (q.contract === 'apprentissage') {
    const r = rowAt(APPRENTICE_RULES, q.concluded)!;
    use('apprentissage-bareme', 'Apprentissage : rémunération minimale en % du SMIC selon l’âge et l’année du contrat', r.grid, r.from);
    use('apprentissage-anniversaire', 'Changement de tranche d’âge le 1er jour du mois qui suit l’anniversaire', r.bracketChange, r.from);
    if (ruleIds.has('apprentissage-smc'))
      use(
        'apprentissage-smc',
        `À partir de ${r.smc.fromAge} ans : % du SMIC ou du salaire minimum conventionnel s’il est plus élevé`,
        r.smc,
        r.from,
      );
    if (ruleIds.has('apprentissage-majoration'))
      use('apprentissage-majoration', `Majoration de ${r.relatedDiploma.points} points`, r.relatedDiploma, r.from);
    if (q.previousRate !== null)
      use(
        'apprentissage-contrat-precedent',
        'Contrats successifs : au moins le minimum de la dernière année du contrat précédent',
        r.successive,
        r.from,
      );
    use(
      `cotisations-${contributions.from ?? 'avant-2025-03'}`,
      `Cotisations salariales : exonérées jusqu’à ${contributions.exemptUpTo} % du SMIC${contributions.csgCrdsDue ? ', CSG/CRDS dues au-delà' : ', CSG/CRDS non dues'} (contrat conclu ${contributions.from ? `à partir du ${longFrenchDate(contributions.from)}` : 'avant le 1er mars 2025'})`,
      contributions,
      contributions.from,
    );
  } else {
    const r = rowAt(PROFESSIONALISATION_RULES, q.concluded)!;
    if (ruleIds.has('professionnalisation-bareme'))
      use(
        'professionnalisation-bareme',
        'Contrat de professionnalisation : % du SMIC selon l’âge et la qualification détenue',
        r.young,
        r.from,
      );
    if (ruleIds.has('professionnalisation-26-ans'))
      use(
        'professionnalisation-26-ans',
        `Contrat de professionnalisation, ${r.adult.age} ans et plus : le SMIC ou ${r.adult.smcRate} % du minimum conventionnel`,
        r.adult,
        r.from,
      );
  }
  const estimate = NET_ESTIMATE[NET_ESTIMATE.length - 1];
  use('net-estime', 'Estimation du net : taux salarial global du secteur privé', estimate, estimate.from);

  // Notes.
  if (months.some((m) => m.days < m.daysInMonth)) {
    notes.push(
      'Mois incomplets (début ou fin du contrat en cours de mois) : salaire au prorata des jours calendaires de contrat dans le mois (méthode simple ; la paie peut compter en jours ouvrés ou en heures).',
    );
  }
  if (months.some((m) => m.projection)) {
    const last = SMIC_METROPOLE[SMIC_METROPOLE.length - 1];
    notes.push(
      `Le SMIC applicable après le ${longFrenchDate(SMIC_KNOWN_UNTIL)} n’est pas encore publié : les mois marqués « projection » sont calculés sur le dernier SMIC connu (${euros(last.hourly)} de l’heure depuis le ${longFrenchDate(last.from)}).`,
    );
  }
  notes.push(
    q.contract === 'professionnalisation'
      ? `Net estimé : brut moins ${percent(estimate.professionalisationRate)} de cotisations salariales (estimation, secteur privé, sans mutuelle).`
      : `Net estimé : cotisations salariales et CSG/CRDS comptées à ${percent(estimate.apprenticeRate)} sur la part du brut au-dessus de ${contributions.exemptUpTo} % du SMIC (estimation, secteur privé, sans mutuelle).`,
  );
  notes.push('Ce sont des minimums légaux : le contrat ou un accord de branche peut prévoir davantage.');
  if (input.concluded === undefined || input.concluded === '')
    notes.push('Date de conclusion du contrat prise égale à son début : elle détermine le barème, les cotisations et les aides.');
  if (q.smc !== null && !months.some((m) => m.reference === 'SMC')) {
    notes.push(
      q.contract === 'apprentissage'
        ? `Salaire minimum conventionnel non retenu : il ne compte qu’à partir de ${rowAt(APPRENTICE_RULES, q.concluded)!.smc.fromAge} ans et s’il dépasse le SMIC.`
        : 'Salaire minimum conventionnel non retenu : il ne compte qu’à partir de 26 ans au début du contrat, à 85 % et s’il dépasse alors le SMIC.',
    );
  }
  if (q.contract === 'apprentissage') {
    if (q.years === MAX_YEARS && !q.rqth)
      notes.push('Une 4e année n’est possible qu’avec une RQTH ou une prolongation du contrat ; elle est payée comme la 3e.');
    if (q.qualification !== null) notes.push('Qualification détenue ignorée : elle ne sert qu’au contrat de professionnalisation.');
  } else {
    if (q.qualification === null && ageOn(q.birth, q.start) < 26)
      notes.push('Qualification détenue non indiquée : taux sans bac pro retenu (le plus bas).');
    if (q.previousRate !== null || q.relatedDiploma)
      notes.push('Taux du contrat précédent et majoration de 15 points ignorés : ils ne valent que pour l’apprentissage.');
    notes.push(PROFESSIONALISATION_AID_NOTE);
  }
  notes.push('SMIC de la métropole (Pays de la Loire) ; Mayotte, qui a son propre SMIC, n’est pas simulée.');

  const employer = employerView(q, months, notes, use);
  return {
    input: q,
    months,
    totals: { gross: round2(months.reduce((s, m) => s + m.gross, 0)), net: round2(months.reduce((s, m) => s + m.net, 0)) },
    employer,
    rules: [...used.values()],
    notes,
  };
}

function employerView(
  q: PaySimulation['input'],
  months: PayMonth[],
  notes: string[],
  use: (id: string, label: string, rule: Sourced, from?: string) => void,
): EmployerView {
  // The aid of the first contract year.
  let aid: EmployerAid | null = null;
  if (q.contract === 'apprentissage') {
    if (q.employerSize === null || q.diplomaLevel === null) {
      notes.push('Aide à l’embauche non calculée : indiquez l’effectif de l’entreprise et le niveau du diplôme préparé.');
    } else {
      const on = aidPeriodOn(q.concluded);
      if (!on)
        notes.push(`Aides des contrats conclus avant le ${longFrenchDate(AID_PERIODS[0].from)} non enregistrées : aucune aide calculée.`);
      else aid = aidFor(q, on.period, on.projection, notes, use);
    }
  }
  // The participation of levels 6 and up.
  const participation =
    q.contract === 'apprentissage' && q.diplomaLevel !== null
      ? EMPLOYER_PARTICIPATION.filter((p) => p.from <= q.concluded).at(-1)
      : undefined;
  const due = participation && q.diplomaLevel! >= participation.fromLevel ? addDays(q.start, participation.afterDays) : undefined;
  if (participation && due) {
    use(
      'participation-employeur',
      `Participation de l’employeur de ${euros(participation.amount)} (diplôme de niveau ${participation.fromLevel} ou plus, contrat conclu à partir du ${longFrenchDate(participation.from)})`,
      participation,
      participation.from,
    );
    notes.push(
      due <= q.end
        ? `Participation de ${euros(participation.amount)} facturée par le CFA après ${participation.afterDays} jours de formation pratique : comptée en ${due.slice(0, 7)} (jours calendaires depuis le début, date approchée).`
        : `Participation de ${euros(participation.amount)} due après ${participation.afterDays} jours de formation pratique : hors de la durée simulée.`,
    );
  }
  notes.push(
    'Coût employeur : salaire brut (et participation) ; les cotisations patronales ne sont pas comptées (paramètres de la réduction générale pour les apprentis non relus).',
  );

  const firstYearEnd = addDays(addYears(q.start, 1), -1);
  const out: EmployerMonth[] = [];
  let paid = 0;
  for (const m of months) {
    let monthAid = 0;
    if (aid && aid.amount > 0 && m.month <= firstYearEnd.slice(0, 7)) {
      if (m.month === firstYearEnd.slice(0, 7)) monthAid = round2(aid.amount - paid);
      else {
        const first = q.start.slice(0, 7) === m.month ? q.start : `${m.month}-01`;
        const days = daysFrom(first, `${m.month}-${String(m.daysInMonth).padStart(2, '0')}`);
        monthAid = round2(((aid.amount / 12) * days) / m.daysInMonth);
      }
      paid = round2(paid + monthAid);
    }
    const part = due && participation && due.slice(0, 7) === m.month && due <= q.end ? participation.amount : 0;
    const cost = round2(m.gross + part);
    out.push({
      month: m.month,
      gross: m.gross,
      participation: part,
      cost,
      aid: monthAid,
      netCost: round2(cost - monthAid),
      projection: m.projection || (monthAid > 0 && aid!.projection),
    });
  }
  const sum = (f: (e: EmployerMonth) => number) => round2(out.reduce((s, e) => s + f(e), 0));
  return {
    months: out,
    aid,
    totalGross: sum((e) => e.gross),
    totalParticipation: sum((e) => e.participation),
    totalCost: sum((e) => e.cost),
    totalAid: sum((e) => e.aid),
    totalNetCost: sum((e) => e.netCost),
  };
}

function aidFor(
  q: PaySimulation['input'],
  period: AidPeriod,
  projection: boolean,
  notes: string[],
  use: (id: string, label: string, rule: Sourced, from?: string) => void,
): EmployerAid {
  const size = sizeBandOf(q.employerSize!);
  const amount = aidAmount(period, size, q.diplomaLevel!, q.rqth);
  const conditions = [
    `contrat conclu entre le ${longFrenchDate(period.from)} et le ${longFrenchDate(period.to)}`,
    'versée par l’ASP chaque mois de la 1re année du contrat, au prorata des jours pour un mois incomplet',
    'contrat transmis à l’OPCO dans les 6 mois ; pas de nouvelle aide pour le même employeur, apprenti et diplôme',
  ];
  if (size === 'from250' && amount > 0 && period.from250Condition) conditions.push(period.from250Condition);
  if (q.diplomaLevel === 8) conditions.push('doctorat (niveau 8) exclu');
  use(
    `aide-${period.id}`,
    `${period.name} : contrats conclus du ${longFrenchDate(period.from)} au ${longFrenchDate(period.to)}`,
    period,
    period.from,
  );
  use('aide-versement', 'Aide versée chaque mois de la 1re année, au prorata des jours', AID_PAYMENT);
  if (projection) {
    notes.push(
      `Aides des contrats conclus après le ${longFrenchDate(period.to)} non publiées : montants de la dernière période connue repris à titre indicatif (mois marqués « projection »).`,
    );
  }
  if (amount === 0) notes.push('Aucune aide à l’embauche pour ce cas (date de conclusion, effectif et niveau du diplôme).');
  else if (size === 'from250' && period.from250Condition) notes.push(`Aide sous condition : ${period.from250Condition}.`);
  const label = `${period.name} : ${euros(amount)} pour la 1re année (${size === 'under250' ? 'moins de 250 salariés' : '250 salariés ou plus'}, diplôme de niveau ${q.diplomaLevel}${q.rqth ? ', apprenti RQTH' : ''})`;
  return {
    id: period.id,
    name: period.name,
    amount,
    projection,
    conditions,
    rule: applied(`aide-${period.id}`, label, period, [AID_PAYMENT]),
  };
}
