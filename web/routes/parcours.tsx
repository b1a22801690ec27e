import { Form, useActionData, useLoaderData } from 'react-router';
import guidanceCss from '../styles/guidance.css?url';
import { apiError, type ActionArgs, type LoaderArgs, type WebApi } from '../api.ts';
import { theme } from '../theme.ts';
import { ErrorSummary, FieldMessage, describedBy, type FieldError } from '../components/guidance/ErrorSummary.tsx';
import { TargetPathways } from '../components/guidance/PathwayCards.tsx';
import type { PathwayResponse, Status } from '../components/guidance/pathway-types.ts';
import { romeCode } from '../components/guidance/types.ts';
import type { CommuneHit } from '../../src/territories/contract.ts';
import { deName, foldWords as fold } from '../../src/common/text.ts';
import { COMMUNE_CODE_ANY_CASE } from '../../src/common/codes.ts';

/**
 * « Simuler mon parcours »: one form in four fieldsets (where you are, where you want to go,
 * where you live, your situation), POSTed to this route's action, which resolves the names typed
 * into codes (asking to choose when several match) and calls POST /api/v1/pathways. Results are
 * comparable cards. Works without JavaScript; nothing is stored, nothing personal is in a URL
 * (only occupation and commune codes may prefill the form: ?from=D1106&to=D1102&commune=44184).
 * « Mes compétences ailleurs » prefills it by a POST (intent=prefill) that also carries the skills
 * unticked there (`exclude`): they travel as hidden inputs and leave the simulated profile.
 */

export const links = () => [{ rel: 'stylesheet', href: guidanceCss }];
export const meta = () => [];

const STATUSES: { value: Status; label: string; hint: string }[] = [
  { value: 'jeune', label: 'Jeune', hint: 'en études, en formation initiale ou sans emploi ni inscription' },
  { value: 'demandeur', label: 'Demandeur ou demandeuse d’emploi', hint: 'inscrit ou inscrite à France Travail' },
  { value: 'salarie', label: 'Salarié ou salariée', hint: 'en emploi, y compris en contrat court' },
];
const DEFAULT_RADIUS = '30';

/** What the form shows: the text typed, and the code it resolved to (hidden) when known. */
interface Values {
  fromText: string;
  fromCode: string;
  fromLabel: string;
  but: 'metier' | 'explorer';
  toText: string;
  toCode: string;
  toLabel: string;
  communeText: string;
  communeCode: string;
  communeLabel: string;
  radius: string;
  status: string;
  age: string;
  /** Skills of the occupation held that the person does not practise (codes OGR), from « Mes compétences ailleurs ». */
  exclude: string[];
}

interface Choice {
  value: string;
  label: string;
}

/** The names a typed text may mean, and the question the form asks about them. */
interface Choices {
  question: string;
  list: Choice[];
}

const EMPTY: Values = {
  fromText: '',
  fromCode: '',
  fromLabel: '',
  but: 'metier',
  toText: '',
  toCode: '',
  toLabel: '',
  communeText: '',
  communeCode: '',
  communeLabel: '',
  radius: DEFAULT_RADIUS,
  status: '',
  age: '',
  exclude: [],
};
/** As many skill codes as POST /api/v1/pathways takes. */
const MAX_EXCLUDE = 500;

async function occupationLabel(api: WebApi, code: string): Promise<string | null> {
  const res = await api.get('/api/v1/occupations/:code', { params: { code } });
  return res.status === 200 ? res.body.label : null;
}

export async function loader({ request, context }: LoaderArgs): Promise<{ values: Values }> {
  const url = new URL(request.url);
  const values = { ...EMPTY };
  const from = romeCode(url.searchParams.get('from'));
  const to = romeCode(url.searchParams.get('to'));
  const commune = (url.searchParams.get('commune') ?? '').trim();
  const label = (code: string) => occupationLabel(context.api, code);
  if (from) {
    const l = await label(from);
    if (l) Object.assign(values, { fromText: l, fromCode: from, fromLabel: l });
  }
  if (to) {
    const l = await label(to);
    if (l) Object.assign(values, { toText: l, toCode: to, toLabel: l });
  }
  if (COMMUNE_CODE_ANY_CASE.test(commune)) {
    const res = await context.api.get('/api/v1/territories/communes', { query: { q: commune, limit: 1, region: theme.regionCode } });
    const c = res.status === 200 ? res.body.find((x) => x.code === commune.toUpperCase()) : undefined;
    if (c) Object.assign(values, { communeText: communeName(c), communeCode: c.code, communeLabel: communeName(c) });
  }
  return { values };
}

