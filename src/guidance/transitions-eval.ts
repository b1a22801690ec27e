import { SkillsModel, type RawSkillsData, type ScoringParams } from './skills-model.ts';

/**
 * Agreement of a transitions ranking with the official ROME mobilités (domain notes §5.4, step 2):
 * for each source fiche with official links, recall@k = hits in the top k / min(k, number of
 * links), and the reciprocal rank of the first official target. The mobilités are only the
 * yardstick here: the ranking never reads them.
 */
export interface RankingFigures {
  fiches: number;
  recall: Record<number, number>;
  mrr: number;
}

export const EVAL_KS = [5, 10, 20] as const;

/** Official mobilités by source fiche (code_rome → targets). */
export type Mobilites = Map<string, Set<string>>;

/** Mean recall@k and MRR of `rank` over the sources of `truth` (sources unknown to rank are skipped). */
export function evaluateRanking(truth: Mobilites, rank: (source: string) => string[] | null, sources?: string[]): RankingFigures {
  const recall: Record<number, number> = Object.fromEntries(EVAL_KS.map((k) => [k, 0]));
  let mrr = 0;
  let n = 0;
  for (const source of sources ?? [...truth.keys()]) {
    const targets = truth.get(source);
    const ranking = targets?.size ? rank(source) : null;
    if (!targets?.size || !ranking) continue;
    n++;
    for (const k of EVAL_KS) {
      let hits = 0;
      for (let i = 0; i < Math.min(k, ranking.length); i++) if (targets.has(ranking[i])) hits++;
      recall[k] += hits / Math.min(k, targets.size);
    }
    const first = ranking.findIndex((c) => targets.has(c));
    if (first >= 0) mrr += 1 / (first + 1);
  }
  for (const k of EVAL_KS) recall[k] = n ? recall[k] / n : 0;
  return { fiches: n, recall, mrr: n ? mrr / n : 0 };
}

/** The skills ranking of the model: every other fiche, best first. */
export function skillsRanker(data: RawSkillsData, params: Partial<ScoringParams> = {}): (source: string) => string[] | null {
  const model = new SkillsModel(data, params);
  const all = model.ficheCount;
  return (source) => (model.hasFiche(source) ? model.rankCodes(model.profile({ occupations: [source] }), all) : null);
}

/** The naive baseline: cosine similarity over unweighted item sets (savoir-faire, savoirs, savoir-être, contextes). */
export function cosineRanker(data: RawSkillsData): (source: string) => string[] | null {
  const sets = new Map<string, Set<string>>();
  for (const f of data.fiches) sets.set(f.code, new Set());
  for (const l of data.links) sets.get(l.fiche)?.add(l.item);
  const codes = [...sets.keys()];
  return (source) => {
    const a = sets.get(source);
    if (!a) return null;
    const scored: { code: string; s: number }[] = [];
    for (const code of codes) {
      if (code === source) continue;
      const b = sets.get(code)!;
      if (!a.size || !b.size) continue;
      let inter = 0;
      const [small, large] = a.size < b.size ? [a, b] : [b, a];
      for (const x of small) if (large.has(x)) inter++;
      scored.push({ code, s: inter / Math.sqrt(a.size * b.size) });
    }
    scored.sort((x, y) => y.s - x.s || (x.code < y.code ? -1 : 1));
    return scored.map((x) => x.code);
  };
}
