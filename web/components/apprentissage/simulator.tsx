/**
 * What the two pay-simulator pages share (« Rémunération d’un apprenti », « Coût pour
 * l’employeur »): the GET form's values read from the address, the call to
 * GET /api/v1/apprenticeship/pay, the form's fields, and the results in plain French (one sentence
 * per period at the same rate, a month-by-month table, a bar chart whose alternative is the table).
 * Nothing changes state: the form is sent by GET, without a token, and works without JavaScript.
 */
import type { ReactNode } from 'react';
import { apiError, type WebApi } from '../../api.ts';
import type { PayMonth, PaySimulation } from '../../../src/apprenticeship/contract.ts';
import { FieldMessage, describedBy, type FieldError } from '../guidance/ErrorSummary.tsx';
import { FieldLabel, TextField, errorOf } from '../compte/forms.tsx';

export type Simulation = PaySimulation;

/** The form as typed (strings, as in the address). */
export interface SimValues {
  birth: string;
  start: string;
  years: string;
  contract: string;
  smc: string;
  employerSize: string;
  rqth: boolean;
  diplomaLevel: string;
}

export interface SimState {
  values: SimValues;
  errors: FieldError[];
  result: PaySimulation | null;
}

/** The API's field names → the ids of the inputs. */
const FIELDS: Record<string, string> = {
  birth: 'birth',
  start: 'start',
  years: 'years',
  contract: 'contract',
  smc: 'smc',
  employerSize: 'employerSize',
  diplomaLevel: 'diplomaLevel',
  rqth: 'rqth',
};

const EURO = new Intl.NumberFormat('fr-FR', { style: 'currency', currency: 'EUR' });
const NUMBER = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 2 });
const MONTH = new Intl.DateTimeFormat('fr-FR', { month: 'long', year: 'numeric', timeZone: 'UTC' });
const DAY = new Intl.DateTimeFormat('fr-FR', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });

export const euro = (x: number) => EURO.format(x);
export const percent = (x: number) => `${NUMBER.format(x)}\u00a0%`;
/** '2026-09' → « septembre 2026 ». */
export const monthName = (month: string) => MONTH.format(new Date(`${month}-01T00:00:00Z`));
export const dayName = (iso: string) => DAY.format(new Date(`${iso}T00:00:00Z`));

/** « date invalide : … » → « Date invalide : … . » */
const sentence = (s: string) => `${s.charAt(0).toUpperCase()}${s.slice(1)}${/[.!?]$/.test(s) ? '' : '.'}`;

/** JJ/MM/AAAA is accepted too, as French people write it. */
function isoDay(text: string): string {
  const fr = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(text);
  return fr ? `${fr[3]}-${fr[2].padStart(2, '0')}-${fr[1].padStart(2, '0')}` : text;
}