function communeName(c: CommuneHit): string {
  return `${c.name} (${c.postcodes?.[0] ?? c.departement ?? c.code})`;
}

/**
 * An occupation name as people say it, both gendered forms: "Vendeur / Vendeuse en épicerie" →
 * "vendeur en epicerie", "vendeuse en epicerie"; "Chef boulanger / Cheffe boulangère" → "chef
 * boulanger", "cheffe boulangere" (the masculine takes the feminine's words beyond its own).
 */
function occupationForms(label: string): string[] {
  const [m, f, ...rest] = label.split(/\s*\/\s*/);
  if (f === undefined || rest.length) return [fold(label)];
  const mWords = m.split(/\s+/);
  const masculine = [...mWords, ...f.split(/\s+/).slice(mWords.length)].join(' ');
  return [label, masculine, f].map(fold);
}

/** A name typed, resolved: one code, a choice to make (with the question, in French), a message, or nothing typed. */
type Resolved = { code: string; label: string } | { choices: Choice[]; question: string } | { error: string } | null;

async function resolveOccupation(api: WebApi, text: string, code: string, label: string, choice: string): Promise<Resolved> {
  if (choice) {
    const [c, ...l] = choice.split('\t');
    if (romeCode(c)) return { code: romeCode(c)!, label: l.join('\t') || c };
  }
  if (!text) return null;
  if (code && label && fold(text) === fold(label)) return { code, label };
  const typed = romeCode(text);
  if (typed) return { code: typed, label: typed };
  const res = await api.get('/api/v1/occupations', { query: { q: text.slice(0, 200), limit: 8 } });
  const hits = res.status === 200 ? res.body : [];
  if (!hits.length) return { error: `aucun métier ne correspond à « ${text} » : essayez un autre mot` };
  const f = fold(text);
  // The fiche's own name first ("boulanger" is D1102), then an appellation ("boulanger" is also a line operator's).
  for (const exact of [
    hits.filter((h) => occupationForms(h.label).includes(f)),
    hits.filter((h) => h.matched && occupationForms(h.matched).includes(f)),
  ]) {
    if (new Set(exact.map((h) => h.code)).size === 1) return { code: exact[0].code, label: exact[0].label };
    if (exact.length) break;
  }
  if (hits.length === 1) return { code: hits[0].code, label: hits[0].label };
  const seen = new Set<string>();
  return {
    question: `plusieurs métiers correspondent à « ${text} »`,
    choices: hits
      .filter((h) => !seen.has(h.code) && seen.add(h.code))
      .map((h) => ({
        value: `${h.code}\t${h.label}`,
        label: `${h.label} (${h.code})${h.matched && h.matched !== h.label ? ` — « ${h.matched} »` : ''}`,
      })),
  };
}

async function resolveCommune(api: WebApi, text: string, code: string, label: string, choice: string): Promise<Resolved> {
  if (choice) {
    const [c, ...l] = choice.split('\t');
    if (c) return { code: c, label: l.join('\t') || c };
  }
  if (!text) return null;
  if (code && label && fold(text) === fold(label)) return { code, label };
  const res = await api.get('/api/v1/territories/communes', { query: { q: text.slice(0, 100), limit: 8, region: theme.regionCode } });
  const hits = res.status === 200 ? res.body : [];
  if (!hits.length) return { error: `aucune commune ne correspond à « ${text} » : indiquez son nom ou son code postal` };
  const f = fold(text);
  const exact = hits.filter((c) => fold(c.name) === f || c.code === text.toUpperCase() || c.postcodes?.includes(text));
  if (exact.length === 1) return { code: exact[0].code, label: communeName(exact[0]) };
  if (hits.length === 1) return { code: hits[0].code, label: communeName(hits[0]) };
  return {
    question: exact.length > 1 ? `${exact.length} communes s’appellent « ${text} »` : `plusieurs communes correspondent à « ${text} »`,
    choices: (exact.length ? exact : hits).map((c) => ({
      value: `${c.code}\t${communeName(c)}`,
      label: `${c.name} — ${c.postcodes?.length ? `code postal ${c.postcodes[0]}, ` : ''}département ${c.departement ?? '?'}`,
    })),
  };
}

interface ActionData {
  values: Values;
  /** A sentence for the person after a change that needs no simulation (the unticked skills counted again). */
  notice?: string;
  errors: FieldError[];
  choices: { from?: Choices; to?: Choices; commune?: Choices };
  result: PathwayResponse | null;
}

