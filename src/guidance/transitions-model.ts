import committed from './transitions-weights.json' with { type: 'json' };
import type { ShortestCertification } from './transitions-targets.ts';

/**
 * The learned ranking of transitions: a logistic combination of the evidence the skills model
 * computes for a (profile, target) pair. Weights are fitted by `npm run transitions:weights`
 * (scripts/transitions-weights.ts, see transitions-fit.ts) against the official ROME mobilités,
 * which serve as labels only: at query time the score reads the signals below and nothing else.
 */

/** The evidence of one target for a profile, each in [0, 1] (see `SkillsModel.signals`). */
export const SIGNALS = [
  'cible',
  'reprise',
  'coeur',
  'items',
  'macro',
  'texte',
  'appellations',
  'themes',
  'interets',
  'domaine',
  'grandDomaine',
  'parent',
  'riasec',
  'isco',
  'esco',
  'montee',
  'descente',
  'isco3',
  'isco2',
  'isco1',
  'secteurs',
  'secteurPrincipal',
  'sousSecteurs',
  'naf',
  'interetPrincipal',
  'appellation',
  'intitule',
  'cadre',
  'largeur',
  'etendue',
  'emploi',
  'classement',
] as const;
export type SignalName = (typeof SIGNALS)[number];
export const SIGNAL_INDEX = Object.fromEntries(SIGNALS.map((s, i) => [s, i])) as Record<SignalName, number>;

/** What each signal says, in the counsellor's words. */
export const SIGNAL_LABELS: Record<SignalName, string> = {
  cible: 'part pondérée des compétences du métier visé déjà détenue',
  reprise: 'part de vos compétences que le métier visé réutilise',
  coeur: 'part du cœur de métier visé déjà détenue',
  items: 'compétences en commun (sans pondération)',
  macro: 'macro-compétences en commun',
  texte: 'définitions et accès aux métiers proches',
  appellations: 'intitulés des appellations proches',
  themes: 'mêmes thèmes ROME',
  interets: 'mêmes centres d’intérêt',
  domaine: 'même domaine professionnel',
  grandDomaine: 'même grand domaine',
  parent: 'même fiche ROME V3 d’origine',
  riasec: 'profils RIASEC proches',
  isco: 'même groupe ISCO (métiers ESCO rapprochés)',
  esco: 'descriptions ESCO proches',
  montee: 'passage à un emploi de cadre',
  descente: 'passage d’un emploi de cadre à un emploi qui ne l’est pas',
  isco3: 'même sous-groupe de métiers européen (ISCO à 3 chiffres)',
  isco2: 'même sous-grand groupe de métiers européen (ISCO à 2 chiffres)',
  isco1: 'même grand groupe de métiers européen (ISCO à 1 chiffre)',
  secteurs: 'mêmes secteurs d’activité',
  secteurPrincipal: 'même secteur d’activité principal',
  sousSecteurs: 'mêmes sous-secteurs d’activité',
  naf: 'mêmes secteurs économiques (NAF)',
  interetPrincipal: 'même centre d’intérêt principal',
  appellation: 'une appellation du métier visé proche de celles de votre métier',
  intitule: 'une appellation du métier visé proche de l’intitulé de votre métier',
  cadre: 'le métier visé est un emploi de cadre',
  largeur: 'nombre d’appellations du métier visé (métier large)',
  etendue: 'nombre de compétences du métier visé',
  emploi: 'nombre de personnes en emploi dans le métier visé (DARES)',
  classement: 'proximité d’ensemble à poids fixes, le classement d’avant (compétences pondérées, textes, intitulés, domaine)',
};

/**
 * Columns of the model: each signal, then the logs of the two skills shares (whose product was the
 * hand-tuned score) and of the hand-tuned score itself: the learned weights then refine today's
 * ranking rather than replace it, which keeps every fold at least as good as it.
 */
export const COLUMNS: readonly string[] = [...SIGNALS, 'log:cible', 'log:reprise', 'log:classement'];
/** The signal each column comes from (ablations drop a signal with its derived columns). */
export const COLUMN_SIGNAL: readonly SignalName[] = [...SIGNALS, 'cible', 'reprise', 'classement'];
const LOG_FLOOR = 0.01;

/** Fills `out` with the columns of one target's signals. */
export function columnsOf(signals: ArrayLike<number>, out: Float64Array = new Float64Array(COLUMNS.length)): Float64Array {
  for (let i = 0; i < SIGNALS.length; i++) out[i] = signals[i];
  out[SIGNALS.length] = Math.log(LOG_FLOOR + signals[SIGNAL_INDEX.cible]);
  out[SIGNALS.length + 1] = Math.log(LOG_FLOOR + signals[SIGNAL_INDEX.reprise]);
  out[SIGNALS.length + 2] = Math.log(LOG_FLOOR + signals[SIGNAL_INDEX.classement]);
  return out;
}

