/**
 * `npm run eval:transitions`: agreement of the skills ranking of transitions with the official ROME
 * mobilités (the mobility sample of the bundle, or the full file when present), beside the naive
 * baseline (cosine over unweighted item sets) computed in the same run. Prints recall@5/10/20
 * (hits / min(k, official links)) and MRR, on all the source fiches and on two halves (codes of
 * even and odd rank), to show the weighting does not merely fit these fiches, and the items and
 * their label words alone (without macro-compétences, texts, appellations, classifications and
 * structure) as an ablation.
 *
 * Data: the database named by PASSERELLES_DB or DATABASE_URL when it holds the ROME; otherwise the
 * bundle of PASSERELLES_DATA_DIR (default ../shared/data) is imported (ROME and ESCO only) into a
 * throwaway in-memory PGlite. The mobilités are read only to score the rankings.
 */
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { readConfig } from '../src/platform/config.ts';
import { openDatabase } from '../src/app/database.ts';
import type { DbHandle } from '../src/platform/db/connection.ts';
import { runImport } from '../src/platform/import/run.ts';
import { romeSource } from '../src/referentials/import/rome.ts';
import { escoSource } from '../src/referentials/import/esco.ts';
import { loadSkillsData } from '../src/guidance/skills-model.ts';
import {
  cosineRanker,
  evaluateRanking,
  skillsRanker,
  EVAL_KS,
  type Mobilites,
  type RankingFigures,
} from '../src/guidance/transitions-eval.ts';

async function open(): Promise<DbHandle> {
  if (process.env.PASSERELLES_DB || process.env.DATABASE_URL) {
    const handle = await openDatabase(readConfig());
    const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM rome_fiche`
      .execute(handle.db)
      .catch(() => ({ rows: [{ n: 0 }] }));
    if (rows[0].n > 0) {
      console.log(`base configurée (${handle.kind}) : ${rows[0].n} fiches`);
      return handle;
    }
    await handle.close();
  }
  const dir = path.resolve(process.env.PASSERELLES_DATA_DIR || '../shared/data');
  if (!fs.existsSync(path.join(dir, 'rome'))) {
    throw new Error(`pas de lot de données dans ${dir} : définissez PASSERELLES_DATA_DIR`);
  }
  const handle = await openDatabase({ pgliteDir: 'memory://' });
  const t = performance.now();
  await runImport(handle.db, dir, [romeSource, escoSource]);
  console.log(`lot ${dir} importé (ROME, ESCO) dans une base jetable en ${((performance.now() - t) / 1000).toFixed(1)} s`);
  return handle;
}

const handle = await open();
try {
  const data = await loadSkillsData(handle.db);
  const links = await handle.db.selectFrom('rome_mobilite').select(['code_rome', 'code_rome_cible']).execute();
  const truth: Mobilites = new Map();
  for (const l of links) {
    if (!truth.has(l.code_rome)) truth.set(l.code_rome, new Set());
    truth.get(l.code_rome)!.add(l.code_rome_cible);
  }
  if (!truth.size) throw new Error('aucune mobilité officielle en base : le lot doit contenir unix_rubrique_mobilite_*.csv');
  const sources = [...truth.keys()].sort();
  const halves = [sources.filter((_, i) => i % 2 === 0), sources.filter((_, i) => i % 2 === 1)];
  console.log(
    `${data.fiches.length} fiches, ${data.links.length} liens fiche → compétence ; ` +
      `${sources.length} fiches sources, ${links.length} mobilités officielles (réponses attendues, jamais lues par le classement)\n`,
  );

  const t = performance.now();
  const skills = skillsRanker(data);
  const buildMs = performance.now() - t;
  const baseline = cosineRanker(data);
  // Ablation: the items and their label words alone, without the other facets of the score.
  const itemsOnly = skillsRanker(data, { macro: 0, text: 0, appellations: 0, classes: 0, structure: 0, sameParent: 0 });
  const row = (name: string, f: RankingFigures) =>
    `${name.padEnd(34)}${EVAL_KS.map((k) => f.recall[k].toFixed(3).padStart(9)).join('')}${f.mrr.toFixed(3).padStart(9)}`;
  console.log(`${''.padEnd(34)}${EVAL_KS.map((k) => `R@${k}`.padStart(9)).join('')}${'MRR'.padStart(9)}`);
  const all = { skills: evaluateRanking(truth, skills, sources), baseline: evaluateRanking(truth, baseline, sources) };
  console.log(row(`compétences pondérées (n=${all.skills.fiches})`, all.skills));
  console.log(row(`  dont items et mots seuls`, evaluateRanking(truth, itemsOnly, sources)));
  console.log(row(`base : cosinus non pondéré`, all.baseline));
  halves.forEach((half, i) => {
    console.log(row(`  moitié ${i + 1} : compétences (n=${half.length})`, evaluateRanking(truth, skills, half)));
    console.log(row(`  moitié ${i + 1} : cosinus`, evaluateRanking(truth, baseline, half)));
  });
  const gain = (k: number) => ((all.skills.recall[k] / all.baseline.recall[k] - 1) * 100).toFixed(0);
  console.log(
    `\nécart : R@5 +${gain(5)} %, R@10 +${gain(10)} %, R@20 +${gain(20)} %, MRR ${all.skills.mrr - all.baseline.mrr >= 0 ? '+' : ''}${(all.skills.mrr - all.baseline.mrr).toFixed(3)}`,
  );
  console.log(`modèle construit en ${buildMs.toFixed(0)} ms`);
  if (all.skills.recall[10] <= all.baseline.recall[10]) {
    console.error('le classement par compétences ne bat pas la base au rappel@10');
    process.exitCode = 1;
  }
} finally {
  await handle.close();
}