/** Where the API's `field` is shown: the id of the input. */
const FIELD_TARGET: Record<string, string> = {
  from: 'from-text',
  skills: 'from-text',
  to: 'to-text',
  explore: 'but-metier',
  commune: 'commune-text',
  radius: 'radius',
  status: 'status-jeune',
  age: 'age',
  today: 'simuler',
  exclude: 'from-text',
};

/** The form prefilled from « Mes compétences ailleurs »: both occupations and the unticked skills, no validation yet. */
async function prefill(api: WebApi, form: FormData): Promise<ActionData> {
  const values: Values = { ...EMPTY, exclude: excludedOf(form) };
  const from = romeCode(form.get('fromCode'));
  const to = romeCode(form.get('toCode'));
  const [fromLabel, toLabel] = await Promise.all([from ? occupationLabel(api, from) : null, to ? occupationLabel(api, to) : null]);
  if (from && fromLabel) Object.assign(values, { fromText: fromLabel, fromCode: from, fromLabel });
  else values.exclude = [];
  if (to && toLabel) Object.assign(values, { toText: toLabel, toCode: to, toLabel });
  return { values, errors: [], choices: {}, result: null };
}

function excludedOf(form: FormData): string[] {
  const codes = form
    .getAll('exclude')
    .map((v) => String(v).trim())
    .filter((v) => v && v.length <= 20);
  return [...new Set(codes)].slice(0, MAX_EXCLUDE);
}

export async function action({ request, context }: ActionArgs): Promise<ActionData> {
  const form = await request.formData();
  const intent = form.get('intent');
  if (intent === 'prefill') return prefill(context.api, form);
  const s = (name: string) => String(form.get(name) ?? '').trim();
  const values: Values = {
    fromText: s('fromText').slice(0, 200),
    fromCode: s('fromCode'),
    fromLabel: s('fromLabel'),
    but: s('but') === 'explorer' ? 'explorer' : 'metier',
    toText: s('toText').slice(0, 200),
    toCode: s('toCode'),
    toLabel: s('toLabel'),
    communeText: s('communeText').slice(0, 100),
    communeCode: s('communeCode'),
    communeLabel: s('communeLabel'),
    radius: s('radius').slice(0, 10),
    status: s('status'),
    age: s('age').slice(0, 5),
    exclude: intent === 'count-all' ? [] : excludedOf(form),
  };
  if (intent === 'count-all') {
    const notice = 'Toutes les compétences de votre métier sont de nouveau comptées dans la simulation.';
    return { values, notice, errors: [], choices: {}, result: null };
  }
  const errors: FieldError[] = [];
  const choices: ActionData['choices'] = {};
  const done = (): ActionData => ({ values, errors, choices, result: null });

  const apply = (r: Resolved, key: 'from' | 'to' | 'commune', target: string, what: string, missing: string) => {
    if (r === null) errors.push({ target, message: missing });
    else if ('error' in r) errors.push({ target, message: `${what} : ${r.error}` });
    else if ('choices' in r) {
      choices[key] = { question: r.question, list: r.choices };
      errors.push({
        target: `${key}-choice-0`,
        message: `${what} : plusieurs réponses possibles (${r.question}), choisissez la vôtre dans la liste`,
      });
    } else {
      values[`${key}Code`] = r.code;
      values[`${key}Label`] = r.label;
      values[`${key}Text`] = r.label;
    }
  };
  const heldBefore = values.fromCode;
  apply(
    await resolveOccupation(context.api, values.fromText, values.fromCode, values.fromLabel, s('fromChoice')),
    'from',
    'from-text',
    'Votre métier',
    'Votre métier : indiquez un métier que vous avez exercé',
  );
  // The unticked skills belong to the occupation they were unticked from: another one counts all its skills.
  if (values.fromCode !== heldBefore) values.exclude = [];
  if (values.but === 'metier') {
    apply(
      await resolveOccupation(context.api, values.toText, values.toCode, values.toLabel, s('toChoice')),
      'to',
      'to-text',
      'Le métier visé',
      'Le métier visé : indiquez un métier, ou choisissez d’explorer les métiers qui recrutent',
    );
  }
  apply(
    await resolveCommune(context.api, values.communeText, values.communeCode, values.communeLabel, s('communeChoice')),
    'commune',
    'commune-text',
    'Votre commune',
    'Votre commune : indiquez le nom ou le code postal de votre commune',
  );
  if (!values.status) errors.push({ target: 'status-jeune', message: 'Votre situation : choisissez jeune, demandeur d’emploi ou salarié' });
  if (errors.length) return done();

  const radius = Number(values.radius.replace(',', '.'));
  const age = values.age === '' ? undefined : Number(values.age);
  const res = await context.api.post('/api/v1/pathways', {
    body: {
      from: values.fromCode,
      ...(values.exclude.length ? { exclude: values.exclude } : {}),
      ...(values.but === 'explorer' ? { explore: true } : { to: values.toCode }),
      commune: values.communeCode,
      radius: values.radius === '' || Number.isNaN(radius) ? -1 : radius,
      status: values.status,
      ...(age === undefined ? {} : { age: Number.isInteger(age) ? age : -1 }),
    },
  });
  const err = apiError(res);
  if (err) {
    const message = err.message.replace(/^./, (c) => c.toUpperCase());
    errors.push({ target: FIELD_TARGET[(err.field ?? '').split('/')[0]] ?? 'simuler', message });
    return done();
  }
  return { values, errors, choices, result: res.body };
}