/** The committed file: one weight per column and the calibration of the logit into a probability. */
export interface LearnedRanking {
  /** Command that rebuilds the file. */
  command: string;
  /** What the weights were fitted on: source fiches, official mobilités, pairs. */
  fitted: { sources: number; mobilites: number; pairs: number; signals: string[] };
  weights: Record<string, number>;
  /** relevance = sigmoid(slope × logit + intercept): chance that the target is an official mobilité. */
  calibration: { slope: number; intercept: number };
}

/** A ranking ready to score: weights by column index. */
export interface CompiledRanking {
  weights: Float64Array;
  slope: number;
  intercept: number;
}

export function compileRanking(r: LearnedRanking): CompiledRanking {
  return {
    weights: Float64Array.from(COLUMNS, (c) => r.weights[c] ?? 0),
    slope: r.calibration.slope,
    intercept: r.calibration.intercept,
  };
}

/** The committed weights (src/guidance/transitions-weights.json). */
export const COMMITTED_RANKING = committed as LearnedRanking;
export const DEFAULT_RANKING = compileRanking(COMMITTED_RANKING);

/** Linear score of one target (the ranking's order), from its signals. */
export function logitOf(r: CompiledRanking, signals: ArrayLike<number>, scratch = new Float64Array(COLUMNS.length)): number {
  const x = columnsOf(signals, scratch);
  let z = 0;
  for (let i = 0; i < x.length; i++) z += r.weights[i] * x[i];
  return z;
}

export const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

/** Calibrated chance, in [0, 1], that the target is among the official mobilités of the profile's occupation. */
export function relevanceOf(r: CompiledRanking, z: number): number {
  return sigmoid(r.slope * z + r.intercept);
}

export type ConfidenceBand = 'élevée' | 'moyenne' | 'faible';
/** Bands of the calibrated relevance (about 9 of 1,583 targets are official: 0.2 is already thirty times the base rate). */
export const CONFIDENCE_BANDS: readonly { band: ConfidenceBand; min: number }[] = [
  { band: 'élevée', min: 0.5 },
  { band: 'moyenne', min: 0.2 },
  { band: 'faible', min: 0 },
];
export function confidenceOf(relevance: number): ConfidenceBand {
  return CONFIDENCE_BANDS.find((b) => relevance >= b.min)!.band;
}

/** One signal's part in a result, for the counsellor view: its value and what it adds to the logit. */
export interface ScoreComponent {
  signal: SignalName;
  label: string;
  value: number;
  contribution: number;
}

/** Every signal with its contribution (the log columns count with their signal), strongest first. */
export function componentsOf(r: CompiledRanking, signals: ArrayLike<number>): ScoreComponent[] {
  const x = columnsOf(signals);
  const contribution = new Float64Array(SIGNALS.length);
  // The log columns' contribution is measured from a zero share, so an absent signal adds nothing.
  for (let i = 0; i < COLUMNS.length; i++) {
    const base = i < SIGNALS.length ? 0 : Math.log(LOG_FLOOR);
    contribution[SIGNAL_INDEX[COLUMN_SIGNAL[i]]] += r.weights[i] * (x[i] - base);
  }
  return SIGNALS.map((signal, i) => ({
    signal,
    label: SIGNAL_LABELS[signal],
    value: Math.round(signals[i] * 1000) / 1000,
    contribution: Math.round(contribution[i] * 1000) / 1000,
  })).sort((a, b) => b.contribution - a.contribution);
}

/** Share of the target held from which a VAE (or a bloc de compétences) may close the rest, rather than a training. */
export const VAE_COVERAGE = 0.5;

/** How hard the move is, and which way: A → B is not B → A (see `effortOf`). */
export interface TransitionEffort {
  /** Share of the target's weighted skills the profile holds. */
  covered: number;
  /** Share of the profile's skills the target reuses. */
  reused: number;
  /** Savoir-faire of the target the profile lacks. */
  missingSkills: number;
  route: 'vae' | 'formation';
  /** Moving to an emploi de cadre from one that is not ('montee'), the reverse ('descente'), or neither. */
  step: 'montee' | 'descente' | null;
  text: string;
}

const pct = (x: number) => `${Math.round(x * 100)} %`;

export function effortOf(signals: ArrayLike<number>, coverage: number, missingSkills: number): TransitionEffort {
  const route = coverage >= VAE_COVERAGE ? 'vae' : 'formation';
  const step = signals[SIGNAL_INDEX.montee] > 0 ? 'montee' : signals[SIGNAL_INDEX.descente] > 0 ? 'descente' : null;
  const rest = missingSkills === 1 ? 'le savoir-faire manquant' : `les ${missingSkills} savoir-faire manquants`;
  let text =
    missingSkills === 0
      ? `Vous avez déjà ${pct(coverage)} des compétences de ce métier : aucun savoir-faire ne manque.`
      : route === 'vae'
        ? `Vous avez déjà ${pct(coverage)} des compétences de ce métier : une VAE ou un bloc de compétences peut suffire pour ${rest}.`
        : `Vous avez ${pct(coverage)} des compétences de ce métier : une formation est à prévoir pour ${rest}.`;
  if (step === 'montee') text += ' C’est un emploi de cadre : une évolution qui demande souvent expérience ou diplôme en plus.';
  return { covered: coverage, reused: Math.round(signals[SIGNAL_INDEX.reprise] * 1000) / 1000, missingSkills, route, step, text };
}