/** Reads the form from the address and, when it is filled, asks the API. */
export async function simulate(api: WebApi, request: Request, employer: boolean): Promise<SimState> {
  const p = new URL(request.url).searchParams;
  const s = (name: string, max = 20) => (p.get(name) ?? '').trim().slice(0, max);
  const values: SimValues = {
    birth: s('birth'),
    start: s('start'),
    years: s('years') || '2',
    contract: s('contract') === 'professionnalisation' ? 'professionnalisation' : 'apprentissage',
    smc: s('smc'),
    employerSize: s('employerSize'),
    rqth: p.get('rqth') === 'oui',
    diplomaLevel: s('diplomaLevel'),
  };
  if (!p.has('birth') && !p.has('start')) return { values, errors: [], result: null };

  const errors: FieldError[] = [];
  const birth = isoDay(values.birth);
  const start = isoDay(values.start);
  if (!birth) errors.push({ target: 'birth', message: 'Indiquez la date de naissance, au format AAAA-MM-JJ (ex. 2005-10-10).' });
  else if (birth.length > 10)
    errors.push({ target: 'birth', message: 'Date de naissance invalide : une date réelle au format AAAA-MM-JJ est attendue.' });
  if (!start) errors.push({ target: 'start', message: 'Indiquez la date de début du contrat, au format AAAA-MM-JJ (ex. 2026-09-01).' });
  else if (start.length > 10)
    errors.push({ target: 'start', message: 'Date de début du contrat invalide : une date réelle au format AAAA-MM-JJ est attendue.' });
  const years = Number(values.years);
  if (!Number.isInteger(years) || years < 1 || years > 4) errors.push({ target: 'years', message: 'Choisissez une durée de 1 à 4 ans.' });
  const smc = values.smc ? Number(values.smc.replace(',', '.').replace(/\s/g, '')) : undefined;
  if (smc !== undefined && (!Number.isFinite(smc) || smc < 1))
    errors.push({
      target: 'smc',
      message: 'Salaire minimum conventionnel invalide : un montant mensuel brut en euros est attendu (ex. 2100).',
    });
  const size = employer && values.employerSize ? Number(values.employerSize.replace(/\s/g, '')) : undefined;
  if (size !== undefined && (!Number.isInteger(size) || size < 0))
    errors.push({ target: 'employerSize', message: 'Effectif invalide : un nombre entier de salariés est attendu (ex. 12).' });
  const level = employer && values.diplomaLevel ? Number(values.diplomaLevel) : undefined;
  if (level !== undefined && (!Number.isInteger(level) || level < 1 || level > 8))
    errors.push({ target: 'diplomaLevel', message: 'Choisissez le niveau du diplôme préparé.' });
  if (errors.length) return { values, errors, result: null };

  const res = await api.get('/api/v1/apprenticeship/pay', {
    query: {
      birth,
      start,
      years,
      contract: values.contract as 'apprentissage' | 'professionnalisation',
      ...(smc !== undefined ? { smc } : {}),
      ...(employer
        ? {
            ...(size !== undefined ? { employerSize: size } : {}),
            ...(level !== undefined ? { diplomaLevel: level } : {}),
            rqth: values.rqth,
          }
        : {}),
    },
  });
  const refusal = apiError(res);
  if (refusal) {
    return {
      values,
      errors: [{ target: (refusal.field && FIELDS[refusal.field]) || 'birth', message: sentence(refusal.message) }],
      result: null,
    };
  }
  return { values, errors: [], result: res.body };
}

function SelectField({
  id,
  label,
  hint,
  value,
  options,
  error,
  required = true,
}: {
  id: string;
  label: string;
  hint?: string;
  value: string;
  options: { value: string; label: string }[];
  error?: string;
  required?: boolean;
}) {
  return (
    <div className="field">
      <FieldLabel id={id} label={label} hint={hint} required={required} />
      <select
        id={id}
        name={id}
        defaultValue={value}
        required={required}
        aria-describedby={describedBy(hint ? `${id}-hint` : null, error && `${id}-error`)}
        aria-invalid={error ? true : undefined}
      >
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      <FieldMessage id={`${id}-error`} message={error} />
    </div>
  );
}

/** The fields of both pages; `children` adds the employer's. */
export function SimulatorFields({ values, errors, children }: { values: SimValues; errors: FieldError[]; children?: ReactNode }) {
  return (
    <>
      <TextField
        id="birth"
        name="birth"
        label="Date de naissance de l’alternant"
        autoComplete="bday"
        hint="Au format AAAA-MM-JJ, par exemple 2005-10-10"
        defaultValue={values.birth}
        error={errorOf(errors, 'birth')}
      />
      <TextField
        id="start"
        name="start"
        label="Premier jour du contrat"
        autoComplete="off"
        hint="Au format AAAA-MM-JJ, par exemple 2026-09-01"
        defaultValue={values.start}
        error={errorOf(errors, 'start')}
      />
      <SelectField
        id="years"
        label="Durée du contrat"
        value={values.years}
        error={errorOf(errors, 'years')}
        options={[1, 2, 3, 4].map((n) => ({ value: String(n), label: n === 1 ? '1 an' : `${n} ans` }))}
      />
      <SelectField
        id="contract"
        label="Type de contrat"
        value={values.contract}
        error={errorOf(errors, 'contract')}
        options={[
          { value: 'apprentissage', label: 'Contrat d’apprentissage' },
          { value: 'professionnalisation', label: 'Contrat de professionnalisation' },
        ]}
      />
      <TextField
        id="smc"
        name="smc"
        label="Salaire minimum conventionnel (facultatif)"
        autoComplete="off"
        required={false}
        hint="Brut mensuel en euros prévu par la convention collective pour l’emploi, par exemple 2100. Il compte à partir de 21 ans s’il dépasse le SMIC."
        defaultValue={values.smc}
        error={errorOf(errors, 'smc')}
      />
      {children}
    </>
  );
}