export default function ParcoursPage() {
  const loaded = useLoaderData<typeof loader>();
  const posted = useActionData<typeof action>();
  const values = posted?.values ?? loaded.values;
  const errors = posted?.errors ?? [];
  const result = posted?.result ?? null;
  const target = result?.targets.length === 1 ? result.targets[0].target.label : null;
  const title = `${errors.length ? 'Erreur – ' : ''}${target ? `Parcours vers ${target} – ` : result ? 'Métiers à explorer – ' : ''}Simuler mon parcours – ${theme.name}`;

  return (
    <div className="g-page">
      <title>{title}</title>
      <h1>Simuler mon parcours</h1>
      {result ? (
        // The routes are named by the result itself (proposed ones, and why the others are absent).
        <p className="g-lead">
          Voici les parcours que nous avons pu assembler d’après vos réponses. Vous pouvez modifier votre simulation plus bas.
        </p>
      ) : (
        <p className="g-lead">
          Dites-nous d’où vous partez, où vous voulez aller et où vous habitez : nous cherchons jusqu’à cinq parcours qui vous sont ouverts,
          avec leur durée, leurs dates, le taux d’emploi attendu et vos financements, et nous disons pourquoi les autres ne le sont pas.
        </p>
      )}
      <p className="g-privacy">Rien de ce que vous saisissez n’est enregistré : la simulation est calculée puis oubliée.</p>
      <ErrorSummary errors={errors} />
      {posted?.notice ? (
        <p className="notice" role="status">
          {posted.notice}
        </p>
      ) : null}
      {result ? <Results result={result} /> : null}
      <PathwayForm values={values} errors={errors} choices={posted?.choices ?? {}} again={result !== null} />
    </div>
  );
}

function Results({ result }: { result: PathwayResponse }) {
  const count = result.targets.reduce((n, t) => n + t.pathways.length, 0);
  return (
    <div className="g-results">
      <p className="g-result-summary" role="status">
        {count
          ? `${count} parcours trouvé${count > 1 ? 's' : ''} depuis ${result.request.from?.label ?? 'vos compétences'}${result.request.exclude?.length ? ` (sans ${leftOut(result.request.exclude.length, 'short')})` : ''}, à ${result.request.radiusKm} km au plus ${deName(result.request.commune.name)}.`
          : 'Aucun parcours trouvé avec ces critères.'}
      </p>
      {result.demo ? (
        <p className="notice notice-warning g-demo-notice">
          <strong>Données de démonstration.</strong>{' '}
          {result.notes.find((n) => /démonstration/i.test(n)) ?? 'Certaines formations proposées sont fictives.'}
        </p>
      ) : null}
      {result.request.explore && !result.targets.length ? (
        <p>
          Aucun métier proche de vos compétences n’est en forte tension près de chez vous. Essayez un rayon plus grand ou un métier précis.
        </p>
      ) : null}
      {result.targets.map((t, i) => (
        <TargetPathways key={t.target.code} result={t} headingId={`cible-${i}`} folded={result.request.explore} />
      ))}
      {result.notes.filter((n) => !/démonstration/i.test(n)).length ? (
        <ul className="source">
          {result.notes
            .filter((n) => !/démonstration/i.test(n))
            .map((n) => (
              <li key={n}>{n}</li>
            ))}
        </ul>
      ) : null}
      <p className="source">{result.privacy}</p>
    </div>
  );
}

