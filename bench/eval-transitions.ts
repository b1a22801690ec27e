/**
 * `npm run eval:transitions`: agreement of the transitions ranking with the official ROME mobilités
 * (the mobility sample of the bundle, or the full file when present) under k-fold cross-validation
 * over the source fiches: the learned ranking of each fold is fitted on the other folds' fiches only
 * (transitions-fit.ts) and scored on its own, beside today's hand-tuned ranking and the naive cosine
 * over unweighted items. Prints recall@5/10/20 (hits / min(k, official links)) and MRR per fold, their
 * mean over all fiches, the two halves (codes of even and odd rank), an ablation refit without each
 * signal, and the committed weights (fitted on every fiche: in-sample, for information only).
 *
 * Data: see scripts/transitions-data.ts. The mobilités are read only to fit and score the rankings.
 */
import { skillsRanker, cosineRanker, evaluateRanking, EVAL_KS, type RankingFigures } from '../src/guidance/transitions-eval.ts';
import { fitRanking, rankHand, rankLearned, signalTables } from '../src/guidance/transitions-fit.ts';
import { COMMITTED_RANKING, SIGNALS, compileRanking, type SignalName } from '../src/guidance/transitions-model.ts';
import { loadTransitionsData, openTransitionsDatabase } from '../scripts/transitions-data.ts';

const K = Number(process.env.EVAL_FOLDS ?? 5);

/** Fold of each source: a seeded shuffle of the sorted codes, dealt round the folds. */
function folds(sources: string[], k: number): string[][] {
  const order = [...sources];
  let a = 20161;
  const random = () => {
    a = (Math.imul(a, 48271) >>> 0) % 2147483647;
    return a / 2147483647;
  };
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  return Array.from({ length: k }, (_, f) => order.filter((_, i) => i % k === f).sort());
}

const handle = await openTransitionsDatabase();
try {
  const { data, truth, links } = await loadTransitionsData(handle);
  const sources = [...truth.keys()].sort();
  console.log(
    `${data.fiches.length} fiches, ${data.links.length} liens fiche → compétence ; ` +
      `${sources.length} fiches sources, ${links} mobilités officielles (étiquettes : jamais lues par le score), ` +
      `validation croisée en ${K} blocs\n`,
  );
  let t = performance.now();
  const tables = signalTables(data, sources);
  console.log(`signaux de ${tables.size} fiches sources calculés en ${((performance.now() - t) / 1000).toFixed(1)} s`);
  const cosine = cosineRanker(data);
  const hand = new Map(sources.map((s) => [s, rankHand(tables.get(s)!)]));
  const parts = folds(sources, K);

  /** Cross-validated rankings of every source, the model of its fold fitted without it. */
  const crossValidated = (drop?: ReadonlySet<SignalName>) => {
    const out = new Map<string, string[]>();
    for (const test of parts) {
      const inTest = new Set(test);
      const ranking = compileRanking(
        fitRanking(
          tables,
          truth,
          sources.filter((s) => !inTest.has(s)),
          drop,
        ),
      );
      for (const s of test) out.set(s, rankLearned(ranking, tables.get(s)!));
    }
    return out;
  };
  t = performance.now();
  const learned = crossValidated();
  console.log(`${K} modèles ajustés en ${((performance.now() - t) / 1000).toFixed(1)} s\n`);

  const fromMap = (m: Map<string, string[]>) => (s: string) => m.get(s) ?? null;
  const row = (name: string, f: RankingFigures) =>
    `${name.padEnd(44)}${EVAL_KS.map((k) => f.recall[k].toFixed(3).padStart(8)).join('')}${f.mrr.toFixed(3).padStart(8)}`;
  const header = `${''.padEnd(44)}${EVAL_KS.map((k) => `R@${k}`.padStart(8)).join('')}${'MRR'.padStart(8)}`;
  const three = (label: string, subset: string[]) => {
    const l = evaluateRanking(truth, fromMap(learned), subset);
    const h = evaluateRanking(truth, fromMap(hand), subset);
    const c = evaluateRanking(truth, cosine, subset);
    console.log(row(`${label} appris (n=${l.fiches})`, l));
    console.log(row(`${label} classement actuel`, h));
    console.log(row(`${label} cosinus non pondéré`, c));
    return { l, h, c };
  };

  console.log(header);
  const perFold = parts.map((part, i) => three(`bloc ${i + 1} :`, part));
  console.log('');
  const all = three('tous (validation croisée) :', sources);
  const mean = (pick: (f: RankingFigures) => number) => perFold.reduce((a, f) => a + pick(f.l), 0) / perFold.length;
  console.log(`moyenne des blocs, appris : R@10 ${mean((f) => f.recall[10]).toFixed(3)}, MRR ${mean((f) => f.mrr).toFixed(3)}`);
  console.log('');
  const halves = [sources.filter((_, i) => i % 2 === 0), sources.filter((_, i) => i % 2 === 1)];
  for (const [i, half] of halves.entries()) three(`moitié ${i + 1} :`, half);

  console.log(`\nablation (validation croisée, le modèle réajusté sans un signal) :\n${header}`);
  console.log(row('avec tous les signaux', all.l));
  for (const signal of SIGNALS) {
    console.log(row(`  sans ${signal}`, evaluateRanking(truth, fromMap(crossValidated(new Set([signal]))), sources)));
  }
  const committed = skillsRanker(data, { ranking: compileRanking(COMMITTED_RANKING) });
  console.log(`\n${row('poids versionnés (ajustés sur toutes : non validé)', evaluateRanking(truth, committed, sources))}`);

  const gain = (k: number) => ((all.l.recall[k] / all.h.recall[k] - 1) * 100).toFixed(0);
  console.log(`\nappris vs actuel : R@5 ${gain(5)} %, R@10 ${gain(10)} %, R@20 ${gain(20)} %, MRR ${(all.l.mrr - all.h.mrr).toFixed(3)}`);
  const below = perFold.flatMap((f, i) => (f.l.recall[10] < f.h.recall[10] ? [i + 1] : []));
  if (below.length) console.log(`blocs où l’appris est sous le classement actuel au R@10 : ${below.join(', ')}`);
  if (all.l.recall[10] < 0.4) console.log(`R@10 en validation croisée ${all.l.recall[10].toFixed(3)} : sous l’objectif de 0,40`);
  if (all.l.recall[10] <= all.c.recall[10]) {
    console.error('le classement appris ne bat pas le cosinus au rappel@10');
    process.exitCode = 1;
  }
} finally {
  await handle.close();
}