/** The employer's fields: company size, diploma level, RQTH. */
export function EmployerFields({ values, errors }: { values: SimValues; errors: FieldError[] }) {
  const rqthError = errorOf(errors, 'rqth');
  return (
    <>
      <TextField
        id="employerSize"
        name="employerSize"
        label="Effectif de l’entreprise"
        autoComplete="off"
        inputMode="numeric"
        required={false}
        hint="Nombre de salariés, par exemple 12. Nécessaire pour calculer l’aide à l’embauche."
        defaultValue={values.employerSize}
        error={errorOf(errors, 'employerSize')}
      />
      <SelectField
        id="diplomaLevel"
        label="Niveau du diplôme préparé"
        required={false}
        hint="Nécessaire pour calculer l’aide à l’embauche et la participation de l’employeur."
        value={values.diplomaLevel}
        error={errorOf(errors, 'diplomaLevel')}
        options={[
          { value: '', label: 'Non indiqué' },
          { value: '3', label: 'Niveau 3 (CAP, BEP)' },
          { value: '4', label: 'Niveau 4 (baccalauréat, bac pro, BP)' },
          { value: '5', label: 'Niveau 5 (bac + 2 : BTS, DEUST)' },
          { value: '6', label: 'Niveau 6 (bac + 3 : licence, BUT)' },
          { value: '7', label: 'Niveau 7 (bac + 5 : master, ingénieur)' },
          { value: '8', label: 'Niveau 8 (doctorat)' },
        ]}
      />
      <div className="field">
        <input
          type="checkbox"
          id="rqth"
          name="rqth"
          value="oui"
          defaultChecked={values.rqth}
          aria-describedby={describedBy(rqthError && 'rqth-error')}
        />{' '}
        <label htmlFor="rqth">L’apprenti est reconnu travailleur handicapé (RQTH)</label>
        <FieldMessage id="rqth-error" message={rqthError} />
      </div>
    </>
  );
}

/** A run of months at the same rate, reference and rule: one sentence. */
interface Period {
  first: PayMonth;
  last: PayMonth;
}

function periods(months: PayMonth[]): Period[] {
  const out: Period[] = [];
  for (const m of months) {
    const p = out.at(-1);
    if (p && p.last.rate === m.rate && p.last.reference === m.reference && p.last.rule.id === m.rule.id && p.last.base === m.base)
      p.last = m;
    else out.push({ first: m, last: m });
  }
  return out;
}

const referenceName = (m: PayMonth) => (m.reference === 'SMIC' ? 'du SMIC' : 'du salaire minimum conventionnel');

/** « De septembre 2026 à octobre 2026 : 43 % du SMIC … » for each period, with the rule and its source. */
export function Explanation({ result }: { result: PaySimulation }) {
  return (
    <ul className="a-explanation">
      {periods(result.months).map(({ first, last }) => (
        <li key={first.month}>
          <strong>
            {first.month === last.month ? `En ${monthName(first.month)}` : `De ${monthName(first.month)} à ${monthName(last.month)}`}
          </strong>{' '}
          : {percent(first.rate)} {referenceName(first)} ({euro(first.base)} par mois), soit au moins {euro(first.gross)} brut pour un mois
          complet (âge retenu : {first.age} ans, {first.contractYear === 1 ? '1re' : `${first.contractYear}e`} année du contrat). Règle
          appliquée : {first.rule.label}
          {first.rule.certainty === 'incertain' ? ' (règle à confirmer)' : ''}. Source :{' '}
          <a href={first.rule.source.url}>{first.rule.source.label}</a> (version du {first.rule.source.vintage}).
          {first.projection || last.projection
            ? ' Projection : un chiffre de ces mois n’est pas encore publié, le calcul reprend le dernier SMIC connu.'
            : ''}
        </li>
      ))}
    </ul>
  );
}