/**
 * The names a typed text may mean, as radio buttons under its field: the question is the legend,
 * the hint says the text may be corrected instead. Works without JavaScript (the form is POSTed again).
 */
function ChoiceList({ name, choices, what }: { name: string; choices: Choices | undefined; what: string }) {
  if (!choices?.list.length) return null;
  const hintId = `${name}-choice-hint`;
  return (
    <fieldset className="g-fieldset g-choice" aria-describedby={hintId}>
      <legend>
        {choices.question.replace(/^./, (c) => c.toUpperCase())} : choisissez {what}
      </legend>
      <p className="hint" id={hintId}>
        Ou corrigez le nom saisi ci-dessus, puis simulez à nouveau.
      </p>
      <ul className="g-checks">
        {choices.list.map((c, i) => (
          <li key={c.value}>
            <input type="radio" id={`${name}-choice-${i}`} name={`${name}Choice`} value={c.value} />
            <label htmlFor={`${name}-choice-${i}`}>{c.label}</label>
          </li>
        ))}
      </ul>
    </fieldset>
  );
}

/** « 3 compétences que vous ne pratiquez pas sont écartées », or the short form « les 3 compétences que vous ne pratiquez pas ». */
function leftOut(n: number, form: 'sentence' | 'short' = 'sentence'): string {
  const many = n > 1;
  if (form === 'short') return many ? `les ${n} compétences que vous ne pratiquez pas` : 'la compétence que vous ne pratiquez pas';
  return many ? `${n} compétences que vous ne pratiquez pas sont écartées` : '1 compétence que vous ne pratiquez pas est écartée';
}

/**
 * The unticked skills that leave the simulated profile, and a button to count them again. Its own
 * form, before the simulation's: Enter in a field of the latter still simulates (the first submit
 * button of a form is the one Enter presses). It carries the values as last sent.
 */
