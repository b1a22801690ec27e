import { CholeskyDecomposition, Matrix } from 'ml-matrix';
import { SkillsModel, type RawSkillsData } from './skills-model.ts';
import {
  COLUMNS,
  COLUMN_SIGNAL,
  SIGNALS,
  columnsOf,
  compileRanking,
  logitOf,
  type CompiledRanking,
  type LearnedRanking,
  type SignalName,
} from './transitions-model.ts';
import type { Mobilites } from './transitions-eval.ts';
import { seededRandom } from '../common/random.ts';

/**
 * Fitting the learned ranking (transitions-model.ts) on the official ROME mobilités: a pairwise
 * logistic regression (RankNet with a linear scorer) — for each training source fiche, every
 * official target against sampled non-targets (the hardest by the hand-tuned score, and some drawn
 * at random with a seed per fiche) — solved by Newton's method (IRLS) with a small ridge, the linear
 * algebra by ml-matrix, then refitted with each official target weighed by how high the previous
 * fit ranked it (REWEIGHT_ROUNDS). Then a one-variable logistic regression maps the logit onto the
 * chance that a target is official (the confidence band). Deterministic: same data, same weights.
 */

export const FIT_COMMAND = 'npm run transitions:weights';
/** Negatives per source: the hardest by the hand-tuned score, then drawn at random. */
const HARD_NEGATIVES = 60;
const RANDOM_NEGATIVES = 60;
/** Ridge of the pairwise fit, per unit of total pair weight (one per source fiche). */
const RIDGE = 1e-3;
const SEED = 16;
/**
 * The pairwise loss grows without bound for an official target ranked far down, so a few hopeless
 * ones would steer the fit away from the top of the list, which is what a person reads: after a
 * first fit, REWEIGHT_ROUNDS refits weigh each official target by 1 / (1 + (n / REWEIGHT_RANK)²),
 * n the non-targets the previous fit ranked above it (a robust, top-weighted ranking loss).
 */
const REWEIGHT_ROUNDS = 2;
const REWEIGHT_RANK = 15;

/** The signals of every target for one source fiche, and its hand-tuned scores (today's ranking). */
export interface SourceTable {
  source: string;
  codes: string[];
  signals: Float64Array;
  hand: Float64Array;
}

/** Signal tables of the source fiches, on a model without learned ranking (its `score` is today's). */
export function signalTables(data: RawSkillsData, sources: string[]): Map<string, SourceTable> {
  const model = new SkillsModel(data, { ranking: null });
  const out = new Map<string, SourceTable>();
  for (const source of sources) {
    if (!model.hasFiche(source)) continue;
    out.set(source, { source, ...model.signalTable(model.profile({ occupations: [source] })) });
  }
  return out;
}

/** Target codes ranked by a scorer of each row (ties by code). */
export function rankTable(t: SourceTable, score: (row: number) => number): string[] {
  const n = t.codes.length;
  const s = Float64Array.from({ length: n }, (_, r) => score(r));
  return Array.from({ length: n }, (_, r) => r)
    .sort((a, b) => s[b] - s[a] || (t.codes[a] < t.codes[b] ? -1 : 1))
    .map((r) => t.codes[r]);
}

export function rankLearned(r: CompiledRanking, t: SourceTable): string[] {
  const S = SIGNALS.length;
  const scratch = new Float64Array(COLUMNS.length);
  return rankTable(t, (row) => logitOf(r, t.signals.subarray(row * S, row * S + S), scratch));
}

export const rankHand = (t: SourceTable) => rankTable(t, (row) => t.hand[row]);