/** The notes and the rules used, with their sources. */
export function NotesAndSources({ result }: { result: PaySimulation }) {
  return (
    <>
      <h3>À savoir</h3>
      <ul>
        {result.notes.map((n) => (
          <li key={n}>{n}</li>
        ))}
      </ul>
      <h3>Règles et sources</h3>
      <ul>
        {result.rules.map((r) => (
          <li key={r.id}>
            {r.label}
            {r.from ? ` (en vigueur depuis le ${dayName(r.from)})` : ''}
            {r.certainty === 'incertain' ? ` — à confirmer${r.uncertain.length ? ` : ${r.uncertain.join(' ; ')}` : ''}` : ''}. Sources :{' '}
            {r.sources.map((s, i) => (
              <span key={s.url + s.label}>
                {i ? ', ' : ''}
                <a href={s.url}>{s.label}</a>
              </span>
            ))}
          </li>
        ))}
      </ul>
    </>
  );
}

/** Bars of an amount per month. The values are in the table `tableId`: the image says so. */
export function MonthChart({ months, title, tableId }: { months: { month: string; value: number }[]; title: string; tableId: string }) {
  const max = Math.max(1, ...months.map((m) => m.value));
  const bar = 14;
  const gap = 4;
  const height = 160;
  const width = months.length * (bar + gap) + 40;
  return (
    <figure className="a-chart">
      <svg
        viewBox={`0 0 ${width} ${height + 30}`}
        role="img"
        aria-label={`${title} : graphique en barres, ${months.length} mois ; les montants sont dans le tableau qui suit.`}
      >
        {months.map((m, i) => {
          const h = Math.round((m.value / max) * height);
          return (
            <g key={m.month}>
              <rect x={30 + i * (bar + gap)} y={height - h + 10} width={bar} height={h} />
              {m.month.endsWith('-01') || i === 0 ? (
                <text x={30 + i * (bar + gap)} y={height + 25}>
                  {m.month.slice(2, 4)}/{m.month.slice(5)}
                </text>
              ) : null}
            </g>
          );
        })}
        <text x={0} y={18}>
          {Math.round(max)} €
        </text>
      </svg>
      <figcaption>
        {title}. <a href={`#${tableId}`}>Voir les montants dans le tableau</a>.
      </figcaption>
    </figure>
  );
}

/** A month's header cell: its name, and « projection » when a figure is not yet published. */
export function MonthHeader({ month, projection }: { month: string; projection: boolean }) {
  return (
    <th scope="row">
      {monthName(month)}
      {projection ? ' (projection)' : ''}
    </th>
  );
}

/** The table of the apprentice's pay. */
export function PayTable({ result, id }: { result: PaySimulation; id: string }) {
  return (
    <div className="a-table" role="region" aria-labelledby={`${id}-titre`} tabIndex={0}>
      <table id={id}>
        <caption id={`${id}-titre`}>Salaire minimum mois par mois (« projection » : calculé sur le dernier SMIC publié)</caption>
        <thead>
          <tr>
            <th scope="col">Mois</th>
            <th scope="col">Âge</th>
            <th scope="col">Année du contrat</th>
            <th scope="col">Taux</th>
            <th scope="col">Référence mensuelle</th>
            <th scope="col">Brut</th>
            <th scope="col">Net estimé</th>
          </tr>
        </thead>
        <tbody>
          {result.months.map((m) => (
            <tr key={m.month}>
              <MonthHeader month={m.month} projection={m.projection} />
              <td>{m.age} ans</td>
              <td>{m.contractYear}</td>
              <td>{percent(m.rate)}</td>
              <td>
                {m.reference} {euro(m.base)}
              </td>
              <td>
                {euro(m.gross)}
                {m.days < m.daysInMonth ? ` (${m.days} j sur ${m.daysInMonth})` : ''}
              </td>
              <td>{euro(m.net)}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row" colSpan={5}>
              Total sur le contrat
            </th>
            <td>{euro(result.totals.gross)}</td>
            <td>{euro(result.totals.net)}</td>
          </tr>
        </tfoot>
      </table>
    </div>
  );
}

/** Short summary of the input. */
export function InputSummary({ result }: { result: PaySimulation }) {
  const q = result.input;
  return (
    <p>
      Contrat {q.contract === 'apprentissage' ? 'd’apprentissage' : 'de professionnalisation'} du {dayName(q.start)} au {dayName(q.end)} (
      {q.years === 1 ? '1 an' : `${q.years} ans`}), alternant né le {dayName(q.birth)}
      {q.smc !== null ? `, salaire minimum conventionnel de ${euro(q.smc)}` : ''}.
    </p>
  );
}