function ExcludedSkills({ values }: { values: Values }) {
  if (!values.exclude.length) return null;
  const { exclude: _codes, ...fields } = values;
  return (
    <Form method="post" className="notice g-excluded">
      <p>{leftOut(values.exclude.length)} de la simulation : vous les avez décochées dans « Mes compétences ailleurs ».</p>
      {Object.entries(fields).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <button type="submit" name="intent" value="count-all" className="button button-secondary">
        Compter toutes les compétences de mon métier
      </button>
    </Form>
  );
}

function PathwayForm({
  values,
  errors,
  choices,
  again,
}: {
  values: Values;
  errors: FieldError[];
  choices: ActionData['choices'];
  again: boolean;
}) {
  const err = (target: string) => errors.find((e) => e.target === target)?.message;
  const fromError = err('from-text');
  const toError = err('to-text');
  const butError = err('but-metier');
  const communeError = err('commune-text');
  const radiusError = err('radius');
  const statusError = err('status-jeune');
  const ageError = err('age');
  const submitError = err('simuler');
  return (
    <section aria-labelledby="votre-simulation" className="g-section">
      <h2 id="votre-simulation">{again ? 'Modifier ma simulation' : 'Votre simulation'}</h2>
      <p className="hint">Les champs marqués d’un astérisque (*) sont obligatoires.</p>
      <ExcludedSkills values={values} />
      <Form method="post" noValidate className="g-pathway-form">
        {values.exclude.map((code) => (
          <input key={code} type="hidden" name="exclude" value={code} />
        ))}
        <fieldset className="g-fieldset">
          <legend>1. Où en êtes-vous ?</legend>
          <input type="hidden" name="fromCode" value={values.fromCode} />
          <input type="hidden" name="fromLabel" value={values.fromLabel} />
          <div className="field">
            <label htmlFor="from-text">
              Un métier que vous avez exercé *
              <span className="hint" id="from-hint">
                Son nom ou son code ROME, par exemple : vendeur en épicerie, D1106
              </span>
            </label>
            <input
              id="from-text"
              name="fromText"
              type="text"
              defaultValue={values.fromText}
              autoComplete="off"
              required
              aria-describedby={describedBy(fromError && 'from-error')}
              aria-invalid={fromError ? true : undefined}
            />
            <FieldMessage id="from-error" message={fromError} />
          </div>
          <ChoiceList name="from" choices={choices.from} what="le vôtre" />
          <p className="hint">
            Vous voulez partir de vos compétences plutôt que d’un métier ?{' '}
            <a href="/competences">Faites le point sur « Mes compétences ailleurs »</a>.
          </p>
        </fieldset>

        <fieldset className="g-fieldset" aria-describedby={butError ? 'but-error' : undefined}>
          <legend>2. Où voulez-vous aller ?</legend>
          <FieldMessage id="but-error" message={butError} />
          <ul className="g-checks">
            <li>
              <input type="radio" id="but-metier" name="but" value="metier" defaultChecked={values.but === 'metier'} />
              <label htmlFor="but-metier">Vers un métier précis</label>
            </li>
          </ul>
          <input type="hidden" name="toCode" value={values.toCode} />
          <input type="hidden" name="toLabel" value={values.toLabel} />
          <div className="field g-indent">
            <label htmlFor="to-text">
              Le métier visé
              <span className="hint" id="to-hint">
                Par exemple : boulanger, D1102
              </span>
            </label>
            <input
              id="to-text"
              name="toText"
              type="text"
              defaultValue={values.toText}
              autoComplete="off"
              aria-describedby={describedBy(toError && 'to-error')}
              aria-invalid={toError ? true : undefined}
            />
            <FieldMessage id="to-error" message={toError} />
          </div>
          <ChoiceList name="to" choices={choices.to} what="celui que vous visez" />
          <ul className="g-checks">
            <li>
              <input type="radio" id="but-explorer" name="but" value="explorer" defaultChecked={values.but === 'explorer'} />
              <label htmlFor="but-explorer">
                Explorer les métiers qui recrutent près de chez moi
                <span className="hint" id="explorer-hint">
                  Métiers en tension proches de vos compétences
                </span>
              </label>
            </li>
          </ul>
        </fieldset>

        <fieldset className="g-fieldset">
          <legend>3. Où habitez-vous ?</legend>
          <input type="hidden" name="communeCode" value={values.communeCode} />
          <input type="hidden" name="communeLabel" value={values.communeLabel} />
          <div className="g-inline-fields">
            <div className="field">
              <label htmlFor="commune-text">
                Votre commune *
                <span className="hint" id="commune-hint">
                  Son nom ou son code postal, par exemple : Saint-Nazaire, 44600
                </span>
              </label>
              <input
                id="commune-text"
                name="communeText"
                type="text"
                defaultValue={values.communeText}
                autoComplete="address-level2"
                required
                aria-describedby={describedBy(communeError && 'commune-error')}
                aria-invalid={communeError ? true : undefined}
              />
              <FieldMessage id="commune-error" message={communeError} />
            </div>
            <div className="field">
              <label htmlFor="radius">
                Distance maximale *
                <span className="hint" id="radius-hint">
                  En kilomètres, jusqu’à 200
                </span>
              </label>
              <input
                id="radius"
                name="radius"
                type="text"
                inputMode="numeric"
                defaultValue={values.radius}
                required
                aria-describedby={describedBy(radiusError && 'radius-error')}
                aria-invalid={radiusError ? true : undefined}
              />
              <FieldMessage id="radius-error" message={radiusError} />
            </div>
          </div>
          <ChoiceList name="commune" choices={choices.commune} what="la vôtre" />
        </fieldset>

        <fieldset className="g-fieldset" aria-describedby={statusError ? 'status-error' : undefined}>
          <legend>4. Votre situation *</legend>
          <FieldMessage id="status-error" message={statusError} />
          <ul className="g-checks">
            {STATUSES.map((st) => (
              <li key={st.value}>
                <input
                  type="radio"
                  id={`status-${st.value}`}
                  name="status"
                  value={st.value}
                  defaultChecked={values.status === st.value}
                  aria-describedby={statusError ? 'status-error' : undefined}
                />
                <label htmlFor={`status-${st.value}`}>
                  {st.label}
                  <span className="hint" id={`status-${st.value}-hint`}>
                    {st.hint}
                  </span>
                </label>
              </li>
            ))}
          </ul>
          <div className="field g-age">
            <label htmlFor="age">
              Votre âge
              <span className="hint" id="age-hint">
                Facultatif, en années : il ouvre ou non l’apprentissage et certaines aides
              </span>
            </label>
            <input
              id="age"
              name="age"
              type="text"
              inputMode="numeric"
              defaultValue={values.age}
              autoComplete="off"
              aria-describedby={describedBy(ageError && 'age-error')}
              aria-invalid={ageError ? true : undefined}
            />
            <FieldMessage id="age-error" message={ageError} />
          </div>
        </fieldset>

        <FieldMessage id="simuler-error" message={submitError} />
        <button type="submit" id="simuler" className="button" aria-describedby={submitError ? 'simuler-error' : undefined}>
          Simuler mes parcours
        </button>
      </Form>
    </section>
  );
}