/** What the reasons can cite beside the signals: shared skills and macro-compétences, heaviest first. */
export interface ReasonContext {
  coverage: number;
  sharedSkills: string[];
  sharedMacros: string[];
  /** Savoir-faire of the target the profile lacks, heaviest first. */
  toAcquire?: string[];
  /** The shortest certification leading to the target (transitions-targets.ts). */
  certification?: ShortestCertification | null;
}

const quote = (labels: string[]) => labels.map((l) => `« ${l} »`).join(' et ');

/** The sentence of the first case one of whose signals is present (above 0); null when none is. */
function firstPresent(cases: [SignalName[], string][]): (c: ReasonContext, s: ArrayLike<number>) => string | null {
  return (_, s) => cases.find(([signals]) => signals.some((name) => s[SIGNAL_INDEX[name]] > 0))?.[1] ?? null;
}

/** Reasons grouped as a person reads them: each group's signals and its sentence (null: nothing to say). */
const REASONS: { signals: SignalName[]; text: (c: ReasonContext, s: ArrayLike<number>) => string | null }[] = [
  {
    signals: ['cible', 'reprise', 'coeur', 'items', 'classement'],
    text: (c) =>
      c.sharedSkills.length ? `Vous avez déjà ${pct(c.coverage)} de ses compétences, dont ${quote(c.sharedSkills.slice(0, 2))}.` : null,
  },
  {
    signals: ['macro'],
    text: (c) => (c.sharedMacros.length ? `Macro-compétences en commun : ${quote(c.sharedMacros.slice(0, 2))}.` : null),
  },
  {
    signals: ['domaine', 'grandDomaine'],
    text: firstPresent([
      [['domaine'], 'Même domaine professionnel que votre métier.'],
      [['grandDomaine'], 'Même grand domaine professionnel que votre métier.'],
    ]),
  },
  {
    signals: ['secteurs', 'secteurPrincipal', 'sousSecteurs', 'naf'],
    text: firstPresent([
      [['secteurPrincipal'], 'Même secteur d’activité principal que votre métier.'],
      [['secteurs', 'sousSecteurs'], 'Un secteur d’activité en commun avec votre métier.'],
      [['naf'], 'Des secteurs économiques (NAF) en commun avec votre métier.'],
    ]),
  },
  {
    signals: ['texte', 'appellations', 'esco', 'appellation', 'intitule'],
    text: () => 'Les deux métiers sont décrits en termes proches (définitions, intitulés).',
  },
  { signals: ['parent'], text: firstPresent([[['parent'], 'Les deux métiers viennent de la même fiche ROME V3.']]) },
  {
    signals: ['isco', 'isco3', 'isco2', 'isco1'],
    text: firstPresent([
      [['isco'], 'Même groupe de métiers européen (ISCO, via ESCO).'],
      [['isco3', 'isco2'], 'Groupes de métiers européens voisins (ISCO, via ESCO).'],
    ]),
  },
  { signals: ['themes', 'interets', 'interetPrincipal', 'riasec'], text: () => 'Centres d’intérêt et profil RIASEC proches.' },
];

/**
 * The three strongest reasons in plain French: the groups of signals adding most to the score, the
 * last one giving way, when the target has a certification and savoir-faire to acquire, to the
 * skills to acquire with the shortest certification leading to it.
 */
export function reasonsOf(components: ScoreComponent[], signals: ArrayLike<number>, context: ReasonContext): string[] {
  const by = new Map(components.map((c) => [c.signal, c.contribution]));
  const certification = certificationReason(context);
  return REASONS.map((r) => ({ r, weight: r.signals.reduce((a, s) => a + Math.max(0, by.get(s) ?? 0), 0) }))
    .filter((x) => x.weight > 0)
    .sort((a, b) => b.weight - a.weight)
    .map((x) => x.r.text(context, signals))
    .filter((t): t is string => t !== null)
    .slice(0, certification ? 2 : 3)
    .concat(certification ?? []);
}

const years = (n: number) => (n === 1 ? '1 an de formation' : `${n} ans de formation`);

/** « Compétences à acquérir avec … » : the two heaviest missing savoir-faire and the shortest certification; null without either. */
export function certificationReason(context: ReasonContext): string | null {
  const c = context.certification;
  const skills = context.toAcquire ?? [];
  if (!c || !skills.length) return null;
  const which =
    c.years !== null
      ? `la certification la plus courte qui y mène, « ${c.label} » (${years(c.years)})`
      : `une certification qui y mène, « ${c.label} » (durée non renseignée)`;
  return `Compétences à acquérir avec ${which} : ${quote(skills.slice(0, 2))}.`;
}