/** Fits the ranking on the given training sources; `drop` leaves signals out (ablation). */
export function fitRanking(
  tables: Map<string, SourceTable>,
  truth: Mobilites,
  train: string[],
  drop: ReadonlySet<SignalName> = new Set(),
): LearnedRanking {
  const S = SIGNALS.length;
  const kept = COLUMNS.map((_, c) => c).filter((c) => !drop.has(COLUMN_SIGNAL[c]));
  const d = kept.length;
  const pairs: number[] = [];
  const pairWeights: number[] = [];
  const x = new Float64Array(COLUMNS.length);
  const columns = (t: SourceTable, row: number) => Float64Array.from(columnsOf(t.signals.subarray(row * S, row * S + S), x));
  let mobilites = 0;
  const groups: { table: SourceTable; positives: number[]; others: number[]; pairs: number }[] = [];
  for (const source of train) {
    const t = tables.get(source);
    const targets = truth.get(source);
    if (!t || !targets) continue;
    const positives: number[] = [];
    const others: number[] = [];
    t.codes.forEach((c, r) => {
      (targets.has(c) ? positives : others).push(r);
    });
    if (!positives.length) continue;
    mobilites += positives.length;
    // Hardest non-targets by today's score, then a seeded draw among the rest.
    others.sort((a, b) => t.hand[b] - t.hand[a] || (t.codes[a] < t.codes[b] ? -1 : 1));
    const negatives = others.slice(0, HARD_NEGATIVES);
    const rest = others.slice(HARD_NEGATIVES);
    const random = seededRandom(hash(source) ^ SEED);
    for (let k = 0; k < RANDOM_NEGATIVES && rest.length; k++) {
      negatives.push(rest.splice(Math.floor(random() * rest.length), 1)[0]);
    }
    const w = 1 / (positives.length * negatives.length);
    for (const p of positives) {
      const xp = columns(t, p);
      for (const n of negatives) {
        const xn = columns(t, n);
        for (const c of kept) pairs.push(xp[c] - xn[c]);
        pairWeights.push(w);
      }
    }
    groups.push({ table: t, positives, others, pairs: negatives.length });
  }
  const m = pairWeights.length;
  const sources = train.filter((s) => tables.has(s) && truth.get(s)?.size).length;
  const x0 = Float64Array.from(pairs);
  const w0 = Float64Array.from(pairWeights);
  let beta = newtonLogistic(x0, d, new Uint8Array(m).fill(1), w0, RIDGE * sources);
  // Then refits where each official target counts less the further the last fit ranked it (see REWEIGHT_RANK).
  const all = new Float64Array(COLUMNS.length);
  for (let round = 0; round < REWEIGHT_ROUNDS; round++) {
    const full = new Float64Array(COLUMNS.length);
    kept.forEach((c, k) => {
      full[c] = beta[k];
    });
    const reweighted = new Float64Array(m);
    let at = 0;
    for (const g of groups) {
      const score = (row: number) => {
        columnsOf(g.table.signals.subarray(row * S, row * S + S), all);
        let z = 0;
        for (let c = 0; c < all.length; c++) z += full[c] * all[c];
        return z;
      };
      const others = Float64Array.from(g.others, score);
      for (const p of g.positives) {
        const z = score(p);
        let above = 0;
        for (const o of others) if (o > z) above++;
        const weight = 1 / (1 + (above / REWEIGHT_RANK) ** 2);
        for (let k = 0; k < g.pairs; k++, at++) reweighted[at] = w0[at] * weight;
      }
    }
    beta = newtonLogistic(x0, d, new Uint8Array(m).fill(1), reweighted, RIDGE * sources);
  }
  const weights: Record<string, number> = {};
  kept.forEach((c, k) => {
    weights[COLUMNS[c]] = significant(beta[k]);
  });

  // Calibration: logit → chance of an official target, over every target of the training sources.
  const compiled = compileRanking({
    command: FIT_COMMAND,
    fitted: { sources, mobilites, pairs: m, signals: [] },
    weights,
    calibration: { slope: 1, intercept: 0 },
  });
  const z: number[] = [];
  const y: number[] = [];
  for (const source of train) {
    const t = tables.get(source);
    const targets = truth.get(source);
    if (!t || !targets?.size) continue;
    t.codes.forEach((c, r) => {
      z.push(logitOf(compiled, t.signals.subarray(r * S, r * S + S)), 1);
      y.push(targets.has(c) ? 1 : 0);
    });
  }
  const [slope, intercept] = newtonLogistic(Float64Array.from(z), 2, Uint8Array.from(y), new Float64Array(y.length).fill(1), 1e-6);
  return {
    command: FIT_COMMAND,
    fitted: { sources, mobilites, pairs: m, signals: SIGNALS.filter((s) => !drop.has(s)) },
    weights,
    calibration: { slope: significant(slope), intercept: significant(intercept) },
  };
}

/**
 * Weighted logistic regression by Newton's method: rows of `x` (n × d, row-major), labels `y`,
 * row weights `w`, ridge `lambda`. Returns the coefficients (no implicit intercept).
 */
export function newtonLogistic(x: Float64Array, d: number, y: Uint8Array, w: Float64Array, lambda: number): Float64Array {
  const n = y.length;
  let beta = new Float64Array(d);
  for (let iter = 0; iter < 50; iter++) {
    const grad = new Float64Array(d);
    const hess = new Float64Array(d * d);
    for (let i = 0; i < n; i++) {
      const row = x.subarray(i * d, i * d + d);
      let z = 0;
      for (let j = 0; j < d; j++) z += beta[j] * row[j];
      const p = 1 / (1 + Math.exp(-z));
      const g = w[i] * (p - y[i]);
      const h = w[i] * p * (1 - p);
      for (let j = 0; j < d; j++) {
        grad[j] += g * row[j];
        const hr = h * row[j];
        for (let k = 0; k <= j; k++) hess[j * d + k] += hr * row[k];
      }
    }
    const H = new Matrix(d, d);
    for (let j = 0; j < d; j++) {
      grad[j] += lambda * beta[j];
      for (let k = 0; k <= j; k++) {
        const v = hess[j * d + k] + (j === k ? lambda : 0);
        H.set(j, k, v);
        H.set(k, j, v);
      }
    }
    const step = new CholeskyDecomposition(H).solve(Matrix.columnVector(Array.from(grad))).to1DArray();
    const next = Float64Array.from(beta, (b, j) => b - step[j]);
    const moved = Math.max(...step.map(Math.abs));
    beta = next;
    if (moved < 1e-9) break;
  }
  return beta;
}

/** Six significant digits: the committed file stays readable and rebuilds identically. */
const significant = (v: number) => Number(v.toPrecision(6));

function hash(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}
