/**
 * `npm run transitions:weights`: refits the learned ranking of transitions on every source fiche
 * with official mobilités and writes src/guidance/transitions-weights.json (see transitions-fit.ts).
 * `--check` only compares the refit with the committed file (exit 1 when they differ).
 */
import fs from 'node:fs';
import path from 'node:path';
import { fitRanking, signalTables } from '../src/guidance/transitions-fit.ts';
import { loadTransitionsData, openTransitionsDatabase } from './transitions-data.ts';

export const WEIGHTS_FILE = path.resolve(import.meta.dirname, '../src/guidance/transitions-weights.json');

const handle = await openTransitionsDatabase();
try {
  const { data, truth } = await loadTransitionsData(handle);
  const sources = [...truth.keys()].sort();
  const ranking = fitRanking(signalTables(data, sources), truth, sources);
  const text = `${JSON.stringify(ranking, null, 2)}\n`;
  if (process.argv.includes('--check')) {
    const same = fs.readFileSync(WEIGHTS_FILE, 'utf8') === text;
    console.log(same ? 'poids identiques au fichier versionné' : 'les poids refaits diffèrent du fichier versionné');
    if (!same) process.exitCode = 1;
  } else {
    fs.writeFileSync(WEIGHTS_FILE, text);
    console.log(
      `${WEIGHTS_FILE} : ${ranking.fitted.sources} fiches sources, ${ranking.fitted.mobilites} mobilités, ${ranking.fitted.pairs} paires`,
    );
    console.log(JSON.stringify(ranking.weights, null, 2));
  }
} finally {
  await handle.close();
}
